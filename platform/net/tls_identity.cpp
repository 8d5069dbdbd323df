#include "net/tls_identity.hpp"

#include <openssl/pem.h>
#include <openssl/rand.h>

#include "net/openssl_ptr.hpp"
#include "util/error.hpp"

namespace doorstep::net {
namespace {

void check(bool ok, const char* what) {
  if (!ok) throw Error(ErrorCode::internal, std::string("OpenSSL failed: ") + what);
}

bool is_ip(const std::string& h) {
  return Asn1OctetStringPtr(a2i_IPADDRESS(h.c_str())) != nullptr;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

TlsIdentity make_self_signed_identity(const std::vector<std::string>& hosts, int valid_days) {
  if (hosts.empty()) throw Error(ErrorCode::bad_input, "the certificate needs at least one host name or IP address");
  std::string san;
  for (const auto& h : hosts) {
    if (h.empty() || h.size() > 253 || h.find_first_of(", \t\n") != std::string::npos)
      throw Error(ErrorCode::bad_input, "'" + h + "' is not a host name or IP address");
    if (!san.empty()) san += ",";
    san += (is_ip(h) ? "IP:" : "DNS:") + h;
  }
  PkeyPtr key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EC key generation");
  X509Ptr cert(X509_new());
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  unsigned char serial[16];
  check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
  serial[0] &= 0x7f;
  BignumPtr bn(BN_bin2bn(serial, sizeof serial, nullptr));
  check(bn != nullptr && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) != nullptr, "serial");
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(valid_days) * 86400L) != nullptr, "notAfter");
  check(X509_set_pubkey(cert.get(), key.get()) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  const std::string cn = hosts.front().substr(0, 64);
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Doorstep office"),
                                   -1, -1, 0) == 1,
        "subject O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1,
                                   -1, 0) == 1,
        "subject CN");
  check(X509_set_issuer_name(cert.get(), name) == 1, "issuer");
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : std::vector<std::pair<int, std::string>>{
           {NID_subject_alt_name, san},
           {NID_basic_constraints, "critical,CA:FALSE"},
           {NID_key_usage, "critical,digitalSignature"},
           {NID_ext_key_usage, "serverAuth"}}) {
    X509ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext) throw Error(ErrorCode::bad_input, "cannot put '" + value + "' in a certificate");
    check(X509_add_ext(cert.get(), ext.get(), -1) == 1, "X509_add_ext");
  }
  check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

  TlsIdentity out;
  BioPtr cb(BIO_new(BIO_s_mem()));
  check(cb && PEM_write_bio_X509(cb.get(), cert.get()) == 1, "PEM_write_bio_X509");
  out.cert_pem = bio_text(cb.get());
  BioPtr kb(BIO_new(BIO_s_mem()));
  check(kb && PEM_write_bio_PrivateKey(kb.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey");
  out.key_pem = bio_text(kb.get());
  return out;
}

std::optional<sync::SpkiPin> spki_pin_of_cert(X509* cert) {
  if (!cert) return std::nullopt;
  unsigned char* raw = nullptr;
  const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &raw);
  const OpenSslBytes der(raw);
  if (len <= 0) return std::nullopt;
  sync::SpkiPin pin{};
  unsigned int out_len = 0;
  if (EVP_Digest(der.get(), static_cast<std::size_t>(len), pin.data(), &out_len, EVP_sha256(), nullptr) != 1 ||
      out_len != pin.size())
    return std::nullopt;
  return pin;
}

sync::SpkiPin spki_pin_of(const std::string& cert_pem) {
  BioPtr bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) throw Error(ErrorCode::bad_input, "not a PEM certificate");
  const auto pin = spki_pin_of_cert(cert.get());
  check(pin.has_value(), "SPKI SHA-256");
  return *pin;
}

}  // namespace doorstep::net
