// Crash-test writer: opens (or creates) a store and writes records forever,
// printing "saved <kind> <id>" on stdout after each write returns, i.e.
// after the store reported it durable. The crash test kills it with SIGKILL
// at random moments and checks that every reported write survived.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "store/store.hpp"
#include "support/store_fixtures.hpp"

using namespace doorstep;

namespace {

void report(const std::string& line) {
  const std::string out = line + "\n";
  // One write(2) per line: nothing is buffered in this process when it dies.
  (void)!::write(STDOUT_FILENO, out.data(), out.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer STORE_FILE ROUND\n");
    return 64;
  }
  const std::filesystem::path file = argv[1];
  const std::string round = argv[2];
  SystemClock clock;
  try {
    Store store = std::filesystem::exists(file)
                      ? Store::open(file, test::kTestKey, clock)
                      : Store::create(file, test::kTestKey, clock, {"crash-officer", "crash-device"});
    if (!store.find_case("D100001")) store.upsert_case(test::sample_case());
    report("ready");
    for (long i = 0;; ++i) {
      if (i % 5 == 4) {
        Visit v;
        v.date = Date::parse("2026-03-02", "date");
        v.outcome = VisitOutcome::completed;
        v.answers["new_relationship"] = "yes";
        v.notes.push_back({NoteCategory::relationships, Severity::concern, "visit note " + round + "/" + std::to_string(i)});
        const RaisedAction a{ActionKind::csc_check, Priority::high, v.date.plus_working_days(2), "R5a",
                             "round " + round + " visit " + std::to_string(i)};
        const auto rec = store.record_visit("D100001", v, true, std::span(&a, 1), {});
        report("saved visit " + rec.visit.id);
        report("saved note " + rec.notes.at(0).id);
      } else {
        const Note n = store.add_note("D100001", {NoteCategory::risk, Severity::info,
                                                  "crash note " + round + "/" + std::to_string(i) + " " +
                                                      std::string(static_cast<std::size_t>(i % 7) * 100, 'x')});
        report("saved note " + n.id);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crash_writer: %s\n", e.what());
    return 1;
  }
}
