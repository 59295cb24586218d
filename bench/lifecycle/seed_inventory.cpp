// Fills ROOT's inventory with COUNT records (numbered after any existing ones) through the
// real LMDB adapter, as COUNT commissions would, without creating their containers.
#include <cstdlib>
#include <iostream>

#include "adapters/lmdb/lmdb_inventory.hpp"
#include "core/root_layout.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: girofle_bench_seed_inventory ROOT COUNT\n";
        return 2;
    }
    girofle::RootLayout layout(argv[1]);
    girofle::LmdbInventory inventory(layout.inventory());
    const int count = std::atoi(argv[2]);
    for (int i = 0; i < count; ++i) {
        // Spread over 10.x addresses so that every record holds its own.
        std::string ip = "10.77." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
        auto reserved = inventory.reserve(
            {.name = "bench-" + std::to_string(i),
             .addresses = {ip},
             .make_record =
                 [&](std::uint64_t number, const std::string& address) {
                     girofle::InstanceRecord record;
                     record.name = "bench-" + std::to_string(i);
                     record.container = girofle::container_name_for(number, record.name);
                     record.directory = layout.instance_directory(number).string();
                     record.image = "gitlab/gitlab-ce:17.5.1-ce.0";
                     record.external_url = girofle::external_url_for(address, 80);
                     record.hostname = record.container;
                     record.state = girofle::InstanceState::active;
                     record.created_at = record.updated_at = "2026-11-25T00:00:00Z";
                     return record;
                 }},
            "seed");
        if (!reserved) {
            std::cerr << reserved.error().message() << "\n";
            return 1;
        }
    }
    return 0;
}
