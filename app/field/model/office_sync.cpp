#include "model/office_sync.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "model/keyed_store.hpp"
#include "util/error.hpp"

namespace doorstep::field {
namespace {

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

}  // namespace

std::string describe_office_error(const std::exception& e) {
  const auto* err = dynamic_cast<const Error*>(&e);
  if (!err) return std::string("Something went wrong: ") + e.what();
  switch (err->code()) {
    case ErrorCode::network:
      return std::string("The office could not be reached. Your records are safe on this device and will be sent "
                         "at the next sync. (") + e.what() + ")";
    case ErrorCode::revoked:
      return "The office has revoked this device. Its store has been wiped from this device; ask your office "
             "for a new enrollment code.";
    case ErrorCode::unauthenticated: return std::string("The office did not accept this device or code: ") + e.what();
    default: return e.what();
  }
}

OfficeSyncJob::OfficeSyncJob(StoreFolder folder, SecureKey key, const Clock& worker_clock,
                             TransportFactory make_transport, sync::SyncOptions options)
    : m_folder(std::move(folder)),
      m_key(std::move(key)),
      m_clock(worker_clock),
      m_make_transport(std::move(make_transport)),
      m_options(options) {
  if (m_key.empty()) throw Error(ErrorCode::usage, "sync needs the unlocked store's key");
  if (!m_make_transport) throw Error(ErrorCode::usage, "this build cannot reach an office");
}

SyncResult OfficeSyncJob::run(const std::function<void(const SyncProgressInfo&)>& progress) {
  SyncResult result;
  try {
    std::optional<Store> store(open_connection(m_folder, m_key, m_clock));
    m_key = SecureKey();  // SQLCipher holds it for this connection; drop our copy
    use_short_busy_waits(*store);
    auto transport = m_make_transport(sync::load_office_endpoint(*store));
    sync::SyncEngine engine(*store, *transport, sync::load_credentials(*store), m_options);
    engine.on_progress([&](const sync::SyncProgress& p) { progress(SyncProgressInfo{p.phase, p.done, p.total}); });
    const sync::SyncReport report = engine.run();
    result.ok = true;
    result.pushed = report.pushed;
    result.pulled = report.pulled;
    result.conflicts = report.conflicts;
    result.quarantined = report.quarantined;
    result.message = "Sync finished: sent " + std::to_string(report.pushed) + ", received " +
                     std::to_string(report.pulled) + ", conflicts " + std::to_string(report.conflicts) +
                     ", refused " + std::to_string(report.quarantined) +
                     (report.held > 0 ? ", held back " + std::to_string(report.held) : "") +
                     (report.purged.empty() ? "" : ", cases removed " + std::to_string(report.purged.size())) + ".";
  } catch (const Error& e) {
    result.ok = false;
    result.revoked = e.code() == ErrorCode::revoked;
    result.message = describe_office_error(e);
  } catch (const std::exception& e) {
    result.ok = false;
    result.message = describe_office_error(e);
  }
  m_key = SecureKey();
  return result;  // the store connection is closed here
}

EnrollmentTask::~EnrollmentTask() {
  if (m_thread.joinable()) m_thread.join();
}

void EnrollmentTask::start(const std::string& code_text, const std::string& passphrase, std::string label,
                           KdfParams kdf, StoreFolder folder, TransportFactory make_transport) {
  if (m_busy) throw Error(ErrorCode::usage, "an enrollment is already running");
  if (!make_transport) throw Error(ErrorCode::usage, "this build cannot reach an office");
  if (passphrase.empty()) throw Error(ErrorCode::bad_input, "choose a passphrase first");
  // Spaces and line breaks come along when a code is pasted from a message.
  std::string trimmed = code_text;
  trimmed.erase(std::remove_if(trimmed.begin(), trimmed.end(), [](unsigned char c) { return std::isspace(c) != 0; }),
                trimmed.end());
  sync::EnrollCode code = sync::EnrollCode::parse(trimmed);
  if (folder.exists())
    throw Error(ErrorCode::conflict, folder.dir().string() + ": a store already exists here; enrollment creates a new one");
  if (m_thread.joinable()) m_thread.join();
  m_busy = true;
  m_thread = std::jthread([this, code = std::move(code), pass = passphrase, label = std::move(label), kdf,
                           folder = std::move(folder), make_transport = std::move(make_transport)]() mutable {
    static const SystemClock clock;
    EnrollmentOutcome out;
    try {
      auto transport = make_transport(sync::OfficeEndpoint{code.host, code.port, code.pin});
      SecureKey key;
      auto enrolled = sync::enroll(*transport, code, label, [&](const StoreIdentity& id, const RecoveryPublicKey& pk) {
        KeyedStore ks = create_keyed(folder, pass, kdf, pk, id, clock);
        key = std::move(ks.key);
        return std::move(ks.store);
      });
      out.officer = enrolled.officer;
      out.key = std::move(key);
      out.ok = true;
    } catch (const std::exception& e) {
      out.message = describe_office_error(e);
    }
    wipe(pass);
    {
      const std::lock_guard lock(m_mutex);
      m_outcome = std::move(out);
    }
    if (m_wake) m_wake();
  });
}

std::optional<EnrollmentOutcome> EnrollmentTask::take() {
  std::optional<EnrollmentOutcome> out;
  {
    const std::lock_guard lock(m_mutex);
    out.swap(m_outcome);
  }
  if (out) m_busy = false;
  return out;
}

}  // namespace doorstep::field
