// Failures as values: every adapter and operation returns Result<T>, and one place
// in the CLI turns an Error into the single line and exit status the user sees.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace girofle {

enum class ErrorKind {
    usage,        // bad input from the user; nothing was changed (exit status 2)
    not_found,    // a thing an operation needed does not exist
    conflict,     // the thing exists already, or is held by something else
    busy,         // another operation holds the lock
    timeout,      // a bound passed
    unavailable,  // a system we depend on (Docker, a remote) does not answer
    permission,   // the OS or a server refused us
    no_space,     // not enough disk
    failed,       // anything else that went wrong
};

struct Error {
    ErrorKind kind = ErrorKind::failed;
    std::string object;  // what the error is about: "instance 3", "127.0.0.9", "docker"
    std::string cause;   // why, in words a user understands
    // Already in operations.jsonl with the instance it concerns (a member of backup --all):
    // the command's own failure record would repeat it.
    bool recorded = false;

    // The one line printed after "girofle: error: ".
    std::string message() const { return object.empty() ? cause : object + ": " + cause; }

    // 2 when the user's input was wrong and nothing changed, 1 when an operation failed.
    int exit_status() const { return kind == ErrorKind::usage ? 2 : 1; }

    // Same failure, said about a larger object: "instance 3" + "docker: timeout" keeps the kind.
    // An error already about that object is left as it is, not named twice.
    Error about(std::string new_object) const {
        if (new_object == object) return *this;
        return Error{kind, std::move(new_object), message(), recorded};
    }
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string object, std::string cause) {
    return std::unexpected(Error{kind, std::move(object), std::move(cause)});
}

const char* to_string(ErrorKind kind);

}  // namespace girofle
