#!/bin/sh
# girofle --print-host-paths (hidden), the launcher's question: the host paths a command line
# and the root's girofle.json name, "ro PATH" or "rw PATH" a line. The native binary answers
# here, no container needed.
# shellcheck source=../../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
binary=${GIROFLE_BINARY:?set by ctest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out_file=$work/.output
root=$work/root
mkdir -p "$root" "$work/caller dir"

paths() { (cd "$work/caller dir" && "$binary" --root "$root" --print-host-paths "$@"); }
expect_paths() { # expected output, arguments...
    expected=$1
    shift
    expect_status 0 "--print-host-paths $*" paths "$@"
    [ "$(cat "$out_file")" = "$expected" ] ||
        fail "--print-host-paths $*: printed
$(cat "$out_file")
wanted
$expected"
}

expect_paths "" list
expect_paths "" restore 1
expect_paths "rw $work/caller dir/copied, by hand" restore noeud-gitlab-1 "copied, by hand"
expect_paths "rw /srv/old/noeud-gitlab-1" restore noeud-gitlab-1 /srv/old/./noeud-gitlab-1/
expect_paths "rw /mnt/usb disk/restic" restore --from-remote "/mnt/usb disk/restic" --instance 1
expect_paths "" restore --from-remote sftp:backup@host:/srv/restic
expect_paths "rw /srv/restic" remote list --location local:/srv/restic
expect_paths "rw /srv/restic" remote check --location /srv/restic

cat >"$root/girofle.json" <<'JSON'
{"remote": {"repository": "/mnt/usb/restic",
            "password_file": "/etc/girofle/restic-password",
            "options": ["sftp.command=ssh -p 22 -i /etc/girofle/id_ed25519 -o UserKnownHostsFile=/etc/girofle/known_hosts -F /dev/null backup@host -s sftp"],
            "instances": {"wiki": "sftp:backup@host:/srv/wiki", "2": "local:/mnt/other"}}}
JSON
expect_paths "rw /mnt/usb/restic
rw /mnt/other
ro /etc/girofle/restic-password
ro /etc/girofle/id_ed25519
ro /etc/girofle/known_hosts" backup 1 --remote
# Bad usage answers nothing the launcher would mount; the command itself then says what is wrong.
expect_status 2 "--print-host-paths with bad usage" paths restore a b c
[ ! -s "$out_file" ] || fail "bad usage printed paths: $(cat "$out_file")"
[ "$(find "$root" -mindepth 1)" = "$root/girofle.json" ] || fail "--print-host-paths wrote into the root: $(find "$root")"
echo "PASS"
