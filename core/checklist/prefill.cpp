#include "checklist/prefill.hpp"

#include "rules/purposeful.hpp"

namespace doorstep {

Answers prefill_answers(const Case& c) {
  Answers a;
  a["children_live_at_address"] = children_live_at_address(c, nullptr) ? "yes" : "no";
  return a;
}

}  // namespace doorstep
