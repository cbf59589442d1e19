# Sourced by .ci/ and benches/ scripts: start `scimgate serve` and wait for its
# `BASE_URL=... TOKEN=...` line, and stop it again.
#
#   source .ci/lib/serve.sh
#   serve_start "$bin" "$token" "$workdir" [more serve flags...]   # sets SERVE_PID and BASE_URL, or exits 1
#   serve_stop                               # safe to call twice, and from an EXIT trap

SERVE_PID=""
BASE_URL=""

serve_start() {
    local bin="$1" token="$2" dir="$3"
    shift 3
    "$bin" serve --listen 127.0.0.1:0 --token "$token" "$@" >"$dir/serve.out" 2>"$dir/serve.err" &
    SERVE_PID=$!
    BASE_URL=""
    for _ in $(seq 1 300); do
        BASE_URL="$(sed -n 's/^BASE_URL=\([^ ]*\) .*/\1/p' "$dir/serve.out")"
        [[ -n "$BASE_URL" ]] && return 0
        if ! kill -0 "$SERVE_PID" 2>/dev/null; then
            echo "scimgate serve exited early: $(head -c 2000 "$dir/serve.err")" >&2
            SERVE_PID=""
            exit 1
        fi
        sleep 0.1
    done
    echo "scimgate serve printed no BASE_URL line within 30 s" >&2
    exit 1
}

serve_stop() {
    if [[ -n "$SERVE_PID" ]]; then
        kill "$SERVE_PID" 2>/dev/null || true
        wait "$SERVE_PID" 2>/dev/null || true
        SERVE_PID=""
    fi
}
