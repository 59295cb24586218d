#!/bin/sh
# The bootstrap's distribution detection and the commands it chooses for each supported
# distribution, from sample os-release files, in its dry-run mode (nothing run, nothing
# checked). This is the coverage of the distributions no test machine here runs: CentOS 7,
# Rocky/Alma 8 and 9, Ubuntu. Unknown distributions get a clear error and no command.
# shellcheck source=../../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
here=$(cd "$(dirname "$0")" && pwd)
bootstrap=$source_dir/provisioning/bootstrap
out_file=$(mktemp)
trap 'rm -f "$out_file" "$out_file.err"' EXIT
proxy_password=s3cret-proxy-word

dry_run() { # os-release sample, bootstrap arguments...
    sample=$1
    shift
    GIROFLE_OS_RELEASE=$here/os-release/$sample sh "$bootstrap" --dry-run "$@"
}
has() { # sample, expected line (fixed string)
    grep -qxF -- "$2" "$out_file" || { cat "$out_file" "$out_file.err" >&2; fail "$1: no line '$2'"; }
}
lacks() { # sample, pattern that must not appear anywhere
    ! grep -q -- "$2" "$out_file" "$out_file.err" || { cat "$out_file" "$out_file.err" >&2; fail "$1: unexpected '$2'"; }
}

for sample in centos-7 rocky-8 alma-8 rocky-9 alma-9 debian-12 ubuntu-22.04 ubuntu-24.04; do
    expect_status 0 "$sample dry run" dry_run "$sample" --root /srv/girofle \
        --proxy "http://operator:$proxy_password@proxy.example:3128"
    # Every distribution: users, root directory, image, launcher, doctor; the proxy masked.
    has "$sample" "+ useradd --system --user-group --no-create-home --home-dir / --shell /sbin/nologin --comment Girofle runtime girofle"
    has "$sample" "+ usermod -a -G docker girofle"
    has "$sample" "+ chown root:girofle /srv/girofle"
    has "$sample" "+ chmod 0750 /srv/girofle"
    has "$sample" "+ $source_dir/toolbox-image/build"
    has "$sample" "+ install -m 0755 -o root -g root $launcher /usr/local/bin/girofle"
    has "$sample" "    GIROFLE_ROOT=/srv/girofle"
    has "$sample" "    HTTPS_PROXY=http://***@proxy.example:3128"
    # The Docker daemon's proxy: in a root-only file the unit names, never in an Environment=
    # line (`systemctl show docker` prints those to every local user).
    has "$sample" "+ write /etc/systemd/system/docker.service.d/http-proxy.env (mode 600, owner root:root):"
    has "$sample" "    HTTP_PROXY=http://***@proxy.example:3128"
    has "$sample" "    NO_PROXY=localhost,127.0.0.0/8,::1"
    has "$sample" "    EnvironmentFile=/etc/systemd/system/docker.service.d/http-proxy.env"
    lacks "$sample" "Environment=.*PROXY"
    has "$sample" "+ systemctl enable --now docker"
    has "$sample" "+ /usr/local/bin/girofle --root /srv/girofle doctor"
    has "$sample" "+ docker run --rm --pull never --network none girofle/toolbox:0.1.0 __generate bash-completion"
    lacks "$sample" "$proxy_password"
    lacks "$sample" "operator:"
    case $sample in
        centos-7)
            has "$sample" "    baseurl=http://vault.centos.org/7.9.2009/os/\$basearch/"
            has "$sample" "    baseurl=https://download.docker.com/linux/centos/\$releasever/\$basearch/stable"
            has "$sample" "+ write /etc/yum.conf (mode 600, owner root:root):"
            has "$sample" "    proxy=http://***@proxy.example:3128"
            has "$sample" "+ yum install -y docker-ce docker-ce-cli containerd.io cronie"
            has "$sample" "+ systemctl enable --now crond"
            lacks "$sample" "dnf\|apt-get"
            ;;
        rocky-* | alma-*)
            has "$sample" "    baseurl=https://download.docker.com/linux/centos/\$releasever/\$basearch/stable"
            has "$sample" "+ write /etc/dnf/dnf.conf (mode 600, owner root:root):"
            has "$sample" "+ dnf install -y --allowerasing docker-ce docker-ce-cli containerd.io cronie"
            has "$sample" "+ systemctl enable --now crond"
            lacks "$sample" "vault.centos.org\|yum install\|apt-get\|podman"
            ;;
        debian-* | ubuntu-*)
            has "$sample" "+ write /etc/apt/apt.conf.d/80girofle-proxy (mode 600, owner root:root):"
            has "$sample" "    Acquire::https::Proxy \"http://***@proxy.example:3128\";"
            has "$sample" "+ apt-get update -q"
            has "$sample" "+ env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io cron"
            has "$sample" "+ systemctl enable --now cron"
            lacks "$sample" "yum\|dnf\|docker-ce"
            ;;
    esac
done

# The distribution is named in the log, with the family chosen.
expect_status 0 "rocky-9 without proxy" dry_run rocky-9
grep -q 'distribution: Rocky Linux 9.4 (Blue Onyx) (el9, dnf)' "$out_file.err" || fail "rocky-9: detection not reported"
lacks "rocky-9 without proxy" "proxy.example\\|proxy=\\|http-proxy.conf"

# A host without internet loads the image from a tarball instead of building it.
expect_status 0 "image tarball" dry_run debian-12 --image-tarball /media/girofle-toolbox.tar
has "image tarball" "+ docker load --input /media/girofle-toolbox.tar"
lacks "image tarball" "toolbox-image/build"

# Unknown or unsupported releases: a clear error, nothing planned.
for sample in fedora-40 debian-11; do
    expect_status 1 "$sample" dry_run "$sample"
    grep -q "error: unsupported distribution: .*supported: CentOS 7, Rocky/Alma/RHEL 8 and 9, Debian 12, Ubuntu 22.04 and 24.04" \
        "$out_file.err" || { cat "$out_file.err" >&2; fail "$sample: no clear error"; }
    lacks "$sample" "^+ "
done
expect_status 1 "missing os-release" env GIROFLE_OS_RELEASE=/nonexistent sh "$bootstrap" --dry-run
grep -q "cannot read /nonexistent" "$out_file.err" || fail "missing os-release: no clear error"

# Bad usage: status 2, and a proxy given wrongly is not echoed.
expect_status 2 "unknown option" dry_run debian-12 --frobnicate
expect_status 2 "relative root" dry_run debian-12 --root girofle
expect_status 2 "proxy without scheme" dry_run debian-12 --proxy "operator:$proxy_password@proxy.example:3128"
lacks "proxy without scheme" "$proxy_password"
echo "PASS"
