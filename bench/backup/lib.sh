# Shared by bench/backup/run and bench/backup/scale (sourced, POSIX sh): where things are, the
# work directory and its cleanup, timing with flushes, ratios, and a stand-in instance holding
# a generated data set. The sourcing script sets `set -eu` and cds to the repository first.
girofle=${GIROFLE:-$PWD/build/src/girofle}
dataset=$PWD/build/bench/girofle_bench_make_dataset
image=girofle/gitlab-standin:17.5.1
work=$(mktemp -d /var/tmp/girofle-bench-backup-XXXXXX)
# Schedule files go into the run's own directory, not the machine's /etc/cron.d.
export GIROFLE_CRON_DIR=$work/cron.d
mkdir "$GIROFLE_CRON_DIR"
# FS=btrfs or FS=xfs puts the root and every baseline's copy on a loop-mounted filesystem of
# that kind (btrfs: freeze takes a subvolume snapshot, XFS: a reflink clone; DESIGN.md §13),
# else they stay on the host's.
space=$work
if [ -n "${FS:-}" ]; then
    space=$work/fs
    truncate -s "${FS_SIZE:-12G}" "$work/fs.img"
    case $FS in
        btrfs) mkfs.btrfs -q "$work/fs.img" ;;
        xfs) mkfs.xfs -q -m reflink=1 "$work/fs.img" ;;
        *) echo "bench/backup: FS must be btrfs or xfs" >&2; rm -rf "$work"; exit 2 ;;
    esac
    mkdir "$space"
    mount -o loop "$work/fs.img" "$space"
fi
root=$space/root
cleanup() {
    docker ps -aq --filter "label=io.girofle.root=$root" | xargs -r docker rm -f >/dev/null
    [ "$space" = "$work" ] || umount --lazy "$space"
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

now_ms() { date +%s%3N; }
# Runs a command from a flushed state and prints its duration in milliseconds, its own flush
# included: Girofle syncs its snapshot before publishing it, so the baselines must too, and
# writeback left by one step must not slow the next.
timed() {
    sync
    start=$(now_ms)
    "$@" >/dev/null
    sync
    echo $(($(now_ms) - start))
}
phases() { tail -n 1 "$root/logs/operations.jsonl" | jq -c "{duration_ms, phases, before_window_phases, freeze_window_phases, paused_with, bytes_hashed, copy}"; }

# GitLab's own view of a freeze: a process in its container reads the clock every millisecond,
# and the longest gap between two readings while a backup runs is how long the container was
# really frozen, or stalled for any other reason (on a loaded machine, a scheduling delay while
# the copy runs shows here too). The manifest's freeze_window_ms is the freeze as Girofle timed
# it: the cgroup freezer's, or Docker's pause and unpause calls (dockerd, containerd and runc:
# 30-60 ms each here) where Girofle falls back to them (paused_with in the log). stall_watch_start
# CONTAINER before the backup; stall_watch_stop CONTAINER after it prints the gap in ms.
stall_file=/tmp/girofle-bench-stall
stall_watch_start() {
    docker exec "$1" rm -f "$stall_file.stop" "$stall_file.ms" "$stall_file.running"
    docker exec -d "$1" perl -MTime::HiRes=time,sleep -e '
        my ($file) = @ARGV; open(my $running, ">", "$file.running"); close($running);
        my ($last, $longest) = (time, 0);
        until (-e "$file.stop") {
            sleep 0.001;
            my $now = time;
            $longest = $now - $last if $now - $last > $longest;
            $last = $now;
        }
        open(my $out, ">", "$file.ms"); printf $out "%d\n", $longest * 1000; close($out);' "$stall_file"
    until docker exec "$1" test -e "$stall_file.running"; do sleep 0.01; done
}
stall_watch_stop() {
    docker exec "$1" touch "$stall_file.stop"
    until docker exec "$1" test -s "$stall_file.ms"; do sleep 0.01; done
    docker exec "$1" cat "$stall_file.ms"
}
# What Docker's pause then unpause of CONTAINER cost through the Engine API (as Girofle calls
# them where it cannot reach the cgroup), nothing between, as seen inside; prints the gap in ms.
docker_pause_cost() {
    stall_watch_start "$1"
    sleep 0.2
    for action in pause unpause; do
        curl -sf --unix-socket /var/run/docker.sock -X POST "http://localhost/containers/$1/$action"
    done
    sleep 0.2
    stall_watch_stop "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
# The median of its arguments (numbers).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# commission_with_dataset NAME IP FILES MIB: a running stand-in instance whose data volume holds
# a generated data set of FILES files, MIB MiB in all, flushed and in the page cache (every run
# starts alike). Prints the instance's volumes directory.
commission_with_dataset() {
    "$girofle" --root "$root" -q commission --name "$1" --ip "$2" --image "$image" --timeout 120 >/dev/null
    number=$("$girofle" --root "$root" --json status "$1" | jq -r .number)
    volumes=$root/noeud-gitlab-$number/mapping-volumes
    "$dataset" create "$volumes/data/bench" "$3" "$4" >/dev/null
    sync
    tar -cf - -C "$volumes" . >/dev/null
    echo "$volumes"
}
