// The console's routing, sessions and page filling. See console_app.hpp.
// [SECTION] helpers  [SECTION] Impl: auth  [SECTION] pages  [SECTION] handle
#include "console/console_app.hpp"

#include <mstch/mstch.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "checklist/checklist_template.hpp"
#include "console/qr_svg.hpp"
#include "domain/json_codec.hpp"
#include "domain/oversight.hpp"
#include "office/office_actions.hpp"
#include "office/office_records.hpp"
#include "office/oversight_queue.hpp"
#include "office/page_window.hpp"
#include "report/case_report.hpp"
#include "report/visit_detail.hpp"
#include "office/console_access.hpp"
#include "office/console_password.hpp"
#include "office/case_facts_cache.hpp"
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

constexpr const char* kTemplates[] = {"layout_top", "layout_bottom", "dashboard_row", "login", "dashboard",
                                      "case_list", "case", "message", "devices", "revoke_confirm", "oversight",
                                      "visit", "officers", "enrol", "audit", "records"};

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

// Percent-encodes a query-string value (officer ids are any text).
std::string url_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// JSON (a report's structured form) as a template context: every string
// stays a string for the template to escape.
mstch::node node_of(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number()) return j.dump();
  if (j.is_array()) {
    mstch::array a;
    for (const auto& x : j) a.push_back(node_of(x));
    return a;
  }
  if (j.is_object()) {
    mstch::map m;
    for (const auto& [k, v] : j.items()) m.emplace(k, node_of(v));
    return m;
  }
  return std::string();
}

// The CSV field: quoted, quotes doubled, and a leading = + - @ neutralised
// so a spreadsheet never runs it as a formula.
std::string csv_field(std::string_view v) {
  std::string out = "\"";
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) out += '\'';
  for (const char c : v) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

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
  office::CaseFactsCache case_cache;
  EnrollCodeIssuer issue_code;
  std::map<std::string, std::string> questions;  // checklist question text by fact id

  Impl(office::OfficeStore& s, office::ConsoleStore& c, const Clock& k, EnrollCodeIssuer i)
      : store(s), console(c), clock(k), issue_code(std::move(i)) {}

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
    ctx.emplace("today", utc_date(clock.now_utc_ms()).to_string());
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
    // A write per request would cost a disk sync each: the idle clock is
    // kept to the minute instead.
    if (now - s->last_seen >= 60'000) console.touch_session(hash, now);
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
    if (const UtcMillis wait = console.login_wait_ms(officer_id, req.peer, now); wait > 0) {
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
      console.record_login_failure(officer_id, req.peer, now);
      return login_form(req, 401, "The officer id or the password is wrong.", officer_id);
    }
    console.record_login_success(officer_id, req.peer);
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
        office::load_dashboard_input(store, console, case_cache, visible(v), p.from, p.to));
  }

  static std::string figure_link(const std::string& officer, office::Measure m, const Period& p) {
    return "/cases?officer=" + url_component(officer) + "&measure=" + std::string(office::measure_id(m)) +
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
    std::vector<office::AccessEntry> views;
    for (const auto& crn : row->of(*measure)) {
      const auto c = store.find_case(crn);
      if (!c) continue;
      views.push_back({now, who.viewer.officer.id, crn, page_path});
      cases.push_back(mstch::map{{"crn", crn}, {"name", c->facts.name}, {"officer", c->assigned_officer},
                                 {"rosh", pretty(to_string(c->facts.rosh))}});
    }
    console.record_accesses(views);
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

  // The CRNs the viewer sees.
  std::set<std::string> visible_crns(const Viewer& v) {
    std::set<std::string> out;
    if (!office::sees_case_content(v)) return out;
    const auto officers = store.list_officers();
    const auto ids = office::visible_officers(v, officers);
    for (const auto& [crn, officer] : console.case_officers()) {
      if (std::find(ids.begin(), ids.end(), officer) != ids.end()) out.insert(crn);
    }
    return out;
  }

  std::vector<Action> actions_of(std::optional<std::string_view> crn) {
    std::vector<Action> out;
    for (const auto& r : store.records("action", crn)) out.push_back(office::action_from_record(r));
    return out;
  }

  // The oversight queue, oldest first, kOversightPerPage visits a page
  // (`page_text`: the `page` query value); only the cases shown are logged.
  static constexpr std::size_t kOversightPerPage = 50;
  WebResponse oversight(const Signed& who, std::string_view notice, std::string_view page_text) {
    if (!office::sees_case_content(who.viewer)) return not_found(&who);
    const auto page_number = office::parse_page_number(page_text);
    if (!page_number) return message(400, "Bad page number", "page: a whole number from 1.", &who);
    const auto crns = visible_crns(who.viewer);
    // The whole queue from summaries; whole records only for the page's cases.
    const auto index = office::oversight_index(console.action_summaries(), console.visit_summaries(), crns);
    const auto window = office::page_window(index.size(), *page_number, kOversightPerPage);
    std::set<std::string> page_crns;
    for (std::size_t k = window.first; k < window.first + window.count; ++k) page_crns.insert(index[k].crn);
    std::vector<Action> page_actions;
    std::vector<RemoteRecord> page_visits;
    for (const auto& crn : page_crns) {
      for (auto& a : actions_of(crn)) page_actions.push_back(std::move(a));
      for (auto& v : store.records("visit", crn)) page_visits.push_back(std::move(v));
    }
    std::map<std::string, office::OversightItem> full;
    for (auto& i : office::oversight_queue(page_actions, page_visits, page_crns)) full.emplace(i.action_id, std::move(i));
    mstch::array list;
    const UtcMillis now = clock.now_utc_ms();
    std::vector<office::AccessEntry> views;
    for (std::size_t k = window.first; k < window.first + window.count; ++k) {
      const auto it = full.find(index[k].action_id);
      if (it == full.end()) continue;  // decided between the two reads
      const auto& i = it->second;
      const auto c = store.find_case(i.crn);
      if (!c) continue;
      views.push_back({now, who.viewer.officer.id, i.crn, "/oversight"});
      std::string reasons;
      for (const auto& r : i.reasons) reasons += (reasons.empty() ? "" : " ") + r;
      list.push_back(mstch::map{{"crn", i.crn}, {"name", c->facts.name}, {"visit_id", i.visit_id},
                                {"date", i.visit_date.to_string()}, {"by", i.recorded_by},
                                {"priority", pretty(to_string(i.priority))}, {"reasons", reasons},
                                {"waiting_days", std::to_string(utc_date(now).days() - i.visit_date.days())}});
    }
    console.record_accesses(views);
    return page(200, "oversight",
                mstch::map{{"title", std::string("Oversight queue")}, {"items", list}, {"empty", list.empty()},
                           {"notice", std::string(notice)}, {"total", std::to_string(index.size())},
                           {"shown_from", std::to_string(window.first + 1)},
                           {"shown_to", std::to_string(window.first + window.count)},
                           {"page", std::to_string(window.page)}, {"pages", std::to_string(window.pages)},
                           {"paged", window.pages > 1}, {"has_previous", window.has_previous()},
                           {"has_next", window.has_next()}, {"previous_page", std::to_string(window.page - 1)},
                           {"next_page", std::to_string(window.page + 1)}},
                &who, "console=oversight count=" + std::to_string(list.size()) + " page=" + std::to_string(window.page));
  }

  WebResponse visit_page(const Signed& who, const std::string& visit_id, int status = 200,
                         const office::FieldErrors& errors = {}) {
    if (!office::sees_case_content(who.viewer) || visit_id.size() > 64) return not_found(&who);
    for (const auto& r : store.records("visit", std::nullopt)) {
      if (r.id != visit_id) continue;
      const auto row = case_for(who, r.crn);
      if (!row) return not_found(&who);
      const Visit v = office::visit_of(r);
      std::vector<Note> notes;
      for (const auto& n : store.records("note", r.crn)) notes.push_back(office::note_of(n));
      const auto actions = actions_of(r.crn);
      VisitDetailInput in{row->facts, v, notes, actions, questions, r.officer};
      console.record_access({clock.now_utc_ms(), who.viewer.officer.id, r.crn, "/oversight/" + visit_id});
      nlohmann::json detail = visit_detail_json(in);
      for (auto& f : detail["follow_ups"])  // ids in words for people
        for (const char* k : {"kind", "priority", "status"})
          if (f.contains(k) && f[k].is_string()) f[k] = pretty(f[k].get<std::string>());
      for (auto& n : detail["notes"])
        for (const char* k : {"kind", "category", "severity"})
          if (n.contains(k) && n[k].is_string()) n[k] = pretty(n[k].get<std::string>());
      mstch::map ctx = boost::get<mstch::map>(node_of(detail));
      ctx["title"] = "Visit to " + row->facts.crn + " on " + v.date.to_string();
      ctx["case_name"] = row->facts.name;
      // Open oversight follow-ups of this visit the viewer may countersign.
      mstch::array decide;
      const auto case_officer = store.find_officer(row->assigned_officer);
      const bool may_decide = case_officer && office::may_decide_oversight(who.viewer, *case_officer);
      for (const auto& a : actions) {
        if (may_decide && a.kind == ActionKind::manager_oversight && a.status == ActionStatus::open &&
            a.visit_id == visit_id)
          decide.push_back(mstch::map{{"action_id", a.id}, {"visit_id", visit_id}});
      }
      ctx["decide"] = decide;
      for (const char* f : {"comment", "reason"}) {
        const auto e = errors.find(f);
        ctx[std::string("err_") + f] = e == errors.end() ? std::string() : e->second;
      }
      return page(status, "visit", std::move(ctx), &who, "console=visit");
    }
    return not_found(&who);
  }

  // A manager's decision on a visit awaiting countersignature, written as
  // office actions (OfficeStore::write_office_actions) that the tablets
  // pull: countersign (the oversight follow-up done, the comment its
  // outcome) or send back (core's sent_back_follow_up for the case officer;
  // the oversight stays open).
  WebResponse decide(const Signed& who, const std::string& visit_id, const office::FormFields& form, bool approve) {
    if (!office::sees_case_content(who.viewer) || visit_id.size() > 64) return not_found(&who);
    const std::string action_id = form.get("action");
    std::optional<Action> oversight;
    for (const auto& r : store.records("action", std::nullopt)) {
      if (r.id == action_id) oversight = office::action_from_record(r);
    }
    if (!oversight || oversight->visit_id != visit_id) return not_found(&who);
    const auto row = case_for(who, oversight->crn);
    if (!row) return not_found(&who);
    const auto case_officer = store.find_officer(row->assigned_officer);
    if (!case_officer || !office::may_decide_oversight(who.viewer, *case_officer))
      return visit_page(who, visit_id, 403, {{approve ? "comment" : "reason",
                                              "only a manager of the case officer's team, not the case officer, decides"}});
    const std::string field = approve ? "comment" : "reason";
    const auto parsed = office::parse_decision_form(form, field, !approve);
    if (!parsed.errors.empty()) return visit_page(who, visit_id, 400, parsed.errors);
    if (oversight->kind != ActionKind::manager_oversight || oversight->status != ActionStatus::open)
      return visit_page(who, visit_id, 409, {{field, "this visit was decided meanwhile"}});
    const UtcMillis now = clock.now_utc_ms();
    Action write;
    try {
      if (approve) {
        write = *oversight;
        write.status = ActionStatus::done;
        write.outcome = parsed.text.empty() ? std::string("countersigned at the office") : parsed.text;
      } else {
        write = sent_back_follow_up(*oversight, parsed.text, who.viewer.officer.id, utc_date(now));
        write.id = make_uuid_v7(now);
        write.created_at = now;
      }
    } catch (const Error& e) {
      if (e.code() != ErrorCode::bad_input && e.code() != ErrorCode::conflict) throw;
      return visit_page(who, visit_id, 400, {{field, e.what()}});
    }
    store.write_office_actions(oversight->crn, std::span<const Action>(&write, 1), who.viewer.officer.id, now);
    return redirect(approve ? "/oversight?saved=countersigned" : "/oversight?saved=sent_back",
                    approve ? "console=countersigned" : "console=sent_back");
  }

  CaseReportInput report_input(const office::CaseRow& row, std::vector<Visit>& visits, std::vector<Note>& notes,
                               std::vector<Action>& actions, const Signed& who) {
    std::map<std::string, std::string> visit_officers;
    for (const auto& r : store.records("visit", row.facts.crn)) {
      visits.push_back(office::visit_of(r));
      visit_officers[r.id] = r.officer;
    }
    for (const auto& r : store.records("note", row.facts.crn)) notes.push_back(office::note_of(r));
    actions = actions_of(row.facts.crn);
    CaseReportInput in{row.facts, visits, notes, actions, clock.now_utc_ms(), who.viewer.officer.id, questions,
                       visit_officers, utc_date(clock.now_utc_ms())};
    return in;
  }

  // The core's printable report, served as it is: its only inline content
  // is its <style>, allowed by hash (still no script).
  WebResponse cp_report(const Signed& who, const office::CaseRow& row) {
    std::vector<Visit> visits;
    std::vector<Note> notes;
    std::vector<Action> actions;
    const auto in = report_input(row, visits, notes, actions, who);
    console.record_access({clock.now_utc_ms(), who.viewer.officer.id, row.facts.crn, "/reports/cp/" + row.facts.crn});
    WebResponse r;
    r.body = cp_conference_html(in);
    r.headers.emplace_back("Cache-Control", "no-store");
    const auto open = r.body.find("<style>");
    const auto close = r.body.find("</style>");
    if (open != std::string::npos && close != std::string::npos) {
      const std::string style = r.body.substr(open + 7, close - open - 7);
      unsigned char digest[crypto_hash_sha256_BYTES];
      crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(style.data()), style.size());
      char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
      sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
      r.headers.emplace_back("Content-Security-Policy", std::string("default-src 'self'; style-src 'sha256-") + b64 +
                                                            "'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    }
    r.log = "console=cp_report";
    return r;
  }

  WebResponse measures_csv(const Signed& who, const office::FormFields& q) {
    if (!office::sees_case_content(who.viewer)) return not_found(&who);
    const Period p = period_of(q);
    const auto d = dashboard_for(who.viewer, p);
    std::string csv = "crn,officer";
    for (std::size_t m = 0; m < office::kMeasureCount; ++m)
      csv += "," + std::string(office::measure_id(static_cast<office::Measure>(m)));
    csv += "\r\n";
    const UtcMillis now = clock.now_utc_ms();
    std::vector<office::AccessEntry> views;
    for (const auto& [crn, officer] : console.case_officers()) {
      const office::DashboardRow* row = nullptr;
      for (const auto& r : d.rows) {
        if (r.officer_id == officer) row = &r;
      }
      if (!row) continue;
      views.push_back({now, who.viewer.officer.id, crn, "/reports/measures.csv"});
      csv += csv_field(crn) + "," + csv_field(officer);
      for (const auto& list : row->cases)
        csv += std::binary_search(list.begin(), list.end(), crn) ? ",yes" : ",no";
      csv += "\r\n";
    }
    console.record_accesses(views);
    WebResponse r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = std::move(csv);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"doorstep-measures-" + p.from.to_string() +
                                                      "-to-" + p.to.to_string() + ".csv\"");
    r.headers.emplace_back("Cache-Control", "no-store");
    r.log = "console=measures_csv";
    return r;
  }

  // ---- Administration (admins only; others get 404).
  // `errors` and `form` belong to the add form, or with `row_id` to that
  // officer's change form (its values re-shown, the errors beside them).
  WebResponse officers_page(const Signed& who, int status, const office::FieldErrors& errors,
                            const office::FormFields* form, const std::string& notice, const std::string& row_id = "") {
    auto err = [&](const std::string& f) {
      const auto it = errors.find(f);
      return it == errors.end() ? std::string() : it->second;
    };
    mstch::array list;
    for (const auto& o : store.list_officers()) {
      const bool this_row = !row_id.empty() && o.id == row_id;
      mstch::map row{{"id", o.id}, {"name", this_row && form ? form->get("name") : o.name}, {"shown_name", o.name},
                     {"team", this_row && form ? form->get("team") : o.team.value_or("")},
                     {"manager", this_row && form ? form->get("manager") == "yes" : o.is_manager},
                     {"admin", console.is_admin(o.id)}, {"has_password", console.password_hash(o.id).has_value()},
                     {"err_row_name", this_row ? err("name") : std::string()},
                     {"err_row_team", this_row ? err("team") : std::string()}};
      list.push_back(std::move(row));
    }
    const bool add_form = row_id.empty();
    return page(status, "officers",
                mstch::map{{"title", std::string("Officers")}, {"officers", list}, {"notice", notice},
                           {"err_id", add_form ? err("id") : std::string()},
                           {"err_name", add_form ? err("name") : std::string()},
                           {"err_team", add_form ? err("team") : std::string()},
                           {"err_password", err("password")}, {"err_password_again", err("password_again")},
                           {"new_id", form && add_form ? form->get("id") : std::string()},
                           {"new_name", form && add_form ? form->get("name") : std::string()},
                           {"new_team", form && add_form ? form->get("team") : std::string()}},
                &who, "console=officers status=" + std::to_string(status));
  }

  WebResponse officers_post(const Signed& who, const std::string& rest, const office::FormFields& form) {
    if (rest.empty()) {
      auto parsed = office::parse_officer_form(form, true);
      if (parsed.errors.empty() && store.find_officer(parsed.officer.id)) parsed.errors["id"] = "id: this officer exists";
      if (!parsed.errors.empty()) return officers_page(who, 400, parsed.errors, &form, "");
      store.add_officer(parsed.officer);
      return redirect("/admin/officers?saved=added", "console=officer_added");
    }
    const auto slash = rest.find('/');
    const std::string id = rest.substr(0, slash);
    const std::string what = slash == std::string::npos ? "" : rest.substr(slash);
    const auto existing = store.find_officer(id);
    if (!existing) return not_found(&who);
    if (what.empty()) {
      auto parsed = office::parse_officer_form(form, false);
      if (!parsed.errors.empty()) return officers_page(who, 400, parsed.errors, &form, "", existing->id);
      parsed.officer.id = existing->id;
      store.update_officer(parsed.officer);
      return redirect("/admin/officers?saved=changed", "console=officer_changed");
    }
    if (what == "/password") {
      auto parsed = office::parse_password_form(form);
      std::string hash;
      if (parsed.errors.empty()) {
        try {
          hash = office::hash_console_password(parsed.password, KdfParams::interactive_default());
        } catch (const Error& e) {
          if (e.code() != ErrorCode::bad_input) throw;
          parsed.errors["password"] = std::string("password: ") + e.what();
        }
      }
      sodium_memzero(parsed.password.data(), parsed.password.size());
      if (!parsed.errors.empty()) return officers_page(who, 400, parsed.errors, nullptr, "");
      console.set_password_hash(existing->id, hash);
      console.end_sessions_of(existing->id);
      return redirect("/admin/officers?saved=password", "console=password_reset");
    }
    return not_found(&who);
  }

  WebResponse enrol_page(const Signed& who, const office::FormFields* form) {
    mstch::array officers;
    for (const auto& o : store.list_officers()) officers.push_back(mstch::map{{"id", o.id}, {"name", o.name}});
    mstch::map ctx{{"title", std::string("Enrol a tablet")}, {"officers", officers}};
    if (form) {
      const std::string officer = form->get("officer");
      if (!store.find_officer(officer)) {
        ctx.emplace("err_officer", std::string("officer: choose an officer"));
        return page(400, "enrol", std::move(ctx), &who, "console=enrol status=400");
      }
      const std::string code = issue_code(officer);
      const QrPath qr = qr_path(code);
      ctx.emplace("code", code);
      ctx.emplace("for_officer", officer);
      ctx.emplace("qr_size", std::to_string(qr.size));
      ctx.emplace("qr_path", qr.path);
    }
    return page(200, "enrol", std::move(ctx), &who, form ? "console=enrol_code" : "console=enrol");
  }

  WebResponse audit_page(const Signed& who) {
    mstch::array list;
    bool all_ok = true;
    for (const auto& a : store.verify_audit()) {
      all_ok = all_ok && a.result.ok();
      mstch::array flagged;
      for (const auto& f : a.flagged)
        flagged.push_back(mstch::map{{"seq", std::to_string(f.seq)}, {"received", format_utc(f.received_at)},
                                     {"what", f.flags == "future_at"      ? std::string("the device's clock was ahead")
                                              : f.flags == "at_backwards" ? std::string("the device's clock went backwards")
                                                                          : f.flags}});
      list.push_back(mstch::map{{"device", a.device_id}, {"officer", a.officer_id}, {"ok", a.result.ok()},
                                {"links", std::to_string(a.result.links)},
                                {"broken_at", a.result.first_broken ? std::to_string(*a.result.first_broken) : std::string()},
                                {"problem", a.result.problem}, {"flagged", flagged}});
    }
    return page(200, "audit",
                mstch::map{{"title", std::string("Audit chains")}, {"devices", list}, {"all_ok", all_ok},
                           {"empty", list.empty()}},
                &who, "console=audit");
  }

  WebResponse records_page(const Signed& who) {
    mstch::array refused, held, conflicts;
    for (const auto& r : store.refused_changes())
      refused.push_back(mstch::map{{"when", format_utc(r.received_at).substr(0, 16)}, {"officer", r.officer_id},
                                   {"device", r.device_id},
                                   {"what", r.entity.empty() ? std::string("a change that could not be read") : "a change to a " + r.entity},
                                   {"reason", r.reason}});
    for (const auto& h : store.device_held())
      held.push_back(mstch::map{{"when", format_utc(h.reported_at).substr(0, 16)}, {"officer", h.officer_id},
                                {"device", h.device_id}, {"crn", h.record.crn},
                                {"what", "a " + h.record.entity + " from the office"}, {"reason", h.record.reason},
                                {"waiting", h.record.waiting}});
    for (const auto& c : store.conflicts()) {
      std::string differs;
      if (c.loser.is_object())
        for (const auto& [k, v] : c.loser.items()) {
          if (k == "id" || k == "crn") continue;
          differs += (differs.empty() ? "" : "; ") + pretty(k) + " " + (v.is_string() ? v.get<std::string>() : v.dump());
          if (differs.size() > 300) break;
        }
      conflicts.push_back(mstch::map{{"when", format_utc(c.detected_at).substr(0, 16)}, {"crn", c.crn},
                                     {"kind", c.entity == "case" ? std::string("case facts") : "a " + c.entity},
                                     {"by", c.loser_officer}, {"differs", differs}});
    }
    return page(200, "records",
                mstch::map{{"title", std::string("Quarantined and conflicting records")}, {"refused", refused},
                           {"held", held}, {"conflicts", conflicts}},
                &who, "console=records");
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
    if (path == "/oversight" && !post)
      return oversight(*who, query.get("saved") == "countersigned" ? "The visit was countersigned."
                             : query.get("saved") == "sent_back"
                                 ? "The visit was sent back; the officer has a follow-up with your reason."
                                 : "",
                       query.get("page"));
    if (path.starts_with("/oversight/") && path.ends_with("/approve") && post)
      return decide(*who, path.substr(11, path.size() - 11 - 8), form, true);
    if (path.starts_with("/oversight/") && path.ends_with("/send-back") && post)
      return decide(*who, path.substr(11, path.size() - 11 - 10), form, false);
    if (path.starts_with("/oversight/") && !post) return visit_page(*who, path.substr(11));
    if (path.starts_with("/reports/cp/") && !post) {
      const auto row = case_for(*who, path.substr(12));
      if (!row) return not_found(&*who);
      return cp_report(*who, *row);
    }
    if (path == "/reports/measures.csv" && !post) return measures_csv(*who, query);
    if (path.starts_with("/admin/") && !who->viewer.is_admin) return not_found(&*who);
    if (path == "/admin/officers" && !post) {
      const std::string saved = query.get("saved");
      return officers_page(*who, 200, {}, nullptr,
                           saved == "added" ? "The officer was added." : saved == "changed" ? "The officer was changed."
                           : saved == "password" ? "The password was set; their sessions were ended." : "");
    }
    if ((path == "/admin/officers" || path.starts_with("/admin/officers/")) && post)
      return officers_post(*who, path.size() > 16 ? path.substr(16) : "", form);
    if (path == "/admin/enrol") return enrol_page(*who, post ? &form : nullptr);
    if (path == "/admin/audit" && !post) return audit_page(*who);
    if (path == "/admin/records" && !post) return records_page(*who);
    if (path == "/admin/devices" && !post) return devices(*who);
    if (path.starts_with("/admin/devices/") && path.ends_with("/revoke")) {
      const std::string id = path.substr(15, path.size() - 15 - 7);
      return revoke(*who, id, post);
    }
    return not_found(&*who);
  }
};

ConsoleApp::ConsoleApp(office::OfficeStore& store, office::ConsoleStore& console, const Clock& clock,
                       const std::filesystem::path& assets_dir, EnrollCodeIssuer issue_code)
    : m_impl(std::make_unique<Impl>(store, console, clock, std::move(issue_code))) {
  const auto dir = assets_dir / "console";
  for (const char* name : kTemplates) m_impl->templates[name] = read_text(dir / (std::string(name) + ".mustache"));
  m_impl->css = read_text(dir / "console.css");
  const ChecklistTemplate checklist = ChecklistTemplate::load_file(assets_dir / "checklists" / "home-visit-v1.json");
  for (const auto& section : checklist.sections())
    for (const auto& item : section.items) m_impl->questions.emplace(item.fact, item.label);
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
