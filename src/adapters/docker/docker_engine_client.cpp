#include "adapters/docker/docker_engine_client.hpp"

#include "adapters/docker/api_version.hpp"
#include "adapters/docker/create_request.hpp"
#include "adapters/docker/engine_answer.hpp"
#include "adapters/docker/inspect_mapping.hpp"
#include "adapters/docker/json_fields.hpp"
#include "adapters/docker/summary_mapping.hpp"
#include "adapters/docker/url_encoding.hpp"

namespace girofle {

using namespace docker_api;

namespace {

// A Unix socket connects at once or not at all; this only guards against a wedged engine.
constexpr std::chrono::milliseconds kConnectTimeout{5'000};
// The engine answers a stop only once the container is down, up to `t` seconds plus the kill.
constexpr std::chrono::seconds kStopAnswerMargin{30};

std::string container_path(const std::string& id_or_name, std::string_view rest = {}) {
    return "/containers/" + path_segment(id_or_name) + std::string(rest);
}

}  // namespace

DockerEngineClient::DockerEngineClient(std::string socket_path)
    : http_(std::move(socket_path), kConnectTimeout) {}

Result<EngineVersion> DockerEngineClient::version() {
    if (engine_) return *engine_;
    // Unversioned on purpose: the answer says which versions the engine speaks.
    auto response = http_.send({.method = "GET", .target = "/version"});
    if (!response) return std::unexpected(response.error());
    if (response->status != 200)
        return std::unexpected(
            api_error(response->status, docker_error_message(response->body), "docker"));
    auto answer = json_answer(*response, "GET /version");
    if (!answer) return std::unexpected(answer.error());
    const std::string engine_api = string_field(*answer, "ApiVersion");
    auto negotiated = negotiate_api_version(engine_api, string_field(*answer, "MinAPIVersion"));
    if (!negotiated) return std::unexpected(negotiated.error());
    engine_ = EngineVersion{.version = string_field(*answer, "Version"),
                            .api_version = *negotiated,
                            .engine_api_version = engine_api};
    api_version_ = *negotiated;
    return *engine_;
}

Result<std::string> DockerEngineClient::api_version() {
    if (api_version_) return *api_version_;
    // /_ping's Api-Version header is enough to negotiate, and /_ping is what the engine answers
    // fastest: /version also asks containerd and runc for their versions (40 ms against 1.5 ms
    // on Docker 20.10 here), which every command would pay. An engine that sends no such
    // header gets the full negotiation.
    auto response = http_.send({.method = "GET", .target = "/_ping"});
    if (!response) return std::unexpected(response.error());
    if (response->status != 200 || response->api_version.empty()) {
        auto engine = version();
        if (!engine) return std::unexpected(engine.error());
        return engine->api_version;
    }
    auto negotiated = negotiate_api_version(response->api_version, "");
    if (!negotiated) return std::unexpected(negotiated.error());
    api_version_ = *negotiated;
    return *api_version_;
}

Result<HttpResponse> DockerEngineClient::call(const std::string& method, const std::string& path,
                                              std::optional<std::string> json_body,
                                              std::chrono::milliseconds timeout) {
    auto api = api_version();
    if (!api) return std::unexpected(api.error());
    return http_.send({.method = method,
                       .target = "/v" + *api + path,
                       .json_body = std::move(json_body),
                       .timeout = timeout});
}

Result<std::string> DockerEngineClient::create_container(const ContainerSpec& spec) {
    std::string path = "/containers/create";
    if (!spec.name.empty()) path += "?name=" + percent_encode(spec.name);
    auto response = call("POST", path, json_text(container_create_body(spec)));
    if (!response) return std::unexpected(response.error());
    const std::string object =
        spec.name.empty() ? "container of image " + spec.image : "container " + spec.name;
    if (response->status == 201) {
        auto answer = json_answer(*response, "POST /containers/create");
        if (!answer) return std::unexpected(answer.error());
        return string_field(*answer, "Id");
    }
    const std::string message = docker_error_message(response->body);
    if (response->status == 404 && message.starts_with("No such image"))
        return fail(ErrorKind::not_found, "image " + spec.image,
                    "no such image in the Docker engine (pull or build it first)");
    // Girofle creates the mapped directories itself; one missing means something removed it.
    if (response->status == 400 &&
        message.find("bind source path does not exist") != std::string::npos)
        return fail(ErrorKind::not_found, object, message);
    if (response->status == 409 && message.find("already in use") != std::string::npos)
        return fail(ErrorKind::conflict, object, "the name is already in use by another container");
    return std::unexpected(api_error(response->status, message, object));
}

Result<void> DockerEngineClient::start_container(const std::string& id_or_name) {
    auto response = call("POST", container_path(id_or_name, "/start"));
    if (!response) return std::unexpected(response.error());
    // 304: already running, which is what the caller wanted.
    if (response->status == 204 || response->status == 304) return {};
    const std::string message = docker_error_message(response->body);
    if (auto taken = taken_host_port(message))
        return fail(ErrorKind::conflict, *taken,
                    "address and port already in use: container " + id_or_name +
                        " cannot publish a port there");
    return std::unexpected(container_error(response->status, response->body, id_or_name));
}

Result<ContainerInfo> DockerEngineClient::inspect_container(const std::string& id_or_name) {
    auto response = call("GET", container_path(id_or_name, "/json"));
    if (!response) return std::unexpected(response.error());
    if (response->status != 200)
        return std::unexpected(container_error(response->status, response->body, id_or_name));
    auto answer = json_answer(*response, "inspect of container " + id_or_name);
    if (!answer) return std::unexpected(answer.error());
    return container_info_from_inspect(*answer);
}

Result<void> DockerEngineClient::stop_container(const std::string& id_or_name,
                                                std::chrono::seconds timeout) {
    auto response =
        call("POST", container_path(id_or_name, "/stop?t=" + std::to_string(timeout.count())),
             std::nullopt, timeout + kStopAnswerMargin);
    if (!response) return std::unexpected(response.error());
    // 304: already stopped.
    if (response->status == 204 || response->status == 304) return {};
    return std::unexpected(container_error(response->status, response->body, id_or_name));
}

Result<void> DockerEngineClient::remove_container(const std::string& id_or_name, bool force) {
    // v=0: anonymous volumes stay; Girofle's data is never the engine's to delete.
    auto response = call(
        "DELETE", container_path(id_or_name, std::string("?v=0&force=") + (force ? "1" : "0")));
    if (!response) return std::unexpected(response.error());
    if (response->status == 204) return {};
    return std::unexpected(container_error(response->status, response->body, id_or_name));
}

Result<nlohmann::json> DockerEngineClient::container_list(
    const std::vector<std::string>& label_filters, bool all) {
    std::string path = std::string("/containers/json?all=") + (all ? "1" : "0");
    if (!label_filters.empty())
        path += "&filters=" + percent_encode(json_text(json::object({{"label", label_filters}})));
    auto response = call("GET", path);
    if (!response) return std::unexpected(response.error());
    if (response->status != 200)
        return std::unexpected(
            api_error(response->status, docker_error_message(response->body), "docker"));
    auto answer = json_answer(*response, "GET /containers/json");
    if (!answer) return std::unexpected(answer.error());
    if (!answer->is_array())
        return std::unexpected(engine_answer_unreadable("GET /containers/json", "not a list"));
    return answer;
}

Result<std::vector<ContainerInfo>> DockerEngineClient::list_containers(
    const std::vector<std::string>& label_filters, bool all) {
    auto answer = container_list(label_filters, all);
    if (!answer) return std::unexpected(answer.error());
    // The list's summaries lack env, health and mounts: inspect each so that every
    // ContainerInfo is whole. A container removed in between is simply no longer listed.
    std::vector<ContainerInfo> containers;
    for (const json& summary : *answer) {
        auto info = inspect_container(string_field(summary, "Id"));
        if (info)
            containers.push_back(std::move(*info));
        else if (info.error().kind != ErrorKind::not_found)
            return std::unexpected(info.error());
    }
    return containers;
}

Result<std::vector<ContainerSummary>> DockerEngineClient::list_container_summaries(
    const std::vector<std::string>& label_filters) {
    auto answer = container_list(label_filters, /*all=*/true);
    if (!answer) return std::unexpected(answer.error());
    std::vector<ContainerSummary> containers;
    containers.reserve(answer->size());
    for (const json& summary : *answer) containers.push_back(container_summary_from_list(summary));
    return containers;
}

Result<void> DockerEngineClient::pause_container(const std::string& id_or_name) {
    auto response = call("POST", container_path(id_or_name, "/pause"));
    if (!response) return std::unexpected(response.error());
    if (response->status == 204) return {};
    return std::unexpected(container_error(response->status, response->body, id_or_name));
}

Result<void> DockerEngineClient::unpause_container(const std::string& id_or_name) {
    auto response = call("POST", container_path(id_or_name, "/unpause"));
    if (!response) return std::unexpected(response.error());
    if (response->status == 204) return {};
    return std::unexpected(container_error(response->status, response->body, id_or_name));
}

}  // namespace girofle
