# shellcheck shell=sh
# Shared by the bootstrap steps: messages, dry-run, the record of changes, secret masking.
# Sourced, not run. Every step checks before it acts; `changed` records what it did so the
# summary can say "no changes" on a host that was already set up.

me=${me:-bootstrap}
dry_run=no
changes=""

say() { echo "$me: $*" >&2; }
die() {
    echo "$me: error: $*" >&2
    exit 1
}

# user:password@ in URLs becomes ***@: proxies carry credentials, which never reach a log.
mask() { sed 's#://[^/@[:space:]]*@#://***@#g'; }

changed() {
    changes="$changes
  - $*"
    if [ "$dry_run" = yes ]; then say "would change: $*"; else say "changed: $*"; fi
}
already() { say "already done: $*"; }

# True when the step must act: always in a dry run (it shows what a fresh host would get,
# so it checks nothing on this one), otherwise when the check fails.
needs() {
    [ "$dry_run" = yes ] && return 0
    ! "$@" >/dev/null 2>&1
}

# Runs argv, or prints it in a dry run; masked either way when shown.
run() {
    if [ "$dry_run" = yes ]; then
        printf '+ %s\n' "$*" | mask
        return 0
    fi
    "$@"
}

# Writes CONTENT to PATH with MODE and OWNER (user:group) unless it already holds exactly
# that, and reports DESCRIPTION as changed or already done. The file is written beside and
# renamed into place.
ensure_file() {
    path=$1 mode=$2 owner=$3 content=$4 description=$5
    if [ "$dry_run" = yes ]; then
        printf '+ write %s (mode %s, owner %s):\n' "$path" "$mode" "$owner"
        printf '%s\n' "$content" | mask | sed 's/^/    /'
        changed "$description"
        return 0
    fi
    if [ -f "$path" ] && [ "$(stat -c '%a %U:%G' "$path")" = "$mode $owner" ] &&
        [ "$(cat "$path")" = "$content" ]; then
        already "$description"
        return 0
    fi
    mkdir -p "$(dirname "$path")"
    if ! { (umask 077 && printf '%s\n' "$content" >"$path.girofle-new") &&
        chown "$owner" "$path.girofle-new" && chmod "$mode" "$path.girofle-new" &&
        mv "$path.girofle-new" "$path"; }; then
        die "cannot write $path"
    fi
    changed "$description"
}

# sd_booted(3): the host runs systemd. A dry run plans for one, as every supported VM has it.
has_systemd() { [ "$dry_run" = yes ] || [ -d /run/systemd/system ]; }

summary() {
    if [ "$dry_run" = yes ]; then
        say "summary: dry run, changes a fresh host would get:$changes"
    elif [ -z "$changes" ]; then
        say "summary: no changes (everything was already in place)"
    else
        say "summary: changes made:$changes"
    fi
}
