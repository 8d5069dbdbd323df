// How long the device takes to read one pull page, apart from everything
// else (no network, no store), so before/after comparisons are far less
// noisy than a whole pull. The page is what the office sends for the
// benchmark's caseload: 2,000 notes of bench_note's size, each payload the
// note's own JSON (store_insert_note records to_json(note) as the change).
//   usage: bench_pull_decode [RUNS]   (default 31)
// Prints the median of RUNS, in µs per record, for: parse_json_limited (the
// simdjson road), parse_json_limited_reference (nlohmann's parser alone), and
// decode_pull_response (the whole decode as the device runs it).
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <vector>

#include "domain/json_codec.hpp"
#include "domain/json_limits.hpp"
#include "sync/protocol.hpp"

using namespace doorstep;

namespace {

std::string bench_page(int n) {
  sync::PullPageText page;
  for (int i = 0; i < n; ++i) {
    std::string text = "profile note " + std::to_string(i) + ": ";  // as bench::bench_note writes it
    while (text.size() < 400) text += "lorem ipsum dolor sit amet ";
    text.resize(400);
    Note note;
    note.id = "0193a000-0000-7000-8000-" + fmt::format("{:012}", i);
    note.crn = "A100001";
    note.category = NoteCategory::safeguarding;
    note.severity = Severity::concern;
    note.text = text;
    note.author = "officer-1";
    note.device = "device-1";
    note.created_at = 1772446500000 + i;
    note.hlc = 7000000000000ULL + static_cast<HlcValue>(i);
    page.records.push_back({"note", note.id, note.crn, note.hlc, note.author, note.device, note.created_at,
                            to_json(note).dump()});
  }
  page.cursor = "12.1.41";
  page.more = true;
  return sync::encode_pull_response(page);
}

// The median of `runs` timings of `f`, in µs per record.
double median_us(int runs, int records, const std::function<void()>& f) {
  std::vector<double> t;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / records);
  }
  std::nth_element(t.begin(), t.begin() + runs / 2, t.end());
  return t[static_cast<std::size_t>(runs / 2)];
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = std::max(1, argc > 1 ? std::atoi(argv[1]) : 31);
  constexpr int kRecords = 2000;
  const std::string page = bench_page(kRecords);
  std::size_t sink = 0;
  const double limited =
      median_us(runs, kRecords, [&] { sink += parse_json_limited(page, sync::kPullResponseJsonLimits, "page").size(); });
  const double reference = median_us(
      runs, kRecords, [&] { sink += parse_json_limited_reference(page, sync::kPullResponseJsonLimits, "page").size(); });
  const double decode = median_us(runs, kRecords, [&] { sink += sync::decode_pull_response(page).records.size(); });
  fmt::print("page: {} records, {} bytes; medians of {} runs, µs per record\n", kRecords, page.size(), runs);
  fmt::print("parse_json_limited {:.2f}  parse_json_limited_reference {:.2f}  decode_pull_response {:.2f}  ({})\n",
             limited, reference, decode, sink > 0 ? "ok" : "?");
  return 0;
}
