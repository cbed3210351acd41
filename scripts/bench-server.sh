#!/usr/bin/env bash
# Load check of `tandem serve` on loopback: CLIENTS concurrent clients poll a release page (HTML, with a
# session cookie) and the JSON status for DURATION seconds while STREAMS SSE streams stay open.
# Prints latency percentiles (all requests, then the HTML page and the JSON status apart), request counts,
# events received by the streams, the server's CPU time per request and its memory.
# Usage: scripts/bench-server.sh [CLIENTS=200] [STREAMS=20] [DURATION=20]
# TANDEM_DASHBOARD_CACHE=off renders the release page on every request (to compare with the page cache).
# Pollers keep their connection open (as browsers do); BENCH_CONNECTIONS=close opens one per request, which
# makes this single Python process the bottleneck (~210 requests/s on this machine) rather than the server.
set -euo pipefail
CLIENTS=${1:-200}; STREAMS=${2:-20}; DURATION=${3:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TANDEM="${TANDEM:-$ROOT/.build/debug/tandem}"   # TANDEM=.build/release/tandem for a release build
[ -x "$TANDEM" ] || { echo "build first: swift build" >&2; exit 1; }
WORK=$(mktemp -d /tmp/tandem-bench.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
# A real release waiting at its checkpoint, made by the engine against the in-process simulated cluster.
"$TANDEM" sim seed "$ROOT/plans/loan-app.yaml" --version 1.0 --sim >/dev/null 2>&1
"$TANDEM" release start "$ROOT/plans/loan-app.yaml" --version 2.0 --sim --db "$WORK/state.db" --by ci-bot >/dev/null 2>&1 || true
TOKEN=$("$TANDEM" serve add-user bench --groups qa --db "$WORK/state.db" | tail -1)
"$TANDEM" serve --db "$WORK/state.db" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
echo "server pid $SERVER on 127.0.0.1:$PORT, RSS at start: $(awk '/VmRSS/ {print $2 " kB"}' /proc/$SERVER/status), dashboard cache: ${TANDEM_DASHBOARD_CACHE:-on}, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$PORT" "$TOKEN" "$CLIENTS" "$STREAMS" "$DURATION" "$SERVER" <<'PY'
import asyncio, json, os, sys, time
port, token, clients, streams, duration, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
KEEPALIVE = os.environ.get("BENCH_CONNECTIONS", "keep-alive") != "close"

async def request(method, path, headers=None, body=b""):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
    for k, v in (headers or {}).items(): head += f"{k}: {v}\r\n"
    writer.write(head.encode() + b"\r\n" + body); await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data.split(b" ", 2)[1])
    return status, data

async def keepalive_request(conn, path, headers):
    """One GET on an open keep-alive connection (as a browser polls); returns the status."""
    reader, writer = conn
    head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(head.encode() + b"\r\n"); await writer.drain()
    status_line = await reader.readline()
    if not status_line: raise ConnectionError("closed")
    status, length, chunked = int(status_line.split()[1]), 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""): break
        key, _, value = line.decode().partition(":")
        if key.lower() == "content-length": length = int(value)
        if key.lower() == "transfer-encoding" and "chunked" in value.lower(): chunked = True
    if chunked:
        while (size := int((await reader.readline()).strip(), 16)) > 0: await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(length)
    return status

def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"): return line.split(None, 1)[1].strip()

async def main():
    auth = {"Authorization": f"Bearer {token}"}
    _, data = await request("GET", "/api/releases", auth)
    rid = json.loads(data.split(b"\r\n\r\n", 1)[1])[0]["id"]
    _, data = await request("POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"}, f"token={token}".encode())
    cookie = [l for l in data.decode().split("\r\n") if l.lower().startswith("set-cookie:")][0].split(":", 1)[1].split(";")[0].strip()
    latencies, errors, events = [], [0], [0]
    by_kind = {"html": [], "json": []}
    deadline = time.monotonic() + duration

    async def poller(i):
        kind = "html" if i % 2 else "json"
        path, headers = (f"/releases/{rid}", {"Cookie": cookie}) if kind == "html" else (f"/api/releases/{rid}", auth)
        conn = None
        while time.monotonic() < deadline:
            t = time.monotonic()
            try:
                if KEEPALIVE:
                    conn = conn or await asyncio.open_connection("127.0.0.1", port)
                    status = await keepalive_request(conn, path, headers)
                else:
                    status, _ = await request("GET", path, headers)
                if status != 200: errors[0] += 1
            except Exception:
                errors[0] += 1; conn = None; continue
            latencies.append(time.monotonic() - t)
            by_kind[kind].append(latencies[-1])
            await asyncio.sleep(0.05)

    async def stream():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /api/releases/{rid}/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        await writer.drain()
        try:
            while time.monotonic() < deadline:
                line = await asyncio.wait_for(reader.readline(), timeout=max(0.1, deadline - time.monotonic()))
                if line.startswith(b"id: "): events[0] += 1
        except (asyncio.TimeoutError, ConnectionError):
            pass
        writer.close()

    start, cpu_start = time.monotonic(), cpu_seconds()
    await asyncio.gather(*[poller(i) for i in range(clients)], *[stream() for _ in range(streams)])
    elapsed, cpu = time.monotonic() - start, cpu_seconds() - cpu_start
    def pct(values, p):
        return values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000
    def line(label, values):
        values.sort()
        if not values: return print(f"{label}: no requests")
        print(f"{label}: p50 {pct(values, 50):.1f}  p90 {pct(values, 90):.1f}  p99 {pct(values, 99):.1f}  max {values[-1]*1000:.1f}  ({len(values)} requests)")
    print(f"{clients} polling clients ({'keep-alive connections' if KEEPALIVE else 'a new connection per request'}), {streams} SSE streams, {elapsed:.1f} s")
    print(f"requests: {len(latencies)} ok ({len(latencies)/elapsed:.0f}/s), errors: {errors[0]}")
    line("latency ms", latencies)
    line("  release page (HTML)", by_kind["html"])
    line("  release status (JSON API)", by_kind["json"])
    print(f"server CPU: {cpu:.1f} s ({cpu * 1000 / max(1, len(latencies)):.2f} ms per request, SSE polling included)")
    print(f"SSE events received: {events[0]} ({events[0]/max(1,streams):.0f} per stream)")
    print(f"server RSS at end: {rss()}")

asyncio.run(main())
PY
