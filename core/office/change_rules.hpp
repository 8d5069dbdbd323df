#pragma once
// What the office accepts from a device, independent of storage: parsing a
// pushed change, validating its record, and who may write to which case.
// Every function throws Error(bad_input) or Error(forbidden) with a reason
// the device shows next to the quarantined change.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "audit/audit_chain.hpp"
#include "office/office_store.hpp"

namespace doorstep::office {

struct ParsedChange {
  std::string entity;  // case, visit, note, check, action
  std::string id;
  std::string op;
  HlcValue hlc = 0;
  std::string crn;
  nlohmann::json payload;
};

// Parses link.change ({"entity","id","op","hlc","payload"}) and validates the
// payload for its entity (the domain readers name the bad field). Checks
// that notes name the link's actor and device as author.
ParsedChange parse_change(const AuditLink& link);

// Whether `writer` may write to a case assigned to `assigned` (looked up by
// the caller): the officer it is assigned to, or a manager of that team.
bool may_access(const Officer& writer, const Officer& assigned);

}  // namespace doorstep::office
