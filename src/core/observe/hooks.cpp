#include "core/observe/hooks.hpp"

#include "core/observe/history.hpp"

namespace girofle {
namespace {

const std::vector<HookCommand>& commands_for(const HookSettings& hooks, HookEvent event) {
    switch (event) {
        case HookEvent::pre_backup: return hooks.pre_backup;
        case HookEvent::post_backup: return hooks.post_backup;
        case HookEvent::pre_restore: return hooks.pre_restore;
        case HookEvent::post_restore: return hooks.post_restore;
    }
    return hooks.pre_backup;
}

std::string shown(const HookCommand& command) {
    std::string text;
    for (const auto& word : command) text += (text.empty() ? "" : " ") + word;
    return text;
}

std::string why_it_failed(const ProcessResult& result, std::chrono::seconds timeout) {
    if (result.timed_out) return "did not finish within " + std::to_string(timeout.count()) + " s";
    std::string why = result.signal != 0 ? "killed by signal " + std::to_string(result.signal)
                                         : "exit status " + std::to_string(result.exit_code);
    const std::string said = tail_of(result.err.empty() ? result.out : result.err);
    return said.empty() ? why : why + ": " + said;
}

}  // namespace

const char* to_string(HookEvent event) {
    switch (event) {
        case HookEvent::pre_backup: return "pre_backup";
        case HookEvent::post_backup: return "post_backup";
        case HookEvent::pre_restore: return "pre_restore";
        case HookEvent::post_restore: return "post_restore";
    }
    return "pre_backup";
}

Result<void> run_hooks(Services& services, HookEvent event, const InstanceRecord& record, const std::string& snapshot,
                       const std::string& outcome) {
    const auto& hooks = services.config.hooks;
    const bool numbered = record.number != 0;
    for (const auto& command : commands_for(hooks, event)) {
        ProcessRequest request{
            .argv = command,
            .env = {{"GIROFLE_EVENT", to_string(event)},
                    {"GIROFLE_ROOT", services.layout.root().string()},
                    {"GIROFLE_INSTANCE_NUMBER", numbered ? std::to_string(record.number) : ""},
                    {"GIROFLE_INSTANCE_NAME", record.name},
                    {"GIROFLE_CONTAINER", numbered ? record.container : ""},
                    {"GIROFLE_INSTANCE_DIRECTORY",
                     numbered ? services.layout.instance_directory(record.number).string() : ""},
                    {"GIROFLE_SNAPSHOT", snapshot}},
            .env_remove = {"RESTIC_PASSWORD", "RESTIC_PASSWORD_COMMAND", "RESTIC_PASSWORD_FILE"},
            .timeout = std::chrono::duration_cast<std::chrono::milliseconds>(hooks.timeout),
            .cancel_on_interruption = true,
        };
        if (!outcome.empty()) request.env["GIROFLE_OUTCOME"] = outcome;
        const std::string object = (numbered ? record.label() : "new instance '" + record.name + "'") + ": " + to_string(event) + " hook '" + shown(command) + "'";
        services.reporter.progress(object);
        auto ran = services.processes.run(request);
        if (!ran) return std::unexpected(ran.error().about(object));
        if (!ran->succeeded()) return fail(ErrorKind::failed, object, why_it_failed(*ran, hooks.timeout));
        services.reporter.info(object + " done");
    }
    return {};
}

Error record_failure(Services& services, const std::string& operation, const InstanceRecord& record,
                     const Error& error, const nlohmann::json& extra) {
    if (error.kind == ErrorKind::usage) return error;
    nlohmann::json line = {{"operation", operation},
                           {"error_kind", to_string(error.kind)},
                           {"error", error.message()},
                           {"outcome", outcome_of(error)}};
    if (record.number != 0) line["instance"] = record.number;
    line.update(extra);
    services.reporter.record(line);
    Error recorded = error;
    recorded.recorded = true;
    return recorded;
}

}  // namespace girofle
