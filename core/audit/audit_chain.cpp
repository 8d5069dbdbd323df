#include "audit/audit_chain.hpp"

#include <sodium.h>

namespace doorstep {
namespace {

class Hasher {
 public:
  Hasher() { crypto_generichash_init(&m_state, nullptr, 0, 32); }
  void field(std::string_view bytes) {
    u64(bytes.size());
    crypto_generichash_update(&m_state, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  }
  void u64(std::uint64_t v) {
    unsigned char le[8];
    for (int i = 0; i < 8; ++i) le[i] = static_cast<unsigned char>(v >> (8 * i));
    crypto_generichash_update(&m_state, le, sizeof le);
  }
  AuditHash finish() {
    AuditHash out{};
    crypto_generichash_final(&m_state, out.data(), out.size());
    return out;
  }

 private:
  crypto_generichash_state m_state{};
};

}  // namespace

std::string canonical_change(const nlohmann::json& change) {
  // nlohmann::json objects keep keys sorted; dump() without indent has no spaces.
  return change.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

AuditHash audit_link_hash(const AuditHash& prev, std::int64_t seq, std::string_view change, std::string_view actor,
                          UtcMillis at, std::string_view device) {
  Hasher h;
  h.field(std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()));
  h.u64(static_cast<std::uint64_t>(seq));
  h.field(change);
  h.field(actor);
  h.u64(static_cast<std::uint64_t>(at));
  h.field(device);
  return h.finish();
}

AuditLink make_audit_link(const std::optional<AuditLink>& prev, std::string change, std::string actor, UtcMillis at,
                          std::string device) {
  AuditLink link;
  link.seq = prev ? prev->seq + 1 : 1;
  link.prev_hash = prev ? prev->hash : AuditHash{};
  link.change = std::move(change);
  link.actor = std::move(actor);
  link.at = at;
  link.device = std::move(device);
  link.hash = audit_link_hash(link.prev_hash, link.seq, link.change, link.actor, link.at, link.device);
  return link;
}

void AuditVerifier::feed(const AuditLink& link) {
  if (m_result.first_broken) return;
  auto broken = [&](std::string why) {
    m_result.first_broken = link.seq;
    m_result.problem = std::move(why);
  };
  if (link.seq != m_prev_seq + 1) {
    broken("link " + std::to_string(m_prev_seq + 1) + " is missing (found " + std::to_string(link.seq) + ")");
  } else if (link.prev_hash != m_prev) {
    broken("link " + std::to_string(link.seq) + " does not follow link " + std::to_string(m_prev_seq));
  } else if (audit_link_hash(link.prev_hash, link.seq, link.change, link.actor, link.at, link.device) != link.hash) {
    broken("link " + std::to_string(link.seq) + " was altered after it was written");
  } else {
    m_prev = link.hash;
    m_prev_seq = link.seq;
    ++m_result.links;
  }
}

}  // namespace doorstep
