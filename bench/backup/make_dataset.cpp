// Writes a data set shaped like a GitLab data volume (many small files, some large ones) for
// the backup benchmark, or changes a share of an existing one:
//   girofle_bench_make_dataset create DIR FILES TOTAL_MIB
//   girofle_bench_make_dataset change DIR PERCENT
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace {

void write_random(const std::filesystem::path& path, std::size_t size, std::mt19937_64& random) {
    std::vector<std::uint64_t> words(size / 8 + 1);
    for (auto& word : words) word = random();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(words.data()), static_cast<std::streamsize>(size));
}

int create(const std::filesystem::path& directory, int files, std::uint64_t total_bytes) {
    std::mt19937_64 random(1);
    // Sizes from a skewed distribution scaled to the total: most files small, a few large.
    std::lognormal_distribution<double> shape(9.0, 1.5);
    std::vector<double> weights(static_cast<std::size_t>(files));
    double sum = 0;
    for (auto& weight : weights) sum += weight = shape(random);
    for (int i = 0; i < files; ++i) {
        // 40 files a directory, ten directories a group: a thousand directories for 40,000 files.
        auto sub = directory / ("group-" + std::to_string(i / 400)) / ("dir-" + std::to_string(i / 40 % 10));
        std::filesystem::create_directories(sub);
        auto size = static_cast<std::size_t>(weights[static_cast<std::size_t>(i)] / sum * static_cast<double>(total_bytes));
        write_random(sub / ("object-" + std::to_string(i)), size, random);
    }
    return 0;
}

int change(const std::filesystem::path& directory, double percent) {
    std::vector<std::filesystem::path> all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory))
        if (entry.is_regular_file()) all.push_back(entry.path());
    std::sort(all.begin(), all.end());
    std::mt19937_64 random(std::random_device{}());
    std::shuffle(all.begin(), all.end(), random);
    const auto count = static_cast<std::size_t>(static_cast<double>(all.size()) * percent / 100.0);
    std::uint64_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        auto size = std::filesystem::file_size(all[i]);
        write_random(all[i], size, random);
        bytes += size;
    }
    std::cout << count << " files, " << bytes << " bytes changed\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 4 && args[0] == "create")
        return create(args[1], std::stoi(args[2]), std::stoull(args[3]) << 20);
    if (args.size() == 3 && args[0] == "change") return change(args[1], std::stod(args[2]));
    std::cerr << "usage: girofle_bench_make_dataset create DIR FILES TOTAL_MIB | change DIR PERCENT\n";
    return 2;
}
