#pragma once
// The field app's one window: SDL2, an OpenGL context (desktop GL 3.2 core,
// or GLES 3.0 when built with DOORSTEP_GLES3; open() fails rather than run
// on the other API) and Dear ImGui's SDL2 + OpenGL3 backends. Main thread
// only. The caller creates the ImGui context first and
// destroys it after this object.
#include <SDL.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace doorstep::platform {

struct WindowOptions {
  std::string title = "Doorstep";
  int width = 1100;
  int height = 800;
};

// What the driver actually gave us, read from the live context
// (glGetString). `version` is GL_VERSION as the driver spells it: a GLES
// context's starts with "OpenGL ES " (the GLES spec requires that prefix),
// a desktop context's with the version number.
struct GlContextInfo {
  std::string version;
  std::string renderer;
  std::string shading_language;
  [[nodiscard]] bool is_gles() const { return version.rfind("OpenGL ES ", 0) == 0; }
};

// True when this build renders with GLES 3 (DOORSTEP_GLES3).
[[nodiscard]] bool built_for_gles3();

struct Rgba8Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // RGBA, top row first
};

class SdlGlWindow {
 public:
  // Throws std::runtime_error with SDL's message when no window or GL
  // context can be made (no display, no GL driver).
  static std::unique_ptr<SdlGlWindow> open(const WindowOptions& options);
  ~SdlGlWindow();
  SdlGlWindow(const SdlGlWindow&) = delete;
  SdlGlWindow& operator=(const SdlGlWindow&) = delete;

  // Blocks until an event arrives or `timeout_ms` passes; false on timeout.
  bool wait_event(SDL_Event& event, int timeout_ms);
  bool poll_event(SDL_Event& event);
  // Hands the event to ImGui's SDL2 backend.
  void process_event(const SDL_Event& event);
  [[nodiscard]] bool is_close_request(const SDL_Event& event) const;

  // Re-uploads the font atlas after it changed (text size setting).
  void rebuild_font_texture();
  // Backend new frame, then `before_new_frame` (touch input overrides the
  // pointer there), then ImGui::NewFrame().
  void begin_frame(const std::function<void()>& before_new_frame = {});
  // ImGui::Render() + draw + swap.
  void end_frame(float clear_r, float clear_g, float clear_b);
  // ImGui::Render() + draw, no swap (screenshots read the back buffer).
  void render_without_swap(float clear_r, float clear_g, float clear_b);
  void swap();
  // The back buffer as RGBA (call after render_without_swap).
  [[nodiscard]] Rgba8Image read_pixels() const;
  void set_size(int width, int height);
  // The API and version of the current context (see GlContextInfo).
  [[nodiscard]] GlContextInfo context_info() const;

 private:
  SdlGlWindow(SDL_Window* window, SDL_GLContext context) : m_window(window), m_context(context) {}
  SDL_Window* m_window;
  SDL_GLContext m_context;
  bool m_backends_up = false;
};

}  // namespace doorstep::platform
