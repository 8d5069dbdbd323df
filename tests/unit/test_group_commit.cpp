// office/group_commit.hpp: jobs handed in together run as one batch, each
// once, and no caller returns before its batch has run.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "office/group_commit.hpp"

using doorstep::office::GroupCommit;

namespace {

struct Job {
  int id = 0;
  int runs = 0;      // how many batches ran it
  int batch = -1;    // which batch
  bool returned = false;
};

// Records every batch; the first one waits until `release` is set, so the
// test can queue jobs behind it.
struct Batches {
  std::mutex m;
  std::vector<std::vector<int>> ids;
  std::atomic<bool> first_started{false};
  std::atomic<bool> release{false};

  void run(std::span<Job* const> jobs) {
    int index = 0;
    {
      std::lock_guard lock(m);
      index = static_cast<int>(ids.size());
      ids.emplace_back();
      for (Job* j : jobs) ids.back().push_back(j->id);
    }
    if (index == 0) {
      first_started = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    for (Job* j : jobs) {
      ++j->runs;
      j->batch = index;
    }
  }
};

bool wait_for(const std::function<bool()>& ready) {
  for (int i = 0; i < 5000 && !ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return ready();
}

}  // namespace

TEST_CASE("Group commit: a caller alone runs its job at once, in a batch of one", "[office][group_commit]") {
  GroupCommit<Job> commits(8);
  Batches batches;
  batches.release = true;
  Job a{1};
  commits.submit(a, [&](std::span<Job* const> jobs) { batches.run(jobs); });
  CHECK(a.runs == 1);
  Job b{2};
  commits.submit(b, [&](std::span<Job* const> jobs) { batches.run(jobs); });
  CHECK(b.runs == 1);
  REQUIRE(batches.ids.size() == 2);
  CHECK(batches.ids[0] == std::vector<int>{1});
  CHECK(batches.ids[1] == std::vector<int>{2});
}

TEST_CASE("Group commit: jobs handed in while a batch runs wait for it, then run together once each",
          "[office][group_commit]") {
  GroupCommit<Job> commits(3);
  Batches batches;
  std::vector<Job> jobs(7);
  for (int i = 0; i < 7; ++i) jobs[static_cast<std::size_t>(i)].id = i;
  const auto run = [&](std::span<Job* const> js) { batches.run(js); };
  std::vector<std::thread> threads;
  std::atomic<int> returned{0};
  const auto submit = [&](Job& j) {
    threads.emplace_back([&] {
      commits.submit(j, run);
      CHECK(j.runs == 1);  // its batch ran before submit returned
      j.returned = true;
      ++returned;
    });
  };
  submit(jobs[0]);
  REQUIRE(wait_for([&] { return batches.first_started.load(); }));
  for (int i = 1; i < 7; ++i) submit(jobs[static_cast<std::size_t>(i)]);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(returned == 0);  // the first batch still runs: nobody has an answer yet
  batches.release = true;
  for (auto& t : threads) t.join();
  CHECK(returned == 7);
  for (const auto& j : jobs) CHECK(j.runs == 1);
  // The six that waited ran in batches of at most three: two batches after the first.
  REQUIRE(batches.ids.size() == 3);
  CHECK(batches.ids[0] == std::vector<int>{0});
  CHECK(batches.ids[1].size() == 3);
  CHECK(batches.ids[2].size() == 3);
}
