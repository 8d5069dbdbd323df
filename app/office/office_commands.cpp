// doorstep-office commands: init, serve, recover, officer, enroll-code, device, case,
// notes, visits, actions, conflicts, audit.
#include "office_commands.hpp"
#include "common/program_edge.hpp"

#include <fmt/core.h>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/exit_codes.hpp"
#include "common/kdf_option.hpp"
#include "crypto/atomic_file.hpp"
#include "crypto/key_file.hpp"
#include "crypto/passphrase_policy.hpp"
#include "device/store_folder.hpp"
#include "domain/json_codec.hpp"
#include "net/https_server.hpp"
#include "net/tls_identity.hpp"
#include "console/console_app.hpp"
#include "office/console_password.hpp"
#include "office/office_rules.hpp"
#include "office/office_service.hpp"
#include "rules/assets_dir.hpp"
#include "terminal/passphrase_prompt.hpp"
#include "office_data.hpp"
#include "sync/enroll_code.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "util/log_text.hpp"
#include "util/uuid.hpp"

namespace doorstep::office_app {
namespace {

using nlohmann::json;

OfficeData data_of(const OfficeOptions& o) { return OfficeData(o.data_dir.empty() ? "office-data" : o.data_dir); }

using cmdline::print_json;
using cmdline::read_input;

std::string one_line(std::string s, std::size_t max) {
  for (auto& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s.size() > max ? s.substr(0, max - 3) + "..." : s;
}

void setup_server_log() {
  auto logger = spdlog::stderr_logger_mt("office");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
}

// Data folders made before the offline recovery key still hold the secret.
// serve keeps working (refusing would stop every tablet's sync) but says so
// loudly, every start, until the file is moved away.
void warn_if_recovery_secret_in(const OfficeData& data) {
  if (!data.holds_recovery_secret()) return;
  const std::string path = data.legacy_recovery_secret().string();
  cmdline::show(stderr,
                "WARNING: {} holds the office RECOVERY SECRET, which opens every tablet's data key.\n"
                "  Anyone who copies the data folder (or its backups) can read every enrolled tablet.\n"
                "  Move it offline now: copy it to offline storage, then delete it here. It still works as\n"
                "    doorstep-office recover --recovery-key FILE --store TABLET_STORE_FOLDER\n"
                "  The server does not need it.\n",
                path);
}

// Every connection is a descriptor: let the server use all it may, so its
// connection caps (not EMFILE) are what limits it.
void raise_descriptor_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &lim);
  }
}

// The rule set tablets use: the newest assets/rules/rules-v<N>.json.
RuleSet office_rule_set() { return RuleSet::load_newest(default_assets_dir() / "rules"); }

// Runs the standing rules over one case after an office write and says
// what they did; a failure is reported, never hides the write that succeeded.
void run_rules_after_write(office::OfficeStore& store, std::string_view crn, UtcMillis now,
                           std::optional<Rosh> previous_rosh = std::nullopt) {
  try {
    const auto written = office::run_case_rules(store, office_rule_set(), crn, utc_date(now), now, previous_rosh);
    for (const auto& a : written)
      cmdline::show("  follow-up {} {} ({}): {}\n", to_string(a.kind), a.status == ActionStatus::open ? "open" : "closed",
                    a.rule, a.status == ActionStatus::open ? a.reasons.back() : a.outcome.value_or(""));
  } catch (const Error& e) {
    cmdline::show(stderr, "warning: the standing rules did not run for {}: {}\n", crn, e.what());
  }
}

// Inside serve: the standing rules over every case at start and again
// whenever the date changes, so an overdue visit is raised though no
// tablet synced. Stops (joins) on destruction.
class DailyRules {
 public:
  DailyRules(office::OfficeStore& store, const RuleSet& rules, const Clock& clock)
      : m_thread([this, &store, &rules, &clock] { run(store, rules, clock); }) {}
  ~DailyRules() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;  // a pass under way stops at its next case
    }
    m_wake.notify_all();
    m_thread.join();
  }
  DailyRules(const DailyRules&) = delete;
  DailyRules& operator=(const DailyRules&) = delete;

 private:
  void run(office::OfficeStore& store, const RuleSet& rules, const Clock& clock) {
    std::optional<Date> done_for;
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
      const UtcMillis now = clock.now_utc_ms();
      if (done_for != utc_date(now)) {
        lock.unlock();
        try {
          const auto s = office::run_rules_everywhere(store, rules, utc_date(now), now, &m_stop);
          spdlog::info("event=daily_rules date={} cases={} raised={} updated={} closed={}", utc_date(now).to_string(),
                       s.cases, s.raised, s.updated, s.closed);
          if (!m_stop) done_for = utc_date(now);
        } catch (const std::exception& e) {
          spdlog::error("event=daily_rules_failed error={}", escape_for_log(e.what(), 200));
        }
        lock.lock();
      }
      m_wake.wait_for(lock, std::chrono::minutes(1), [this] { return m_stop.load(); });
    }
  }

  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::atomic<bool> m_stop = false;
  std::thread m_thread;  // last: starts once the members it uses exist
};

void serve(const OfficeOptions& o, const std::string& listen, const net::ServerOptions& server_options) {
  warn_if_recovery_secret_in(data_of(o));
  std::string host;
  int port = 0;
  sync::split_host_port(listen, host, port);
  const OfficeData data = data_of(o);
  // The console's store sits beside the office's (the same file, or the
  // same PostgreSQL database), on a connection of its own.
  std::unique_ptr<office::OfficeStore> store;
  std::unique_ptr<office::ConsoleStore> console_store;
  try {
    store = data.open_store();
    console_store = data.open_console_store();
  } catch (const Error& e) {
    // PostgreSQL down at start: say so and exit with its own code (a
    // supervisor restarts serve; nothing was served or changed).
    if (e.code() != ErrorCode::network) throw;
    throw cmdline::ExitStatus(cmdline::kDatabaseUnavailable,
                              std::string("serve: the office database cannot be reached: ") + e.what());
  }
  SystemClock clock;
  office::OfficeService service(*store, clock, data.recovery_public_key());
  const auto pin = net::spki_pin_of(data.cert_pem());
  const std::string advertise = data.advertise();
  ConsoleApp console(*store, *console_store, clock, default_assets_dir(),
                     [&service, pin, advertise](const std::string& officer) {
                       sync::EnrollCode c;
                       sync::split_host_port(advertise, c.host, c.port);
                       c.pin = pin;
                       c.secret = service.issue_enroll_secret(officer, 24LL * 3600 * 1000);
                       return c.to_string();
                     });
  const RuleSet rules = office_rule_set();
  service.run_rules_after_push(rules);
  // Block SIGTERM/SIGINT before any thread starts, then wait for them here:
  // the server threads never see a signal, and shutdown is an ordinary call.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  setup_server_log();
  raise_descriptor_limit();
  net::OfficeHttpsServer server(service, data.cert_pem(), data.key_pem(), server_options);
  server.serve_console([&console](const net::WebRequest& r) { return console.handle(r); });
  const int bound = server.bind(host, port);
  server.start();
  DailyRules daily(*store, rules, clock);
  if (data.holds_recovery_secret()) spdlog::warn("event=recovery_secret_in_data_folder action=move_it_offline");
  spdlog::info(
      "event=listening address={}:{} pin={} io_threads={} workers={} queue={} queue_mib={} max_connections={} "
      "max_per_peer={}",
      escape_for_log(host, 64), bound, to_hex(net::spki_pin_of(data.cert_pem())), server_options.io_threads,
      server_options.worker_threads, server_options.worker_queue, server_options.worker_queue_bytes >> 20,
      server_options.max_connections, server_options.max_connections_per_peer);
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("event=stopping signal={}", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  server.stop();
  spdlog::info("event=stopped");
}

struct RecoverOptions {
  std::string recovery_key, store_dir, key_file, kdf = "standard";
  bool passphrase_stdin = false;
};

void recover(const OfficeOptions& o, const RecoverOptions& r) {
  if (r.store_dir.empty() == r.key_file.empty())
    throw Error(ErrorCode::usage, "recover: give the tablet's store folder (--store DIR) or its key file (--key-file FILE)");
  const std::filesystem::path key_file =
      r.key_file.empty() ? StoreFolder(r.store_dir).key_file() : std::filesystem::path(r.key_file);
  std::optional<std::string> text = read_file_if_exists(r.recovery_key, 64 * 1024);
  if (!text) throw Error(ErrorCode::not_found, r.recovery_key + ": no such recovery key file");
  const RecoveryKeyPair office_key = parse_recovery_key_file(*text, r.recovery_key);
  sodium_memzero(text->data(), text->size());

  // Check that this key opens this store before asking for a passphrase.
  const KeyFile current = read_key_file(key_file);
  try {
    (void)recover_with_office_key(current, office_key.public_key, office_key.secret_key);
  } catch (const Error& e) {
    throw Error(e.code(), r.recovery_key + " cannot recover " + key_file.string() + ": " + e.what() +
                              ". Nothing was changed.");
  }
  const std::string pass = cmdline::read_new_passphrase(r.passphrase_stdin);
  require_acceptable_passphrase(pass);
  SystemClock clock;
  reset_key_file_with_recovery(key_file, office_key, pass, cmdline::kdf_params_for(r.kdf), clock);
  if (o.json) {
    print_json({{"key_file", key_file.string()}, {"store_id", current.store_id}, {"recovered", true}});
  } else {
    cmdline::show("New passphrase set for store {} ({}).\nThe officer unlocks with it now; every record is kept.\n",
                  current.store_id, key_file.string());
  }
}

}  // namespace

void add_office_commands(CLI::App& app, OfficeOptions& o) {
  // ---- init
  auto* init = app.add_subcommand("init", "Create the office store, TLS certificate and recovery key pair");
  auto init_opts = std::make_shared<InitOptions>();
  init->add_option("--host", init_opts->hosts, "Host name or IP the certificate is for (repeat; default localhost, 127.0.0.1)");
  init->add_option("--advertise", init_opts->advertise, "HOST:PORT devices use, written into enrollment codes");
  init->add_option("--cert", init_opts->cert_file, "Use this PEM certificate instead of a self-signed one");
  init->add_option("--key", init_opts->key_file, "The PEM private key for --cert");
  init->add_option("--database", init_opts->database,
                   "Keep the office store in this PostgreSQL database (postgresql://...; default "
                   "$DOORSTEP_OFFICE_DATABASE, else the embedded SQLCipher office.db)");
  init->add_option("--recovery-out", init_opts->recovery_out,
                   "Where to write the offline recovery key, once (mode 0600, never overwritten, not inside the "
                   "data folder; default ./doorstep-recovery-YYYY-MM-DD.key)");
  init->callback([&o, init_opts] {
    if (init_opts->hosts.empty()) init_opts->hosts = {"localhost", "127.0.0.1"};
    SystemClock clock;
    const OfficeData data = data_of(o);
    const InitResult result = data.init(*init_opts, clock.now_utc_ms());
    const std::string recovery = result.recovery_file.string();
    if (o.json) {
      print_json({{"data", data.dir().string()},
                  {"spki_pin", result.spki_pin},
                  {"advertise", data.advertise()},
                  {"recovery_key_file", recovery},
                  {"recovery_key_instruction", "move this file offline now; it is not kept in the data folder"}});
    } else {
      cmdline::show("Created the office in {}\ncertificate SPKI pin (SHA-256): {}\nenrollment codes will point at {}\n",
                    data.dir().string(), result.spki_pin, data.advertise());
      cmdline::show(
          "\nRECOVERY KEY written to {} (readable by you only).\n"
          "  It opens the data key of EVERY tablet enrolled with this office.\n"
          "  Move it OFFLINE now (e.g. two USB sticks in the office safe) and delete it from this machine.\n"
          "  It is not kept in the data folder and cannot be shown again.\n"
          "  When an officer forgets a passphrase:\n"
          "    doorstep-office recover --recovery-key {} --store TABLET_STORE_FOLDER\n",
          recovery, recovery);
    }
  });

  // ---- serve
  auto* srv = app.add_subcommand("serve", "Serve sync over HTTPS until SIGTERM / SIGINT");
  auto listen = std::make_shared<std::string>("127.0.0.1:8443");
  srv->add_option("--listen", *listen, "HOST:PORT to listen on")->capture_default_str();
  auto srv_opts = std::make_shared<net::ServerOptions>();
  srv->add_option("--io-threads", srv_opts->io_threads, "Threads for network I/O")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  srv->add_option("--workers", srv_opts->worker_threads, "Threads handling requests (store work)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  srv->add_option("--queue", srv_opts->worker_queue, "Requests waiting for a worker before 503 busy")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  auto queue_mib = std::make_shared<std::size_t>(srv_opts->worker_queue_bytes >> 20);
  srv->add_option("--queue-mib", *queue_mib,
                  "MiB of request bodies waiting for a worker before 503 busy (a request finding the queue empty "
                  "is always taken)")
      ->check(CLI::Range(1, 65536))
      ->capture_default_str();
  srv->add_option("--max-connections", srv_opts->max_connections, "Open connections in total")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  srv->add_option("--max-connections-per-peer", srv_opts->max_connections_per_peer,
                  "Open connections from one IP address")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  srv->callback([&o, listen, srv_opts, queue_mib] {
    srv_opts->worker_queue_bytes = *queue_mib << 20;
    serve(o, *listen, *srv_opts);
  });

  // ---- recover
  auto* rec = app.add_subcommand(
      "recover",
      "Set a new passphrase on a tablet's store with the offline recovery key (for a forgotten passphrase; "
      "the store is not re-encrypted and nothing in it is lost). Needs no office data folder.");
  auto rec_opts = std::make_shared<RecoverOptions>();
  rec->add_option("--recovery-key", rec_opts->recovery_key, "The offline recovery key file written by init")
      ->required();
  auto* rec_store = rec->add_option("--store", rec_opts->store_dir, "The tablet's store folder (holds keyfile.json)");
  auto* rec_key = rec->add_option("--key-file", rec_opts->key_file, "The tablet's key file alone, instead of --store");
  rec_store->excludes(rec_key);
  rec->add_flag("--passphrase-stdin", rec_opts->passphrase_stdin,
                "Read the new passphrase from the first line of standard input (else $DOORSTEP_NEW_PASSPHRASE, "
                "else asked twice)");
  cmdline::add_kdf_option(*rec, rec_opts->kdf);
  rec->callback([&o, rec_opts] { recover(o, *rec_opts); });

  // ---- officer add
  auto* officer = app.add_subcommand("officer", "Officers and managers");
  officer->require_subcommand(1);
  auto* oadd = officer->add_subcommand("add", "Add an officer (or a manager with --manager)");
  auto new_officer = std::make_shared<office::Officer>();
  auto team = std::make_shared<std::string>();
  oadd->add_option("ID", new_officer->id, "Officer id")->required();
  oadd->add_option("--name", new_officer->name, "Display name")->required();
  oadd->add_flag("--manager", new_officer->is_manager, "A manager: sees the team's cases");
  oadd->add_option("--team", *team, "Team id");
  auto admin = std::make_shared<bool>(false);
  oadd->add_flag("--admin", *admin, "An administrator of the console: officers, devices, enrolment (no case content unless also --manager)");
  oadd->callback([&o, new_officer, team, admin] {
    if (!team->empty()) new_officer->team = *team;
    if (new_officer->id.empty() || new_officer->id.size() > 64)
      throw Error(ErrorCode::bad_input, "officer id must be 1..64 characters");
    const OfficeData data = data_of(o);
    data.open_store()->add_officer(*new_officer);
    if (*admin) data.open_console_store()->set_admin(new_officer->id, true);
    cmdline::show("Added {} {}{}\n", new_officer->is_manager ? "manager" : "officer", new_officer->id,
                  *admin ? " (console administrator)" : "");
  });
  auto* opass = officer->add_subcommand(
      "password", "Set an officer's console password (from $DOORSTEP_NEW_PASSWORD, else asked twice at the terminal); "
                  "signs out their console sessions");
  auto pass_id = std::make_shared<std::string>();
  auto pass_kdf = std::make_shared<std::string>("standard");
  opass->add_option("ID", *pass_id, "Officer id")->required();
  cmdline::add_kdf_option(*opass, *pass_kdf);
  opass->callback([&o, pass_id, pass_kdf] {
    const OfficeData data = data_of(o);
    if (!data.open_store()->find_officer(*pass_id)) throw Error(ErrorCode::not_found, "no officer " + *pass_id);
    std::string password;
    if (const char* env = std::getenv("DOORSTEP_NEW_PASSWORD"); env && *env) {
      password = env;
    } else {
      auto first = platform::prompt_passphrase("New console password: ");
      if (!first) throw Error(ErrorCode::usage, "no password: type it at a terminal, or set DOORSTEP_NEW_PASSWORD");
      auto second = platform::prompt_passphrase("New console password again: ");
      if (!second || *first != *second) throw Error(ErrorCode::usage, "the two passwords differ");
      password = *first;
    }
    const std::string hash = office::hash_console_password(password, cmdline::kdf_params_for(*pass_kdf));
    sodium_memzero(password.data(), password.size());
    auto console = data.open_console_store();
    console->set_password_hash(*pass_id, hash);
    console->end_sessions_of(*pass_id);
    cmdline::show("Console password set for {}\n", *pass_id);
  });
  auto* olist = officer->add_subcommand("list", "List officers");
  olist->callback([&o] {
    json out = json::array();
    for (const auto& x : data_of(o).open_store()->list_officers()) {
      out.push_back({{"id", x.id}, {"name", x.name}, {"is_manager", x.is_manager}, {"team", x.team.value_or("")}});
    }
    if (o.json) return print_json(out);
    for (const auto& x : out)
      cmdline::show("{:<16} {:<8} {:<12} {}\n", x["id"].get<std::string>(), x["is_manager"].get<bool>() ? "manager" : "officer",
                 x["team"].get<std::string>(), x["name"].get<std::string>());
  });

  // ---- enroll-code
  auto* code = app.add_subcommand("enroll-code", "Issue a one-time enrollment code for an officer's device");
  auto code_officer = std::make_shared<std::string>();
  auto ttl_hours = std::make_shared<int>(24);
  auto server_addr = std::make_shared<std::string>();
  code->add_option("OFFICER_ID", *code_officer, "Officer the device will belong to")->required();
  code->add_option("--ttl-hours", *ttl_hours, "Hours until the code expires")->check(CLI::Range(1, 24 * 14))->capture_default_str();
  code->add_option("--advertise,--server", *server_addr,
                   "HOST:PORT to put in the code, e.g. one of several serve processes (default: the advertised "
                   "address)");
  code->callback([&o, code_officer, ttl_hours, server_addr] {
    const OfficeData data = data_of(o);
    auto store = data.open_store();
    SystemClock clock;
    office::OfficeService service(*store, clock, data.recovery_public_key());
    sync::EnrollCode c;
    sync::split_host_port(server_addr->empty() ? data.advertise() : *server_addr, c.host, c.port);
    c.pin = net::spki_pin_of(data.cert_pem());
    c.secret = service.issue_enroll_secret(*code_officer, static_cast<UtcMillis>(*ttl_hours) * 3600 * 1000);
    if (o.json) return print_json({{"code", c.to_string()}, {"officer", *code_officer}, {"ttl_hours", *ttl_hours}});
    cmdline::show("{}\n", c.to_string());
  });

  // ---- device list / revoke
  auto* device = app.add_subcommand("device", "Enrolled devices");
  device->require_subcommand(1);
  auto* dlist = device->add_subcommand("list", "List devices");
  dlist->callback([&o] {
    json out = json::array();
    for (const auto& d : data_of(o).open_store()->list_devices()) {
      json j = {{"id", d.id}, {"officer", d.officer_id}, {"label", d.label}, {"enrolled_at", format_utc(d.enrolled_at)},
                {"last_seq", d.last_seq}, {"revoked", d.revoked_at.has_value()}};
      if (d.last_seen) j["last_seen"] = format_utc(*d.last_seen);
      out.push_back(std::move(j));
    }
    if (o.json) return print_json(out);
    for (const auto& d : out)
      cmdline::show("{}  {:<12} {:<8} seq {:<6} {}\n", d["id"].get<std::string>(), d["officer"].get<std::string>(),
                 d["revoked"].get<bool>() ? "REVOKED" : "active", d["last_seq"].get<std::int64_t>(),
                 d["label"].get<std::string>());
  });
  auto* drevoke = device->add_subcommand("revoke", "Revoke a device: its next contact is refused and told to wipe");
  auto revoke_id = std::make_shared<std::string>();
  drevoke->add_option("DEVICE_ID", *revoke_id)->required();
  drevoke->callback([&o, revoke_id] {
    SystemClock clock;
    data_of(o).open_store()->revoke_device(*revoke_id, clock.now_utc_ms());
    cmdline::show("Revoked device {}\n", *revoke_id);
  });

  // ---- case import / assign
  auto* kase = app.add_subcommand("case", "Cases");
  kase->require_subcommand(1);
  auto* cimport = kase->add_subcommand("import", "Import case(s) from a JSON file (an object or an array) and assign them");
  auto cfile = std::make_shared<std::string>();
  auto cassign = std::make_shared<std::string>();
  cimport->add_option("FILE", *cfile, "JSON file, or - for standard input")->required();
  cimport->add_option("--assign", *cassign, "Officer the cases are assigned to")->required();
  cimport->callback([&o, cfile, cassign] {
    const json j = parse_json_text(read_input(*cfile), *cfile);
    std::vector<Case> cases;
    if (j.is_array()) {
      for (std::size_t i = 0; i < j.size(); ++i) cases.push_back(case_from_json(j[i], "cases[" + std::to_string(i) + "]"));
    } else {
      cases.push_back(case_from_json(j));
    }
    auto store = data_of(o).open_store();
    SystemClock clock;
    for (const auto& c : cases) {
      const auto before = store->find_case(c.crn);
      store->import_case(c, *cassign, clock.now_utc_ms());
      const bool raised_rosh = before && c.rosh > before->facts.rosh;
      run_rules_after_write(*store, c.crn, clock.now_utc_ms(),
                            raised_rosh ? std::optional(before->facts.rosh) : std::nullopt);
    }
    cmdline::show("Imported {} case(s), assigned to {}\n", cases.size(), *cassign);
  });
  auto* cassign_cmd = kase->add_subcommand("assign", "Assign (or reassign) a case to an officer");
  auto acrn = std::make_shared<std::string>();
  auto aofficer = std::make_shared<std::string>();
  cassign_cmd->add_option("CRN", *acrn)->required();
  cassign_cmd->add_option("OFFICER_ID", *aofficer)->required();
  cassign_cmd->callback([&o, acrn, aofficer] {
    data_of(o).open_store()->assign_case(*acrn, *aofficer);
    cmdline::show("Case {} is now assigned to {}\n", *acrn, *aofficer);
  });

  // ---- check record / reply: the same checks the tablets record, made at the office.
  auto* check = app.add_subcommand("check", "Inter-agency checks made at the office (tablets get them on their next sync)");
  check->require_subcommand(1);
  auto* crec = check->add_subcommand(
      "record", "Record a check; with neither --result nor --outcome it is requested, awaiting reply");
  auto crec_crn = std::make_shared<std::string>();
  auto crec_kind = std::make_shared<std::string>();
  auto crec_date = std::make_shared<std::string>();
  auto crec_result = std::make_shared<std::string>();
  auto crec_outcome = std::make_shared<std::string>();
  crec->add_option("CRN", *crec_crn)->required();
  crec->add_option("KIND", *crec_kind, "csc_check or police_da_check")->required();
  crec->add_option("--date", *crec_date, "Date of the check (YYYY-MM-DD)")->required();
  crec->add_option("--result", *crec_result, "Coded answer");
  crec->add_option("--outcome", *crec_outcome, "What the agency said, in words");
  crec->add_flag("--json", o.json, "Print JSON");
  crec->callback([&o, crec_crn, crec_kind, crec_date, crec_result, crec_outcome] {
    SystemClock clock;
    office::CheckRecord r;
    r.id = make_uuid_v7(clock.now_utc_ms());
    r.check.kind = parse_enum<CheckKind>(*crec_kind, "KIND");
    r.check.date = Date::parse(*crec_date, "--date");
    if (!crec_result->empty()) r.check.result = parse_enum<CheckResult>(*crec_result, "--result");
    if (!crec_outcome->empty()) r.check.outcome = *crec_outcome;
    auto store = data_of(o).open_store();
    store->record_office_check(*crec_crn, r, clock.now_utc_ms());
    if (o.json) {
      print_json({{"id", r.id}, {"crn", *crec_crn}, {"awaiting_reply", !r.check.answered()}});
      return (void)office::run_case_rules(*store, office_rule_set(), *crec_crn, utc_date(clock.now_utc_ms()),
                                          clock.now_utc_ms());
    }
    cmdline::show("Recorded {} for {} on {}{} (id {}).\n", *crec_kind, *crec_crn, r.check.date.to_string(),
                  r.check.answered() ? "" : ", requested, awaiting reply", r.id);
    run_rules_after_write(*store, *crec_crn, clock.now_utc_ms());
  });
  auto* crep = check->add_subcommand("reply", "Record the reply to a requested check (by its id)");
  auto crep_crn = std::make_shared<std::string>();
  auto crep_id = std::make_shared<std::string>();
  auto crep_date = std::make_shared<std::string>();
  auto crep_result = std::make_shared<std::string>();
  auto crep_outcome = std::make_shared<std::string>();
  crep->add_option("CRN", *crep_crn)->required();
  crep->add_option("ID", *crep_id, "The requested check's id")->required();
  crep->add_option("--date", *crep_date, "Date of the reply (YYYY-MM-DD)")->required();
  crep->add_option("--result", *crep_result, "Coded answer")->required();
  crep->add_option("--outcome", *crep_outcome, "What the agency said, in words");
  crep->callback([&o, crep_crn, crep_id, crep_date, crep_result, crep_outcome] {
    SystemClock clock;
    office::CheckRecord r;
    r.id = make_uuid_v7(clock.now_utc_ms());
    r.reply_to = *crep_id;
    r.check.date = Date::parse(*crep_date, "--date");
    r.check.result = parse_enum<CheckResult>(*crep_result, "--result");
    if (!crep_outcome->empty()) r.check.outcome = *crep_outcome;
    auto store = data_of(o).open_store();
    store->record_office_check(*crep_crn, r, clock.now_utc_ms());
    cmdline::show("Recorded the reply to {}: {}.\n", *crep_id, *crep_result);
    run_rules_after_write(*store, *crep_crn, clock.now_utc_ms());
  });

  // ---- rules run: the standing rules over every case, now or as of a date.
  auto* rules_cmd = app.add_subcommand("rules", "The standing rules at the office");
  rules_cmd->require_subcommand(1);
  auto* rrun = rules_cmd->add_subcommand(
      "run", "Run the standing rules over every case and store what they raise, merge and close (serve also does "
             "this daily and after every push)");
  auto rtoday = std::make_shared<std::string>();
  rrun->add_option("--today", *rtoday, "Evaluate as of this date (YYYY-MM-DD; default: today)");
  rrun->add_flag("--json", o.json, "Print JSON");
  rrun->callback([&o, rtoday] {
    const RuleSet rules = office_rule_set();
    SystemClock clock;
    const UtcMillis now = clock.now_utc_ms();
    const Date today = rtoday->empty() ? utc_date(now) : Date::parse(*rtoday, "--today");
    auto store = data_of(o).open_store();
    const auto s = office::run_rules_everywhere(*store, rules, today, now);
    if (o.json)
      return print_json({{"today", today.to_string()}, {"rule_set", rules.id() + " v" + std::to_string(rules.version())},
                         {"cases", s.cases}, {"raised", s.raised}, {"updated", s.updated}, {"closed", s.closed}});
    cmdline::show("Rules {} v{} as of {} over {} case(s): {} follow-up(s) raised, {} updated, {} closed by themselves.\n",
                  rules.id(), rules.version(), today.to_string(), s.cases, s.raised, s.updated, s.closed);
  });

  // ---- case update / history: office-owned facts change here, with history.
  auto* cupdate = kase->add_subcommand(
      "update", "Change a case's office-owned facts (the replaced values are kept as history; tablets get the change "
                "on their next sync)");
  auto ucrn = std::make_shared<std::string>();
  auto utext = std::make_shared<office::CaseUpdateText>();
  auto uby = std::make_shared<std::string>("office");
  cupdate->add_option("CRN", *ucrn)->required();
  cupdate->add_option("--rosh", utext->rosh, "low, medium, high or very_high");
  cupdate->add_option("--rosh-reviewed", utext->rosh_reviewed, "Date of the last RoSH assessment or review (YYYY-MM-DD)");
  cupdate->add_option("--cp", utext->cp, "Child protection: none, concerns, child_in_need or cp_plan");
  cupdate->add_option("--cp-next-meeting", utext->cp_next_meeting, "YYYY-MM-DD, or none");
  cupdate->add_option("--cp-report-sent", utext->cp_report_sent, "yes or no");
  cupdate->add_option("--mappa", utext->mappa, "none, level_1, level_2 or level_3");
  cupdate->add_option("--mappa-eligible", utext->mappa_eligible, "yes or no");
  cupdate->add_option("--da", utext->da, "Domestic abuse perpetrator: yes or no");
  cupdate->add_option("--add-restriction", utext->add_restrictions, "A restriction to add (repeatable)");
  cupdate->add_option("--remove-restriction", utext->remove_restrictions, "A restriction to remove (repeatable)");
  cupdate->add_option("--add-alert", utext->add_alerts, "An alert to add (repeatable)");
  cupdate->add_option("--remove-alert", utext->remove_alerts, "An alert to remove (repeatable)");
  cupdate->add_option("--by", *uby, "Who made the change, for the history")->capture_default_str();
  cupdate->add_flag("--json", o.json, "Print JSON");
  cupdate->callback([&o, ucrn, utext, uby] {
    const auto update = office::parse_case_update(*utext);  // bad values are refused before the store is opened
    if (update.empty()) throw Error(ErrorCode::usage, "case update: give at least one change (see --help)");
    auto store = data_of(o).open_store();
    const auto before = store->find_case(*ucrn);
    if (!before) throw Error(ErrorCode::not_found, "no case " + *ucrn);
    SystemClock clock;
    const Case after = store->update_case(*ucrn, update, *uby, clock.now_utc_ms());
    const auto fields = office::changed_fields(before->facts, after);
    // R9's "RoSH increase" is raised from this change, once.
    const auto previous_rosh = after.rosh > before->facts.rosh ? std::optional(before->facts.rosh) : std::nullopt;
    if (o.json) {
      const auto written = office::run_case_rules(*store, office_rule_set(), *ucrn, utc_date(clock.now_utc_ms()),
                                                  clock.now_utc_ms(), previous_rosh);
      auto actions = json::array();
      for (const auto& a : written) actions.push_back(to_json(a));
      return print_json({{"crn", *ucrn}, {"changed", fields}, {"case", to_json(after)}, {"follow_ups", actions}});
    }
    if (fields.empty()) return cmdline::show("Case {}: nothing changed\n", *ucrn);
    std::string list;
    for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
    cmdline::show("Case {}: changed {}; the previous values are in `case history {}`\n", *ucrn, list, *ucrn);
    run_rules_after_write(*store, *ucrn, clock.now_utc_ms(), previous_rosh);
  });
  auto* chistory = kase->add_subcommand("history", "Earlier versions of a case's facts, oldest first");
  auto hcrn = std::make_shared<std::string>();
  chistory->add_option("CRN", *hcrn)->required();
  chistory->add_flag("--json", o.json, "Print JSON");
  chistory->callback([&o, hcrn] {
    auto store = data_of(o).open_store();
    const auto current = store->find_case(*hcrn);
    if (!current) throw Error(ErrorCode::not_found, "no case " + *hcrn);
    const auto versions = store->case_history(*hcrn);
    if (o.json) {
      json out = json::array();
      for (const auto& v : versions)
        out.push_back({{"replaced_at", format_utc(v.replaced_at)}, {"changed_by", v.changed_by}, {"facts", to_json(v.facts)}});
      return print_json(out);
    }
    if (versions.empty()) cmdline::show("Case {}: no earlier versions\n", *hcrn);
    for (std::size_t i = 0; i < versions.size(); ++i) {
      const Case& next = i + 1 < versions.size() ? versions[i + 1].facts : current->facts;
      std::string list;
      for (const auto& f : office::changed_fields(versions[i].facts, next)) list += (list.empty() ? "" : ", ") + f;
      cmdline::show("{}  by {}: RoSH was {}, child protection {}, MAPPA {}; changed: {}\n",
                    format_utc(versions[i].replaced_at), versions[i].changed_by, to_string(versions[i].facts.rosh),
                    to_string(versions[i].facts.child_protection), to_string(versions[i].facts.mappa_level),
                    list.empty() ? "(nothing)" : list);
    }
  });

  // ---- listings
  auto listing = [&o](CLI::App& parent, const char* name, const char* entity, const char* help, bool by_crn) {
    auto* cmd = parent.add_subcommand(name, help);
    auto crn = std::make_shared<std::string>();
    if (by_crn) cmd->add_option("CRN", *crn)->required();
    cmd->add_flag("--json", o.json, "Print JSON");
    cmd->callback([&o, crn, entity, by_crn] {
      auto store = data_of(o).open_store();
      const auto recs = store->records(entity, by_crn ? std::optional<std::string_view>(*crn) : std::nullopt);
      if (o.json) {
        json out = json::array();
        for (const auto& r : recs) {
          json p = r.payload;
          p["recorded_by"] = r.officer;
          p["device"] = r.device;
          p["recorded_at"] = format_utc(r.at);
          p["received_at"] = format_utc(r.received_at);
          out.push_back(std::move(p));
        }
        return print_json(out);
      }
      if (recs.empty()) cmdline::show("(none)\n");
      for (const auto& r : recs) {
        const json& p = r.payload;
        const std::string e = entity;
        // The device's time can be wrong (or a lie): the office's receipt
        // time stands beside it.
        const std::string times = "device " + format_utc(r.at) + ", received " + format_utc(r.received_at);
        if (e == "note") {
          cmdline::show("{}  {} {:<10} {:<14} {}: {}\n", times, r.id, p.value("kind", ""), p.value("category", ""),
                     r.officer, one_line(p.value("text", p.value("reason", "")), 100));
        } else if (e == "visit") {
          cmdline::show("{}  {} {} {} by {} ({})\n", p.value("date", ""), r.id, p.value("kind", "visit"),
                     p.value("outcome", ""), r.officer, times);
        } else {
          cmdline::show("{}  {} {:<22} {:<7} due {} {}\n", r.crn, r.id, p.value("kind", ""), p.value("priority", ""),
                     p.value("due", ""), p.value("status", ""));
        }
      }
    });
  };
  listing(app, "notes", "note", "Notes recorded on a case (amendments and retractions included)", true);
  listing(app, "visits", "visit", "Visits recorded on a case", true);
  listing(app, "actions", "action", "Follow-up actions on every case", false);

  auto* conf = app.add_subcommand("conflicts", "Losing values kept when two changes to one record competed");
  conf->add_flag("--json", o.json, "Print JSON");
  conf->callback([&o] {
    const auto list = data_of(o).open_store()->conflicts();
    if (o.json) {
      json out = json::array();
      for (const auto& c : list) out.push_back(to_json(c));
      return print_json(out);
    }
    if (list.empty()) cmdline::show("No conflicts.\n");
    for (const auto& c : list)
      cmdline::show("{}  {} {} {}: the change from device {} ({}) lost to a later one; kept value: {}\n",
                 format_utc(c.detected_at), c.crn, c.entity, c.entity_id, c.loser_device, c.loser_officer,
                 one_line(c.loser.dump(), 120));
  });

  auto* quarantine = app.add_subcommand(
      "quarantine", "Changes the office refused from devices, and records devices held back from their pulls");
  quarantine->add_flag("--json", o.json, "Print JSON");
  quarantine->callback([&o] {
    auto store = data_of(o).open_store();
    const auto refused = store->refused_changes();
    const auto held = store->device_held();
    if (o.json) {
      json r_out = json::array(), h_out = json::array();
      for (const auto& r : refused)
        r_out.push_back({{"device", r.device_id}, {"officer", r.officer_id}, {"seq", r.seq}, {"entity", r.entity},
                         {"id", r.entity_id}, {"at", format_utc(r.at)}, {"received_at", format_utc(r.received_at)},
                         {"reason", r.reason}});
      for (const auto& h : held)
        h_out.push_back({{"device", h.device_id}, {"officer", h.officer_id}, {"entity", h.record.entity},
                         {"id", h.record.id}, {"crn", h.record.crn}, {"reason", h.record.reason},
                         {"waiting", h.record.waiting}, {"reported_at", format_utc(h.reported_at)}});
      return print_json({{"refused_by_office", r_out}, {"held_by_devices", h_out}});
    }
    if (refused.empty() && held.empty()) cmdline::show("Nothing refused or held back.\n");
    for (const auto& r : refused)
      cmdline::show("refused by the office, {}: device {} ({}) link {}: {} {}: {}\n", format_utc(r.received_at),
                    r.device_id, r.officer_id, r.seq, r.entity.empty() ? "?" : r.entity, r.entity_id,
                    one_line(r.reason, 200));
    for (const auto& h : held)
      cmdline::show("held back by device {} ({}), reported {}: {} {} ({}): {}\n", h.device_id, h.officer_id,
                    format_utc(h.reported_at), h.record.entity, h.record.id, h.record.crn, one_line(h.record.reason, 200));
  });

  auto* alog = app.add_subcommand("access-log", "Who viewed which case's content in the console, and when (oldest first)");
  auto alog_crn = std::make_shared<std::string>();
  alog->add_option("--crn", *alog_crn, "Only this case");
  alog->add_flag("--json", o.json, "Print JSON");
  alog->callback([&o, alog_crn] {
    const auto log = data_of(o).open_console_store()->access_log(
        alog_crn->empty() ? std::nullopt : std::optional<std::string_view>(*alog_crn));
    if (o.json) {
      json out = json::array();
      for (const auto& e : log) out.push_back({{"at", format_utc(e.at)}, {"officer", e.officer_id}, {"crn", e.crn}, {"page", e.page}});
      return print_json(out);
    }
    if (log.empty()) cmdline::show("No views recorded.\n");
    for (const auto& e : log) cmdline::show("{}  {:<16} {}  {}\n", format_utc(e.at), e.officer_id, e.crn, e.page);
  });

  auto* audit = app.add_subcommand("audit", "Device audit chains");
  audit->require_subcommand(1);
  auto* averify = audit->add_subcommand("verify", "Re-verify every device's audit chain as the office holds it");
  averify->callback([&o] {
    const auto results = data_of(o).open_store()->verify_audit();
    bool all_ok = true;
    json out = json::array();
    for (const auto& a : results) {
      all_ok = all_ok && a.result.ok();
      json j = {{"device", a.device_id}, {"officer", a.officer_id}, {"ok", a.result.ok()}, {"links", a.result.links}};
      if (!a.result.ok()) {
        j["first_broken"] = *a.result.first_broken;
        j["problem"] = a.result.problem;
      }
      json flagged = json::array();
      for (const auto& f : a.flagged)
        flagged.push_back({{"seq", f.seq}, {"at", format_utc(f.at)}, {"received_at", format_utc(f.received_at)},
                           {"flags", f.flags}});
      j["flagged"] = flagged;
      out.push_back(std::move(j));
      if (!o.json) {
        cmdline::show("{} ({}): {} links, {}\n", a.device_id, a.officer_id, a.result.links,
                   a.result.ok() ? "intact" : "BROKEN at " + std::to_string(*a.result.first_broken) + ": " + a.result.problem);
        for (const auto& f : a.flagged)
          cmdline::show("  link {}: device time {} received {}: {}\n", f.seq, format_utc(f.at), format_utc(f.received_at),
                     f.flags == "future_at" ? "the device's clock is ahead" : f.flags == "at_backwards" ? "the device's clock went backwards" : f.flags);
      }
    }
    if (o.json) print_json(out);
    if (!all_ok) throw Error(ErrorCode::damaged, "an audit chain does not verify");
  });
}

}  // namespace doorstep::office_app
