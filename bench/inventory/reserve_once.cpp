// One reservation through the real adapter chosen by URL, as commission makes it, without a
// container: the inventory's share of a commission, for bench/inventory/run.
#include <iostream>

#include "cli/runtime.hpp"
#include "core/root_layout.hpp"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: girofle_bench_reserve_once ROOT URL ADDRESS\n";
        return 2;
    }
    girofle::RootLayout layout(argv[1]);
    auto inventory = girofle::cli::open_inventory(argv[2], layout, girofle::RootConfig{});
    if (!inventory) {
        std::cerr << inventory.error().message() << "\n";
        return 1;
    }
    auto reserved = (*inventory)->reserve(
        {.addresses = {argv[3]},
         .make_record =
             [&](std::uint64_t number, const std::string& address) {
                 girofle::InstanceRecord record;
                 record.container = girofle::container_name_for(number, "");
                 record.directory = layout.instance_directory(number).string();
                 record.external_url = girofle::external_url_for(address, 80);
                 return record;
             }},
        "bench");
    if (!reserved) {
        std::cerr << reserved.error().message() << "\n";
        return 1;
    }
    // Released, then the address freed: every run reserves the same address again.
    reserved->lock.reset();
    if (auto removed = (*inventory)->remove(reserved->record.number); !removed) {
        std::cerr << removed.error().message() << "\n";
        return 1;
    }
    return 0;
}
