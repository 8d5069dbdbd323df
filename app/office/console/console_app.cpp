// The console's routing, sessions and page filling. See console_app.hpp.
// [SECTION] helpers  [SECTION] Impl: auth  [SECTION] pages  [SECTION] handle
#include "console/console_app.hpp"

#include <mstch/mstch.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "domain/json_codec.hpp"
#include "office/console_access.hpp"
#include "office/console_password.hpp"
#include "office/console_session.hpp"
#include "office/form_fields.hpp"
#include "office/office_forms.hpp"
#include "office/team_dashboard.hpp"
#include "report/html_escape.hpp"
#include "util/error.hpp"
#include "util/log_text.hpp"
#include "util/uuid.hpp"

namespace doorstep::office_app {
namespace {

using net::WebRequest;
using net::WebResponse;
using office::Viewer;

// [SECTION] helpers

constexpr const char* kTemplates[] = {"layout_top", "layout_bottom", "dashboard_row", "login", "dashboard", "case_list", "case",
                                      "message", "devices", "revoke_confirm"};

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(ErrorCode::not_found, p.string() + ": console template missing");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string path_of(std::string_view target) { return std::string(target.substr(0, target.find('?'))); }
std::string query_of(std::string_view target) {
  const auto q = target.find('?');
  return q == std::string_view::npos ? std::string{} : std::string(target.substr(q + 1));
}

std::string session_cookie(const std::string& token, bool clear = false) {
  return std::string(office::kSessionCookie) + "=" + (clear ? "" : token) + "; Path=/; Secure; HttpOnly; SameSite=Strict" +
         (clear ? "; Max-Age=0" : "");
}
std::string login_cookie(const std::string& token) {
  return std::string(office::kLoginCookie) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600";
}

WebResponse redirect(const std::string& to, std::string log = "console=redirect") {
  WebResponse r;
  r.status = 303;
  r.headers.emplace_back("Location", to);
  r.log = std::move(log);
  return r;
}

std::string pretty(std::string_view id) {
  std::string s(id);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

mstch::array options_of(const std::vector<std::string_view>& names, std::string_view selected, bool with_blank) {
  mstch::array out;
  if (with_blank) out.push_back(mstch::map{{"value", std::string()}, {"label", std::string("(unchanged)")},
                                           {"selected", selected.empty()}});
  for (auto n : names)
    out.push_back(mstch::map{{"value", std::string(n)}, {"label", pretty(n)}, {"selected", n == selected}});
  return out;
}
template <class E>
std::vector<std::string_view> names_of() {
  return {EnumNames<E>::names.begin(), EnumNames<E>::names.end()};
}

}  // namespace

// [SECTION] Impl: auth
struct ConsoleApp::Impl {
  office::OfficeStore& store;
  office::ConsoleStore& console;
  const Clock& clock;
  std::map<std::string, std::string> templates;
  std::string css;
  office::LoginThrottle throttle;

  Impl(office::OfficeStore& s, office::ConsoleStore& c, const Clock& k) : store(s), console(c), clock(k) {}

  struct Signed {
    Viewer viewer;
    std::string token;
    std::string csrf;
  };

  std::string render(const std::string& name, mstch::map ctx, const Signed* who) {
    ctx.emplace("signed_in", who != nullptr);
    if (who) {
      ctx.emplace("me_name", who->viewer.officer.name);
      ctx.emplace("me_id", who->viewer.officer.id);
      ctx.emplace("me_role", office::role_label(who->viewer));
      ctx.emplace("csrf", who->csrf);
      ctx.emplace("sees_cases", office::sees_case_content(who->viewer));
      ctx.emplace("is_admin", who->viewer.is_admin);
    }
    const std::map<std::string, std::string> partials = {{"layout_top", templates.at("layout_top")},
                                                         {"layout_bottom", templates.at("layout_bottom")},
                                                         {"dashboard_row", templates.at("dashboard_row")}};
    return mstch::render(templates.at(name), ctx, partials);
  }

  WebResponse page(int status, const std::string& name, mstch::map ctx, const Signed* who, std::string log) {
    WebResponse r;
    r.status = status;
    r.body = render(name, std::move(ctx), who);
    r.headers.emplace_back("Cache-Control", "no-store");
    r.log = std::move(log);
    return r;
  }

  WebResponse message(int status, const std::string& title, const std::string& text, const Signed* who) {
    return page(status, "message", mstch::map{{"title", title}, {"text", text}}, who,
                "console=message status=" + std::to_string(status));
  }
  WebResponse not_found(const Signed* who) {
    return message(404, "Page not found", "There is no such page, or it is not yours to see.", who);
  }

  // The signed-in viewer, or nullopt (no cookie, unknown, expired: the
  // expired session is removed).
  std::optional<Signed> signed_in(const WebRequest& req) {
    const std::string token = office::cookie_value(req.cookie, office::kSessionCookie);
    if (!office::is_session_token(token)) return std::nullopt;
    const auto hash = office::session_token_hash(token);
    const auto s = console.find_session(hash);
    const UtcMillis now = clock.now_utc_ms();
    if (!s) return std::nullopt;
    if (!office::session_live(*s, now)) {
      console.end_session(hash);
      return std::nullopt;
    }
    auto officer = store.find_officer(s->officer_id);
    if (!officer) return std::nullopt;
    console.touch_session(hash, now);
    return Signed{Viewer{std::move(*officer), console.is_admin(s->officer_id)}, token, office::csrf_token_for(token)};
  }

  // [SECTION] pages
  WebResponse login_form(const WebRequest& req, int status, const std::string& error, const std::string& officer) {
    std::string token = office::cookie_value(req.cookie, office::kLoginCookie);
    const bool fresh = !office::is_session_token(token);
    if (fresh) token = office::new_session_token();
    auto r = page(status, "login",
                  mstch::map{{"login_csrf", office::csrf_token_for(token)}, {"error", error}, {"officer", officer},
                             {"title", std::string("Sign in")}},
                  nullptr, "console=login status=" + std::to_string(status));
    if (fresh) r.headers.emplace_back("Set-Cookie", login_cookie(token));
    return r;
  }

  WebResponse login(const WebRequest& req, const office::FormFields& form) {
    const std::string login_token = office::cookie_value(req.cookie, office::kLoginCookie);
    if (!office::csrf_matches(login_token, form.get("csrf")))
      return message(403, "Form expired", "This form has expired or did not come from this site. Reload the sign-in page and try again.", nullptr);
    const std::string officer_id = form.get("officer").substr(0, 64);
    const std::string password = form.get("password");
    const UtcMillis now = clock.now_utc_ms();
    if (const UtcMillis wait = throttle.wait_ms(officer_id, req.peer, now); wait > 0) {
      auto r = message(429, "Too many attempts",
                       "Too many failed sign-ins for this officer or from this address. Wait " +
                           std::to_string((wait + 59'999) / 60'000) + " minutes and try again.",
                       nullptr);
      r.headers.emplace_back("Retry-After", std::to_string((wait + 999) / 1000));
      return r;
    }
    const auto hash = officer_id.empty() ? std::nullopt : console.password_hash(officer_id);
    const bool ok = hash && password.size() <= 1024 && office::verify_console_password(*hash, password);
    if (!ok) {
      throttle.record_failure(officer_id, req.peer, now);
      return login_form(req, 401, "The officer id or the password is wrong.", officer_id);
    }
    throttle.record_success(officer_id, req.peer);
    const std::string token = office::new_session_token();
    console.create_session(office::session_token_hash(token), officer_id, now);
    auto r = redirect("/", "console=login_ok");
    r.headers.emplace_back("Set-Cookie", session_cookie(token));
    return r;
  }

  // The officers the viewer sees, in store order.
  std::vector<office::Officer> visible(const Viewer& v) {
    const auto all = store.list_officers();
    const auto ids = office::visible_officers(v, all);
    std::vector<office::Officer> out;
    for (const auto& o : all) {
      if (std::find(ids.begin(), ids.end(), o.id) != ids.end()) out.push_back(o);
    }
    return out;
  }

  struct Period {
    Date from, to;
    std::string error;
  };
  Period period_of(const office::FormFields& q) {
    Period p;
    p.to = utc_date(clock.now_utc_ms());
    p.from = p.to.plus_days(-28);
    try {
      if (!q.get("to").empty()) p.to = Date::parse(q.get("to"), "to");
      if (!q.get("from").empty()) p.from = Date::parse(q.get("from"), "from");
      if (p.from > p.to) throw Error(ErrorCode::bad_input, "from: the period starts after it ends");
    } catch (const Error& e) {
      p.error = e.what();
      p.to = utc_date(clock.now_utc_ms());
      p.from = p.to.plus_days(-28);
    }
    return p;
  }

  office::TeamDashboard dashboard_for(const Viewer& v, const Period& p) {
    return office::compute_team_dashboard(
        office::load_dashboard_input(store, console.case_officers(), visible(v), p.from, p.to));
  }

  static std::string figure_link(const std::string& officer, office::Measure m, const Period& p) {
    return "/cases?officer=" + officer + "&measure=" + std::string(office::measure_id(m)) +
           "&from=" + p.from.to_string() + "&to=" + p.to.to_string();
  }

  mstch::map row_context(const office::DashboardRow& row, const Period& p) {
    using office::Measure;
    const std::string who = row.officer_id.empty() ? "team" : row.officer_id;
    auto fig = [&](Measure m) {
      return mstch::map{{"count", std::to_string(row.of(m).size())}, {"href", figure_link(who, m, p)},
                        {"title", std::string(office::measure_title(m))}};
    };
    mstch::map ctx{{"name", row.name}, {"officer_id", row.officer_id}, {"is_total", row.officer_id.empty()}};
    for (std::size_t i = 0; i < office::kMeasureCount; ++i) {
      const auto m = static_cast<Measure>(i);
      ctx.emplace(std::string(office::measure_id(m)), fig(m));
    }
    std::string med = "none";
    if (row.median_days_to_countersign) {
      std::ostringstream s;
      s << *row.median_days_to_countersign;
      med = s.str();
    }
    ctx.emplace("median_countersign", med);
    return ctx;
  }

  // A small line chart of the trend: numbers only, drawn by the template.
  static mstch::map trend_context(const std::vector<office::TrendPoint>& trend) {
    int top = 1;
    for (const auto& t : trend) top = std::max(top, t.overdue);
    const int w = 480, h = 160, left = 40, bottom = 130, right = 460, topy = 20;
    mstch::array points;
    std::string line;
    for (std::size_t i = 0; i < trend.size(); ++i) {
      const int x = left + static_cast<int>(i) * (right - left) / std::max<int>(1, static_cast<int>(trend.size()) - 1);
      const int y = bottom - trend[i].overdue * (bottom - topy) / top;
      line += std::to_string(x) + "," + std::to_string(y) + " ";
      points.push_back(mstch::map{{"x", std::to_string(x)}, {"y", std::to_string(y)},
                                  {"label_y", std::to_string(y - 6)},
                                  {"count", std::to_string(trend[i].overdue)},
                                  {"week", trend[i].week_end.to_string().substr(5)}});
    }
    return mstch::map{{"width", std::to_string(w)}, {"height", std::to_string(h)}, {"line", line},
                      {"points", points}, {"top", std::to_string(top)}, {"axis_y", std::to_string(bottom)},
                      {"left", std::to_string(left)}, {"right", std::to_string(right)}};
  }

  WebResponse dashboard(const Signed& who, const office::FormFields& q) {
    if (!office::sees_case_content(who.viewer))
      return page(200, "message",
                  mstch::map{{"title", std::string("Administration")},
                             {"text", std::string("Administrators manage officers, devices and enrolment; case content is for managers and officers.")}},
                  &who, "console=dashboard admin_only");
    const Period p = period_of(q);
    const auto d = dashboard_for(who.viewer, p);
    mstch::array rows;
    for (const auto& r : d.rows) rows.push_back(row_context(r, p));
    const bool team = d.rows.size() > 1;
    return page(200, "dashboard",
                mstch::map{{"title", std::string("Team dashboard")}, {"rows", rows},
                           {"total", row_context(d.total, p)}, {"show_total", team},
                           {"from", p.from.to_string()}, {"to", p.to.to_string()}, {"period_error", p.error},
                           {"trend", trend_context(d.trend)}},
                &who, "console=dashboard rows=" + std::to_string(d.rows.size()));
  }

  WebResponse case_list(const Signed& who, const office::FormFields& q, const std::string& page_path) {
    const auto measure = office::measure_from_id(q.get("measure"));
    if (!measure || !office::sees_case_content(who.viewer)) return not_found(&who);
    const Period p = period_of(q);
    const auto d = dashboard_for(who.viewer, p);
    const std::string officer = q.get("officer");
    const office::DashboardRow* row = officer == "team" ? &d.total : nullptr;
    for (const auto& r : d.rows) {
      if (r.officer_id == officer) row = &r;
    }
    if (!row) return not_found(&who);
    mstch::array cases;
    const UtcMillis now = clock.now_utc_ms();
    for (const auto& crn : row->of(*measure)) {
      const auto c = store.find_case(crn);
      if (!c) continue;
      console.record_access({now, who.viewer.officer.id, crn, page_path});
      cases.push_back(mstch::map{{"crn", crn}, {"name", c->facts.name}, {"officer", c->assigned_officer},
                                 {"rosh", pretty(to_string(c->facts.rosh))}});
    }
    return page(200, "case_list",
                mstch::map{{"title", std::string(office::measure_title(*measure))}, {"who", row->name},
                           {"cases", cases}, {"empty", cases.empty()}, {"from", p.from.to_string()},
                           {"to", p.to.to_string()}},
                &who, "console=case_list count=" + std::to_string(cases.size()));
  }

  // The case if the viewer may see it; nullopt is answered 404.
  std::optional<office::CaseRow> case_for(const Signed& who, const std::string& crn) {
    if (!is_valid_crn(crn) || !office::sees_case_content(who.viewer)) return std::nullopt;
    auto c = store.find_case(crn);
    if (!c || !office::may_view_case(who.viewer, c->assigned_officer, store.list_officers())) return std::nullopt;
    return c;
  }

  static mstch::map person_context(const Person& p) {
    return mstch::map{{"name", p.name}, {"relationship", pretty(to_string(p.relationship))},
                      {"age", p.age ? std::to_string(*p.age) : std::string("not known")},
                      {"lives_there", p.lives_at_address ? yes_no(*p.lives_at_address) : std::string("not known")},
                      {"protected", p.protected_by_restriction}};
  }

  WebResponse case_page(const Signed& who, const office::CaseRow& row, int status, const office::FieldErrors& errors,
                        const office::FormFields* shown_form, const std::string& notice) {
    const Case& c = row.facts;
    console.record_access({clock.now_utc_ms(), who.viewer.officer.id, c.crn, "/cases/" + c.crn});
    mstch::array household, victims, checks, history, timeline, restrictions, alerts;
    for (const auto& p : c.household) household.push_back(person_context(p));
    for (const auto& p : c.victims) victims.push_back(person_context(p));
    for (const auto r : c.restrictions) restrictions.push_back(mstch::map{{"text", pretty(to_string(r))}});
    for (const auto& a : c.alerts) alerts.push_back(mstch::map{{"text", a}});
    for (const auto& k : c.checks)
      checks.push_back(mstch::map{
          {"kind", pretty(to_string(k.kind))}, {"date", k.date.to_string()}, {"id", k.id},
          {"result", k.result ? pretty(to_string(*k.result)) : std::string(k.answered() ? "" : "awaiting reply")},
          {"concerning", k.result && is_concerning(*k.result)},
          {"outcome", k.outcome.value_or("")},
          {"replied_on", k.replied_on ? k.replied_on->to_string() : std::string()},
          {"awaiting", !k.answered()}});
    const auto versions = store.case_history(c.crn);
    for (std::size_t i = 0; i < versions.size(); ++i) {
      const Case& next = i + 1 < versions.size() ? versions[i + 1].facts : c;
      std::string changed;
      for (const auto& f : office::changed_fields(versions[i].facts, next)) changed += (changed.empty() ? "" : ", ") + f;
      const Case& v = versions[i].facts;
      history.push_back(mstch::map{{"when", format_utc(versions[i].replaced_at)}, {"by", versions[i].changed_by},
                                   {"changed", changed.empty() ? std::string("nothing") : changed},
                                   {"was", "RoSH " + pretty(to_string(v.rosh)) + ", child protection " +
                                               pretty(to_string(v.child_protection)) + ", MAPPA " +
                                               pretty(to_string(v.mappa_level))}});
    }
    struct Event {
      std::string when, kind, text, by;
    };
    std::vector<Event> events;
    for (const auto& r : store.records("visit", c.crn))
      events.push_back({r.payload.value("date", ""), "Visit",
                        pretty(r.payload.value("kind", "visit")) + ", " + pretty(r.payload.value("outcome", "")), r.officer});
    for (const auto& r : store.records("note", c.crn)) {
      const auto& p = r.payload;
      std::string text = p.value("text", "");
      if (p.value("kind", "entry") != "entry")
        text = pretty(p.value("kind", "")) + ": " + text + (p.contains("reason") ? " (" + p.value("reason", "") + ")" : "");
      events.push_back({format_utc(r.received_at).substr(0, 16), "Note (" + pretty(p.value("category", "")) + ")", text,
                        r.officer});
    }
    for (const auto& r : store.records("action", c.crn)) {
      const auto& p = r.payload;
      std::string reasons;
      if (p.contains("reasons") && p["reasons"].is_array())
        for (const auto& x : p["reasons"]) reasons += (reasons.empty() ? "" : " ") + (x.is_string() ? x.get<std::string>() : "");
      events.push_back({p.value("due", ""), "Follow-up (" + pretty(p.value("priority", "")) + ", " + pretty(p.value("status", "")) + ")",
                        pretty(p.value("kind", "")) + " due " + p.value("due", "") + ": " + reasons, r.officer});
    }
    for (const auto& cf : store.conflicts()) {
      if (cf.crn != c.crn) continue;
      events.push_back({format_utc(cf.detected_at).substr(0, 16), "Conflict",
                        "A change to this " + cf.entity + " by " + cf.loser_officer +
                            " lost to a later change; the losing value is kept by the office.",
                        cf.loser_officer});
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.when > b.when; });
    for (const auto& e : events)
      timeline.push_back(mstch::map{{"when", e.when}, {"kind", e.kind}, {"text", e.text}, {"by", e.by}});

    auto err = [&](const std::string& f) {
      const auto it = errors.find(f);
      return it == errors.end() ? std::string() : it->second;
    };
    auto val = [&](const std::string& f) { return shown_form ? shown_form->get(f) : std::string(); };
    mstch::map upd{{"rosh_options", options_of(names_of<Rosh>(), val("rosh"), true)},
                   {"cp_options", options_of(names_of<ChildProtection>(), val("cp"), true)},
                   {"mappa_options", options_of(names_of<MappaLevel>(), val("mappa"), true)},
                   {"da_options", options_of({"yes", "no"}, val("da"), true)},
                   {"rosh_reviewed", val("rosh_reviewed")}, {"cp_next_meeting", val("cp_next_meeting")},
                   {"add_alert", val("add_alert")}};
    for (const char* f : {"rosh", "rosh_reviewed", "cp", "cp_next_meeting", "mappa", "da", "add_alert", "form",
                          "kind", "date", "result", "outcome", "reply_to"})
      upd.emplace(std::string("err_") + f, err(f));
    upd.emplace("kind_options", options_of(names_of<CheckKind>(), val("kind"), false));
    upd.emplace("result_options", options_of(names_of<CheckResult>(), val("result"), true));
    upd.emplace("check_date", val("date"));
    upd.emplace("check_outcome", val("outcome"));

    mstch::map ctx{{"title", "Case " + c.crn},
                   {"crn", c.crn},
                   {"name", c.name},
                   {"officer", row.assigned_officer},
                   {"dob", c.date_of_birth ? c.date_of_birth->to_string() : std::string("not known")},
                   {"address", c.address},
                   {"rosh", pretty(to_string(c.rosh))},
                   {"elevated", is_elevated(c)},
                   {"rosh_reviewed_on", c.rosh_reviewed ? c.rosh_reviewed->to_string() : std::string("none recorded")},
                   {"cp", pretty(to_string(c.child_protection))},
                   {"cp_next", c.cp_next_meeting ? c.cp_next_meeting->to_string() : std::string("none")},
                   {"cp_report_sent", yes_no(c.cp_report_sent)},
                   {"mappa", pretty(to_string(c.mappa_level))},
                   {"mappa_eligible", yes_no(c.mappa_eligible)},
                   {"da", yes_no(c.domestic_abuse_perpetrator)},
                   {"sentence", pretty(to_string(c.sentence.type)) + " from " + c.sentence.start.to_string()},
                   {"last_visit", c.last_purposeful_home_visit ? c.last_purposeful_home_visit->to_string() : std::string("none recorded")},
                   {"restrictions", restrictions}, {"alerts", alerts},
                   {"household", household}, {"victims", victims}, {"checks", checks}, {"history", history},
                   {"timeline", timeline}, {"form", upd}, {"notice", notice}, {"has_errors", !errors.empty()}};
    return page(status, "case", std::move(ctx), &who, "console=case status=" + std::to_string(status));
  }

  WebResponse case_update(const Signed& who, const office::CaseRow& row, const office::FormFields& form) {
    const auto parsed = office::parse_case_update_form(form);
    if (!parsed.errors.empty()) return case_page(who, row, 400, parsed.errors, &form, "");
    store.update_case(row.facts.crn, parsed.update, who.viewer.officer.id, clock.now_utc_ms());
    return redirect("/cases/" + row.facts.crn + "?saved=facts", "console=case_update");
  }

  WebResponse check(const Signed& who, const office::CaseRow& row, const office::FormFields& form) {
    auto parsed = office::parse_check_form(form);
    if (parsed.errors.empty()) {
      parsed.record.id = make_uuid_v7(clock.now_utc_ms());
      try {
        store.record_office_check(row.facts.crn, parsed.record, clock.now_utc_ms());
        return redirect("/cases/" + row.facts.crn + "?saved=check", "console=check");
      } catch (const Error& e) {
        if (e.code() != ErrorCode::not_found && e.code() != ErrorCode::bad_input) throw;
        parsed.errors["reply_to"] = e.what();
      }
    }
    return case_page(who, row, 400, parsed.errors, &form, "");
  }

  WebResponse devices(const Signed& who) {
    if (!who.viewer.is_admin) return not_found(&who);
    mstch::array list;
    for (const auto& d : store.list_devices()) {
      list.push_back(mstch::map{{"id", d.id}, {"officer", d.officer_id}, {"label", d.label},
                                {"enrolled", format_utc(d.enrolled_at).substr(0, 16)},
                                {"last_seen", d.last_seen ? format_utc(*d.last_seen).substr(0, 16) : std::string("never")},
                                {"revoked", d.revoked_at.has_value()},
                                {"revoked_at", d.revoked_at ? format_utc(*d.revoked_at).substr(0, 16) : std::string()}});
    }
    return page(200, "devices", mstch::map{{"title", std::string("Devices")}, {"devices", list}, {"empty", list.empty()}},
                &who, "console=devices");
  }

  WebResponse revoke(const Signed& who, const std::string& id, bool confirmed) {
    if (!who.viewer.is_admin) return not_found(&who);
    const auto d = id.size() <= 64 ? store.find_device(id) : std::nullopt;
    if (!d) return not_found(&who);
    if (!confirmed)
      return page(200, "revoke_confirm",
                  mstch::map{{"title", std::string("Revoke a device")}, {"id", d->id}, {"label", d->label},
                             {"officer", d->officer_id}},
                  &who, "console=revoke_confirm");
    store.revoke_device(d->id, clock.now_utc_ms());
    return redirect("/admin/devices", "console=revoked");
  }

  // [SECTION] handle
  WebResponse route(const WebRequest& req) {
    const std::string path = path_of(req.target);
    const bool post = req.method == "POST";
    if (path == "/static/console.css" && !post) {
      WebResponse r;
      r.content_type = "text/css; charset=utf-8";
      r.body = css;
      r.headers.emplace_back("Cache-Control", "max-age=300");
      r.log = "console=css";
      return r;
    }
    office::FormFields form, query;
    try {
      query = office::FormFields::parse(query_of(req.target));
      if (post) form = office::FormFields::parse(req.body);
    } catch (const Error& e) {
      return message(400, "Bad request", e.what(), nullptr);
    }
    if (path == "/login") return post ? login(req, form) : login_form(req, 200, "", "");

    const auto who = signed_in(req);
    if (!who) {
      if (post) return message(403, "Signed out", "Your session has ended. Sign in again.", nullptr);
      return redirect("/login", "console=not_signed_in");
    }
    if (post && !office::csrf_matches(who->token, form.get("csrf")))
      return message(403, "Form expired", "This form has expired or did not come from this site. Reload the page and try again.", &*who);

    if (path == "/logout" && post) {
      console.end_session(office::session_token_hash(who->token));
      auto r = redirect("/login", "console=logout");
      r.headers.emplace_back("Set-Cookie", session_cookie("", true));
      return r;
    }
    if (path == "/" && !post) return dashboard(*who, query);
    if (path == "/cases" && !post) return case_list(*who, query, req.target.substr(0, 200));
    if (path.starts_with("/cases/")) {
      const std::string rest = path.substr(7);
      const std::string crn = rest.substr(0, rest.find('/'));
      const std::string action = rest.size() > crn.size() ? rest.substr(crn.size()) : "";
      const auto row = case_for(*who, crn);
      if (!row) return not_found(&*who);
      if (action.empty() && !post) {
        const std::string saved = query.get("saved");
        return case_page(*who, *row, 200, {}, nullptr,
                         saved == "facts" ? "The case facts were saved." : saved == "check" ? "The check was recorded." : "");
      }
      if (action == "/update" && post) return case_update(*who, *row, form);
      if (action == "/check" && post) return check(*who, *row, form);
      return not_found(&*who);
    }
    if (path == "/admin/devices" && !post) return devices(*who);
    if (path.starts_with("/admin/devices/") && path.ends_with("/revoke")) {
      const std::string id = path.substr(15, path.size() - 15 - 7);
      return revoke(*who, id, post);
    }
    return not_found(&*who);
  }
};

ConsoleApp::ConsoleApp(office::OfficeStore& store, office::ConsoleStore& console, const Clock& clock,
                       const std::filesystem::path& assets_dir)
    : m_impl(std::make_unique<Impl>(store, console, clock)) {
  const auto dir = assets_dir / "console";
  for (const char* name : kTemplates) m_impl->templates[name] = read_text(dir / (std::string(name) + ".mustache"));
  m_impl->css = read_text(dir / "console.css");
  static std::once_flag escape_once;
  std::call_once(escape_once, [] { mstch::config::escape = [](const std::string& s) { return html_escape(s); }; });
}

ConsoleApp::~ConsoleApp() = default;

WebResponse ConsoleApp::handle(const WebRequest& request) {
  try {
    return m_impl->route(request);
  } catch (const std::exception& e) {
    spdlog::warn("event=console_error error={}", escape_for_log(e.what(), 200));
  } catch (...) {
    spdlog::warn("event=console_error error=unknown");
  }
  WebResponse r;
  r.status = 500;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "The console hit an internal error. Nothing was changed by this request unless the page said so.\n";
  r.log = "console=error";
  return r;
}

}  // namespace doorstep::office_app
