#include "core/file_operations.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/file_io.hpp"

namespace girofle {
namespace {

class LocalFileOperations final : public FileOperations {
public:
    Result<void> rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
        if (::rename(from.c_str(), to.c_str()) == 0) return {};
        const int saved = errno;
        return fail(kind_of_errno(saved), from.string(), "cannot rename to " + to.string() + ": " + std::strerror(saved));
    }
    Result<VerifiedCopyStats> verified_copy(const VerifiedCopyRequest& request) override {
        return girofle::verified_copy(request);
    }
};

}  // namespace

FileOperations& local_file_operations() {
    static LocalFileOperations operations;
    return operations;
}

}  // namespace girofle
