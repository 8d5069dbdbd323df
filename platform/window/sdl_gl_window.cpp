#include "window/sdl_gl_window.hpp"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>

#if defined(DOORSTEP_GLES3)
#include <GLES3/gl3.h>
#else
#include <SDL_opengl.h>
#endif

#include <algorithm>
#include <stdexcept>

namespace doorstep::platform {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what + ": " + SDL_GetError()); }

std::string gl_string(GLenum name) {
  const GLubyte* s = glGetString(name);
  return s == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(s));
}

// The context this build's shaders and backend were compiled for: GLES 3.x
// with DOORSTEP_GLES3, desktop GL otherwise. Empty when `info` matches, else
// what is wrong.
std::string wrong_api(const GlContextInfo& info) {
#if defined(DOORSTEP_GLES3)
  if (info.version.rfind("OpenGL ES 3", 0) != 0) return "built for OpenGL ES 3 but the driver gave \"" + info.version + "\"";
#else
  if (info.is_gles() || info.version.empty()) return "built for desktop OpenGL but the driver gave \"" + info.version + "\"";
#endif
  return {};
}

}  // namespace

bool built_for_gles3() {
#if defined(DOORSTEP_GLES3)
  return true;
#else
  return false;
#endif
}

std::unique_ptr<SdlGlWindow> SdlGlWindow::open(const WindowOptions& options) {
#if defined(DOORSTEP_GLES3)
  // We link libGLESv2 and call it directly, so have SDL load the GLES driver
  // through EGL (as on a tablet) rather than ask GLX for an ES profile. Only
  // a default: $SDL_OPENGL_ES_DRIVER=0 still picks GLX.
  SDL_SetHintWithPriority(SDL_HINT_OPENGL_ES_DRIVER, "1", SDL_HINT_DEFAULT);
#endif
  // Fingers reach the app as finger events only (app/field/touch_pointer.hpp),
  // not also as emulated mouse clicks.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) fail("SDL_Init");
#if defined(DOORSTEP_GLES3)
  const char* glsl_version = "#version 300 es";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
  const char* glsl_version = "#version 150";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
  const auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_Window* window = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                        options.width, options.height, flags);
  if (window == nullptr) {
    SDL_Quit();
    fail("SDL_CreateWindow");
  }
  SDL_GLContext context = SDL_GL_CreateContext(window);
  if (context == nullptr) {
    SDL_DestroyWindow(window);
    SDL_Quit();
    fail("SDL_GL_CreateContext");
  }
  SDL_GL_MakeCurrent(window, context);
  SDL_GL_SetSwapInterval(1);
  std::unique_ptr<SdlGlWindow> w(new SdlGlWindow(window, context));
  if (const auto wrong = wrong_api(w->context_info()); !wrong.empty()) throw std::runtime_error("GL context: " + wrong);
  if (!ImGui_ImplSDL2_InitForOpenGL(window, context)) throw std::runtime_error("ImGui SDL2 backend failed to start");
  if (!ImGui_ImplOpenGL3_Init(glsl_version)) {
    ImGui_ImplSDL2_Shutdown();
    throw std::runtime_error("ImGui OpenGL3 backend failed to start");
  }
  w->m_backends_up = true;
  return w;
}

SdlGlWindow::~SdlGlWindow() {
  if (m_backends_up) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
  }
  SDL_GL_DeleteContext(m_context);
  SDL_DestroyWindow(m_window);
  SDL_Quit();
}

bool SdlGlWindow::wait_event(SDL_Event& event, int timeout_ms) { return SDL_WaitEventTimeout(&event, timeout_ms) == 1; }

bool SdlGlWindow::poll_event(SDL_Event& event) { return SDL_PollEvent(&event) == 1; }

void SdlGlWindow::process_event(const SDL_Event& event) { ImGui_ImplSDL2_ProcessEvent(&event); }

bool SdlGlWindow::is_close_request(const SDL_Event& event) const {
  return event.type == SDL_QUIT || (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
                                    event.window.windowID == SDL_GetWindowID(m_window));
}

void SdlGlWindow::rebuild_font_texture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void SdlGlWindow::begin_frame(const std::function<void()>& before_new_frame) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  if (before_new_frame) before_new_frame();
  ImGui::NewFrame();
}

void SdlGlWindow::render_without_swap(float clear_r, float clear_g, float clear_b) {
  ImGui::Render();
  const ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  glClearColor(clear_r, clear_g, clear_b, 1.0F);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void SdlGlWindow::end_frame(float clear_r, float clear_g, float clear_b) {
  render_without_swap(clear_r, clear_g, clear_b);
  swap();
}

void SdlGlWindow::swap() { SDL_GL_SwapWindow(m_window); }

Rgba8Image SdlGlWindow::read_pixels() const {
  Rgba8Image img;
  SDL_GL_GetDrawableSize(m_window, &img.width, &img.height);
  const auto w = static_cast<std::size_t>(img.width);
  const auto h = static_cast<std::size_t>(img.height);
  std::vector<std::uint8_t> bottom_up(w * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, img.width, img.height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  img.pixels.resize(bottom_up.size());
  for (std::size_t y = 0; y < h; ++y) {
    std::copy_n(bottom_up.begin() + static_cast<std::ptrdiff_t>((h - 1 - y) * w * 4), w * 4,
                img.pixels.begin() + static_cast<std::ptrdiff_t>(y * w * 4));
  }
  return img;
}

void SdlGlWindow::set_size(int width, int height) { SDL_SetWindowSize(m_window, width, height); }

GlContextInfo SdlGlWindow::context_info() const {
  return {gl_string(GL_VERSION), gl_string(GL_RENDERER), gl_string(GL_SHADING_LANGUAGE_VERSION)};
}

}  // namespace doorstep::platform
