#pragma once
// The office web console (issue 11), served by `doorstep-office serve` on
// the sync API's HTTPS listener for every path outside /v1/.
//
// Routes (every POST carries the form's `csrf` token, else 403):
//   GET  /login, POST /login (officer, password, csrf), POST /logout
//   GET  /                     team dashboard (?from=&to= period)
//   GET  /cases?officer=&measure=&from=&to=   the cases behind a figure
//   GET  /cases/CRN            case page (access-logged)
//   POST /cases/CRN/update     office-owned facts, as `case update`
//   POST /cases/CRN/check      a check or a reply, as `check record/reply`
//   GET  /admin/devices, GET+POST /admin/devices/ID/revoke (confirmation)
//   GET  /static/console.css
// Pages are mustache templates from assets/console/ (mstch, every value
// HTML-escaped). Permissions, figures and form validation are core's
// (office/console_access, team_dashboard, office_forms); this file only
// routes, checks the session and fills templates.
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "net/web_request.hpp"
#include "office/console_store.hpp"
#include "office/login_throttle.hpp"
#include "office/office_store.hpp"
#include "util/clock.hpp"

namespace doorstep::office_app {

class ConsoleApp {
 public:
  // Reads every template in `assets_dir`/console now (Error(not_found) if
  // one is missing). The stores and clock must outlive the app.
  ConsoleApp(office::OfficeStore& store, office::ConsoleStore& console, const Clock& clock,
             const std::filesystem::path& assets_dir);
  ~ConsoleApp();
  ConsoleApp(const ConsoleApp&) = delete;
  ConsoleApp& operator=(const ConsoleApp&) = delete;

  // Never throws: a bad request is a 4xx page, anything unexpected a plain
  // 500 page without internals.
  net::WebResponse handle(const net::WebRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace doorstep::office_app
