// doctor --notify: every problem doctor found announced to the webhooks of girofle.json, one
// notification per problem, by the rule of core/observe/problem_notifications.hpp (when it
// appears, then at most once a day while it lasts). The scheduled doctor run (see
// core/schedule/schedule_file.hpp) is what makes a late backup known without an operator.
#pragma once

#include <string>
#include <vector>

#include "core/observe/problem_notifications.hpp"
#include "core/operations/doctor.hpp"

namespace girofle {

// The findings whose verdict is `problem`, each as a notice shaped like a failure's
// (event girofle.problem_found, operation doctor, error "CHECK: DETAIL (fix: COMMAND)",
// error_kind problem, the instance for the checks of one instance), keyed by check and
// instance, or by check and detail for the checks of the host.
std::vector<Problem> doctor_problems(const std::vector<Finding>& findings,
                                     std::chrono::system_clock::time_point now);

// Announces the problems among `findings`; the state lives in ROOT/logs, created only inside
// a root that exists. Nothing to do without webhooks. Never fails (see notify_problems).
NotificationReport notify_doctor_problems(Services& services, const std::vector<Finding>& findings,
                                          WebhookPoster& poster, const std::string& host);

// ROOT/logs/notified-problems.json
std::filesystem::path notified_problems_file(const RootLayout& layout);

}  // namespace girofle
