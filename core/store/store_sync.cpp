// Store: the audit chain walk and the sync outbox.
#include "store/store.hpp"
#include "store/store_write.hpp"
#include "util/error.hpp"

namespace doorstep {

std::vector<AuditLink> Store::audit_links(std::int64_t after_seq, int limit) {
  std::vector<AuditLink> out;
  auto st = m_db.prepare(
      "SELECT seq, prev_hash, hash, change, actor, at, device FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  st.bind(1, after_seq).bind(2, limit);
  while (st.step()) {
    AuditLink l;
    l.seq = st.int64(0);
    const auto prev = st.blob(1);
    const auto hash = st.blob(2);
    // A wrong-sized hash cannot verify; leave it zero and let the verifier say so.
    if (prev.size() == l.prev_hash.size()) std::copy(prev.begin(), prev.end(), l.prev_hash.begin());
    if (hash.size() == l.hash.size()) std::copy(hash.begin(), hash.end(), l.hash.begin());
    l.change = st.text(3);
    l.actor = st.text(4);
    l.at = st.int64(5);
    l.device = st.text(6);
    out.push_back(std::move(l));
  }
  return out;
}

AuditVerification Store::verify_audit() {
  AuditVerifier verifier;
  std::int64_t after = 0;
  for (;;) {
    const auto batch = audit_links(after, 1000);
    if (batch.empty()) break;
    for (const auto& link : batch) verifier.feed(link);
    if (!verifier.result().ok()) break;
    after = batch.back().seq;
  }
  return verifier.result();
}

std::vector<OutboxEntry> Store::outbox(std::int64_t after_seq, int limit) {
  std::vector<OutboxEntry> out;
  auto st = m_db.prepare(
      "SELECT seq, entity, entity_id, op, payload, hlc, created_at, state, quarantine_reason FROM outbox"
      " WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  st.bind(1, after_seq).bind(2, limit);
  while (st.step()) {
    OutboxEntry e;
    e.seq = st.int64(0);
    e.entity = st.text(1);
    e.entity_id = st.text(2);
    e.op = st.text(3);
    e.payload = nlohmann::json::parse(st.text(4));
    e.hlc = static_cast<HlcValue>(st.int64(5));
    e.created_at = st.int64(6);
    e.quarantined = st.text(7) == "quarantined";
    e.quarantine_reason = st.optional_text(8);
    out.push_back(std::move(e));
  }
  return out;
}

std::int64_t Store::outbox_pending_count() {
  auto st = m_db.prepare("SELECT count(*) FROM outbox WHERE state = 'pending'");
  st.step();
  return st.int64(0);
}

void Store::acknowledge_outbox(std::int64_t up_to_seq) {
  Transaction txn(m_db);
  m_db.prepare("DELETE FROM outbox WHERE seq <= ?1 AND state = 'pending'").bind(1, up_to_seq).run();
  txn.commit();
}

}  // namespace doorstep
