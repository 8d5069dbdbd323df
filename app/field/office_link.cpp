#include "office_link.hpp"

namespace doorstep::field {

void connect_to_office(AppConfig& config, TransportFactory make_transport, const Clock& worker_clock,
                       sync::SyncOptions options) {
  config.make_transport = make_transport;
  config.sync_available = [](Session& s) { return s.is_enrolled(); };
  config.make_sync_job = [store_dir = config.store_dir, make_transport = std::move(make_transport), &worker_clock,
                          options](Session& s) -> std::unique_ptr<SyncJob> {
    // A copy of the DEK in sodium memory; the job drops it once its own
    // connection is open (model/keyed_store.hpp).
    return std::make_unique<OfficeSyncJob>(StoreFolder(store_dir), SecureKey::from_bytes(s.key().bytes()), worker_clock,
                                           make_transport, options);
  };
}

}  // namespace doorstep::field
