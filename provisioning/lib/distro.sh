# shellcheck shell=sh
# Distribution detection and what each supported one needs. Sourced, not run.
# Sets: distro (centos7, el8, el9, debian12, ubuntu2204, ubuntu2404), distro_name,
# package_manager (apt, yum, dnf), docker_packages, cron_package, cron_service.

os_release=${GIROFLE_OS_RELEASE:-/etc/os-release}

detect_distro() {
    [ -r "$os_release" ] || die "cannot read $os_release: unknown distribution"
    # os-release is shell assignments by specification; read it in a subshell so that its
    # names stay out of ours.
    # shellcheck disable=SC1090  # the file is chosen at run time
    fields=$(. "$os_release" && printf '%s|%s|%s' "${ID:-}" "${VERSION_ID:-}" "${PRETTY_NAME:-${NAME:-}}") ||
        die "cannot parse $os_release"
    id=${fields%%|*}
    rest=${fields#*|}
    version=${rest%%|*}
    distro_name=${rest#*|}
    case "$id:$version" in
        centos:7*) distro=centos7 ;;
        rocky:8* | almalinux:8* | rhel:8* | centos:8*) distro=el8 ;;
        rocky:9* | almalinux:9* | rhel:9* | centos:9*) distro=el9 ;;
        debian:12*) distro=debian12 ;;
        ubuntu:22.04) distro=ubuntu2204 ;;
        ubuntu:24.04) distro=ubuntu2404 ;;
        *) die "unsupported distribution: ${distro_name:-unnamed} (ID=$id, VERSION_ID=$version); supported: CentOS 7, Rocky/Alma/RHEL 8 and 9, Debian 12, Ubuntu 22.04 and 24.04" ;;
    esac
    case $distro in
        centos7)
            package_manager=yum
            docker_packages="docker-ce docker-ce-cli containerd.io"
            cron_package=cronie cron_service=crond
            docker_repository=https://download.docker.com/linux/centos
            ;;
        el8 | el9)
            package_manager=dnf
            # Docker's packages, not podman-docker: see provisioning/README.md.
            docker_packages="docker-ce docker-ce-cli containerd.io"
            cron_package=cronie cron_service=crond
            docker_repository=https://download.docker.com/linux/centos
            if [ "$id" = rhel ]; then docker_repository=https://download.docker.com/linux/rhel; fi
            ;;
        *)
            package_manager=apt
            docker_packages=docker.io
            cron_package=cron cron_service=cron
            ;;
    esac
}
