#include "core/remote/backup_progress.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

// Lines as restic 0.14's `backup --json` prints them.
constexpr const char* kStatus =
    R"({"message_type":"status","percent_done":0.4237,"total_files":40000,"files_done":1234,"total_bytes":1181116006,"bytes_done":536870912,"current_files":["/data/a"]})";
constexpr const char* kSummary =
    R"({"message_type":"summary","files_new":2,"files_changed":1,"files_unmodified":39997,"dirs_new":0,"dirs_changed":3,"dirs_unmodified":10,"data_blobs":3,"tree_blobs":4,"data_added":20480,"total_files_processed":40000,"total_bytes_processed":1181116006,"total_duration":2.5,"snapshot_id":"45e5ba2b"})";

TEST(ResticBackupProgress, AStatusLineBecomesPercentFilesAndBytes) {
    EXPECT_EQ(backup_status_text(kStatus), "42% 1,234/40,000 files 512.0 MiB/1.1 GiB");
    // The first status, before restic has counted anything.
    EXPECT_EQ(backup_status_text(R"({"message_type":"status","percent_done":0,"current_files":["/f1"]})"),
              "0% 0/0 files 0 B/0 B");
    EXPECT_FALSE(backup_status_text(kSummary));
    EXPECT_FALSE(backup_status_text("Fatal: unable to open config file"));
    EXPECT_FALSE(backup_status_text(R"({"message_type":"status")"));
}

TEST(ResticBackupProgress, TheSummarySaysWhatWasReadAndWhatWasSkipped) {
    auto summary = backup_summary_of(kSummary);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->files_new, 2u);
    EXPECT_EQ(summary->files_changed, 1u);
    EXPECT_EQ(summary->files_unmodified, 39997u);
    EXPECT_EQ(summary->data_added, 20480u);
    EXPECT_EQ(summary->total_files_processed, 40000u);
    EXPECT_EQ(summary->snapshot_id, "45e5ba2b");
    EXPECT_FALSE(backup_summary_of(kStatus));

    auto found = backup_summary_in(std::string(kStatus) + "\n" + kSummary + "\n");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->files_unmodified, 39997u);
    EXPECT_FALSE(backup_summary_in(std::string(kStatus) + "\n"));
}

}  // namespace
}  // namespace girofle
