#include "core/interruption.hpp"

#include <csignal>
#include <initializer_list>

namespace girofle {
namespace {

volatile std::sig_atomic_t received_signal = 0;

extern "C" void remember_signal(int sig) { received_signal = sig; }

}  // namespace

void install_interruption_handlers() {
    struct sigaction action {};
    action.sa_handler = remember_signal;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &action, nullptr);
}

int interruption_signal() { return received_signal; }
bool interrupted() { return received_signal != 0; }

}  // namespace girofle
