#include "support/trials.hpp"

#include <cstdlib>
#include <string>

namespace girofle::testing {

int trial_count(int acceptance, int in_ci) {
    if (const char* wanted = std::getenv("GIROFLE_TEST_TRIALS"); wanted && *wanted) {
        const int count = std::atoi(wanted);
        if (count > 0) return count;
    }
    return std::getenv("CI") != nullptr ? in_ci : acceptance;
}

}  // namespace girofle::testing
