// --kdf fast is offered only in builds with DOORSTEP_ALLOW_FAST_KDF. This
// file is compiled twice (tests/CMakeLists.txt): test_kdf_option_allowed
// with the define, test_kdf_option_release without it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/kdf_option.hpp"

using namespace doorstep;

namespace {

struct Parsed {
  bool ok = false;
  std::string profile = "standard";
};

Parsed parse(std::vector<std::string> args, std::string* help = nullptr) {
  CLI::App app{"t"};
  auto* init = app.add_subcommand("init");
  Parsed p;
  cmdline::add_kdf_option(*init, p.profile);
  if (help) *help = init->help();
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them back to front
  try {
    app.parse(reversed);
    p.ok = true;
  } catch (const CLI::ParseError&) {
    p.ok = false;
  }
  return p;
}

}  // namespace

TEST_CASE("the fast KDF option exists only when the build allows it", "[cli][kdf]") {
  std::string help;
  const Parsed fast = parse({"init", "--kdf", "fast"}, &help);
  CHECK(parse({"init"}).ok);
  CHECK(cmdline::kdf_params_for("standard") == KdfParams::interactive_default());
#ifdef DOORSTEP_ALLOW_FAST_KDF
  CHECK_THAT(help, Catch::Contains("--kdf"));
  REQUIRE(fast.ok);
  CHECK(cmdline::kdf_params_for(fast.profile) == KdfParams::fast_for_tests());
  CHECK_FALSE(parse({"init", "--kdf", "instant"}).ok);
#else
  CHECK_THAT(help, !Catch::Contains("--kdf"));
  CHECK_FALSE(fast.ok);  // a usage error, not silently ignored
  CHECK(cmdline::kdf_params_for("fast") == KdfParams::interactive_default());
#endif
}
