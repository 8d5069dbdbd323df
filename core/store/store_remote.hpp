#pragma once
// What the office sends a device in a pull: one record as the office holds
// it now. The device applies these without touching its outbox or audit
// chain (they are the office's changes, not this device's).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "util/date.hpp"
#include "util/hlc.hpp"

namespace doorstep {

struct RemoteRecord {
  std::string entity;  // case, visit, note, check, action, conflict
  std::string id;      // CRN for a case, UUID otherwise
  std::string crn;
  HlcValue hlc = 0;
  std::string officer;  // who wrote it (officer id; "office" for imports)
  std::string device;   // which device ("office" for imports)
  UtcMillis at = 0;        // the device's time of the change (device clocks can be wrong)
  nlohmann::json payload;  // the record in its domain JSON shape
  // The office's own clock when it received the record (office only: not on
  // the wire, 0 on devices).
  UtcMillis received_at = 0;
  bool operator==(const RemoteRecord&) const = default;
};

// A pulled record the device holds back instead of applying.
struct HeldRecord {
  std::string entity;
  std::string id;
  std::string crn;
  std::string reason;
  bool waiting = false;  // true: applied once its case (or the record it refers to) arrives; false: refused here
  UtcMillis held_at = 0;
};

// A conflict the office recorded: the later HLC won, this is the loser.
struct ConflictRecord {
  std::string id;
  std::string entity;  // case or action
  std::string entity_id;
  std::string crn;
  HlcValue winner_hlc = 0;
  HlcValue loser_hlc = 0;
  nlohmann::json loser;  // the losing value
  std::string loser_officer;
  std::string loser_device;
  UtcMillis detected_at = 0;
};

nlohmann::json to_json(const ConflictRecord& c);
// Validating reader (Error(bad_input) naming `path`).
ConflictRecord conflict_from_json(const nlohmann::json& j, const std::string& path);

}  // namespace doorstep
