// Webhook POSTs over libcurl (HTTP and HTTPS, the system's CA store, proxies from the usual
// environment variables). Redirects are not followed: a webhook answers where it is.
#pragma once

#include "core/observe/notifications.hpp"

namespace girofle {

class CurlWebhookPoster final : public WebhookPoster {
public:
    // Errors name the URL without its user part, path or query (redacted_url).
    Result<HttpAnswer> post_json(const std::string& url, const std::string& body,
                                 std::chrono::milliseconds timeout) override;
};

}  // namespace girofle
