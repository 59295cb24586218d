#!/bin/sh
# The release image's build stage (the top-level Dockerfile) installs every library package
# the girofle binary is compiled against: each -dev package of ci/install-deps except the
# tests' own. CI builds the toolbox from the binary it already compiled, not through this
# stage, so a library added to the build but not to the stage would otherwise surface only
# in a release build (as libbtrfsutil-dev once did).
# shellcheck source=../../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
tests_only="libgtest-dev libgmock-dev libclang-rt-19-dev"

# The words of install-deps' package list, and of the Dockerfile's build stage (up to the next FROM).
needed=$(sed -n '/^packages="/,/^"/p' "$source_dir/ci/install-deps" | tr -s '[:blank:]"' '\n' | grep -- '-dev$')
[ -n "$needed" ] || fail "no -dev package found in ci/install-deps"
stage=$(awk '/^FROM .* AS build/ { on = 1; next } /^FROM / { on = 0 } on' "$source_dir/Dockerfile")
[ -n "$stage" ] || fail "no build stage (FROM ... AS build) in the Dockerfile"
missing=""
for package in $needed; do
    case " $tests_only " in *" $package "*) continue ;; esac
    echo "$stage" | tr -s '[:blank:]' '\n' | grep -qxF -- "$package" || missing="$missing $package"
done
[ -z "$missing" ] || fail "the Dockerfile's build stage does not install:$missing (ci/install-deps does)"
echo "PASS"
