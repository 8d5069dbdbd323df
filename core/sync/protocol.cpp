// Sync protocol codec. Decoders are the server's first line of defence (and
// the fuzz target): they accept only the exact shapes in the spec and name
// the first field that is wrong.
#include "sync/protocol.hpp"

#include <set>

#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep::sync {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Error(ErrorCode::bad_input, path + ": " + what);
}

std::string type_name(const json& v) { return v.type_name(); }

// A strict view of one JSON object: every read names its path; finish()
// rejects keys nobody read.
class Obj {
 public:
  Obj(const json& j, std::string path) : m_j(j), m_path(std::move(path)) {
    if (!j.is_object()) fail(m_path, "must be an object, not " + type_name(j));
  }
  std::string field(std::string_view key) const { return m_path + "." + std::string(key); }

  const json* opt(std::string_view key) {
    m_read.emplace(key);
    auto it = m_j.find(key);
    return it == m_j.end() ? nullptr : &*it;
  }
  const json& req(std::string_view key) {
    const json* v = opt(key);
    if (!v) fail(field(key), "is missing");
    return *v;
  }
  std::string str(std::string_view key, std::size_t max_len, bool allow_empty = true) {
    return as_str(req(key), field(key), max_len, allow_empty);
  }
  std::optional<std::string> opt_str(std::string_view key, std::size_t max_len) {
    const json* v = opt(key);
    if (!v || v->is_null()) return std::nullopt;
    return as_str(*v, field(key), max_len, true);
  }
  std::int64_t int64(std::string_view key, std::int64_t min, std::int64_t max) {
    const json& v = req(key);
    if (!v.is_number_integer()) fail(field(key), "must be an integer, not " + type_name(v));
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
      fail(field(key), "is out of range");
    const auto n = v.get<std::int64_t>();
    if (n < min || n > max) fail(field(key), std::to_string(n) + " is out of range");
    return n;
  }
  std::uint64_t uint64(std::string_view key) {
    const json& v = req(key);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
      fail(field(key), "must be a non-negative integer");
    return v.get<std::uint64_t>();
  }
  bool boolean(std::string_view key) {
    const json& v = req(key);
    if (!v.is_boolean()) fail(field(key), "must be true or false, not " + type_name(v));
    return v.get<bool>();
  }
  const json& array(std::string_view key, std::size_t max_items) {
    const json& v = req(key);
    if (!v.is_array()) fail(field(key), "must be an array, not " + type_name(v));
    if (v.size() > max_items)
      fail(field(key), "has " + std::to_string(v.size()) + " items; the limit is " + std::to_string(max_items));
    return v;
  }
  void finish() const {
    for (auto it = m_j.begin(); it != m_j.end(); ++it) {
      if (!m_read.contains(it.key())) fail(field(it.key()), "is not a known field");
    }
  }

  static std::string as_str(const json& v, const std::string& path, std::size_t max_len, bool allow_empty) {
    if (!v.is_string()) fail(path, "must be a string, not " + type_name(v));
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > max_len) fail(path, "is longer than " + std::to_string(max_len) + " bytes");
    if (!allow_empty && s.empty()) fail(path, "must not be empty");
    return s;
  }

 private:
  const json& m_j;
  std::string m_path;
  std::set<std::string, std::less<>> m_read;
};

// json::parse without exceptions still throws for a number too large to
// hold (out_of_range 406): treat every failure as "not JSON".
json parse_quietly(std::string_view text) {
  try {
    return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  } catch (const json::exception&) {
    return json(json::value_t::discarded);
  }
}

AuditHash hash_from_hex(const std::string& text, const std::string& path) {
  const auto bytes = from_hex(text);
  AuditHash h{};
  if (!bytes || bytes->size() != h.size()) fail(path, "must be 64 hex digits");
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

// Parses a message body: size, JSON (nlohmann rejects ill-formed UTF-8),
// an object, and for requests the protocol version and kind.
json parse_body(std::string_view body, const char* what) {
  if (body.size() > kMaxRequestBytes)
    fail(what, "body is " + std::to_string(body.size()) + " bytes; the limit is " + std::to_string(kMaxRequestBytes));
  json j = parse_quietly(body);
  if (j.is_discarded()) {
    // Parse again for the reason (only on the error path).
    try {
      [[maybe_unused]] const json again = json::parse(body.begin(), body.end());
    } catch (const json::out_of_range&) {
      fail(what, "body has a number out of range");
    } catch (const json::parse_error& e) {
      std::string msg = e.what();
      if (msg.find("UTF-8") != std::string::npos || msg.find("utf-8") != std::string::npos)
        fail(what, "body is not valid UTF-8 (at byte " + std::to_string(e.byte) + ")");
      fail(what, "body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
    }
    fail(what, "body is not valid JSON");
  }
  if (!j.is_object()) fail(what, "body must be a JSON object, not " + type_name(j));
  return j;
}

void check_header(Obj& o, std::string_view kind) {
  const json& p = o.req("protocol");
  if (!p.is_number_integer() || p.get<std::int64_t>() != kProtocolVersion)
    fail(o.field("protocol"), "this server speaks protocol version " + std::to_string(kProtocolVersion));
  const std::string k = o.str("kind", 32);
  if (k != kind) fail(o.field("kind"), "'" + k + "' is not a known kind here (expected '" + std::string(kind) + "')");
}

json header(std::string_view kind) { return {{"protocol", kProtocolVersion}, {"kind", kind}}; }

OfficerInfo officer_from_json(const json& j, const std::string& path) {
  Obj o(j, path);
  OfficerInfo i;
  i.id = o.str("id", 64, false);
  i.name = o.str("name", 200);
  i.is_manager = o.boolean("is_manager");
  i.team = o.opt_str("team", 64);
  o.finish();
  return i;
}

json officer_to_json(const OfficerInfo& i) {
  json j = {{"id", i.id}, {"name", i.name}, {"is_manager", i.is_manager}};
  if (i.team) j["team"] = *i.team;
  return j;
}

}  // namespace

std::string_view to_string(ChangeStatus s) {
  switch (s) {
    case ChangeStatus::applied: return "applied";
    case ChangeStatus::superseded: return "superseded";
    case ChangeStatus::rejected: return "rejected";
  }
  return "rejected";
}

// ---- Encoding ------------------------------------------------------------------

json link_to_json(const AuditLink& l) {
  return {{"seq", l.seq},
          {"prev_hash", to_hex(l.prev_hash)},
          {"hash", to_hex(l.hash)},
          {"change", l.change},
          {"actor", l.actor},
          {"at", l.at},
          {"device", l.device}};
}

json record_to_json(const RemoteRecord& r) {
  return {{"entity", r.entity}, {"id", r.id},         {"crn", r.crn}, {"hlc", r.hlc},
          {"officer", r.officer}, {"device", r.device}, {"at", r.at},   {"payload", r.payload}};
}

json to_json(const EnrollRequest& m) {
  json j = header("enroll");
  j["code"] = m.code;
  j["label"] = m.label;
  return j;
}

json to_json(const EnrollResponse& m) {
  return {{"protocol", kProtocolVersion},
          {"device_id", m.device_id},
          {"device_secret", m.device_secret},
          {"officer", officer_to_json(m.officer)},
          {"recovery_public_key", m.recovery_public_key}};
}

json to_json(const PushRequest& m) {
  json j = header("push");
  j["links"] = json::array();
  for (const auto& l : m.links) j["links"].push_back(link_to_json(l));
  return j;
}

json to_json(const PushResponse& m) {
  json results = json::array();
  for (const auto& r : m.results) {
    json e = {{"seq", r.seq}, {"status", to_string(r.status)}};
    if (!r.reason.empty()) e["reason"] = r.reason;
    results.push_back(std::move(e));
  }
  return {{"protocol", kProtocolVersion}, {"acked_seq", m.acked_seq}, {"results", std::move(results)}};
}

json to_json(const PullRequest& m) {
  json j = header("pull");
  j["cursor"] = m.cursor;
  j["limit"] = m.limit;
  return j;
}

json to_json(const PullResponse& m) {
  json records = json::array();
  for (const auto& r : m.records) records.push_back(record_to_json(r));
  json j = {{"protocol", kProtocolVersion}, {"records", std::move(records)}, {"cursor", m.cursor}, {"more", m.more}};
  if (!m.more) j["caseload"] = m.caseload;
  return j;
}

json to_json(const ErrorBody& m) {
  json e = {{"code", m.code}, {"message", m.message}};
  if (m.expected_seq) e["expected_seq"] = *m.expected_seq;
  if (m.wipe) e["wipe"] = true;
  return {{"error", std::move(e)}};
}

// ---- Decoding ------------------------------------------------------------------

AuditLink link_from_json(const json& j, const std::string& path) {
  Obj o(j, path);
  AuditLink l;
  l.seq = o.int64("seq", 1, std::numeric_limits<std::int64_t>::max());
  l.prev_hash = hash_from_hex(o.str("prev_hash", 64), o.field("prev_hash"));
  l.hash = hash_from_hex(o.str("hash", 64), o.field("hash"));
  l.change = o.str("change", kMaxChangeBytes, false);
  l.actor = o.str("actor", 64, false);
  l.at = o.int64("at", 0, std::numeric_limits<std::int64_t>::max());
  l.device = o.str("device", 64, false);
  o.finish();
  return l;
}

RemoteRecord record_from_json(const json& j, const std::string& path) {
  Obj o(j, path);
  RemoteRecord r;
  r.entity = o.str("entity", 16, false);
  r.id = o.str("id", 64, false);
  r.crn = o.str("crn", 16, false);
  r.hlc = o.uint64("hlc");
  r.officer = o.str("officer", 64);
  r.device = o.str("device", 64);
  r.at = o.int64("at", 0, std::numeric_limits<std::int64_t>::max());
  const json& p = o.req("payload");
  if (!p.is_object()) fail(o.field("payload"), "must be an object");
  r.payload = p;
  o.finish();
  return r;
}

EnrollRequest decode_enroll_request(std::string_view body) {
  const json j = parse_body(body, "enroll request");
  Obj o(j, "enroll");
  check_header(o, "enroll");
  EnrollRequest m;
  m.code = o.str("code", 128, false);
  m.label = o.str("label", 200);
  o.finish();
  return m;
}

PushRequest decode_push_request(std::string_view body) {
  const json j = parse_body(body, "push request");
  Obj o(j, "push");
  check_header(o, "push");
  PushRequest m;
  const json& links = o.array("links", kMaxPushLinks);
  if (links.empty()) fail(o.field("links"), "must not be empty");
  m.links.reserve(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) {
    m.links.push_back(link_from_json(links[i], "push.links[" + std::to_string(i) + "]"));
    if (i > 0 && m.links[i].seq != m.links[i - 1].seq + 1)
      fail("push.links[" + std::to_string(i) + "].seq", "links must have consecutive sequence numbers");
  }
  o.finish();
  return m;
}

PullRequest decode_pull_request(std::string_view body) {
  const json j = parse_body(body, "pull request");
  Obj o(j, "pull");
  check_header(o, "pull");
  PullRequest m;
  m.cursor = o.str("cursor", 64);
  m.limit = static_cast<int>(o.int64("limit", 1, kMaxPullLimit));
  o.finish();
  return m;
}

EnrollResponse decode_enroll_response(std::string_view body) {
  const json j = parse_body(body, "enroll response");
  Obj o(j, "enroll response");
  (void)o.req("protocol");
  EnrollResponse m;
  m.device_id = o.str("device_id", 64, false);
  m.device_secret = o.str("device_secret", 128, false);
  m.officer = officer_from_json(o.req("officer"), o.field("officer"));
  m.recovery_public_key = o.str("recovery_public_key", 64, false);
  o.finish();
  return m;
}

PushResponse decode_push_response(std::string_view body) {
  const json j = parse_body(body, "push response");
  Obj o(j, "push response");
  (void)o.req("protocol");
  PushResponse m;
  m.acked_seq = o.int64("acked_seq", 0, std::numeric_limits<std::int64_t>::max());
  const json& results = o.array("results", kMaxPushLinks);
  for (std::size_t i = 0; i < results.size(); ++i) {
    Obj r(results[i], "push response.results[" + std::to_string(i) + "]");
    ChangeResult c;
    c.seq = r.int64("seq", 1, std::numeric_limits<std::int64_t>::max());
    const std::string s = r.str("status", 16);
    if (s == "applied") c.status = ChangeStatus::applied;
    else if (s == "superseded") c.status = ChangeStatus::superseded;
    else if (s == "rejected") c.status = ChangeStatus::rejected;
    else fail(r.field("status"), "'" + s + "' is not applied, superseded or rejected");
    c.reason = r.opt_str("reason", 2000).value_or("");
    r.finish();
    m.results.push_back(std::move(c));
  }
  o.finish();
  return m;
}

PullResponse decode_pull_response(std::string_view body) {
  const json j = parse_quietly(body);  // responses may exceed request limits
  if (j.is_discarded() || !j.is_object()) fail("pull response", "body is not a JSON object");
  Obj o(j, "pull response");
  (void)o.req("protocol");
  PullResponse m;
  const json& records = o.array("records", static_cast<std::size_t>(kMaxPullLimit));
  m.records.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i)
    m.records.push_back(record_from_json(records[i], "pull response.records[" + std::to_string(i) + "]"));
  m.cursor = o.str("cursor", 64);
  m.more = o.boolean("more");
  if (!m.more) {
    const json& cl = o.array("caseload", 1'000'000);
    for (std::size_t i = 0; i < cl.size(); ++i)
      m.caseload.push_back(Obj::as_str(cl[i], "pull response.caseload[" + std::to_string(i) + "]", 16, false));
  }
  o.finish();
  return m;
}

std::optional<ErrorBody> decode_error_body(std::string_view body) {
  const json j = parse_quietly(body);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto it = j.find("error");
  if (it == j.end() || !it->is_object()) return std::nullopt;
  ErrorBody e;
  const json& v = *it;
  if (auto c = v.find("code"); c != v.end() && c->is_string()) e.code = c->get<std::string>();
  if (auto m = v.find("message"); m != v.end() && m->is_string()) e.message = m->get<std::string>();
  if (auto s = v.find("expected_seq"); s != v.end() && s->is_number_integer()) e.expected_seq = s->get<std::int64_t>();
  if (auto w = v.find("wipe"); w != v.end() && w->is_boolean()) e.wipe = w->get<bool>();
  return e;
}

}  // namespace doorstep::sync
