// init, passphrase change, audit verify.
#include <fmt/core.h>

#include "commands.hpp"
#include "common/program_edge.hpp"
#include "common/kdf_option.hpp"
#include "crypto/kdf_params.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "util/uuid.hpp"

namespace doorstep::cli {
void add_store_commands(CLI::App& app, CliSession& session) {
  auto* init = app.add_subcommand("init", "Create a new encrypted store (asks for a passphrase)");
  auto officer = std::make_shared<std::string>("officer");
  auto kdf = std::make_shared<std::string>("standard");
  auto recovery = std::make_shared<std::string>();
  init->add_option("--officer", *officer, "The officer id this device records as")->capture_default_str();
  cmdline::add_kdf_option(*init, *kdf);
  init->add_option("--recovery-key", *recovery, "Office recovery public key (64 hex digits)");
  init->callback([&session, officer, kdf, recovery] {
    std::optional<RecoveryPublicKey> pk;
    if (!recovery->empty()) {
      auto bytes = from_hex(*recovery);
      if (!bytes || bytes->size() != 32)
        throw Error(ErrorCode::bad_input, "--recovery-key: '" + *recovery + "' is not 64 hex digits");
      pk.emplace();
      std::copy(bytes->begin(), bytes->end(), pk->begin());
    }
    const std::string pass = session.new_passphrase();
    const StoreIdentity identity{*officer, make_uuid_v7(session.clock().now_utc_ms())};
    const auto folder = session.folder();
    Store store = folder.create(pass, cmdline::kdf_params_for(*kdf), pk, identity, session.clock());
    if (session.options().json) {
      CliSession::print_json({{"store", folder.dir().string()},
                              {"officer", identity.officer_id},
                              {"device", identity.device_id}});
    } else {
      cmdline::show("Created an encrypted store in {}\nofficer {}, device {}\n", folder.dir().string(),
                 identity.officer_id, identity.device_id);
    }
  });

  auto* pass = app.add_subcommand("passphrase", "Manage the store passphrase");
  pass->require_subcommand(1);
  auto* change = pass->add_subcommand("change", "Change the passphrase (the store is not re-encrypted)");
  change->callback([&session] {
    const std::string old_pass = session.passphrase("Current passphrase: ");
    const std::string new_pass = session.new_passphrase();
    session.folder().change_passphrase(old_pass, new_pass, KdfParams::interactive_default(), session.clock());
    cmdline::show("Passphrase changed.\n");
  });

  auto* audit = app.add_subcommand("audit", "The tamper-evident audit chain");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Walk the audit chain and name the first broken link");
  verify->callback([&session] {
    Store store = session.open_store();
    const auto result = store.verify_audit();
    if (session.options().json) {
      nlohmann::json j = {{"ok", result.ok()}, {"links", result.links}};
      if (!result.ok()) {
        j["first_broken"] = *result.first_broken;
        j["problem"] = result.problem;
      }
      CliSession::print_json(j);
    } else if (result.ok()) {
      cmdline::show("Audit chain intact: {} links verified.\n", result.links);
    } else {
      cmdline::show("Audit chain BROKEN at link {}: {} ({} links before it verified).\n", *result.first_broken,
                 result.problem, result.links);
    }
    if (!result.ok()) throw Error(ErrorCode::damaged, "the audit chain does not verify");
  });
}

}  // namespace doorstep::cli
