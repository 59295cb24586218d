#!/bin/sh
# provisioning/bootstrap on a fresh Debian 12, unattended, twice: a container of the plain
# debian:bookworm-slim image stands in for the VM (the checkout mounted read-only, the host's
# Docker socket in place of an engine of its own). The second run must change nothing: the
# same fingerprint (users, groups, root directory, launcher, image, cron) and "no changes".
# The toolbox image comes as a tarball of this build's (`--image-tarball`, the offline way):
# the release build would compile girofle a second time, ten minutes of CI; what can break it
# without a compile (a build dependency missing from its stage) is
# tests/unit/toolbox/release_build_dependencies.sh's to find.
# shellcheck source=../../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
require_docker
docker image inspect debian:bookworm-slim >/dev/null 2>&1 || skip_or_fail "debian:bookworm-slim is missing"
docker image inspect "$toolbox_image" >/dev/null 2>&1 ||
    skip_or_fail "$toolbox_image is missing (toolbox-image/build --binary build/src/girofle)"

work=$(mktemp -d /tmp/girofle-it-bootstrap.XXXXXX)
vm=girofle-it-bootstrap-$$
trap 'docker rm -f "$vm" >/dev/null 2>&1; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
# The root, cron and configuration directories at the same path inside and out: the toolbox
# containers the bootstrap's launcher starts are the host daemon's, which mounts host paths
# (an /etc/girofle made inside this stand-in VM does not exist where the daemon looks).
docker run -d --name "$vm" -v /var/run/docker.sock:/var/run/docker.sock \
    -v "$source_dir:/checkout:ro" -v "$work:$work" debian:bookworm-slim sleep infinity >/dev/null
# A container has no init system: packages must not try to start their services (dockerd
# would fail here, and the host's engine is the one to use).
docker exec "$vm" sh -c 'printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'

bootstrap() { # run number
    started=$(date +%s)
    docker exec -e "GIROFLE_CRON_DIR=$work/cron.d" -e "GIROFLE_CONFIG_DIR=$work/config" "$vm" sh /checkout/provisioning/bootstrap \
        --root "$work/root" --image-tarball "$work/toolbox.tar" >"$work/run-$1.log" 2>&1 ||
        { cat "$work/run-$1.log" >&2; fail "bootstrap run $1 failed"; }
    echo "bootstrap run $1: $(($(date +%s) - started)) s"
}
fingerprint() {
    docker exec "$vm" sh -c '
        getent passwd girofle girofle-admin; getent group docker girofle girofle-admin
        id girofle; id girofle-admin
        stat -c "%n %U:%G %a" "$1" /usr/local/bin/girofle "$2/environment"
        sha256sum /usr/local/bin/girofle "$2/environment"
        dpkg-query -W -f "\${Package} \${Version} \${Status}\n" docker.io cron
        for comm in /proc/[0-9]*/comm; do
            if [ "$(cat "$comm" 2>/dev/null)" = cron ]; then echo "cron ${comm%/comm}"; fi
        done
        ' fingerprint "$work/root" "$work/config"
    docker image inspect -f '{{.Id}}' "$toolbox_image"
}

mkdir -m 0700 "$work/cron.d"
docker save -o "$work/toolbox.tar" "$toolbox_image"
bootstrap 1
first=$(fingerprint)
bootstrap 2
second=$(fingerprint)
[ "$first" = "$second" ] || {
    printf 'first:\n%s\nsecond:\n%s\n' "$first" "$second" >&2
    fail "the second run changed the host"
}
grep -q 'summary: no changes' "$work/run-2.log" || { cat "$work/run-2.log" >&2; fail "the second run did not report 'no changes'"; }
grep -q 'changed:' "$work/run-2.log" && { cat "$work/run-2.log" >&2; fail "the second run reported a change"; }
# What the first run must have set up.
echo "$first" | grep -q "^$work/root root:girofle 750\$" || fail "root directory owner or mode wrong: $first"
echo "$first" | grep -q '^/usr/local/bin/girofle root:root 755$' || fail "launcher not installed: $first"
echo "$first" | grep -q '^cron /proc/' || fail "cron is not running: $first"
echo "$first" | grep -Eq '^uid=[0-9]+\(girofle\) .*\(docker\)' || fail "girofle is not in the docker group: $first"
cmp -s "$launcher" "$work/launcher" 2>/dev/null || docker cp "$vm:/usr/local/bin/girofle" "$work/launcher"
cmp -s "$launcher" "$work/launcher" || fail "the installed launcher differs from the checkout's"
[ -z "$(toolbox_containers)" ] || fail "toolbox containers left behind: $(toolbox_containers)"
echo "PASS"
