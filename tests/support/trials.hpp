// How many times a randomised trial (kill -9 at random moments) runs. The acceptance counts
// are run and reported by hand; CI runs the same tests with fewer trials to stay in its time.
#pragma once

namespace girofle::testing {

// GIROFLE_TEST_TRIALS when set (a positive number); else `in_ci` when CI is set, else
// `acceptance`.
int trial_count(int acceptance, int in_ci);

}  // namespace girofle::testing
