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
  // A NULL payload is the audit link's at the same seq (schema v6).
  auto st = m_db.prepare(
      "SELECT o.seq, o.entity, o.entity_id, o.op, o.payload, a.change, o.hlc, o.created_at, o.state,"
      " o.quarantine_reason FROM outbox o LEFT JOIN audit_log a ON a.seq = o.seq AND o.payload IS NULL"
      " WHERE o.seq > ?1 ORDER BY o.seq LIMIT ?2");
  st.bind(1, after_seq).bind(2, limit);
  while (st.step()) {
    OutboxEntry e;
    e.seq = st.int64(0);
    e.entity = st.text(1);
    e.entity_id = st.text(2);
    e.op = st.text(3);
    if (!st.is_null(4)) {
      e.payload = nlohmann::json::parse(st.text(4));
    } else {
      if (st.is_null(5))
        throw Error(ErrorCode::damaged, m_db.path().string() + ": outbox entry " + std::to_string(e.seq) +
                                            " has no audit link to take its change from");
      const auto change = nlohmann::json::parse(st.text(5), nullptr, false);
      if (change.is_discarded() || !change.is_object() || !change.contains("payload"))
        throw Error(ErrorCode::damaged,
                    m_db.path().string() + ": audit link " + std::to_string(e.seq) + " holds no change payload");
      e.payload = change.at("payload");
    }
    e.hlc = static_cast<HlcValue>(st.int64(6));
    e.created_at = st.int64(7);
    e.quarantined = st.text(8) == "quarantined";
    e.quarantine_reason = st.optional_text(9);
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
