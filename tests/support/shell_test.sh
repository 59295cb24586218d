# shellcheck shell=sh
# Helpers for the shell tests (sourced). ctest sets GIROFLE_SOURCE_DIR and GIROFLE_BINARY.
# A test fails with `fail`, skips with exit 77 (only off CI: under CI a missing engine or image
# fails, so that a broken substrate never passes as a green run).
set -eu

source_dir=${GIROFLE_SOURCE_DIR:?set by ctest}
launcher=$source_dir/launcher/girofle
toolbox_version=$(sed -n 's/^toolbox_version=//p' "$launcher")
toolbox_image=girofle/toolbox:$toolbox_version

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

skip_or_fail() {
    [ -n "${CI:-}" ] && fail "$1 (required under CI)"
    echo "SKIP: $1" >&2
    exit 77
}

require_docker() {
    docker info >/dev/null 2>&1 || skip_or_fail "no Docker engine answers"
}

require_toolbox_image() {
    require_docker
    docker image inspect "$toolbox_image" >/dev/null 2>&1 ||
        skip_or_fail "$toolbox_image is missing (toolbox-image/build)"
}

# expect_status WANTED DESCRIPTION COMMAND...: runs the command; its stdout is in $out_file.
out_file=""
expect_status() {
    wanted=$1 description=$2
    shift 2
    set +e
    "$@" >"$out_file" 2>"$out_file.err"
    got=$?
    set -e
    [ "$got" -eq "$wanted" ] || { cat "$out_file" "$out_file.err" >&2; fail "$description: exit status $got, wanted $wanted"; }
}

# This test's toolbox containers: the launcher names them girofle-toolbox-ROOT_ID-PID, ROOT_ID
# the cksum of the root, so another root's (another test's, a user's) are not counted.
toolbox_containers() {
    docker ps -a --filter "name=girofle-toolbox-$(printf '%s' "$GIROFLE_ROOT" | cksum | cut -d' ' -f1)-" \
        --format '{{.Names}}'
}

# A scratch directory under /tmp named like the C++ fixture's, so that each side removes the
# instances a killed run of the other left behind. It holds ROOT and a cron directory.
make_workspace() {
    work=$(mktemp -d /tmp/girofle-it-toolbox.XXXXXX)
    out_file=$work/.output
    export GIROFLE_ROOT="$work/root" GIROFLE_CRON_DIR="$work/cron.d"
    # The host's launcher defaults must not leak into the test.
    export GIROFLE_ENVIRONMENT_FILE=/nonexistent
    # The root is left to the launcher, which creates it as the bootstrap would (0750).
    mkdir -m 0700 "$GIROFLE_CRON_DIR"
    docker ps -a --filter label=io.girofle.root --format '{{.Names}} {{.Label "io.girofle.root"}}' |
        while read -r name owner; do
            case $owner in /tmp/girofle-it-*) docker rm -f "$name" >/dev/null 2>&1 || true ;; esac
        done
    trap 'remove_workspace' EXIT
    trap 'exit 1' INT TERM
}

remove_workspace() {
    docker ps -a -q --filter "label=io.girofle.root=$GIROFLE_ROOT" | xargs -r docker rm -f >/dev/null 2>&1 || true
    rm -rf "$work"
}
