#pragma once
// The office keeps what devices pushed as JSON payloads (RemoteRecord).
// These read a note, an action or a visit back into the domain model, for
// the console's pages and the reports, validating as they go
// (Error(bad_input) naming the stored record's field).
#include "domain/model.hpp"
#include "store/store_remote.hpp"

namespace doorstep::office {

Note note_of(const RemoteRecord& r);
Action action_of(const RemoteRecord& r);
Visit visit_of(const RemoteRecord& r);

}  // namespace doorstep::office
