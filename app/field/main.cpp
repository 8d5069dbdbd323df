// doorstep: the field app. One loop, like Dear ImGui's example_sdl2_opengl3:
// wait for an event (or the app's next timer), hand events to ImGui and the
// app, draw one frame, swap. An idle app sleeps in SDL_WaitEventTimeout.
// Sync and enrollment run on worker threads and wake the loop with an event.
#include <imgui.h>

#include <cstdio>

#include "app.hpp"
#include "field_options.hpp"
#include "net/https_transport.hpp"
#include "office_link.hpp"
#include "rules/assets_dir.hpp"
#include "window/sdl_gl_window.hpp"
#include "window/ui_font.hpp"

int main(int argc, char** argv) {
  using namespace doorstep;
  field::FieldOptions options;
  try {
    options = field::parse_field_options(argc, argv);
    if (options.help) {
      std::fputs(field::field_usage(), stdout);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "doorstep: %s\n%s", e.what(), field::field_usage());
    return 2;
  }
  try {
    const SystemClock clock;
    field::create_demo_store_if_asked(options, clock);
    RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
    ChecklistTemplate checklist = ChecklistTemplate::load_file(default_assets_dir() / "checklists" / "home-visit-v1.json");

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    {
      auto window = platform::SdlGlWindow::open({"Doorstep", options.width, options.height});
      const Uint32 wake_event = SDL_RegisterEvents(1);
      field::AppConfig config;
      config.store_dir = options.store_dir;
      config.wake_main_thread = [wake_event] {
        SDL_Event e{};
        e.type = wake_event;
        SDL_PushEvent(&e);
      };
      // The office: enrollment on first run, then sync on the worker thread,
      // over HTTPS pinned to the certificate named in the enrollment code.
      field::connect_to_office(
          config,
          [](const sync::OfficeEndpoint& office) -> std::unique_ptr<sync::Transport> {
            return std::make_unique<net::HttpsTransport>(office.host, office.port, office.pin);
          },
          clock);
      field::App app(std::move(config), clock, std::move(rules), std::move(checklist));
      if (options.passphrase && app.folder().exists()) app.unlock_screen().unlock(app, *options.passphrase);

      bool running = true;
      bool fonts_uploaded = false;
      while (running) {
        SDL_Event event;
        if (window->wait_event(event, app.wait_timeout_ms(clock.now_utc_ms()))) {
          do {
            window->process_event(event);
            if (window->is_close_request(event)) running = false;
            switch (event.type) {
              case SDL_MOUSEMOTION: case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP: case SDL_MOUSEWHEEL:
              case SDL_KEYDOWN: case SDL_KEYUP: case SDL_TEXTINPUT:
                app.on_input(clock.now_utc_ms());
                break;
              case SDL_FINGERDOWN: case SDL_FINGERUP: case SDL_FINGERMOTION: {
                using Kind = field::FingerEvent::Kind;
                const Kind kind = event.type == SDL_FINGERDOWN ? Kind::down
                                  : event.type == SDL_FINGERUP ? Kind::up
                                                               : Kind::motion;
                app.touch().handle({kind, event.tfinger.fingerId, event.tfinger.x, event.tfinger.y},
                                   ImGui::GetIO().DisplaySize);
                app.on_input(clock.now_utc_ms());
                break;
              }
              case SDL_WINDOWEVENT:
                if (event.window.event == SDL_WINDOWEVENT_MINIMIZED) app.on_minimised();
                if (event.window.event == SDL_WINDOWEVENT_FOCUS_LOST) app.on_focus_lost();
                app.on_input(clock.now_utc_ms());  // resize, expose: redraw
                break;
              default: break;
            }
          } while (window->poll_event(event));
        }
        if (const auto px = app.take_font_request()) {
          const auto font = platform::load_ui_font(*ImGui::GetIO().Fonts, *px);
          if (!font.warning.empty()) std::fprintf(stderr, "doorstep: %s\n", font.warning.c_str());
          // Before the first frame the backend uploads the atlas itself.
          if (fonts_uploaded) window->rebuild_font_texture();
        }
        window->begin_frame([&app] { app.touch().apply(ImGui::GetIO()); });
        fonts_uploaded = true;
        app.frame(clock.now_utc_ms());
        const auto clear = app.colours().clear;
        window->end_frame(clear.x, clear.y, clear.z);
      }
    }
    ImGui::DestroyContext();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "doorstep: %s\n", e.what());
    return 1;
  }
  return 0;
}
