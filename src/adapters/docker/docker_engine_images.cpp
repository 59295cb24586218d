// Images: what the engine holds, and fetching one from its registry.
#include "adapters/docker/docker_engine_client.hpp"
#include "adapters/docker/engine_answer.hpp"
#include "adapters/docker/image_pull.hpp"
#include "adapters/docker/inspect_mapping.hpp"
#include "adapters/docker/url_encoding.hpp"

namespace girofle {

using namespace docker_api;

namespace {

// A pull of a multi-gigabyte image has no sensible total bound, but the engine reports
// progress continually: this long a silence means it is stuck.
constexpr std::chrono::seconds kPullSilenceBound{120};

}  // namespace

Result<ImageInfo> DockerEngineClient::inspect_image(const std::string& reference) {
    auto response = call("GET", "/images/" + image_path(reference) + "/json");
    if (!response) return std::unexpected(response.error());
    if (response->status == 404)
        return fail(ErrorKind::not_found, "image " + reference,
                    "no such image in the Docker engine");
    if (response->status != 200)
        return std::unexpected(api_error(response->status, docker_error_message(response->body),
                                         "image " + reference));
    auto answer = json_answer(*response, "inspect of image " + reference);
    if (!answer) return std::unexpected(answer.error());
    return image_info_from_inspect(*answer);
}

Result<void> DockerEngineClient::pull_image(const std::string& reference) {
    auto api = api_version();
    if (!api) return std::unexpected(api.error());
    const PullTarget target = pull_target(reference);
    // Sent without call(): a pull is bounded by silence, not by total time.
    auto response =
        http_.send({.method = "POST",
                    .target = "/v" + *api + "/images/create?fromImage=" +
                              percent_encode(target.image) + "&tag=" + percent_encode(target.tag),
                    .timeout = std::chrono::milliseconds::zero(),
                    .idle_timeout = kPullSilenceBound});
    if (!response) return std::unexpected(response.error().about("image " + reference));
    // Failures found before streaming starts come as an HTTP error ...
    if (response->status != 200)
        return std::unexpected(pull_failure(reference, docker_error_message(response->body)));
    // ... and later ones as an error line inside a 200 answer.
    if (auto error = pull_stream_error(response->body))
        return std::unexpected(pull_failure(reference, *error));
    return {};
}

}  // namespace girofle
