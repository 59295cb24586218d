// Runs restore's copy (core/backup/verified_copy.hpp) once, as `girofle restore` runs it, so
// that bench/restore/run can time Girofle's work apart from the container's start.
// Usage: girofle_bench_verified_copy SNAPSHOT DESTINATION [WORKERS]
// Exit 0 and a JSON line of the copy's counts, or 1 and the error.
#include <cstdlib>
#include <iostream>

#include "core/backup/checksums.hpp"
#include "core/backup/manifest.hpp"
#include "core/backup/verified_copy.hpp"
#include "core/file_io.hpp"
#include "core/root_layout.hpp"

int main(int argc, char** argv) {
    using namespace girofle;
    if (argc < 3 || argc > 4) {
        std::cerr << "usage: girofle_bench_verified_copy SNAPSHOT DESTINATION [WORKERS]\n";
        return 2;
    }
    const std::filesystem::path snapshot = argv[1];
    // A directory laid out as a snapshot without Girofle's manifest (a data set prepared with
    // sha256sum) is copied against its checksums.sha256 alone.
    std::string list_sha256;
    if (exists_quietly(snapshot / kManifestFile)) {
        auto manifest = read_manifest(snapshot);
        if (!manifest) {
            std::cerr << manifest.error().message() << "\n";
            return 1;
        }
        list_sha256 = manifest->checksums_sha256;
    } else if (auto list = read_text_file(snapshot / kChecksumsFile)) {
        list_sha256 = sha256_hex(*list);
    }
    auto expected = read_recorded_checksums(snapshot, list_sha256);
    if (!expected) {
        std::cerr << expected.error().message() << "\n";
        return 1;
    }
    auto copied = verified_copy({.snapshot = snapshot,
                                 .trees = {std::begin(RootLayout::kVolumeKinds), std::end(RootLayout::kVolumeKinds)},
                                 .expected = std::move(*expected),
                                 .destination = argv[2],
                                 .workers = argc == 4 ? static_cast<unsigned>(std::atoi(argv[3])) : 0u});
    if (!copied) {
        std::cerr << copied.error().message() << "\n";
        return 1;
    }
    std::cout << "{\"files\": " << copied->files << ", \"hard_links\": " << copied->hard_links
              << ", \"bytes\": " << copied->bytes << "}\n";
    return 0;
}
