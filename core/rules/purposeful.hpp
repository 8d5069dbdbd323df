#pragma once
// What makes a home visit "purposeful" (../shared/domain/README.md), and the
// case history the rules and the briefing derive from it. Pure functions.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep {

// True when a child lives at the address: a child in the case household
// (unless marked as not living there), a child victim marked as living there,
// or the visit's `children_live_at_address` answer is "yes".
bool children_live_at_address(const Case& c, const Visit* visit);

// Why a visit is not purposeful, in plain words ("the person was not at
// home", ...). Empty means it is purposeful: outcome completed, person
// present, purpose explained, and the children living there seen. An
// unanswered item counts against the visit: a purposeful visit is evidenced.
std::vector<std::string> not_purposeful_reasons(const Case& c, const Visit& visit);
bool is_purposeful(const Case& c, const Visit& visit);

// The latest purposeful home visit: the case's recorded date, any purposeful
// earlier visit and (if given) the visit just finished; nullopt if none.
std::optional<Date> last_purposeful_visit(const Case& c, std::span<const Visit> earlier_visits,
                                          const Visit* visit);

// The day of the latest answer (a non-empty outcome or a result) to a check of
// `kind`: Check::answered_on() (the reply's day when a reply was recorded
// later); nullopt if none is answered.
std::optional<Date> latest_check_outcome(const Case& c, CheckKind kind);
// The date of the latest check of `kind`, with or without an outcome.
std::optional<Date> latest_check(const Case& c, CheckKind kind);
// The date of the oldest check of `kind` requested and not answered
// ("awaiting reply"); nullopt if none awaits a reply.
std::optional<Date> oldest_awaiting_check(const Case& c, CheckKind kind);
// The answered check with a concerning result (is_concerning) answered most
// recently (ties: the later request date, then kind); nullptr if none.
const Check* latest_concerning_check(const Case& c);

}  // namespace doorstep
