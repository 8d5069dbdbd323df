// bench_json_parse: parse_json_limited (simdjson, then the limits) against
// its reference (nlohmann alone) on the JSON a sync moves. A real device
// store writes 499 notes of the benchmark's size and a case; their 500 audit
// links become one push body, as the device sends it. Timed apart, in the
// same run and in turns: parsing the push body (the request limits), and
// parsing every change in it (the change limits, as parse_change does).
// Thread CPU time, medians of RUNS (default 41), µs per note, and the ratio.
//   usage: bench_json_parse [RUNS]
#include <fmt/core.h>

#include <ctime>
#include <string>

#include "bench/bench_stats.hpp"
#include "bench/bench_note.hpp"
#include "domain/json_limits.hpp"
#include "store/store.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "sync/protocol.hpp"

using namespace doorstep;

namespace {

double thread_cpu_us() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::stoi(argv[1]) : 41;
  constexpr int kNotes = 499;  // with the case upsert: kMaxPushLinks links
  test::TempDir dir;
  ManualClock clock(test::kMarch2);
  Store store = Store::create(dir / "device.db", test::kTestKey, clock, {"ana", "01a217c0-117e-7306-a6e4-56da750176b2"});
  store.upsert_case(test::sample_case());
  for (int i = 0; i < kNotes; ++i) (void)store.add_note("D100001", bench::bench_note("bench", i));
  sync::PushRequest push;
  push.links = store.audit_links(0, kNotes + 10);
  const std::string body = sync::encode_push_request(push);
  const double notes = static_cast<double>(push.links.size());

  std::size_t sink = 0;
  std::vector<double> body_fast, body_ref, changes_fast, changes_ref;
  for (int r = 0; r < runs; ++r) {  // in turns, so both see the same machine
    double t = thread_cpu_us();
    sink += parse_json_limited(body, sync::kRequestJsonLimits, "body").size();
    body_fast.push_back((thread_cpu_us() - t) / notes);
    t = thread_cpu_us();
    sink += parse_json_limited_reference(body, sync::kRequestJsonLimits, "body").size();
    body_ref.push_back((thread_cpu_us() - t) / notes);
    t = thread_cpu_us();
    for (const auto& l : push.links) sink += parse_json_limited(l.change, sync::kChangeJsonLimits, "change").size();
    changes_fast.push_back((thread_cpu_us() - t) / notes);
    t = thread_cpu_us();
    for (const auto& l : push.links)
      sink += parse_json_limited_reference(l.change, sync::kChangeJsonLimits, "change").size();
    changes_ref.push_back((thread_cpu_us() - t) / notes);
  }
  const auto row = [](const char* what, const std::vector<double>& fast, const std::vector<double>& ref) {
    fmt::print("| {} | {:.2f} | {:.2f} | {:.2f}× |\n", what, bench::median(ref), bench::median(fast),
               bench::median(ref) / bench::median(fast));
  };
  fmt::print("{} links, body {} bytes; thread CPU, medians of {} runs, µs per note (sink {})\n\n", push.links.size(),
             body.size(), runs, sink % 10);
  fmt::print("| parse | nlohmann alone | simdjson + limits | speed-up |\n|---|---|---|---|\n");
  row("push body", body_fast, body_ref);
  row("each change", changes_fast, changes_ref);
  return 0;
}
