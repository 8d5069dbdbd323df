#pragma once
// Decoded case facts kept between console requests: a case is decoded again
// only when its facts' HLC changed (the office bumps it on every change), so
// the dashboard does not decode 600 cases per request. Thread-safe.
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "office/office_store.hpp"
#include "office/record_summaries.hpp"

namespace doorstep::office {

class CaseFactsCache {
 public:
  // The facts of every case in `index` (in its order), decoding through
  // `store` those not cached at their HLC. Cases gone from the index are
  // dropped from the cache.
  std::vector<Case> facts(const std::vector<CaseIndexEntry>& index, OfficeStore& store);

 private:
  struct Entry {
    HlcValue hlc = 0;
    Case facts;
  };
  std::mutex m_mutex;
  std::map<std::string, Entry, std::less<>> m_cases;
};

}  // namespace doorstep::office
