#!/usr/bin/env bash
# Runs python-scim's scim2-tester (through scim2-cli) against the reference
# server started with `scimgate serve`, and fails unless every check passes.
#
# Environment:
#   SCIMGATE_BIN   binary to run (default: build with `cargo build` and use
#                  ${CARGO_TARGET_DIR:-target}/debug/scimgate)
#   TMPDIR         where the Python venv lives (scimgate-venv-tester)
#
# Last verified with scim2-cli 0.6.0 / scim2-tester 0.5.2: all 135 checks pass,
# none tolerated. To tolerate a check that contradicts the RFC, add its exact
# name to TOLERATED together with the RFC text it contradicts.
set -euo pipefail

cd "$(dirname "$0")/.."

TOLERATED=()

venv="${TMPDIR:-/tmp}/scimgate-venv-tester"
if [[ ! -x "$venv/bin/scim2" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q scim2-cli
fi

if [[ -n "${SCIMGATE_BIN:-}" ]]; then
    bin="$SCIMGATE_BIN"
else
    cargo build --quiet --bin scimgate
    bin="${CARGO_TARGET_DIR:-target}/debug/scimgate"
fi

token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
work="$(mktemp -d)"
source .ci/lib/serve.sh
cleanup() {
    serve_stop
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

serve_start "$bin" "$token" "$work"
base="$BASE_URL"

set +e
"$venv/bin/scim2" --url "$base" --header "Authorization: Bearer $token" test >"$work/report.txt" 2>&1
tester_status=$?
set -e
cat "$work/report.txt"

# Result lines look like "SUCCESS check_name" or "ERROR check_name".
passed="$(grep -cE '^SUCCESS [A-Za-z0-9_]+$' "$work/report.txt" || true)"
failed=0
while read -r status name; do
    [[ "$status" == "SUCCESS" ]] && continue
    tolerated=false
    for t in "${TOLERATED[@]+"${TOLERATED[@]}"}"; do
        [[ "$name" == "$t" ]] && tolerated=true
    done
    if $tolerated; then
        echo "tolerated: $status $name" >&2
    else
        echo "failed: $status $name" >&2
        failed=$((failed + 1))
    fi
done < <(grep -E '^[A-Z]+ [A-Za-z0-9_]+$' "$work/report.txt" | grep -v '^SUCCESS ' || true)

if [[ "$passed" -eq 0 ]]; then
    echo "scim2-tester reported no passing checks (exit $tester_status)" >&2
    exit 1
fi
if [[ "$failed" -gt 0 ]]; then
    echo "scim2-tester: $failed check(s) failed, $passed passed" >&2
    exit 1
fi
if [[ "$tester_status" -ne 0 && "${#TOLERATED[@]}" -eq 0 ]]; then
    echo "scim2-tester exited with $tester_status" >&2
    exit 1
fi
echo "scim2-tester: all $passed checks passed"
