#pragma once

namespace girofle::cli {

// The whole program: parses, runs one command, prints at most one error line.
int main(int argc, char** argv);

}  // namespace girofle::cli
