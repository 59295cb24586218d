// Girofle's real Docker adapter: the Docker Engine API over the engine's Unix socket.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "adapters/docker/unix_socket_http.hpp"
#include "core/docker.hpp"

namespace girofle {

// Contacts nothing until the first call, which negotiates the API version once (GET /_ping,
// as Docker's own client does); every later request goes to /vX.Y/... with
// X.Y = min(engine's newest, 1.43). version() asks GET /version, which also names the engine.
// Not thread-safe: one client per thread.
class DockerEngineClient final : public Docker {
public:
    explicit DockerEngineClient(std::string socket_path);

    const std::string& socket_path() const { return http_.socket_path(); }

    Result<EngineVersion> version() override;
    // The API version requests use ("1.41"), negotiated on the first call. Errors: the engine
    // unreachable, or too old (below API 1.40).
    Result<std::string> api_version();
    Result<std::string> create_container(const ContainerSpec& spec) override;
    Result<void> start_container(const std::string& id_or_name) override;
    Result<ContainerInfo> inspect_container(const std::string& id_or_name) override;
    Result<void> stop_container(const std::string& id_or_name,
                                std::chrono::seconds timeout) override;
    Result<void> remove_container(const std::string& id_or_name, bool force) override;
    Result<std::vector<ContainerInfo>> list_containers(
        const std::vector<std::string>& label_filters, bool all) override;
    Result<std::vector<ContainerSummary>> list_container_summaries(
        const std::vector<std::string>& label_filters) override;
    Result<void> pause_container(const std::string& id_or_name) override;
    Result<void> unpause_container(const std::string& id_or_name) override;
    Result<ExecResult> exec(const std::string& id_or_name, const std::vector<std::string>& argv,
                            std::chrono::seconds timeout) override;
    Result<std::string> logs(const std::string& id_or_name, int tail_lines) override;
    Result<ImageInfo> inspect_image(const std::string& reference) override;
    Result<void> pull_image(const std::string& reference) override;

private:
    // `path` under the negotiated "/vX.Y" prefix; negotiates first when not done yet.
    Result<HttpResponse> call(const std::string& method, const std::string& path,
                              std::optional<std::string> json_body = std::nullopt,
                              std::chrono::milliseconds timeout = kRequestTimeout);

    // GET /containers/json: the engine's summaries, checked to be a JSON list.
    Result<nlohmann::json> container_list(const std::vector<std::string>& label_filters, bool all);

    static constexpr std::chrono::milliseconds kRequestTimeout{60'000};

    UnixSocketHttp http_;
    std::optional<std::string> api_version_;  // set by the first successful negotiation
    std::optional<EngineVersion> engine_;     // set by the first successful version()
};

}  // namespace girofle
