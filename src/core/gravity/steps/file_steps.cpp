// write, delete and move: what a developer does to the files of a work tree. Paths were
// checked by validation never to leave the repository nor touch .git.
#include <fstream>

#include "core/gravity/steps/step_kinds.hpp"

namespace girofle::gravity::steps {
namespace fs = std::filesystem;
namespace {

Error file_error(const fs::path& path, const std::string& cause) {
    return Error{ErrorKind::failed, path.string(), cause};
}

class Write final : public StepKind {
public:
    std::string_view name() const override { return "write"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"path", FieldType::path},
                {"content", FieldType::text}};
    }
    std::string label(const Step& step) const override {
        return "write " + step.field("path") + " in " + step.field("repository");
    }
    bool may_fail() const override { return false; }
    StepOutcome play(const Step& step, StepContext& context) const override {
        const fs::path file = context.directory_of(step.field("repository")) / step.field("path");
        std::error_code error;
        fs::create_directories(file.parent_path(), error);
        if (error) return failed(file_error(file.parent_path(), error.message()));
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << step.field("content");
        out.close();
        if (!out) return failed(file_error(file, "cannot write"));
        return {};
    }
};

class Delete final : public StepKind {
public:
    std::string_view name() const override { return "delete"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository}, {"path", FieldType::path}};
    }
    std::string label(const Step& step) const override {
        return "delete " + step.field("path") + " in " + step.field("repository");
    }
    bool may_fail() const override { return false; }
    StepOutcome play(const Step& step, StepContext& context) const override {
        const fs::path file = context.directory_of(step.field("repository")) / step.field("path");
        std::error_code error;
        if (fs::remove_all(file, error) == 0 && !error)
            return failed(file_error(file, "no such file"));
        if (error) return failed(file_error(file, error.message()));
        return {};
    }
};

class Move final : public StepKind {
public:
    std::string_view name() const override { return "move"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"path", FieldType::path},
                {"to", FieldType::path}};
    }
    std::string label(const Step& step) const override {
        return "move " + step.field("path") + " to " + step.field("to") + " in " +
               step.field("repository");
    }
    bool may_fail() const override { return false; }
    StepOutcome play(const Step& step, StepContext& context) const override {
        const fs::path top = context.directory_of(step.field("repository"));
        const fs::path from = top / step.field("path"), to = top / step.field("to");
        std::error_code error;
        fs::create_directories(to.parent_path(), error);
        if (!error) fs::rename(from, to, error);
        if (error) return failed(file_error(from, "cannot move to " + to.string() + ": " +
                                                      error.message()));
        return {};
    }
};

}  // namespace

std::unique_ptr<StepKind> make_write() { return std::make_unique<Write>(); }
std::unique_ptr<StepKind> make_delete() { return std::make_unique<Delete>(); }
std::unique_ptr<StepKind> make_move() { return std::make_unique<Move>(); }

}  // namespace girofle::gravity::steps
