#!/bin/sh
# Every BPMN file gravity writes for the example scenarios, checked by outside tools:
# the OMG BPMN 2.0 XSD (bpmn-moddle's copy) with xmllint; bpmnlint 11 with
# bpmnlint:recommended and the Camunda 7 rules; bpmn-engine 25 executing it to its end event
# with a worker that runs each task through girofle, reaching the same ref ids as
# `gravity run`; bpmn-js importing it in headless Chromium without a warning.
# shellcheck source=../support/shell_test.sh
. "$GIROFLE_SOURCE_DIR/tests/support/shell_test.sh"
here=$source_dir/tests/bpmn
girofle=${GIROFLE_BINARY:?set by ctest}
export GIROFLE_BINARY="$girofle"

for program in node xmllint chromium git jq; do
    command -v "$program" >/dev/null 2>&1 || skip_or_fail "$program is not installed"
done
[ -d "$here/node_modules/bpmn-engine" ] || skip_or_fail "tests/bpmn/node_modules is missing (tests/bpmn/install)"

work=$(mktemp -d "${TMPDIR:-/tmp}/girofle-bpmn-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
xsd=$here/node_modules/bpmn-moddle/resources/bpmn/xsd/BPMN20.xsd

# "REPOSITORY REF ID" lines of every repository a work directory holds, as git sees them.
refs_seen_by_git() {
    for repository in $(jq -r '.refs | keys[]' "$work/$name.json"); do
        git -C "$1/$repository" for-each-ref --format="$repository %(refname) %(objectname)"
    done | sort
}

for scenario in client-sync-cases feature-branch release-hotfix; do
    name=$scenario
    bpmn=$work/$name.bpmn
    "$girofle" gravity run "$source_dir/docs/scenarios/$name.yaml" --workdir "$work/$name.run" \
        --bpmn "$bpmn" --json >"$work/$name.json" || fail "$name: gravity run failed"
    jq -r '.refs | to_entries[] | .key as $r | .value | to_entries[] | "\($r) \(.key) \(.value)"' \
        "$work/$name.json" | sort >"$work/$name.expected"
    [ -s "$work/$name.expected" ] || fail "$name: the run reported no refs"

    xmllint --noout --schema "$xsd" "$bpmn" 2>"$work/xmllint.err" ||
        { cat "$work/xmllint.err" >&2; fail "$name: not valid against BPMN20.xsd"; }

    (cd "$here" && node lint.mjs "$bpmn") || fail "$name: bpmnlint reported problems"

    (cd "$here" && node execute.mjs "$bpmn" "$work/$name.engine" >"$work/engine.out" 2>&1) ||
        { cat "$work/engine.out" >&2; fail "$name: bpmn-engine did not reach the end event"; }
    refs_seen_by_git "$work/$name.engine" >"$work/$name.engine.refs"
    diff "$work/$name.expected" "$work/$name.engine.refs" >&2 ||
        fail "$name: bpmn-engine's execution gave other ref ids than gravity run"

    (cd "$here" && node render.mjs "$bpmn" "$work/$name.html")
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$work/$name.profile" --allow-file-access-from-files \
        --virtual-time-budget=20000 --dump-dom "file://$work/$name.html" \
        >"$work/$name.dom" 2>"$work/chromium.err" ||
        { tail -5 "$work/chromium.err" >&2; fail "$name: chromium failed"; }
    result=$(sed -n 's|.*<pre id="result">\(.*\)</pre>.*|\1|p' "$work/$name.dom")
    [ "$(printf '%s' "$result" | jq -r '.ok')" = true ] || fail "$name: bpmn-js import failed: $result"
    [ "$(printf '%s' "$result" | jq -r '.warnings | length')" = 0 ] ||
        fail "$name: bpmn-js import warnings: $result"
    echo "$name: XSD valid, lint clean, executed by bpmn-engine to the same refs, rendered by bpmn-js ($result)"
done
