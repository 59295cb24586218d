// A webhook receiver for unit tests, scripted answer by answer on a fake clock.
#pragma once

#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/observe/notifications.hpp"
#include "unit/fakes/fake_system.hpp"

namespace girofle::testing {

// A receiver scripted answer by answer; each answer takes `delay` of the fake clock (a hang
// takes the whole timeout it was given).
class ScriptedPoster final : public WebhookPoster {
  public:
    struct Answer {
        Result<HttpAnswer> result;
        std::chrono::milliseconds delay{0};
        bool hangs = false;
    };
    explicit ScriptedPoster(FakeClock& clock) : clock_(clock) {}
    std::deque<Answer> script;
    std::vector<std::pair<std::string, nlohmann::json>> posts;
    std::vector<std::chrono::milliseconds> timeouts;

    Result<HttpAnswer> post_json(const std::string& url, const std::string& body,
                                 std::chrono::milliseconds timeout) override {
        posts.emplace_back(url, nlohmann::json::parse(body));
        timeouts.push_back(timeout);
        Answer answer = script.empty() ? Answer{HttpAnswer{200}} : script.front();
        if (script.size() > 1) script.pop_front();
        if (answer.hangs) {
            clock_.sleep_for(timeout);
            return fail(ErrorKind::timeout, "webhook", "Operation timed out");
        }
        clock_.sleep_for(answer.delay);
        return answer.result;
    }

  private:
    FakeClock& clock_;
};

}  // namespace girofle::testing
