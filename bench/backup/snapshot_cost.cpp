// What the filesystem itself charges for the atomic snapshot at the heart of a btrfs freeze
// backup, outside Girofle: the baseline that bench/backup/scale sets Girofle's freeze window
// against.
//   girofle_bench_snapshot_cost SUBVOLUME SAMPLES
// Each sample flushes the subvolume's filesystem (syncfs(2), as Girofle does before it
// freezes), times one snapshot ioctl (libbtrfsutil's btrfs_util_create_snapshot) into
// SUBVOLUME's parent, deletes that snapshot and waits until btrfs's cleaner has dropped it, so
// that each sample starts where the last began. Prints the median in milliseconds (three
// decimals). Needs CAP_SYS_ADMIN (root) for the deletion.
#include <btrfsutil.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

bool failed(btrfs_util_error code, const char* what, const std::filesystem::path& object) {
    if (code == BTRFS_UTIL_OK) return false;
    std::fprintf(stderr, "girofle_bench_snapshot_cost: %s %s: %s\n", what, object.c_str(),
                 btrfs_util_strerror(code));
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: girofle_bench_snapshot_cost SUBVOLUME SAMPLES\n");
        return 2;
    }
    const std::filesystem::path subvolume = argv[1];
    const auto snapshot = subvolume.parent_path() / ".girofle-bench-snapshot-cost";
    const int descriptor = ::open(subvolume.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor < 0) {
        std::perror(subvolume.c_str());
        return 1;
    }
    std::vector<double> milliseconds;
    for (int sample = 0; sample < std::stoi(argv[2]); ++sample) {
        ::syncfs(descriptor);
        const auto start = std::chrono::steady_clock::now();
        if (failed(btrfs_util_create_snapshot(subvolume.c_str(), snapshot.c_str(), 0, nullptr,
                                              nullptr),
                   "cannot snapshot", subvolume))
            return 1;
        milliseconds.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        if (failed(btrfs_util_delete_subvolume(snapshot.c_str(), 0), "cannot delete", snapshot) ||
            failed(btrfs_util_wait_sync(subvolume.c_str(), 0), "cannot wait for the cleaner of",
                   subvolume))
            return 1;
    }
    ::close(descriptor);
    std::sort(milliseconds.begin(), milliseconds.end());
    const auto middle = milliseconds.size() / 2;
    const double median = milliseconds.size() % 2
                              ? milliseconds[middle]
                              : (milliseconds[middle - 1] + milliseconds[middle]) / 2;
    std::printf("%.3f\n", median);
    return 0;
}
