#!/usr/bin/env bash
# The speed and memory figures of the README (not a test; nothing here asserts a time):
#   1. the default Okta profile against the embedded server: wall time including process
#      start, and peak RSS;
#   2. overhead: the same request list replayed by a minimal reqwest client (benches/raw_replay.rs)
#      against the same server, and scimgate's time as a ratio of it;
#   3. against ../shared/targets/scim2-server: scimgate (--max-in-flight 4) vs scim2-tester
#      (`scim2 ... test`): wall time, requests made, time per check;
#   4. Okta's import paging over 10,000 users against the embedded server: time and RSS;
#   5. the default profile against a staging server holding 10,000 users of other people;
#   6. the default profile against a target 50 ms away (`serve --latency-ms 50`), default settings,
#      against its critical path.
# Usage: benches/okta_profile.sh            (RUNS=5 by default; medians are printed)
set -Eeuo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
T="${CARGO_TARGET_DIR:-target}"
SHARED="${SHARED:-$(cd .. && pwd)/shared}"
work="$(mktemp -d)"
source .ci/lib/serve.sh
stop_server() { serve_stop; }
cleanup() { serve_stop; bash "$SHARED/targets/scim2-server/stop.sh" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

echo "building (release)..." >&2
cargo build --release --quiet --bin scimgate
cargo bench --no-run --quiet --bench raw_replay 2>/dev/null
BIN="$T/release/scimgate"
RAW="$(ls -t "$T"/release/deps/raw_replay-* | grep -v '\.d$' | head -1)"
TOKEN="bench-token-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

# measure CMD... -> "wall_ms rss_kb exit_code" (wall time includes process start).
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ms = (time.perf_counter() - t) * 1000
print(f"{ms:.0f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {p.returncode}")
PY
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
start_server() { serve_start "$BIN" "$TOKEN" "$work"; BASE="$BASE_URL"; }

# 1. The whole default profile, embedded server, including process start.
: >"$work/1"
for _ in $(seq "$RUNS"); do measure "$BIN" run --color never --seed 1 >>"$work/1"; done
awk '$3 != 0 {print "run exited " $3 > "/dev/stderr"; exit 1}' "$work/1"
P1_MS=$(cut -d' ' -f1 "$work/1" | median); P1_RSS=$(cut -d' ' -f2 "$work/1" | sort -n | tail -1)

# 2. Overhead against a raw client, each on a fresh `scimgate serve`.
: >"$work/2s"; : >"$work/2r"
for i in $(seq "$RUNS"); do
  start_server
  measure env SCIMGATE_TOKEN="$TOKEN" "$BIN" run --base-url "$BASE" --color never --seed 1 --json "$work/report.json" >>"$work/2s"
  stop_server
done
REQS=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['requests'])" "$work/report.json")
for i in $(seq "$RUNS"); do
  start_server
  t0=$(date +%s%N); out="$("$RAW" "$work/report.json" "$BASE" "$TOKEN" 2)"; t1=$(date +%s%N)
  stop_server
  echo $(( (t1 - t0) / 1000000 )) >>"$work/2r"
done
P2_S=$(cut -d' ' -f1 "$work/2s" | median); P2_R=$(median <"$work/2r")
RAW_REQS="${out#requests=}"; RAW_REQS="${RAW_REQS%% *}"

# 3. scimgate vs scim2-tester against scim2-server (fresh server for each run).
venv="${TMPDIR:-/tmp}/scimgate-venv-tester"
if [[ ! -x "$venv/bin/scim2" ]]; then python3 -m venv "$venv" && "$venv/bin/pip" install -q scim2-cli; fi
log=/tmp/scim-targets/scim2-server.log
s2() { bash "$SHARED/targets/scim2-server/stop.sh" >/dev/null 2>&1 || true; bash "$SHARED/targets/scim2-server/start.sh" 18302 "$TOKEN" >/dev/null; }
: >"$work/3s"; : >"$work/3t"
for _ in $(seq 3); do
  s2; before=$(grep -c '" [0-9][0-9][0-9] ' "$log" || true)
  # scim2-server listens with a backlog of 5: more connections at once cost 1 s SYN retries
  # each (the console says so), hence --max-in-flight 4.
  measure env SCIMGATE_TOKEN="$TOKEN" "$BIN" run --base-url http://127.0.0.1:18302/v2 --color never --seed 1 --max-in-flight 4 --json "$work/s2.json" >>"$work/3s"
  S_REQ=$(( $(grep -c '" [0-9][0-9][0-9] ' "$log" || true) - before ))
  s2; before=$(grep -c '" [0-9][0-9][0-9] ' "$log" || true)
  t0=$(date +%s%N); "$venv/bin/scim2" --url http://127.0.0.1:18302/v2 --header "Authorization: Bearer $TOKEN" test >"$work/tester.txt" 2>&1 || true; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 )) >>"$work/3t"
  T_REQ=$(( $(grep -c '" [0-9][0-9][0-9] ' "$log" || true) - before ))
done
S_CHECKS=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print(sum(s.values()))" "$work/s2.json")
T_CHECKS=$(grep -cE '^[A-Z]+ [A-Za-z0-9_]+$' "$work/tester.txt" || true)
P3_S=$(cut -d' ' -f1 "$work/3s" | median); P3_T=$(median <"$work/3t")

# 4. Okta's import paging over 10,000 users of its own, embedded server.
mkdir -p "$work/big/okta"
sed -e "s/count: 101}/count: 10000}/" \
  scenarios/okta/f09-import-paging.yaml >"$work/big/okta/import-10k.yaml"
measure "$BIN" run --color never --seed 1 --scenarios-dir "$work/big" >"$work/4"
read -r P4_MS P4_RSS P4_EXIT <"$work/4"
[[ "$P4_EXIT" == 0 ]] || { echo "10k import exited $P4_EXIT" >&2; exit 1; }

# 5. The default profile against a populated staging server (10,000 users of others).
: >"$work/5"
for _ in $(seq "$RUNS"); do
  serve_start "$BIN" "$TOKEN" "$work" --preload-users 10000
  measure env SCIMGATE_TOKEN="$TOKEN" "$BIN" run --base-url "$BASE_URL" --color never --seed 1 >>"$work/5"
  serve_stop
done
awk '$3 != 0 {print "populated run exited " $3 > "/dev/stderr"; exit 1}' "$work/5"
P5_MS=$(cut -d' ' -f1 "$work/5" | median)

# 6. The default profile against a distant target (50 ms before every answer), with the default
#    settings (every independent scenario at once), against its critical path: the longest shared scenario, then each
#    `exclusive` one (they run alone, one after another), plus the discovery reads.
: >"$work/6"
for _ in $(seq "$RUNS"); do
  serve_start "$BIN" "$TOKEN" "$work" --latency-ms 50
  measure env SCIMGATE_TOKEN="$TOKEN" "$BIN" run --base-url "$BASE_URL" --color never --seed 1 --json "$work/lat.json" >>"$work/6"
  serve_stop
  python3 - "$work/lat.json" >>"$work/6c" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
excl = {"okta/f09-import-paging", "okta/f18-group-import-paging"}
alone = [s["duration_ms"] for s in r["scenarios"] if s["id"] in excl]
shared = [s["duration_ms"] for s in r["scenarios"] if s["id"] not in excl]
print(r["duration_ms"], max(shared) + sum(alone) + 4 * 50)
PY
done
P6_MS=$(cut -d' ' -f1 "$work/6" | median)
P6_CP=$(cut -d' ' -f2 "$work/6c" | median)

python3 - "$P1_MS" "$P1_RSS" "$P2_S" "$P2_R" "$REQS" "$RAW_REQS" "$P3_S" "$P3_T" "$S_REQ" "$T_REQ" "$S_CHECKS" "$T_CHECKS" "$P4_MS" "$P4_RSS" "$RUNS" "$P5_MS" "$P6_MS" "$P6_CP" <<'PY'
import sys
a = sys.argv[1:]
p1, rss1, s2, r2, req, rawreq, s3, t3, sreq, treq, schk, tchk, p4, rss4, runs, p5, p6, cp6 = a
f = float
print(f"scimgate benchmark (median of {runs} runs; 2-core machine; loopback)")
print(f"1. Okta profile vs embedded server : {f(p1)/1000:.2f} s wall incl. process start, peak RSS {int(rss1)/1024:.0f} MB   (goal < 0.3 s, < 50 MB)")
print(f"2. overhead vs raw reqwest replay  : scimgate {f(s2):.0f} ms / raw {f(r2):.0f} ms = {f(s2)/f(r2):.2f}x  ({req} vs {rawreq} requests)   (goal <= 1.2x)")
ps, pt = f(s3)/int(schk), f(t3)/max(int(tchk), 1)
print(f"3. vs scim2-tester on scim2-server : scimgate {f(s3)/1000:.2f} s, {sreq} requests, {schk} checks, {ps:.2f} ms/check;"
      f" scim2-tester {f(t3)/1000:.2f} s, {treq} requests, {tchk} checks, {pt:.2f} ms/check; {pt/ps:.1f}x less per check   (goal >= 10x)")
print(f"4. import paging, 10,000 users     : {f(p4)/1000:.2f} s wall, peak RSS {int(rss4)/1024:.0f} MB   (goal < 10 s)")
print(f"5. Okta profile, 10,000 others' users: {f(p5)/1000:.2f} s wall   (goal: well under a minute)")
print(f"6. Okta profile, 50 ms per answer  : {f(p6)/1000:.2f} s wall, critical path {f(cp6)/1000:.2f} s = {f(p6)/f(cp6):.2f}x   (goal <= 1.2x)")
PY
