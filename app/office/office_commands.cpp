// doorstep-office commands: init, serve, officer, enroll-code, device, case,
// notes, visits, actions, conflicts, audit.
#include "office_commands.hpp"
#include "common/program_edge.hpp"

#include <fmt/core.h>
#include <signal.h>
#include <sys/resource.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "domain/json_codec.hpp"
#include "net/https_server.hpp"
#include "net/tls_identity.hpp"
#include "office/office_service.hpp"
#include "office_data.hpp"
#include "sync/enroll_code.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "util/log_text.hpp"

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

// Every connection is a descriptor: let the server use all it may, so its
// connection caps (not EMFILE) are what limits it.
void raise_descriptor_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &lim);
  }
}

void serve(const OfficeOptions& o, const std::string& listen, const net::ServerOptions& server_options) {
  std::string host;
  int port = 0;
  sync::split_host_port(listen, host, port);
  const OfficeData data = data_of(o);
  auto store = data.open_store();
  SystemClock clock;
  office::OfficeService service(*store, clock, data.recovery_public_key());
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
  const int bound = server.bind(host, port);
  server.start();
  spdlog::info("event=listening address={}:{} pin={} io_threads={} workers={} max_connections={} max_per_peer={}",
               escape_for_log(host, 64),
               bound, to_hex(net::spki_pin_of(data.cert_pem())), server_options.io_threads,
               server_options.worker_threads, server_options.max_connections, server_options.max_connections_per_peer);
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("event=stopping signal={}", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  server.stop();
  spdlog::info("event=stopped");
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
  init->callback([&o, init_opts] {
    if (init_opts->hosts.empty()) init_opts->hosts = {"localhost", "127.0.0.1"};
    SystemClock clock;
    const OfficeData data = data_of(o);
    const std::string pin = data.init(*init_opts, clock.now_utc_ms());
    if (o.json) {
      print_json({{"data", data.dir().string()}, {"spki_pin", pin}, {"advertise", data.advertise()}});
    } else {
      fmt::print("Created the office in {}\ncertificate SPKI pin (SHA-256): {}\nenrollment codes will point at {}\n",
                 data.dir().string(), pin, data.advertise());
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
  srv->add_option("--max-connections", srv_opts->max_connections, "Open connections in total")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  srv->add_option("--max-connections-per-peer", srv_opts->max_connections_per_peer,
                  "Open connections from one IP address")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  srv->callback([&o, listen, srv_opts] { serve(o, *listen, *srv_opts); });

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
  oadd->callback([&o, new_officer, team] {
    if (!team->empty()) new_officer->team = *team;
    if (new_officer->id.empty() || new_officer->id.size() > 64)
      throw Error(ErrorCode::bad_input, "officer id must be 1..64 characters");
    data_of(o).open_store()->add_officer(*new_officer);
    fmt::print("Added {} {}\n", new_officer->is_manager ? "manager" : "officer", new_officer->id);
  });
  auto* olist = officer->add_subcommand("list", "List officers");
  olist->callback([&o] {
    json out = json::array();
    for (const auto& x : data_of(o).open_store()->list_officers()) {
      out.push_back({{"id", x.id}, {"name", x.name}, {"is_manager", x.is_manager}, {"team", x.team.value_or("")}});
    }
    if (o.json) return print_json(out);
    for (const auto& x : out)
      fmt::print("{:<16} {:<8} {:<12} {}\n", x["id"].get<std::string>(), x["is_manager"].get<bool>() ? "manager" : "officer",
                 x["team"].get<std::string>(), x["name"].get<std::string>());
  });

  // ---- enroll-code
  auto* code = app.add_subcommand("enroll-code", "Issue a one-time enrollment code for an officer's device");
  auto code_officer = std::make_shared<std::string>();
  auto ttl_hours = std::make_shared<int>(24);
  auto server_addr = std::make_shared<std::string>();
  code->add_option("OFFICER_ID", *code_officer, "Officer the device will belong to")->required();
  code->add_option("--ttl-hours", *ttl_hours, "Hours until the code expires")->check(CLI::Range(1, 24 * 14))->capture_default_str();
  code->add_option("--server", *server_addr, "HOST:PORT to put in the code (default: the advertised address)");
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
    fmt::print("{}\n", c.to_string());
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
      fmt::print("{}  {:<12} {:<8} seq {:<6} {}\n", d["id"].get<std::string>(), d["officer"].get<std::string>(),
                 d["revoked"].get<bool>() ? "REVOKED" : "active", d["last_seq"].get<std::int64_t>(),
                 d["label"].get<std::string>());
  });
  auto* drevoke = device->add_subcommand("revoke", "Revoke a device: its next contact is refused and told to wipe");
  auto revoke_id = std::make_shared<std::string>();
  drevoke->add_option("DEVICE_ID", *revoke_id)->required();
  drevoke->callback([&o, revoke_id] {
    SystemClock clock;
    data_of(o).open_store()->revoke_device(*revoke_id, clock.now_utc_ms());
    fmt::print("Revoked device {}\n", *revoke_id);
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
    for (const auto& c : cases) store->import_case(c, *cassign, clock.now_utc_ms());
    fmt::print("Imported {} case(s), assigned to {}\n", cases.size(), *cassign);
  });
  auto* cassign_cmd = kase->add_subcommand("assign", "Assign (or reassign) a case to an officer");
  auto acrn = std::make_shared<std::string>();
  auto aofficer = std::make_shared<std::string>();
  cassign_cmd->add_option("CRN", *acrn)->required();
  cassign_cmd->add_option("OFFICER_ID", *aofficer)->required();
  cassign_cmd->callback([&o, acrn, aofficer] {
    data_of(o).open_store()->assign_case(*acrn, *aofficer);
    fmt::print("Case {} is now assigned to {}\n", *acrn, *aofficer);
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
          out.push_back(std::move(p));
        }
        return print_json(out);
      }
      if (recs.empty()) fmt::print("(none)\n");
      for (const auto& r : recs) {
        const json& p = r.payload;
        const std::string e = entity;
        if (e == "note") {
          fmt::print("{}  {} {:<10} {:<14} {}: {}\n", format_utc(r.at), r.id, p.value("kind", ""), p.value("category", ""),
                     r.officer, one_line(p.value("text", p.value("reason", "")), 100));
        } else if (e == "visit") {
          fmt::print("{}  {} {} {} by {}\n", p.value("date", ""), r.id, p.value("kind", "visit"), p.value("outcome", ""),
                     r.officer);
        } else {
          fmt::print("{}  {} {:<22} {:<7} due {} {}\n", r.crn, r.id, p.value("kind", ""), p.value("priority", ""),
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
    if (list.empty()) fmt::print("No conflicts.\n");
    for (const auto& c : list)
      fmt::print("{}  {} {} {}: the change from device {} ({}) lost to a later one; kept value: {}\n",
                 format_utc(c.detected_at), c.crn, c.entity, c.entity_id, c.loser_device, c.loser_officer,
                 one_line(c.loser.dump(), 120));
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
      out.push_back(std::move(j));
      if (!o.json)
        fmt::print("{} ({}): {} links, {}\n", a.device_id, a.officer_id, a.result.links,
                   a.result.ok() ? "intact" : "BROKEN at " + std::to_string(*a.result.first_broken) + ": " + a.result.problem);
    }
    if (o.json) print_json(out);
    if (!all_ok) throw Error(ErrorCode::damaged, "an audit chain does not verify");
  });
}

}  // namespace doorstep::office_app
