#pragma once
// What the office accepts from a device, independent of storage: parsing a
// pushed change and validating its record with the same domain readers the
// devices apply pulled records with. The office stores only the canonical
// form built from the validated values (never the device's bytes), so
// whatever it accepts, every device can apply.
//
// Every function throws Error(bad_input) or Error(forbidden) with a reason
// the device shows next to the quarantined change.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "audit/audit_chain.hpp"
#include "domain/model.hpp"
#include "office/office_store.hpp"
#include "sync/protocol.hpp"

namespace doorstep::office {

// How far ahead of the office's clock a device's HLC may run.
inline constexpr UtcMillis kMaxClockSkewMs = 5 * 60 * 1000;
// Text limits for fields devices write.
inline constexpr std::size_t kMaxNoteText = 100'000;
static_assert(kMaxNoteText < sync::kChangeJsonLimits.max_string_bytes, "a note of the maximum size must parse");
inline constexpr std::size_t kMaxShortText = 10'000;  // outcomes, reasons
inline constexpr std::size_t kMaxReasons = 64;

struct ParsedChange {
  std::string entity;  // case, visit, note, check, action
  std::string id;
  std::string op;
  HlcValue hlc = 0;
  std::string crn;
  nlohmann::json payload;  // canonical: rebuilt from the validated values
  std::optional<Case> kase;       // entity == case
  std::optional<Action> action;   // entity == action
  std::optional<std::string> visit_id;   // note, action: must be a visit of the same case
  std::optional<std::string> refers_to;  // note: must be a note of the same case
  std::optional<std::string> reply_to;   // check: the request it answers, a check of the same case
  std::string created_at;                // action: the device's creation time, as sent
};

// Parses link.change ({"entity","id","op","hlc","payload"}) and validates the
// payload for its entity. Checks that notes name the link's actor and device
// as author, and that the HLC is not ahead of `office_now` by more than
// kMaxClockSkewMs (reason "clock_skew: ...").
ParsedChange parse_change(const AuditLink& link, UtcMillis office_now);

}  // namespace doorstep::office
