# shellcheck shell=sh
# The bootstrap's steps, in the order it runs them. Sourced, not run; needs common.sh and
# distro.sh. Each step checks the host first and acts only on a difference.

runtime_user=girofle            # runs the scheduled commands; group owner of the root
admin_user=girofle-admin        # the operators' login for provisioning and manual commands
launcher_path=/usr/local/bin/girofle
# The launcher's configuration directory: GIROFLE_CONFIG_DIR, as the launcher reads it.
config_dir=${GIROFLE_CONFIG_DIR:-/etc/girofle}
environment_file=$config_dir/environment
completion_path=/usr/share/bash-completion/completions/girofle

no_proxy_list=localhost,127.0.0.0/8,::1

step_repositories() {
    case $distro in
        centos7)
            # CentOS 7 reached its end in 2024: its packages live on only in the vault.
            repo=$(for section in base:os updates:updates extras:extras; do
                printf '[%s]\nname=CentOS-7.9.2009 - %s (vault)\n' "${section%%:*}" "${section%%:*}"
                printf 'baseurl=http://vault.centos.org/7.9.2009/%s/$basearch/\n' "${section#*:}"
                printf 'gpgcheck=1\ngpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7\n\n'
            done)
            ensure_file /etc/yum.repos.d/CentOS-Base.repo 644 root:root "$repo" "yum points at vault.centos.org"
            ;;
    esac
    case $package_manager in
        yum | dnf)
            repo=$(cat <<REPO
[docker-ce-stable]
name=Docker CE Stable - \$basearch
baseurl=$docker_repository/\$releasever/\$basearch/stable
enabled=1
gpgcheck=1
gpgkey=$docker_repository/gpg
REPO
)
            ensure_file /etc/yum.repos.d/docker-ce.repo 644 root:root "$repo" "Docker's package repository"
            ;;
    esac
}

# The package manager's own proxy setting; the file holds the credentials, so only root reads it.
step_package_proxy() {
    [ -n "$proxy" ] || return 0
    case $package_manager in
        apt)
            content=$(printf 'Acquire::http::Proxy "%s";\nAcquire::https::Proxy "%s";' "$proxy" "$proxy")
            target=/etc/apt/apt.conf.d/80girofle-proxy
            ;;
        yum | dnf)
            target=/etc/yum.conf
            [ "$package_manager" = dnf ] && target=/etc/dnf/dnf.conf
            # proxy= in [main], replacing an earlier one; the URL goes through the environment,
            # not awk's command line.
            content=$({ cat "$target" 2>/dev/null || true; } | PROXY=$proxy awk '
                BEGIN { line = "proxy=" ENVIRON["PROXY"] }
                /^\[/ { if (in_main && !done) { print line; done = 1 } in_main = ($0 == "[main]") }
                in_main && /^proxy=/ { if (!done) print line; done = 1; next }
                { print }
                END { if (!done) { if (!seen_main) print "[main]"; print line } }
                $0 == "[main]" { seen_main = 1 }
            ')
            ;;
    esac
    ensure_file "$target" 600 root:root "$content" "package manager proxy in $target"
}

packages_installed() {
    case $package_manager in
        apt)
            for package in $docker_packages $cron_package; do
                dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || return 1
            done
            ;;
        *)
            # shellcheck disable=SC2086  # package lists split into words
            rpm -q $docker_packages $cron_package
            ;;
    esac
}

step_packages() {
    if ! needs packages_installed; then
        already "packages installed: $docker_packages $cron_package"
        return 0
    fi
    # shellcheck disable=SC2086  # package lists split into words
    case $package_manager in
        apt)
            run apt-get update -q || die "apt-get update failed"
            run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                $docker_packages $cron_package || die "apt-get install failed"
            ;;
        yum) run yum install -y $docker_packages $cron_package || die "yum install failed" ;;
        # --allowerasing: EL 8 ships runc and podman's pieces, which containerd.io replaces.
        dnf) run dnf install -y --allowerasing $docker_packages $cron_package || die "dnf install failed" ;;
    esac
    changed "installed $docker_packages $cron_package"
}

docker_answers() { docker info; }
service_enabled_and_active() { systemctl is-enabled "$1" && systemctl is-active "$1"; }

# Starts SERVICE now and at boot: systemd where it runs, else its init script (a container).
ensure_service() {
    service=$1 running_check=$2
    if has_systemd; then
        if needs service_enabled_and_active "$service"; then
            run systemctl enable --now "$service" || die "systemctl enable --now $service failed"
            changed "$service enabled and started"
        else
            already "$service enabled and running"
        fi
    elif needs "$running_check"; then
        say "no systemd here: starting $service with its init script (not enabled at boot)"
        run service "$service" start || die "service $service start failed"
        changed "$service started"
    else
        already "$service running"
    fi
}

# The proxy goes into a root-only file that the drop-in names: systemd prints Environment=
# lines to any local user (`systemctl show docker`), but not what an EnvironmentFile= holds.
step_docker_proxy() {
    [ -n "$proxy" ] || return 0
    if ! has_systemd; then
        say "no systemd: give dockerd the proxy in its own environment (not done here)"
        return 0
    fi
    drop_in_dir=/etc/systemd/system/docker.service.d
    proxy_file=$drop_in_dir/http-proxy.env
    changes_before=$changes
    ensure_file "$proxy_file" 600 root:root \
        "$(printf 'HTTP_PROXY=%s\nHTTPS_PROXY=%s\nNO_PROXY=%s' "$proxy" "$proxy" "$no_proxy_list")" \
        "Docker daemon proxy ($proxy_file, root only)"
    ensure_file "$drop_in_dir/http-proxy.conf" 644 root:root \
        "$(printf '[Service]\nEnvironmentFile=%s' "$proxy_file")" "Docker daemon proxy (systemd drop-in)"
    [ "$changes" != "$changes_before" ] || return 0
    run systemctl daemon-reload
    # A running engine reads its environment only when it starts.
    if [ "$dry_run" = yes ] || systemctl is-active docker >/dev/null 2>&1; then
        run systemctl restart docker
    fi
}

step_docker_running() {
    ensure_service docker docker_answers
    [ "$dry_run" = yes ] && return 0
    waited=0
    until docker_answers >/dev/null 2>&1; do
        [ "$waited" -lt 60 ] || die "the Docker engine does not answer after 60 s"
        sleep 1
        waited=$((waited + 1))
    done
}

user_in_group() { id -nG "$1" | tr ' ' '\n' | grep -qx "$2"; }

step_users() {
    if needs getent group docker; then
        run groupadd --system docker
        changed "group docker created"
    fi
    if needs getent passwd "$runtime_user"; then
        run useradd --system --user-group --no-create-home --home-dir / --shell /sbin/nologin \
            --comment "Girofle runtime" "$runtime_user" || die "useradd $runtime_user failed"
        changed "user $runtime_user created"
    else
        already "user $runtime_user exists"
    fi
    if needs getent passwd "$admin_user"; then
        run useradd --create-home --user-group --shell /bin/sh \
            --comment "Girofle provisioning" "$admin_user" || die "useradd $admin_user failed"
        changed "user $admin_user created"
    else
        already "user $admin_user exists"
    fi
    for membership in "$runtime_user docker" "$admin_user docker" "$admin_user $runtime_user"; do
        # shellcheck disable=SC2086  # "user group"
        if needs user_in_group $membership; then
            run usermod -a -G "${membership#* }" "${membership% *}"
            changed "${membership% *} added to group ${membership#* }"
        fi
    done
}

root_is_set_up() { [ -d "$root" ] && [ "$(stat -c '%U:%G %a' "$root")" = "root:$runtime_user 750" ]; }

# Backups hold GitLab's secrets: root writes, the runtime group reads, others get nothing.
step_root_directory() {
    if needs root_is_set_up; then
        run mkdir -p "$root"
        run chown "root:$runtime_user" "$root"
        run chmod 0750 "$root"
        changed "root directory $root (root:$runtime_user, 0750)"
    else
        already "root directory $root (root:$runtime_user, 0750)"
    fi
}

image_id() { docker image inspect -f '{{.Id}}' "$toolbox_image" 2>/dev/null; }

# toolbox-image/build (docker build with its layer cache) or docker load is itself the check:
# the image ID tells whether anything changed.
step_toolbox_image() {
    if [ -n "$image_tarball" ]; then
        set -- docker load --input "$image_tarball"
    else
        set -- "$source_dir/toolbox-image/build"
    fi
    if [ "$dry_run" = yes ]; then
        run "$@"
        return 0
    fi
    before=$(image_id) || before=""
    say "$toolbox_image: running $* (several minutes for a first build)"
    "$@" >/dev/null || die "$* failed"
    after=$(image_id) || die "$toolbox_image is missing after $*"
    if [ "$before" = "$after" ]; then
        already "$toolbox_image is current ($after)"
    else
        changed "$toolbox_image is now $after"
    fi
}

launcher_is_installed() {
    cmp -s "$launcher_source" "$launcher_path" && [ "$(stat -c '%a %U' "$launcher_path")" = "755 root" ]
}

step_launcher() {
    if needs launcher_is_installed; then
        run install -m 0755 -o root -g root "$launcher_source" "$launcher_path" ||
            die "cannot install $launcher_path"
        changed "launcher installed as $launcher_path"
    else
        already "launcher $launcher_path is current"
    fi
    # What the launcher reads when the caller's environment does not say (cron does not):
    # the root, and the proxy (group readable only: it may hold credentials).
    defaults=$(
        echo "GIROFLE_ROOT=$root"
        [ -n "${GIROFLE_CRON_DIR:-}" ] && echo "GIROFLE_CRON_DIR=$GIROFLE_CRON_DIR"
        metrics_dir=$(textfile_directory) && echo "GIROFLE_METRICS_DIR=$metrics_dir"
        if [ -n "$proxy" ]; then
            for variable in HTTP_PROXY HTTPS_PROXY http_proxy https_proxy; do echo "$variable=$proxy"; done
            echo "NO_PROXY=$no_proxy_list"
            echo "no_proxy=$no_proxy_list"
        fi
    )
    ensure_file "$environment_file" 640 "root:$runtime_user" "$defaults" "launcher defaults in $environment_file"
}

# The node exporter's textfile collector directory, when one is installed (Debian's package,
# then the upstream and EPEL layout): Girofle writes girofle.prom there, the launcher mounts it.
textfile_directory() {
    for directory in /var/lib/prometheus/node-exporter /var/lib/node_exporter/textfile_collector; do
        [ -d "$directory" ] && { echo "$directory"; return 0; }
    done
    return 1
}

# Operators' bash completion, generated by the toolbox's own girofle from its command table.
# The image directly, not the launcher: the script needs no host path, and the launcher's
# mounts (the config directory, the root) need not exist yet.
step_completion() {
    if [ "$dry_run" = yes ]; then
        run docker run --rm --pull never --network none "$toolbox_image" __generate bash-completion
        changed "bash completion in $completion_path"
        return 0
    fi
    script=$(docker run --rm --pull never --network none "$toolbox_image" __generate bash-completion) || die "girofle __generate bash-completion failed"
    ensure_file "$completion_path" 644 root:root "$script" "bash completion in $completion_path"
}

cron_running() {
    for comm in /proc/[0-9]*/comm; do
        case $(cat "$comm" 2>/dev/null) in cron | crond) return 0 ;; esac
    done
    return 1
}

step_cron() { ensure_service "$cron_service" cron_running; }

step_doctor() {
    say "checking the host with girofle doctor"
    run "$launcher_path" --root "$root" doctor || die "girofle doctor found problems (see above)"
}
