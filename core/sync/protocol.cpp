// Sync protocol codec. Decoders are the server's first line of defence (and
// the fuzz target): they accept only the exact shapes in the spec and name
// the first field that is wrong.
#include "sync/protocol.hpp"

#include <limits>

#include "domain/canonical_json.hpp"
#include "domain/json_limits.hpp"
#include "domain/json_reader.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep::sync {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Error(ErrorCode::bad_input, path + ": " + what);
}

std::string type_name(const json& v) { return v.type_name(); }

AuditHash hash_from_hex(const std::string& text, const std::string& path) {
  const auto bytes = from_hex(text);
  AuditHash h{};
  if (!bytes || bytes->size() != h.size()) fail(path, "must be 64 hex digits");
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

// Parses a message body within `limits` (size, depth, strings, counts,
// UTF-8, numbers: domain/json_limits.hpp) and checks it is an object.
json parse_body(std::string_view body, const JsonLimits& limits, const char* what) {
  json j = parse_json_limited(body, limits, std::string(what) + " body");
  if (!j.is_object()) fail(what, "body must be a JSON object, not " + type_name(j));
  return j;
}

void check_header(JsonReader& o, std::string_view kind) {
  const json& p = o.required("protocol");
  if (!p.is_number_integer() || p.get<std::int64_t>() != kProtocolVersion)
    fail(o.field("protocol"), "this server speaks protocol version " + std::to_string(kProtocolVersion));
  const std::string k = o.required_string("kind", 32);
  if (k != kind) fail(o.field("kind"), "'" + k + "' is not a known kind here (expected '" + std::string(kind) + "')");
}

json header(std::string_view kind) { return {{"protocol", kProtocolVersion}, {"kind", kind}}; }

OfficerInfo officer_from_json(const json& j, const std::string& path) {
  JsonReader o(j, path);
  OfficerInfo i;
  i.id = o.required_string("id", 64, false);
  i.name = o.required_string("name", 200);
  i.is_manager = o.required_bool("is_manager");
  i.team = o.optional_string("team", 64);
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

namespace {

// Appends `s` as a JSON string, as nlohmann's dump() writes it (no
// ensure_ascii): `"` and `\` escaped, control characters as \b \f \n \r \t
// or \u00XX. A string with bytes above 0x7F goes through nlohmann itself,
// which checks its UTF-8 (and throws, as dump() would).
void append_json_string(std::string& out, std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::strict);
      return;
    }
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    out += '\\';
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\t': out += 't'; break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// Appends `prefix` (the JSON up to and including the next key's colon), then
// `value` as dump() writes it.
void append_field(std::string& out, std::string_view prefix, std::string_view value) {
  out += prefix;
  append_json_string(out, value);
}
void append_field(std::string& out, std::string_view prefix, std::int64_t value) {
  out += prefix;
  out += std::to_string(value);
}
void append_field(std::string& out, std::string_view prefix, std::uint64_t value) {
  out += prefix;
  out += std::to_string(value);
}

}  // namespace

std::string encode_push_request(const PushRequest& m) {
  std::size_t size = 64;
  for (const auto& l : m.links) size += 320 + l.change.size() * 5 / 4 + l.actor.size() + l.device.size();
  std::string out;
  out.reserve(size);
  out += R"({"kind":"push","links":[)";
  bool first = true;
  for (const auto& l : m.links) {  // keys in nlohmann's (sorted) order
    append_field(out, first ? R"({"actor":)" : R"(,{"actor":)", l.actor);
    first = false;
    append_field(out, R"(,"at":)", l.at);
    append_field(out, R"(,"change":)", l.change);
    append_field(out, R"(,"device":)", l.device);
    out += R"(,"hash":")";
    out += to_hex(l.hash);
    out += R"(","prev_hash":")";
    out += to_hex(l.prev_hash);
    append_field(out, R"(","seq":)", l.seq);
    out += '}';
  }
  out += R"(],"protocol":)";
  out += std::to_string(kProtocolVersion);
  out += '}';
  return out;
}

std::string encode_pull_response(const PullPageText& m) {
  std::size_t size = 96;
  for (const auto& r : m.records)
    size += 120 + r.entity.size() + r.id.size() + r.crn.size() + r.officer.size() + r.device.size() + r.payload.size();
  for (const auto& crn : m.caseload) size += crn.size() + 3;
  std::string out;
  out.reserve(size);
  out += '{';  // keys in nlohmann's (sorted) order
  if (!m.more) {
    out += R"("caseload":[)";
    for (std::size_t i = 0; i < m.caseload.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, m.caseload[i]);
    }
    out += "],";
  }
  append_field(out, R"("cursor":)", m.cursor);
  out += m.more ? R"(,"more":true,"protocol":)" : R"(,"more":false,"protocol":)";
  out += std::to_string(kProtocolVersion);
  out += R"(,"records":[)";
  bool first = true;
  for (const auto& r : m.records) {
    append_field(out, first ? R"({"at":)" : R"(,{"at":)", r.at);
    first = false;
    append_field(out, R"(,"crn":)", r.crn);
    append_field(out, R"(,"device":)", r.device);
    append_field(out, R"(,"entity":)", r.entity);
    append_field(out, R"(,"hlc":)", r.hlc);
    append_field(out, R"(,"id":)", r.id);
    append_field(out, R"(,"officer":)", r.officer);
    out += R"(,"payload":)";
    if (is_canonical_json(r.payload)) {
      out += r.payload;
    } else {
      try {
        out += json::parse(r.payload).dump(-1, ' ', false, json::error_handler_t::strict);
      } catch (const json::exception&) {
        throw Error(ErrorCode::internal,
                    "stored " + r.entity.substr(0, 16) + " " + r.id.substr(0, 64) + ": its payload is not JSON");
      }
    }
    out += '}';
  }
  out += "]}";
  return out;
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
  if (!m.held.empty()) {
    json held = json::array();
    for (const auto& h : m.held)
      held.push_back({{"entity", h.entity}, {"id", h.id}, {"crn", h.crn}, {"reason", h.reason}, {"waiting", h.waiting}});
    j["held"] = std::move(held);
  }
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
  JsonReader o(j, path);
  AuditLink l;
  l.seq = o.required_int64("seq", 1, std::numeric_limits<std::int64_t>::max());
  l.prev_hash = hash_from_hex(o.required_string("prev_hash", 64), o.field("prev_hash"));
  l.hash = hash_from_hex(o.required_string("hash", 64), o.field("hash"));
  l.change = o.required_string("change", kMaxChangeBytes, false);
  l.actor = o.required_string("actor", 64, false);
  l.at = o.required_int64("at", 0, std::numeric_limits<std::int64_t>::max());
  l.device = o.required_string("device", 64, false);
  o.finish();
  return l;
}

namespace {

// Every field of a pulled record but its payload, which is checked to be an
// object and left where it is.
RemoteRecord record_fields_from_json(const json& j, const std::string& path) {
  JsonReader o(j, path);
  RemoteRecord r;
  r.entity = o.required_string("entity", 16, false);
  r.id = o.required_string("id", 64, false);
  r.crn = o.required_string("crn", 16, false);
  r.hlc = o.required_uint64("hlc");
  r.officer = o.required_string("officer", 64);
  r.device = o.required_string("device", 64);
  r.at = o.required_int64("at", 0, std::numeric_limits<std::int64_t>::max());
  const json& p = o.required("payload");
  if (!p.is_object()) fail(o.field("payload"), "must be an object");
  o.finish();
  return r;
}

// The record as the office writes it, read without JsonReader: exactly the
// eight fields, each of the type and size record_fields_from_json asks for
// (a number only as nlohmann types an integer without a minus sign).
// nullopt for anything else: record_fields_from_json then reads it and
// names what is wrong (tests/unit/test_pull_decode.cpp: the two agree).
std::optional<RemoteRecord> plain_record_fields(const json& j) {
  if (!j.is_object() || j.size() != 8) return std::nullopt;
  const auto text = [&j](const char* key, std::size_t max_bytes, bool allow_empty, std::string& out) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > max_bytes || (!allow_empty && s.empty())) return false;
    out = s;
    return true;
  };
  RemoteRecord r;
  if (!text("entity", 16, false, r.entity) || !text("id", 64, false, r.id) || !text("crn", 16, false, r.crn) ||
      !text("officer", 64, true, r.officer) || !text("device", 64, true, r.device))
    return std::nullopt;
  const auto hlc = j.find("hlc");
  const auto at = j.find("at");
  const auto payload = j.find("payload");
  if (hlc == j.end() || !hlc->is_number_unsigned() || at == j.end() || !at->is_number_unsigned() ||
      at->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
      payload == j.end() || !payload->is_object())
    return std::nullopt;
  r.hlc = hlc->get<std::uint64_t>();
  r.at = static_cast<std::int64_t>(at->get<std::uint64_t>());
  return r;  // eight distinct keys, all of them known: nothing unknown is left
}

}  // namespace

RemoteRecord record_from_json(const json& j, const std::string& path) {
  RemoteRecord r = record_fields_from_json(j, path);
  r.payload = j.at("payload");
  return r;
}

EnrollRequest decode_enroll_request(std::string_view body) {
  const json j = parse_body(body, kRequestJsonLimits, "enroll request");
  JsonReader o(j, "enroll");
  check_header(o, "enroll");
  EnrollRequest m;
  m.code = o.required_string("code", 128, false);
  m.label = o.required_string("label", 200);
  o.finish();
  return m;
}

PushRequest decode_push_request(std::string_view body) {
  const json j = parse_body(body, kRequestJsonLimits, "push request");
  JsonReader o(j, "push");
  check_header(o, "push");
  PushRequest m;
  const auto links = o.required_array("links", kMaxPushLinks);
  if (links.empty()) fail(o.field("links"), "must not be empty");
  m.links.reserve(links.size());
  for (const auto& [link, path] : links) {
    m.links.push_back(link_from_json(*link, path));
    if (m.links.size() > 1 && m.links.back().seq != m.links[m.links.size() - 2].seq + 1)
      fail(path + ".seq", "links must have consecutive sequence numbers");
  }
  o.finish();
  return m;
}

PullRequest decode_pull_request(std::string_view body) {
  const json j = parse_body(body, kRequestJsonLimits, "pull request");
  JsonReader o(j, "pull");
  check_header(o, "pull");
  PullRequest m;
  m.cursor = o.required_string("cursor", 64);
  m.limit = static_cast<int>(o.required_int64("limit", 1, kMaxPullLimit));
  if (o.has("held")) {
    for (auto& [v, path] : o.optional_array("held")) {
      if (m.held.size() == kMaxHeldReports)
        throw Error(ErrorCode::bad_input, "pull.held: more than " + std::to_string(kMaxHeldReports) + " records");
      JsonReader h(*v, path);
      HeldReport r;
      r.entity = h.required_string("entity", 16, false);
      r.id = h.required_string("id", 64, false);
      r.crn = h.required_string("crn", 16, false);
      r.reason = h.required_string("reason", kMaxHeldReason);
      r.waiting = h.required_bool("waiting");
      h.finish();
      m.held.push_back(std::move(r));
    }
  }
  o.finish();
  return m;
}

EnrollResponse decode_enroll_response(std::string_view body) {
  const json j = parse_body(body, kRequestJsonLimits, "enroll response");
  JsonReader o(j, "enroll response");
  (void)o.required("protocol");
  EnrollResponse m;
  m.device_id = o.required_string("device_id", 64, false);
  m.device_secret = o.required_string("device_secret", 128, false);
  m.officer = officer_from_json(o.required("officer"), o.field("officer"));
  m.recovery_public_key = o.required_string("recovery_public_key", 64, false);
  o.finish();
  return m;
}

PushResponse decode_push_response(std::string_view body) {
  const json j = parse_body(body, kRequestJsonLimits, "push response");
  JsonReader o(j, "push response");
  (void)o.required("protocol");
  PushResponse m;
  m.acked_seq = o.required_int64("acked_seq", 0, std::numeric_limits<std::int64_t>::max());
  for (const auto& [result, path] : o.required_array("results", kMaxPushLinks)) {
    JsonReader r(*result, path);
    ChangeResult c;
    c.seq = r.required_int64("seq", 1, std::numeric_limits<std::int64_t>::max());
    const std::string s = r.required_string("status", 16);
    if (s == "applied") c.status = ChangeStatus::applied;
    else if (s == "superseded") c.status = ChangeStatus::superseded;
    else if (s == "rejected") c.status = ChangeStatus::rejected;
    else fail(r.field("status"), "'" + s + "' is not applied, superseded or rejected");
    c.reason = r.optional_string("reason", 2000).value_or("");
    r.finish();
    m.results.push_back(std::move(c));
  }
  o.finish();
  return m;
}

PullResponse decode_pull_response(std::string_view body) {
  json j = parse_body(body, kPullResponseJsonLimits, "pull response");  // beyond request limits
  JsonReader o(j, "pull response");
  (void)o.required("protocol");
  PullResponse m;
  const auto records = o.required_array("records", static_cast<std::size_t>(kMaxPullLimit));
  m.records.reserve(records.size());
  // Each payload is moved out of the parsed tree (checked first), not copied.
  json& record_values = j["records"];
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::optional<RemoteRecord> plain = plain_record_fields(record_values[i]);
    m.records.push_back(plain ? std::move(*plain) : record_fields_from_json(record_values[i], records[i].second));
    m.records.back().payload = std::move(record_values[i]["payload"]);
  }
  m.cursor = o.required_string("cursor", 64);
  m.more = o.required_bool("more");
  if (!m.more) {
    for (const auto& [crn, path] : o.required_array("caseload", kPullResponseJsonLimits.max_elements))
      m.caseload.push_back(JsonReader::string_value(*crn, path, 16, false));
  }
  o.finish();
  return m;
}

std::optional<ErrorBody> decode_error_body(std::string_view body) {
  json j;
  try {
    j = parse_json_limited(body, kRequestJsonLimits, "error body");
  } catch (const Error&) {
    return std::nullopt;
  }
  if (!j.is_object()) return std::nullopt;
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
