#!/bin/sh
# Benchmark: `girofle sync` against `git add -A && git commit -m x && git push`, on identical
# copies of a 10,000-file repository served by `git daemon` on 127.0.0.1, with 100 files
# changed before every timed run. Both sides do the same work each run (stage, commit, push);
# girofle also fetches first, as sync always does.
#
# Then, to tell the local part from the network part, `girofle save` against
# `git add -A && git commit` on the same copies.
#
# Usage: bench/sync/run.sh [GIROFLE_BINARY] [RUNS]   (default: build/src/girofle, 10 runs)
# Needs: git, hyperfine, awk. Prints hyperfine's tables and the ratios girofle / git.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
girofle=$(realpath "${1:-$here/../../build/src/girofle}")
runs=${2:-10}
files=10000

for program in git hyperfine awk; do
    command -v "$program" >/dev/null || { echo "bench/sync: $program is missing" >&2; exit 1; }
done
[ -x "$girofle" ] || { echo "bench/sync: no girofle binary at $girofle (build it first)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/girofle-bench-sync-XXXXXX")
daemon_pid=""
cleanup() {
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Bench Developer"
git config --global user.email bench@example.test
git config --global init.defaultBranch main

echo "bench/sync: making a repository of $files files in $work" >&2
git init -q "$work/seed"
awk -v root="$work/seed" -v n="$files" 'BEGIN {
    for (d = 0; d < 100; d++) system("mkdir -p " root "/d" d)
    for (i = 0; i < n; i++) {
        f = root "/d" (i % 100) "/file" i ".txt"
        for (l = 0; l < 20; l++) print "file " i ", line " l ": some ordinary source text" > f
        close(f)
    }
}'
git -C "$work/seed" add -A
git -C "$work/seed" commit -q -m "10,000 files"
mkdir -p "$work/served"
for side in girofle git; do
    git clone -q --bare "$work/seed" "$work/served/$side.git"
done

# A free port on 127.0.0.1, then git daemon with pushes enabled.
port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$work/served" \
    --export-all --enable=receive-pack --log-destination=none "$work/served" &
daemon_pid=$!
for _ in $(seq 50); do
    git ls-remote "git://127.0.0.1:$port/git.git" >/dev/null 2>&1 && break
    sleep 0.1
done
for side in girofle git; do
    git clone -q "git://127.0.0.1:$port/$side.git" "$work/$side"
done

# Appends one line to each of the same 100 files, so that every timed run has real work; the
# line counts runs, so that both sides write the same bytes and can be compared at the end.
cat > "$work/change" <<'CHANGE'
#!/bin/sh
run=$(($(cat "$1.runs" 2>/dev/null || echo 0) + 1))
echo "$run" > "$1.runs"
for i in $(seq 0 99); do
    echo "change $run" >> "$1/d$((i % 100))/file$((i * 97 % 10000)).txt"
done
CHANGE
chmod +x "$work/change"

hyperfine --runs "$runs" --warmup 1 --export-csv "$work/results.csv" \
    --command-name "girofle sync" --prepare "$work/change $work/girofle" \
    "$girofle -q sync $work/girofle" \
    --command-name "git add -A && git commit && git push" --prepare "$work/change $work/git" \
    "cd $work/git && git add -A && git commit -q -m x && git push -q"

# Both remotes must now hold the same files: the comparison is fair only if both did the job.
if [ "$(git -C "$work/served/girofle.git" rev-parse 'main^{tree}')" != \
     "$(git -C "$work/served/git.git" rev-parse 'main^{tree}')" ]; then
    echo "bench/sync: the two remotes differ: the comparison is void" >&2
    exit 1
fi

hyperfine --runs "$runs" --warmup 1 --export-csv "$work/save-results.csv" \
    --command-name "girofle save" --prepare "$work/change $work/girofle" \
    "$girofle -q save $work/girofle" \
    --command-name "git add -A && git commit" --prepare "$work/change $work/git" \
    "cd $work/git && git add -A && git commit -q -m x"

ratio() {
    awk -F, 'NR == 2 { girofle = $2; name = $1 } NR == 3 { git = $2; other = $1 }
        END { printf "%s: %.3f s, %s: %.3f s, ratio girofle/git: %.2f\n",
              name, girofle, other, git, girofle / git }' "$1"
}
ratio "$work/results.csv"
ratio "$work/save-results.csv"
