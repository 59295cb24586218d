#include "cli/main.hpp"

int main(int argc, char** argv) { return girofle::cli::main(argc, argv); }
