#!/bin/sh
# Ctrl-C or SIGTERM to the launcher mid-operation reaches girofle inside the toolbox, which
# undoes or finishes its work: no toolbox container is left, no instance stays paused, and a
# commission interrupted in its readiness wait leaves no GitLab container.
# shellcheck source=../../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
require_toolbox_image
make_workspace

# A non-interactive shell starts background jobs with SIGINT ignored, and a shell cannot trap
# a signal it started with ignored: restore the default for the launcher.
start_launcher() {
    env --default-signal=INT,TERM "$launcher" "$@" >"$work/.launcher.out" 2>&1 &
    launcher_pid=$!
}
wait_launcher() {
    set +e; wait "$launcher_pid"; launcher_status=$?; set -e
}
wait_for() { # seconds, description, test command...
    bound=$1 description=$2
    shift 2
    for _ in $(seq $((bound * 10))); do
        "$@" && return 0
        sleep 0.1
    done
    cat "$work/.launcher.out" >&2
    fail "waited ${bound}s for $description"
}
partial_snapshot_exists() { ls -d "$GIROFLE_ROOT"/noeud-gitlab-1/bckups/*.partial >/dev/null 2>&1; }
instance_container() { docker ps -a -q --filter "label=io.girofle.root=$GIROFLE_ROOT"; }
check_nothing_left() { # what was interrupted
    [ -z "$(toolbox_containers)" ] || fail "$1: toolbox container left behind: $(toolbox_containers)"
}

expect_status 0 "commission" "$launcher" commission --image girofle/gitlab-standin:17.5.1 --ip 127.0.6.3 --timeout 300
container=$(instance_container)
# Enough data that a first snapshot (copy and checksums) takes a few seconds.
data=$GIROFLE_ROOT/noeud-gitlab-1/mapping-volumes/data/filler
mkdir -p "$data"
for i in $(seq 40); do head -c 8M /dev/urandom >"$data/blob-$i"; done

for signal in INT TERM; do
    start_launcher backup 1
    wait_for 60 "the backup to start writing its snapshot" partial_snapshot_exists
    kill -s "$signal" "$launcher_pid"
    wait_launcher
    [ "$launcher_status" -ne 0 ] || fail "backup interrupted by SIG$signal: exit status 0"
    check_nothing_left "backup interrupted by SIG$signal"
    [ "$(docker inspect -f '{{.State.Paused}} {{.State.Running}}' "$container")" = "false true" ] ||
        fail "backup interrupted by SIG$signal left the instance $(docker inspect -f '{{.State.Status}}' "$container")"
done

# The interrupted backups left no snapshot that passes for whole; a new one succeeds.
expect_status 0 "backup after the interruptions" "$launcher" backup 1
expect_status 0 "decommission" "$launcher" decommission 1 --no-backup

# In the readiness wait of a commission (an image that never gets ready, a long bound).
start_launcher commission --image girofle/gitlab-standin:never-ready --ip 127.0.6.3 --timeout 600
wait_for 60 "the GitLab container to start" sh -c "[ -n \"\$(docker ps -q --filter label=io.girofle.root=$GIROFLE_ROOT)\" ]"
sleep 1
kill -s INT "$launcher_pid"
wait_launcher
[ "$launcher_status" -ne 0 ] || fail "interrupted commission: exit status 0"
check_nothing_left "interrupted commission"
[ -z "$(instance_container)" ] || fail "interrupted commission left its GitLab container"
echo "PASS"
