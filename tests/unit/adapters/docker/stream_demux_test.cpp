#include "adapters/docker/stream_demux.hpp"

#include <gtest/gtest.h>

namespace girofle::docker_api {
namespace {

std::string frame(char stream, const std::string& payload) {
    const auto size = static_cast<std::uint32_t>(payload.size());
    std::string header{stream,
                       0,
                       0,
                       0,
                       static_cast<char>(size >> 24),
                       static_cast<char>((size >> 16) & 0xFF),
                       static_cast<char>((size >> 8) & 0xFF),
                       static_cast<char>(size & 0xFF)};
    return header + payload;
}

TEST(DockerStreamDemux, SeparatesStdoutAndStderrAndKeepsTheirOrder) {
    auto output = demultiplex(frame(1, "out1\n") + frame(2, "err\n") + frame(1, "out2\n"));
    ASSERT_TRUE(output);
    EXPECT_EQ(output->out, "out1\nout2\n");
    EXPECT_EQ(output->err, "err\n");
    EXPECT_EQ(output->interleaved, "out1\nerr\nout2\n");
}

TEST(DockerStreamDemux, LargeFramesAndEmptyBodies) {
    const std::string big(70000, 'x');  // the length spans more than two header bytes
    auto output = demultiplex(frame(1, big));
    ASSERT_TRUE(output);
    EXPECT_EQ(output->out, big);
    auto empty = demultiplex("");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->interleaved, "");
}

TEST(DockerStreamDemux, TruncatedLastFrameKeepsWhatArrived) {
    auto output = demultiplex(frame(1, "whole\n") + frame(2, "cut short").substr(0, 12));
    ASSERT_TRUE(output);
    EXPECT_EQ(output->out, "whole\n");
    EXPECT_EQ(output->err, "cut ");
}

TEST(DockerStreamDemux, UnframedTtyOutputIsRecognised) {
    EXPECT_FALSE(demultiplex("plain text from a TTY\n"));
    EXPECT_FALSE(demultiplex(std::string("\x01\x00\x00", 3)));  // shorter than a header
}

}  // namespace
}  // namespace girofle::docker_api
