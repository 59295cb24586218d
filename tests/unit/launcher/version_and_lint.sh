#!/bin/sh
# The launcher runs the toolbox image of its own version: that version must be the project's
# (CMakeLists.txt), or a host would run an image the build never tagged. The POSIX scripts
# parse with sh -n and pass shellcheck (installed by ci/install-deps).
# Usage: version_and_lint.sh PROJECT_VERSION
# shellcheck source=../../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
project_version=${1:?project version}

[ "$toolbox_version" = "$project_version" ] ||
    fail "launcher/girofle runs toolbox $toolbox_version but the project is $project_version"
[ "$(grep -c '^toolbox_version=' "$launcher")" -eq 1 ] || fail "launcher/girofle must set toolbox_version exactly once"

cd "$source_dir"
scripts="launcher/girofle provisioning/bootstrap toolbox-image/build bench/launcher/run
    toolbox-image/runtime-packages toolbox-image/install-runtime tests/unit/launcher/host_paths.sh
    tests/unit/launcher/version_and_lint.sh tests/unit/provisioning/dry_run_commands.sh
    tests/unit/toolbox/release_build_dependencies.sh
    tests/integration/toolbox/lifecycle_through_launcher.sh
    tests/integration/toolbox/interrupted_launcher.sh
    tests/integration/toolbox/exit_status_and_terminal.sh
    tests/integration/provisioning/bootstrap_twice.sh
    tests/fuzz/run"
for script in $scripts provisioning/lib/*.sh; do
    sh -n "$script" || fail "$script does not parse"
done
command -v shellcheck >/dev/null 2>&1 || skip_or_fail "shellcheck is not installed (ci/install-deps)"
# shellcheck disable=SC2086  # the list splits into words
shellcheck -x -P SCRIPTDIR $scripts || fail "shellcheck found problems"
echo "PASS"
