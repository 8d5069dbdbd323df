#pragma once
// The office's data: officers, devices, enrollment codes, cases and every
// record devices pushed, behind an interface so another backend (e.g.
// PostgreSQL) can follow the embedded SQLCipher one.
//
// Contract for every implementation: each method is one transaction; all
// methods are safe to call from several threads (the server's worker
// threads). Errors are doorstep::Error.
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_chain.hpp"
#include "domain/model.hpp"
#include "office/case_ownership.hpp"
#include "office/case_update.hpp"
#include "store/store_remote.hpp"
#include "sync/protocol.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace doorstep::office {

struct Officer {
  std::string id;
  std::string name;
  bool is_manager = false;
  std::optional<std::string> team;
};

struct Device {
  std::string id;
  std::string officer_id;
  std::string label;
  AuditHash secret_hash{};  // BLAKE2b-256 of the device secret; the secret is never stored
  UtcMillis enrolled_at = 0;
  std::optional<UtcMillis> revoked_at;
  std::int64_t last_seq = 0;  // the last audit link applied from this device
  std::optional<UtcMillis> last_seen;
};

struct CaseRow {
  Case facts;
  std::string assigned_officer;
  HlcValue hlc = 0;
};

// A link whose device time the office found odd (office/.. link_flags):
// "future_at" and/or "at_backwards". Shown to the administrator.
struct FlaggedLink {
  std::int64_t seq = 0;
  UtcMillis at = 0;           // the device's time
  UtcMillis received_at = 0;  // the office's
  std::string flags;
};

struct CaseVersion {
  Case facts;              // as they were before `replaced_at`
  UtcMillis replaced_at = 0;
  std::string changed_by;  // who replaced them ("office" for an import)
};

struct DeviceAudit {
  std::string device_id;
  std::string officer_id;
  AuditVerification result;
  std::vector<FlaggedLink> flagged;
};

struct DeviceHeld {
  std::string device_id;
  std::string officer_id;
  sync::HeldReport record;
  UtcMillis reported_at = 0;
};

// A change the office refused from a device (the device quarantined it).
struct RefusedChange {
  std::string device_id;
  std::string officer_id;
  std::int64_t seq = 0;
  std::string entity;  // from the change, when it parsed ("" otherwise)
  std::string entity_id;
  UtcMillis at = 0;
  UtcMillis received_at = 0;
  std::string reason;
};

class OfficeStore {
 public:
  virtual ~OfficeStore() = default;

  // ---- Officers. add: Error(conflict) if the id exists.
  virtual void add_officer(const Officer& o) = 0;
  [[nodiscard]] virtual std::optional<Officer> find_officer(std::string_view id) = 0;
  [[nodiscard]] virtual std::vector<Officer> list_officers() = 0;
  // Changes an officer's name, team and manager flag (the id stays).
  // Error(not_found) for an unknown officer.
  virtual void update_officer(const Officer& o) = 0;

  // ---- Enrollment. The code's secret is stored only as a hash.
  virtual void add_enroll_code(const AuditHash& code_hash, std::string_view officer_id, UtcMillis now,
                               UtcMillis expires_at) = 0;
  // Consumes the code and creates the device in one transaction.
  // Error(unauthenticated) if the code is unknown, used or expired.
  virtual Device redeem_enroll_code(const AuditHash& code_hash, UtcMillis now, const std::string& device_id,
                                    const AuditHash& secret_hash, const std::string& label) = 0;
  [[nodiscard]] virtual std::optional<Device> find_device(std::string_view id) = 0;
  [[nodiscard]] virtual std::vector<Device> list_devices() = 0;
  // Error(not_found) for an unknown device. Revoking twice is harmless.
  virtual void revoke_device(std::string_view id, UtcMillis now) = 0;

  // ---- Cases (imported from the national system, assigned by the office).
  // Inserts or replaces the case's facts and assigns it.
  virtual void import_case(const Case& c, std::string_view officer_id, UtcMillis now) = 0;
  // As import_case for each, in ONE transaction (bulk loads, seeding a
  // benchmark office): all imported, or none when one fails.
  virtual void import_cases(std::span<const Case> cases, std::string_view officer_id, UtcMillis now) = 0;
  // Error(not_found) for an unknown case or officer.
  virtual void assign_case(std::string_view crn, std::string_view officer_id) = 0;
  // Changes the case's office-owned facts; the facts it replaced go to the
  // case's history with `changed_by`. Error(not_found) for an unknown case.
  // Returns the facts after the change.
  virtual Case update_case(std::string_view crn, const CaseUpdate& update, std::string_view changed_by,
                           UtcMillis now) = 0;
  // Records a check made at the office (a request, or with reply_to a reply
  // to a check of the same case, taking the request's kind) as the devices'
  // check records are, and merges it into the case. Error(not_found) for an unknown case or
  // request; Error(bad_input) for a reply that is not the case's.
  virtual void record_office_check(std::string_view crn, const CheckRecord& record, UtcMillis now) = 0;
  // Writes actions the office raised, merged or closed (office/office_rules.hpp)
  // as office records, in one transaction, keeping one open action per
  // (case, rule, kind) (office/office_actions.hpp): an action whose id the
  // office holds is updated only while it is still open there (a device's
  // later decision stands); a new open action for a triple that already has
  // an open one is folded into that one; a new closed action is ignored.
  // `by`: who wrote them ("office" for the rules, else an officer id, e.g.
  // a manager countersigning). Error(not_found) for an unknown case,
  // Error(bad_input) for an action of another case. Returns the actions as
  // written.
  virtual std::vector<Action> write_office_actions(std::string_view crn, std::span<const Action> actions,
                                                   std::string_view by, UtcMillis now) = 0;
  // Every earlier version of the case's facts, oldest first.
  [[nodiscard]] virtual std::vector<CaseVersion> case_history(std::string_view crn) = 0;
  [[nodiscard]] virtual std::optional<CaseRow> find_case(std::string_view crn) = 0;

  // ---- Sync.
  // Verifies the links continue the device's audit chain, authorises and
  // validates each change, applies them and the device's last sequence in
  // one transaction. Links at or below the last sequence are answered from
  // what was stored (a replay changes nothing). Throws SyncRefusal for a gap
  // or a broken chain (nothing applied). Returns only once that transaction
  // is committed; pushes arriving together may share it (group commit).
  virtual sync::PushResponse apply_push(const Device& device, std::span<const AuditLink> links, UtcMillis now) = 0;
  // Records in the device officer's caseload (a manager: the team) changed
  // after `cursor`, in order; the last page lists the caseload.
  virtual sync::PullResponse pull(const Device& device, std::string_view cursor, int limit) = 0;
  // The same page with each payload as the office stored it (JSON text, not
  // parsed again): what the office sends (sync::encode_pull_response).
  virtual sync::PullPageText pull_text(const Device& device, std::string_view cursor, int limit) = 0;

  // ---- What the office sees.
  // entity: note, visit, check, action, case; crn: nullopt for all cases.
  [[nodiscard]] virtual std::vector<RemoteRecord> records(std::string_view entity,
                                                          std::optional<std::string_view> crn) = 0;
  [[nodiscard]] virtual std::vector<ConflictRecord> conflicts() = 0;
  // Re-verifies every device chain as stored.
  [[nodiscard]] virtual std::vector<DeviceAudit> verify_audit() = 0;
  // Every change refused from any device, oldest first.
  [[nodiscard]] virtual std::vector<RefusedChange> refused_changes() = 0;
  // Replaces what `device_id` holds back from its pulls with `held`.
  virtual void record_device_held(std::string_view device_id, std::span<const sync::HeldReport> held,
                                  UtcMillis now) = 0;
  // What every device reported holding back, by device.
  [[nodiscard]] virtual std::vector<DeviceHeld> device_held() = 0;
};

// A push the office refuses as a whole (nothing applied): `kind` is "gap"
// (resend from expected_seq) or "chain_broken" (the device's audit chain
// does not continue what the office holds).
class SyncRefusal : public Error {
 public:
  SyncRefusal(std::string kind, const std::string& message, std::optional<std::int64_t> expected_seq = std::nullopt)
      : Error(ErrorCode::conflict, message), m_kind(std::move(kind)), m_expected_seq(expected_seq) {}
  [[nodiscard]] const std::string& kind() const { return m_kind; }
  [[nodiscard]] std::optional<std::int64_t> expected_seq() const { return m_expected_seq; }

 private:
  std::string m_kind;
  std::optional<std::int64_t> m_expected_seq;
};

// The embedded default: one SQLCipher file. `raw_key` is the SQLCipher
// raw-key literal x'<64 hex>'. create: Error(conflict) if the file exists.
std::unique_ptr<OfficeStore> create_sqlcipher_office_store(const std::filesystem::path& file, std::string_view raw_key,
                                                           UtcMillis now);
std::unique_ptr<OfficeStore> open_sqlcipher_office_store(const std::filesystem::path& file, std::string_view raw_key);

}  // namespace doorstep::office
