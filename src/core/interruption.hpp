// Ctrl-C, SIGTERM and SIGHUP do not kill Girofle mid-operation: the CLI records the signal
// and long waits check it, so that every operation undoes or finishes what it started.
#pragma once

namespace girofle {

// Installs the handlers (once, from the CLI).
void install_interruption_handlers();
// The signal received, 0 if none.
int interruption_signal();
bool interrupted();

}  // namespace girofle
