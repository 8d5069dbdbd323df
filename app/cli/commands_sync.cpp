// enroll, sync, conflicts, quarantine: the device's side of the office.
#include <fmt/core.h>
#include <unistd.h>

#include "commands.hpp"
#include "common/exit_codes.hpp"
#include "common/kdf_option.hpp"
#include "common/program_edge.hpp"
#include "crypto/kdf_params.hpp"
#include "net/https_transport.hpp"
#include "standing_review.hpp"
#include "sync/enroll_code.hpp"
#include "sync/enrollment.hpp"
#include "sync/sync_engine.hpp"
#include "util/error.hpp"

namespace doorstep::cli {
namespace {

std::unique_ptr<net::HttpsTransport> transport_for(Store& store) {
  const auto office = sync::load_office_endpoint(store);
  return std::make_unique<net::HttpsTransport>(office.host, office.port, office.pin);
}

}  // namespace

void add_sync_commands(CLI::App& app, CliSession& session) {
  // ---- enroll
  auto* enroll = app.add_subcommand("enroll", "Enroll this device with the office and create its store");
  auto code_text = std::make_shared<std::string>();
  auto label = std::make_shared<std::string>();
  auto kdf = std::make_shared<std::string>("standard");
  enroll->add_option("CODE", *code_text, "The enrollment code from the office")->required();
  enroll->add_option("--label", *label, "A name for this device, shown to the office");
  cmdline::add_kdf_option(*enroll, *kdf);
  enroll->callback([&session, code_text, label, kdf] {
    const auto code = sync::EnrollCode::parse(*code_text);
    const auto folder = session.folder();
    if (folder.exists())
      throw Error(ErrorCode::conflict, folder.dir().string() + ": a store already exists here; enrollment creates a new one");
    const std::string pass = session.new_passphrase();  // before the code is spent
    net::HttpsTransport transport(code.host, code.port, code.pin);
    const KdfParams params = cmdline::kdf_params_for(*kdf);
    const auto enrolled = sync::enroll(transport, code, *label, [&](const StoreIdentity& id, const RecoveryPublicKey& pk) {
      return folder.create(pass, params, pk, id, session.clock());
    });
    const auto& officer = enrolled.officer;
    if (session.options().json) {
      CliSession::print_json({{"store", folder.dir().string()}, {"officer", officer.id}, {"device", enrolled.device_id}});
    } else {
      cmdline::show("Enrolled: officer {} ({}), device {}\nStore created in {}. Run `doorstep-cli sync` to fetch the caseload.\n",
                 officer.id, officer.name, enrolled.device_id, folder.dir().string());
    }
  });

  // ---- sync
  auto* sync_cmd = app.add_subcommand("sync", "Push unsent records to the office and pull the caseload");
  sync_cmd->callback([&session] {
    const auto folder = session.folder();
    sync::SyncReport report;
    {
      std::optional<Store> store(session.open_store());
      auto transport = transport_for(*store);
      sync::SyncEngine engine(*store, *transport, sync::load_credentials(*store));
      const bool progress = !session.options().json && isatty(STDERR_FILENO);
      if (progress) {
        engine.on_progress([](const sync::SyncProgress& p) {
          if (p.total > 0)
            cmdline::show(stderr, "\r{} {}/{}   ", p.phase, p.done, p.total);
          else
            cmdline::show(stderr, "\r{} {}   ", p.phase, p.done);
        });
      }
      try {
        report = engine.run();
      } catch (const Error& e) {
        if (progress) cmdline::show(stderr, "\n");
        if (e.code() != ErrorCode::revoked) throw;
        store.reset();  // close the store before destroying it
        folder.wipe();
        throw Error(ErrorCode::revoked, std::string(e.what()) + "; this device's store and key file were destroyed");
      }
      if (progress) cmdline::show(stderr, "\n");
      // What the office sent may change what is due (a case update, a check
      // reply): the standing rules run over the caseload after every sync.
      (void)review_caseload(*store, session.clock(), session.options().json);
    }
    if (session.options().json) {
      CliSession::print_json({{"pushed", report.pushed},
                              {"pulled", report.pulled},
                              {"conflicts", report.conflicts},
                              {"quarantined", report.quarantined},
                              {"held", report.held},
                              {"purged", report.purged},
                              {"pending", report.pending}});
    } else {
      cmdline::show("pushed {}, pulled {}, conflicts {}, quarantined {}, held back {}, purged {}, still pending {}\n",
                 report.pushed, report.pulled, report.conflicts, report.quarantined, report.held, report.purged.size(),
                 report.pending);
    }
    if (report.quarantined > 0 || report.held > 0)
      throw cmdline::ExitStatus(cmdline::kQuarantined,
                                std::to_string(report.quarantined) + " change(s) refused by the office and " +
                                    std::to_string(report.held) +
                                    " pulled record(s) held back on this device: see `doorstep-cli quarantine`");
  });

  // ---- conflicts / quarantine (no network)
  auto* conflicts = app.add_subcommand("conflicts", "Values that lost to a later change at the office");
  conflicts->callback([&session] {
    Store store = session.open_store();
    const auto list = store.list_conflicts();
    if (session.options().json) {
      auto out = nlohmann::json::array();
      for (const auto& c : list) out.push_back(to_json(c));
      return CliSession::print_json(out);
    }
    if (list.empty()) cmdline::show("No conflicts.\n");
    for (const auto& c : list)
      cmdline::show("{} {} {}: a change from device {} lost; kept value: {}\n", c.crn, c.entity, c.entity_id, c.loser_device,
                 c.loser.dump());
  });
  auto* quarantine = app.add_subcommand(
      "quarantine", "Changes the office refused, and records from the office this device held back, with the reasons");
  quarantine->callback([&session] {
    Store store = session.open_store();
    auto out = nlohmann::json::array();
    std::int64_t after = 0;
    for (;;) {
      const auto batch = store.outbox(after, 500);
      if (batch.empty()) break;
      for (const auto& e : batch) {
        if (e.quarantined)
          out.push_back({{"seq", e.seq}, {"entity", e.entity}, {"id", e.entity_id}, {"reason", e.quarantine_reason.value_or("")},
                         {"payload", e.payload}});
      }
      after = batch.back().seq;
    }
    auto held = nlohmann::json::array();
    for (const auto& h : store.list_pull_held())
      held.push_back({{"entity", h.entity}, {"id", h.id}, {"crn", h.crn}, {"reason", h.reason},
                      {"waiting", h.waiting}, {"held_at", format_utc(h.held_at)}});
    if (session.options().json) return CliSession::print_json({{"refused_by_office", out}, {"held_back", held}});
    if (out.empty() && held.empty()) cmdline::show("Nothing quarantined.\n");
    for (const auto& q : out)
      cmdline::show("refused by the office: #{} {} {}: {}\n", q["seq"].get<std::int64_t>(), q["entity"].get<std::string>(),
                 q["id"].get<std::string>(), q["reason"].get<std::string>());
    for (const auto& h : held)
      cmdline::show("held back on this device: {} {} ({}): {}\n", h["entity"].get<std::string>(),
                 h["id"].get<std::string>(), h["crn"].get<std::string>(), h["reason"].get<std::string>());
  });
}

}  // namespace doorstep::cli
