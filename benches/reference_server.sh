#!/usr/bin/env bash
# Benchmarks the reference server (not a test): builds release, starts
# `scimgate serve`, runs the load client in benches/reference_load.rs, and
# reads the server's memory from /proc once REF_USERS users are stored.
#
#   benches/reference_server.sh              # 100,000 users, 100,000 GETs
#   REF_USERS=10000 REF_GETS=20000 REF_CONCURRENCY=16 benches/reference_server.sh
set -euo pipefail

cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"

cargo build --release --quiet --bin scimgate
cargo bench --no-run --quiet --bench reference_load

work="$(mktemp -d)"
source .ci/lib/serve.sh
cleanup() {
    serve_stop
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
serve_start "$target/release/scimgate" "$token" "$work"
base="$BASE_URL"
server_pid="$SERVE_PID"

memory() {
    grep -E '^(VmHWM|VmRSS)' "/proc/$server_pid/status" | tr -s ' \t' ' ' | tr '\n' ' '
}
echo "idle server: $(memory)"
REF_BASE_URL="$base" REF_TOKEN="$token" cargo bench --quiet --bench reference_load
echo "server with ${REF_USERS:-100000} users: $(memory)"
