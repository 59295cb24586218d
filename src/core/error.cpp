#include "core/error.hpp"

namespace girofle {

const char* to_string(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage: return "usage";
        case ErrorKind::not_found: return "not_found";
        case ErrorKind::conflict: return "conflict";
        case ErrorKind::busy: return "busy";
        case ErrorKind::timeout: return "timeout";
        case ErrorKind::unavailable: return "unavailable";
        case ErrorKind::permission: return "permission";
        case ErrorKind::no_space: return "no_space";
        case ErrorKind::failed: return "failed";
    }
    return "failed";
}

}  // namespace girofle
