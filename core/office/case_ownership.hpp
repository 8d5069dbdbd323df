#pragma once
// Who owns which facts of a case (protocol v2, docs/security.md).
//
//   office-owned: name, date of birth, address, RoSH, MAPPA, child
//     protection status and dates, the DA flag, the sentence, restrictions,
//     victims. They come from the national systems and change only at the
//     office (import, `case update`).
//   device-owned: people added to the household from a visit, alerts raised
//     at the door (R14), inter-agency checks, the last purposeful visit.
//     Devices only ever add to these; nothing a device sends removes one.
//
// A device sends its whole copy of a case. Its copy may be stale (the office
// changed the RoSH since its last pull): that is not an attack. So the
// office keeps a fingerprint of every version of the office-owned facts it
// ever held for the case; a device copy whose office-owned facts match one
// of them is accepted for its device-owned additions only, and one matching
// none is an attempt to change office-owned facts and is rejected.
#include <string>
#include <vector>

#include "audit/audit_chain.hpp"
#include "domain/model.hpp"

namespace doorstep::office {

// BLAKE2b-256 over the canonical JSON of the office-owned facts.
AuditHash office_facts_fingerprint(const Case& c);

// The names of the office-owned fields where `device` differs from `office`
// (e.g. "rosh", "restrictions"); empty when they agree.
std::vector<std::string> office_owned_differences(const Case& office, const Case& device);

// Checks given with an imported case may come without an id. The office and
// every device name such a check "<CRN>-check-<i>", its place in the
// case's list, so copies of it meet by id: returns `c` with those ids filled.
Case with_check_ids(Case c);

// `office` with the device's additions: new household members (by name and
// relationship), new alerts, new checks (a check with an id the office
// holds replaces it when it is further along: answered, or answered
// later), a later last purposeful visit. A device's copy of a check the
// office still holds without an id (imported before ids were given) gives
// that check its id instead of being added twice.
// Commutative and idempotent in its additions, so the order devices push in
// does not matter.
Case with_device_additions(Case office, const Case& device);

// A pushed check record: a request (a new check), or a reply (`reply_to`)
// that answers the request with that id, dated the reply's day.
struct CheckRecord {
  std::string id;
  Check check;  // kind, date, outcome, result as pushed
  std::optional<std::string> reply_to;
};
// `c` with the record applied; a reply to a check the case does not list
// (yet) changes nothing.
Case with_check_record(Case c, const CheckRecord& record);

}  // namespace doorstep::office
