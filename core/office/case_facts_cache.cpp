#include "office/case_facts_cache.hpp"

#include <set>

namespace doorstep::office {

std::vector<Case> CaseFactsCache::facts(const std::vector<CaseIndexEntry>& index, OfficeStore& store) {
  std::vector<Case> out;
  out.reserve(index.size());
  std::lock_guard lock(m_mutex);
  std::set<std::string_view> present;
  for (const auto& e : index) {
    present.insert(e.crn);
    auto it = m_cases.find(e.crn);
    if (it == m_cases.end() || it->second.hlc != e.hlc) {
      const auto row = store.find_case(e.crn);
      if (!row) continue;  // removed meanwhile
      it = m_cases.insert_or_assign(e.crn, Entry{row->hlc, row->facts}).first;
    }
    out.push_back(it->second.facts);
  }
  std::erase_if(m_cases, [&](const auto& kv) { return !present.contains(kv.first); });
  return out;
}

}  // namespace doorstep::office
