// Rewrites the first COUNT records of ROOT's LMDB inventory (their updated_at, a new value
// each run, so that the mirror never finds a file already up to date), either
// through the bare adapter or through the mirror that also writes each record into its
// instance directory: what the mirror adds to every inventory write, for
// bench/inventory/rebuild.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "adapters/lmdb/lmdb_inventory.hpp"
#include "core/inventory/record_mirror.hpp"

int main(int argc, char** argv) {
    if (argc != 4 || (std::string_view(argv[3]) != "bare" && std::string_view(argv[3]) != "mirrored")) {
        std::cerr << "usage: girofle_bench_modify_many ROOT COUNT bare|mirrored\n";
        return 2;
    }
    girofle::RootLayout layout(argv[1]);
    girofle::SilentReporter reporter;  // bench/inventory/rebuild checks the files it writes
    std::unique_ptr<girofle::Inventory> inventory = std::make_unique<girofle::LmdbInventory>(layout.inventory());
    if (std::string_view(argv[3]) == "mirrored")
        inventory = std::make_unique<girofle::MirroredInventory>(std::move(inventory), layout, reporter);
    const int count = std::atoi(argv[2]);
    const std::string stamp =
        "bench-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
    for (int number = 1; number <= count; ++number) {
        auto modified = inventory->modify(static_cast<std::uint64_t>(number), [&](girofle::InstanceRecord& record) {
            record.updated_at = stamp;
        });
        if (!modified) {
            std::cerr << modified.error().message() << "\n";
            return 1;
        }
    }
    return 0;
}
