#!/bin/sh
# The launcher hands back the toolbox's exit status unchanged (the same as the binary run
# directly gives) and allocates a terminal inside only when it has one on both sides.
# shellcheck source=../../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
require_toolbox_image
make_workspace
binary=${GIROFLE_BINARY:?set by ctest}

# status, description, arguments: each run through the launcher and through the binary.
check_same_status() {
    wanted=$1 description=$2
    shift 2
    expect_status "$wanted" "$description (binary)" "$binary" "$@"
    expect_status "$wanted" "$description (launcher)" "$launcher" "$@"
}
check_same_status 0 "list" list
check_same_status 2 "unknown command" frobnicate
check_same_status 2 "unknown instance" status 99
check_same_status 2 "bad address" commission --ip 300.1.1.1

# The toolbox container's own record says whether it got a terminal: looked at while a
# commission that can never be ready waits out its bound (exit status 1, operation failed).
tty_of_running_toolbox() {
    for _ in $(seq 100); do
        name=$(toolbox_containers | head -n 1)
        if [ -n "$name" ] && tty=$(docker inspect -f '{{.Config.Tty}} {{.Config.OpenStdin}}' "$name" 2>/dev/null); then
            echo "$tty"
            return 0
        fi
        sleep 0.1
    done
    echo "no toolbox container seen"
}
never_ready="commission --image girofle/gitlab-standin:never-ready --ip 127.0.6.2 --timeout 6"

# No terminal (stdin /dev/null, stdout a file): as under cron.
# shellcheck disable=SC2086  # the argument list splits into words
"$launcher" $never_ready </dev/null >"$work/no-tty.out" 2>&1 &
pid=$!
seen=$(tty_of_running_toolbox)
set +e; wait "$pid"; status=$?; set -e
[ "$seen" = "false false" ] || fail "without a terminal the toolbox had Tty/OpenStdin '$seen', wanted 'false false'"
[ "$status" -eq 1 ] || { cat "$work/no-tty.out" >&2; fail "never-ready commission: exit status $status, wanted 1"; }

# A terminal on both sides (script(1) makes a pseudo-terminal): -it.
script -qec "$launcher $never_ready" /dev/null >"$work/tty.out" 2>&1 </dev/null &
pid=$!
seen=$(tty_of_running_toolbox)
set +e; wait "$pid"; status=$?; set -e
[ "$seen" = "true true" ] || fail "with a terminal the toolbox had Tty/OpenStdin '$seen', wanted 'true true'"
[ "$status" -eq 1 ] || { cat "$work/tty.out" >&2; fail "never-ready commission on a terminal: exit status $status, wanted 1"; }

[ -z "$(toolbox_containers)" ] || fail "toolbox containers left behind: $(toolbox_containers)"
echo "PASS"
