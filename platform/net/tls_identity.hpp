#pragma once
// The office's TLS certificate: made self-signed at `doorstep-office init`
// (OpenSSL 3 APIs, ECDSA P-256, SHA-256, SANs for every host name / IP),
// and its SPKI pin: SHA-256 of the DER SubjectPublicKeyInfo, which devices
// receive in the enrollment code and compare on every connection.
#include <openssl/types.h>

#include <optional>
#include <string>
#include <vector>

#include "sync/enroll_code.hpp"

namespace doorstep::net {

struct TlsIdentity {
  std::string cert_pem;
  std::string key_pem;  // PKCS#8, unencrypted: keep the file 0600
};

// Error(bad_input) for no hosts or an unusable name; Error(internal) if OpenSSL fails.
TlsIdentity make_self_signed_identity(const std::vector<std::string>& hosts, int valid_days);

// Error(bad_input) if `cert_pem` is not a PEM certificate.
sync::SpkiPin spki_pin_of(const std::string& cert_pem);

// The pin of a parsed certificate; nullopt if `cert` is null or OpenSSL fails.
// The client's handshake check uses this (no exceptions inside OpenSSL callbacks).
std::optional<sync::SpkiPin> spki_pin_of_cert(X509* cert);

}  // namespace doorstep::net
