#include "net/tls_session_cache.hpp"

#include <openssl/crypto.h>

#include <ctime>
#include <list>
#include <mutex>
#include <utility>

#include "net/tls_identity.hpp"

namespace doorstep::net {
namespace {

std::string key_of(const std::string& host, int port, const sync::SpkiPin& pin) {
  std::string key = host + ":" + std::to_string(port) + "/";
  key.append(reinterpret_cast<const char*>(pin.data()), pin.size());
  return key;
}

// Still within its lifetime (the office's ticket_lifetime_hint), and made
// with the pinned certificate.
bool usable(SSL_SESSION* s, const sync::SpkiPin& pin) {
  if (!SSL_SESSION_is_resumable(s)) return false;
  const auto now = static_cast<long long>(std::time(nullptr));
  const auto lifetime = static_cast<long long>(SSL_SESSION_get_ticket_lifetime_hint(s));
  if (static_cast<long long>(SSL_SESSION_get_time(s)) + lifetime <= now) return false;
  X509* peer = SSL_SESSION_get0_peer(s);
  if (!peer) return false;
  const auto got = spki_pin_of_cert(peer);
  return got && CRYPTO_memcmp(got->data(), pin.data(), pin.size()) == 0;
}

}  // namespace

struct TlsSessionCache::Impl {
  std::mutex mu;
  std::list<std::pair<std::string, SslSessionPtr>> entries;  // newest last
};

TlsSessionCache::TlsSessionCache() : m_impl(std::make_unique<Impl>()) {}
TlsSessionCache::~TlsSessionCache() = default;

TlsSessionCache& TlsSessionCache::process() {
  static TlsSessionCache cache;
  return cache;
}

void TlsSessionCache::put(const std::string& host, int port, const sync::SpkiPin& pin, SslSessionPtr session) {
  if (!session) return;
  const std::string key = key_of(host, port, pin);
  std::lock_guard lock(m_impl->mu);
  auto& e = m_impl->entries;
  std::erase_if(e, [&](const auto& kv) { return kv.first == key; });
  if (e.size() >= kMaxOffices) e.pop_front();
  e.emplace_back(key, std::move(session));
}

SslSessionPtr TlsSessionCache::find(const std::string& host, int port, const sync::SpkiPin& pin) {
  const std::string key = key_of(host, port, pin);
  std::lock_guard lock(m_impl->mu);
  for (auto it = m_impl->entries.begin(); it != m_impl->entries.end(); ++it) {
    if (it->first != key) continue;
    if (!usable(it->second.get(), pin)) {
      m_impl->entries.erase(it);
      return nullptr;
    }
    SSL_SESSION_up_ref(it->second.get());
    return SslSessionPtr(it->second.get());
  }
  return nullptr;
}

void TlsSessionCache::clear() {
  std::lock_guard lock(m_impl->mu);
  m_impl->entries.clear();
}

}  // namespace doorstep::net
