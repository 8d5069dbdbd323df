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
//   GET  /oversight, GET /oversight/VISIT_ID   visits awaiting countersignature
//   GET  /reports/cp/CRN        the children-first CP conference report
//   GET  /reports/measures.csv  the dashboard measures per case (evidence pack)
//   GET  /admin/devices, GET+POST /admin/devices/ID/revoke (confirmation)
//   GET+POST /admin/officers, POST /admin/officers/ID, POST /admin/officers/ID/password
//   GET+POST /admin/enrol       an enrolment code as a QR code with its text
//   GET  /admin/audit, GET /admin/records (quarantined and conflicting records)
//   GET  /static/console.css
// Pages are mustache templates from assets/console/ (mstch, every value
// HTML-escaped). Permissions, figures and form validation are core's
// (office/console_access, team_dashboard, office_forms); this file only
// routes, checks the session and fills templates.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "net/web_request.hpp"
#include "office/console_store.hpp"
#include "office/login_throttle.hpp"
#include "office/office_store.hpp"
#include "util/clock.hpp"

namespace doorstep::office_app {

// Issues a one-time enrolment code (the text `doorstep-cli enroll` takes)
// for an officer's new tablet.
using EnrollCodeIssuer = std::function<std::string(const std::string& officer_id)>;

class ConsoleApp {
 public:
  // Reads every template in `assets_dir`/console now (Error(not_found) if
  // one is missing). The stores and clock must outlive the app.
  ConsoleApp(office::OfficeStore& store, office::ConsoleStore& console, const Clock& clock,
             const std::filesystem::path& assets_dir, EnrollCodeIssuer issue_code);
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
