// Running commands inside containers and reading their output: exec and logs.
#include <thread>

#include "adapters/docker/docker_engine_client.hpp"
#include "adapters/docker/engine_answer.hpp"
#include "adapters/docker/json_fields.hpp"
#include "adapters/docker/stream_demux.hpp"
#include "adapters/docker/url_encoding.hpp"

namespace girofle {

using namespace docker_api;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kExitPollInterval{50};

std::chrono::milliseconds time_left(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return std::max(left, std::chrono::milliseconds(1));  // zero would mean "unbounded" to curl
}

// Names only the program: its arguments may carry secrets.
Error exec_timed_out(const std::string& id_or_name, const std::string& program,
                     std::chrono::seconds timeout) {
    return Error{ErrorKind::timeout, "container " + id_or_name,
                 "command " + program + " did not finish within " +
                     std::to_string(timeout.count()) +
                     " s (the engine cannot stop it: it may still be running in the container)"};
}

}  // namespace

Result<ExecResult> DockerEngineClient::exec(const std::string& id_or_name,
                                            const std::vector<std::string>& argv,
                                            std::chrono::seconds timeout) {
    if (argv.empty())
        return fail(ErrorKind::usage, "container " + id_or_name, "exec needs a command");
    const auto deadline = Clock::now() + timeout;
    auto ran_out = [&](const Error& error) {
        return error.kind == ErrorKind::timeout ? exec_timed_out(id_or_name, argv.front(), timeout)
                                                : error;
    };

    const json create_body = {{"AttachStdin", false},
                              {"AttachStdout", true},
                              {"AttachStderr", true},
                              {"Tty", false},
                              {"Cmd", argv}};
    auto created = call("POST", "/containers/" + path_segment(id_or_name) + "/exec",
                        json_text(create_body), time_left(deadline));
    if (!created) return std::unexpected(ran_out(created.error()));
    if (created->status != 201)
        return std::unexpected(container_error(created->status, created->body, id_or_name));
    auto created_answer = json_answer(*created, "exec create in container " + id_or_name);
    if (!created_answer) return std::unexpected(created_answer.error());
    const std::string exec_path = "/exec/" + path_segment(string_field(*created_answer, "Id"));

    // Not detached: the engine streams the output and closes the stream when the command ends.
    const json start_body = {{"Detach", false}, {"Tty", false}};
    auto started = call("POST", exec_path + "/start", json_text(start_body), time_left(deadline));
    if (!started) return std::unexpected(ran_out(started.error()));
    if (started->status != 200)
        return std::unexpected(container_error(started->status, started->body, id_or_name));
    ExecResult result;
    if (auto streams = demultiplex(started->body)) {
        result.out = std::move(streams->out);
        result.err = std::move(streams->err);
    } else {
        result.out = std::move(started->body);
    }

    // The exit code lands a moment after the stream closes; wait for it within the bound.
    while (true) {
        auto inspected = call("GET", exec_path + "/json", std::nullopt, time_left(deadline));
        if (!inspected) return std::unexpected(ran_out(inspected.error()));
        if (inspected->status != 200)
            return std::unexpected(container_error(inspected->status, inspected->body, id_or_name));
        auto answer = json_answer(*inspected, "exec inspect in container " + id_or_name);
        if (!answer) return std::unexpected(answer.error());
        if (!bool_field(*answer, "Running")) {
            result.exit_code = static_cast<int>(integer_field(*answer, "ExitCode"));
            return result;
        }
        if (Clock::now() + kExitPollInterval >= deadline)
            return std::unexpected(exec_timed_out(id_or_name, argv.front(), timeout));
        std::this_thread::sleep_for(kExitPollInterval);
    }
}

Result<std::string> DockerEngineClient::logs(const std::string& id_or_name, int tail_lines) {
    const std::string tail = tail_lines < 0 ? "all" : std::to_string(tail_lines);
    auto response = call(
        "GET", "/containers/" + path_segment(id_or_name) + "/logs?stdout=1&stderr=1&tail=" + tail);
    if (!response) return std::unexpected(response.error());
    if (response->status != 200)
        return std::unexpected(container_error(response->status, response->body, id_or_name));
    // A container with a TTY sends its output unframed.
    if (auto streams = demultiplex(response->body)) return std::move(streams->interleaved);
    return std::move(response->body);
}

}  // namespace girofle
