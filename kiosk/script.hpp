// Scripted steps for tests and documentation: taps, waits and screenshots read from a file,
// run through the same App paths as a finger.
#pragma once

#include <string>

namespace kiosk {

class App;

// Lines: "tap X Y", "tap-button TITLE", "type TEXT", "wait-screen NAME", "wait-event NAME",
// "wait-online", "sleep MS", "screenshot FILE"; '#' starts a comment. Waits give up after 30 s.
// Returns an empty string, or the first failing line and why.
std::string run_script(App& app, const std::string& path);

}  // namespace kiosk
