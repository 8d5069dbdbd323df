#pragma once
// JSON forms of the domain model, in the shapes of
// ../shared/domain/scenario.schema.json. Readers validate everything and throw
// Error(bad_input) naming the field path and value; writers emit the same
// shape back (round trip: from_json(to_json(x)) == x).
#include <nlohmann/json.hpp>

#include <string>

#include "domain/model.hpp"

namespace doorstep {

Case case_from_json(const nlohmann::json& j, const std::string& path = "case");
nlohmann::json to_json(const Case& c);

// The visit shape; `answers` are checked against the fact vocabulary.
Visit visit_from_json(const nlohmann::json& j, const std::string& path = "visit");
nlohmann::json to_json(const Visit& v);

nlohmann::json to_json(const Person& p);
nlohmann::json to_json(const Check& c);
nlohmann::json to_json(const Note& n);
nlohmann::json to_json(const Action& a);
// The action fields a stored or pulled action record carries: kind,
// priority, due, rule, reasons, status, outcome, dismiss_reason, visit_id.
// id, crn, created_at and hlc are the caller's (they come with the record).
// Other fields are ignored: the office validates records before storing them.
Action action_from_json(const nlohmann::json& j, const std::string& path = "action");
nlohmann::json to_json(const RaisedAction& a);

// Parses text as JSON; a syntax error is Error(bad_input) naming `source`
// and the byte offset.
nlohmann::json parse_json_text(const std::string& text, const std::string& source);

}  // namespace doorstep
