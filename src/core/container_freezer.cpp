#include "core/container_freezer.hpp"

namespace girofle {

std::string FreezerCgroup::describe() const {
    return "the cgroup v" + std::to_string(version) + " freezer at " + directory.string();
}

std::filesystem::path FreezerCgroup::control_file() const {
    return directory / (version == 1 ? "freezer.state" : "cgroup.freeze");
}
std::string FreezerCgroup::freeze_word() const { return version == 1 ? "FROZEN" : "1"; }
std::string FreezerCgroup::thaw_word() const { return version == 1 ? "THAWED" : "0"; }

ContainerFreezer& no_container_freezer() {
    class None final : public ContainerFreezer {
    public:
        Result<FreezerCgroup> locate(int) override {
            return fail(ErrorKind::unavailable, "cgroup freezer", "not used here");
        }
        Result<void> freeze(const FreezerCgroup& cgroup, std::chrono::milliseconds) override { return refuse(cgroup); }
        Result<void> thaw(const FreezerCgroup& cgroup) override { return refuse(cgroup); }
        Result<bool> frozen(const FreezerCgroup& cgroup) override { return refuse(cgroup); }

    private:
        static std::unexpected<Error> refuse(const FreezerCgroup& cgroup) {
            return fail(ErrorKind::unavailable, cgroup.directory.string(), "no cgroup freezer here");
        }
    };
    static None none;
    return none;
}

}  // namespace girofle
