#!/bin/sh
# Benchmark: a 200-step gravity scenario over 5 repositories (each a bare remote's clone:
# writes, commits, branches, checkouts, no-ff merges, tags, pushes) played by
# `girofle gravity run`, against the same operations done by the git command line in a shell
# script. Then, on the same scenario, the cost of writing its BPMN file (run with --bpmn
# against run without) and `gravity replay` of that file against `gravity run`.
#
# Usage: bench/gravity/run.sh [GIROFLE_BINARY] [RUNS]   (default: build/src/girofle, 5 runs)
# Needs: git, hyperfine, jq. Prints hyperfine's tables and the ratios.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
girofle=$(realpath "${1:-$here/../../build/src/girofle}")
runs=${2:-5}

for program in git hyperfine jq; do
    command -v "$program" >/dev/null || { echo "bench/gravity: $program is missing" >&2; exit 1; }
done
[ -x "$girofle" ] || { echo "bench/gravity: no girofle binary at $girofle (build it first)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/girofle-bench-gravity-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global init.defaultBranch main

# The scenario and the equivalent shell script, written side by side step by step.
# Per repository, 40 steps: init the remote and clone it, 4 rounds of 8 (write, commit,
# branch, checkout, write, commit, checkout main, no-ff merge), 5 tags, push: 200 in all.
yaml=$work/scenario.yaml
script=$work/git-cli.sh
cat >"$yaml" <<'YAML'
version: 1
name: bench
clock: {start: "2024-01-01T00:00:00Z", tick: 1}
identities:
  dev: {name: Bench Developer, email: bench@example.test}
repositories:
YAML
cat >"$script" <<'SH'
set -eu
cd "$1"
export GIT_AUTHOR_NAME="Bench Developer" GIT_AUTHOR_EMAIL=bench@example.test
export GIT_COMMITTER_NAME="Bench Developer" GIT_COMMITTER_EMAIL=bench@example.test
SH
for r in 1 2 3 4 5; do
    printf '  remote%s: {bare: true}\n  work%s: {}\n' "$r" "$r" >>"$yaml"
done
echo "steps:" >>"$yaml"
steps=0
step() { # yaml-fields shell-command
    steps=$((steps + 1))
    printf '  - {id: s%s, %s}\n' "$steps" "$1" >>"$yaml"
    printf '%s\n' "$2" >>"$script"
}
for r in 1 2 3 4 5; do
    w=work$r
    step "kind: init, repository: remote$r" "git init -q --bare -b main remote$r"
    step "kind: clone, repository: $w, from: remote$r" "git clone -q remote$r $w 2>/dev/null"
    for round in 1 2 3 4; do
        step "kind: write, repository: $w, path: f$round.txt, content: round $round" "printf 'round $round' >$w/f$round.txt"
        step "kind: commit, repository: $w, message: round $round, identity: dev" "git -C $w add -A && git -C $w commit -q -m 'round $round'"
        step "kind: branch, repository: $w, name: topic$round" "git -C $w branch topic$round"
        step "kind: checkout, repository: $w, branch: topic$round" "git -C $w checkout -q topic$round"
        step "kind: write, repository: $w, path: t$round.txt, content: topic" "printf 'topic' >$w/t$round.txt"
        step "kind: commit, repository: $w, message: topic $round, identity: dev" "git -C $w add -A && git -C $w commit -q -m 'topic $round'"
        step "kind: checkout, repository: $w, branch: main" "git -C $w checkout -q main"
        step "kind: merge, repository: $w, branch: topic$round, mode: no-ff, identity: dev" "git -C $w merge -q --no-ff --no-edit topic$round"
    done
    for tag in 1 2 3 4 5; do
        step "kind: tag, repository: $w, name: v$tag" "git -C $w tag v$tag"
    done
    step "kind: push, repository: $w, branch: main" "git -C $w push -q origin main"
done
echo "bench/gravity: $steps steps over 5 repositories" >&2
[ "$steps" -eq 200 ] || { echo "bench/gravity: generated $steps steps, not 200" >&2; exit 1; }

"$girofle" gravity run "$yaml" --workdir "$work/check" >/dev/null ||
    { echo "bench/gravity: the scenario does not pass" >&2; exit 1; }
"$girofle" gravity run "$yaml" --workdir "$work/bpmn-once" --bpmn "$work/scenario.bpmn" >/dev/null

hyperfine --runs "$runs" --warmup 1 --export-json "$work/result.json" \
    --prepare "rm -rf $work/w; mkdir -p $work/w" \
    --command-name "git CLI" "sh $script $work/w" \
    --command-name "gravity run" "$girofle gravity run $yaml --workdir $work/w" \
    --command-name "gravity run --bpmn" "$girofle gravity run $yaml --workdir $work/w --bpmn $work/w.bpmn" \
    --command-name "gravity replay" "$girofle gravity replay $work/scenario.bpmn --workdir $work/w"

mean() { jq -r --arg name "$1" '.results[] | select(.command == $name) | .mean' "$work/result.json"; }
git_cli=$(mean "git CLI") run=$(mean "gravity run") with_bpmn=$(mean "gravity run --bpmn") replay=$(mean "gravity replay")
awk -v g="$git_cli" -v r="$run" -v b="$with_bpmn" -v p="$replay" 'BEGIN {
    printf "gravity run / git CLI:              %.3f  (%.3f s / %.3f s)\n", r / g, r, g
    printf "gravity run --bpmn / gravity run:   %.3f  (BPMN write %+.1f ms)\n", b / r, (b - r) * 1000
    printf "gravity replay / gravity run:       %.3f  (%.3f s / %.3f s)\n", p / r, p, r
}'
