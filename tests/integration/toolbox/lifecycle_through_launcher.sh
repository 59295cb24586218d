#!/bin/sh
# Girofle's main job through the launcher only, as on a production host: commission, backup,
# list, restore, decommission. Commission writes the instance's cron file, calling this
# launcher; decommission removes it. Afterwards no toolbox container is left, and the host
# holds nothing but the root directory (inventory, instance data, logs) and the cron directory.
# shellcheck source=../../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
require_toolbox_image
make_workspace

girofle() { expect_status 0 "girofle $*" "$launcher" "$@"; }

girofle commission --image girofle/gitlab-standin:17.5.1 --ip 127.0.6.1 --timeout 300
grep -q 'http://127.0.6.1' "$out_file" || { cat "$out_file" >&2; fail "commission did not print the URL"; }
# A root other than /girofle tags its host-wide names: "r" and 8 hex digits of its path's SHA-256.
tag=r$(printf %s "$GIROFLE_ROOT" | sha256sum | cut -c1-8)
cron_name=girofle-$tag-noeud-gitlab-1
cron_file=$GIROFLE_CRON_DIR/$cron_name
# The instance's backups, and the root's hourly doctor run.
[ "$(cd "$GIROFLE_CRON_DIR" && echo *)" = "girofle-$tag-doctor $cron_name" ] ||
    fail "commission wrote no cron file, or others: $(ls "$GIROFLE_CRON_DIR")"
grep -qF "'$launcher' --root '$GIROFLE_ROOT' backup 1" "$cron_file" ||
    { cat "$cron_file" >&2; fail "the cron file does not call the launcher on the host"; }
grep -qF "'$launcher' --root '$GIROFLE_ROOT' doctor --notify" "$GIROFLE_CRON_DIR/girofle-$tag-doctor" ||
    { cat "$GIROFLE_CRON_DIR/girofle-$tag-doctor" >&2; fail "the doctor run does not call the launcher on the host"; }
# The cron line, run the way cron runs it: the file's own variables, HOME and LOGNAME as the
# whole environment, "\%" read as "%", no terminal and no input.
line=$(grep -v -e '^#' -e '^[A-Z]*=' "$cron_file" | grep ' backup ')
command=$(printf '%s\n' "$line" | cut -d' ' -f7- | sed 's/\\%/%/g')
cron_path=$(sed -n 's/^PATH=//p' "$cron_file")
setsid env -i HOME=/root LOGNAME=root SHELL=/bin/sh PATH="$cron_path" /bin/sh -c "$command" </dev/null ||
    { cat "$GIROFLE_ROOT/logs/cron.log" >&2; fail "the cron line failed"; }
girofle --json backups 1
[ "$(jq '.backups | length' "$out_file")" = 1 ] || { cat "$out_file" >&2; fail "the cron line took no snapshot"; }
girofle verify 1
girofle backup 1
# Through the launcher too, GitLab is frozen through its cgroup, not with Docker's pause.
paused_with=$(grep '"operation":"backup"' "$GIROFLE_ROOT/logs/operations.jsonl" | tail -n 1 | jq -r .paused_with)
case $paused_with in
    "the cgroup v"*" freezer at /run/girofle/host-cgroup/"*) ;;
    *) fail "the backup through the launcher was paused with: $paused_with" ;;
esac
girofle --json list
[ "$(jq -r '.instances[0].ip' "$out_file")" = 127.0.6.1 ] || { cat "$out_file" >&2; fail "list does not show the instance"; }
[ -n "$(jq -r '.instances[0].last_backup' "$out_file")" ] || { cat "$out_file" >&2; fail "list shows no last backup"; }
girofle restore 1
girofle decommission 1

[ -z "$(toolbox_containers)" ] || fail "toolbox containers left behind: $(toolbox_containers)"
[ -z "$(docker ps -a -q --filter "label=io.girofle.root=$GIROFLE_ROOT")" ] ||
    fail "decommission left the instance's container"
# The launcher's mounts are the only places the toolbox could write to on the host.
beside=$(cd "$work" && echo *)
[ "$beside" = "cron.d root" ] || fail "unexpected entries on the host: $beside"
for entry in inventory logs noeud-gitlab-1; do
    [ -e "$GIROFLE_ROOT/$entry" ] || fail "$GIROFLE_ROOT/$entry is missing"
done
[ -s "$GIROFLE_ROOT/logs/operations.jsonl" ] || fail "no operations log in the root"
[ "$(stat -c %a "$GIROFLE_ROOT")" = 750 ] || fail "the launcher created the root with mode $(stat -c %a "$GIROFLE_ROOT")"
[ -z "$(ls -A "$GIROFLE_CRON_DIR")" ] || fail "decommission left files in the cron directory: $(ls -A "$GIROFLE_CRON_DIR")"
echo "PASS"
