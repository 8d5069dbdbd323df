#pragma once
// The office keeps what devices pushed as JSON payloads (RemoteRecord).
// These read a note or a visit back into the domain model, for the
// console's pages, the reports and the office's rules, validating as they go
// (Error(bad_input) naming the stored record's field). An action:
// office/office_actions.hpp, action_from_record.
#include "domain/model.hpp"
#include "store/store_remote.hpp"

namespace doorstep::office {

Note note_of(const RemoteRecord& r);
Visit visit_of(const RemoteRecord& r);

}  // namespace doorstep::office
