#!/usr/bin/env python3
"""Load generator for scripts/bench-sim.sh: 500 blue/green Rollouts, 10 watchers, one template
change each, time until all are Paused. Talks plain HTTP to a running `tandem sim serve`."""
import http.client, json, sys, threading, time
from concurrent.futures import ThreadPoolExecutor

port, count, watchers_n, pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
NS = "bench"
RO = f"/apis/argoproj.io/v1alpha1/namespaces/{NS}/rollouts"
local = threading.local()
requests_made = [0]
lock = threading.Lock()

def call(method, path, body=None, ctype="application/json"):
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": ctype} if body is not None else {}
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    with lock:
        requests_made[0] += 1
    if resp.status >= 300 and resp.status != 409:
        raise RuntimeError(f"{method} {path}: {resp.status} {data[:200]!r}")
    return json.loads(data) if data else None

def rollout(i):
    name = f"app-{i:03d}"
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": name},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "app", "image": "example/app:1.0"}]}},
                     "strategy": {"blueGreen": {"activeService": f"{name}-active", "autoPromotionEnabled": False}}}}

def service(i):
    name = f"app-{i:03d}"
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"{name}-active"},
            "spec": {"selector": {"app": name}, "ports": [{"port": 8080}]}}

def phases():
    items = call("GET", RO)["items"]
    out = {}
    for it in items:
        out[it["status"].get("phase", "?") if "status" in it else "?"] = out.get(it["status"].get("phase", "?") if "status" in it else "?", 0) + 1
    return out

def wait_all(phase, limit=600):
    start = time.time()
    while time.time() - start < limit:
        p = phases()
        if p.get(phase, 0) == count:
            return time.time() - start
        time.sleep(0.25)
    raise RuntimeError(f"not all {phase}: {phases()}")

def peak_rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return -1

events = [0] * watchers_n
stop = threading.Event()

def watcher(k, rv):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
    conn.request("GET", f"{RO}?watch=true&resourceVersion={rv}&timeoutSeconds=900")
    resp = conn.getresponse()
    while not stop.is_set():
        line = resp.fp.readline()
        if not line:
            break
        if line.strip():
            events[k] += 1

t0 = time.time()
with ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda i: call("POST", f"/api/v1/namespaces/{NS}/services", service(i)), range(count)))
    list(pool.map(lambda i: call("POST", RO, rollout(i)), range(count)))
created = time.time() - t0
healthy = wait_all("Healthy")
print(f"created {count} Rollouts + Services in {created:.1f}s; all Healthy {healthy:.1f}s later")

rv = call("GET", RO)["metadata"]["resourceVersion"]
threads = [threading.Thread(target=watcher, args=(k, rv), daemon=True) for k in range(watchers_n)]
for t in threads: t.start()
time.sleep(0.5)

requests_before = requests_made[0]
t1 = time.time()
patch = {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "example/app:2.0"}]}}}}
with ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda i: call("PATCH", f"{RO}/app-{i:03d}", patch, "application/merge-patch+json"), range(count)))
patched = time.time() - t1
paused = wait_all("Paused")
elapsed = time.time() - t1
# Throughput: a burst of GETs and list calls with 8 clients.
t2 = time.time()
with ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda i: call("GET", f"{RO}/app-{i % count:03d}"), range(4000)))
rps = 4000 / (time.time() - t2)
time.sleep(1)
stop.set()
print(f"template change: {count} PATCHes in {patched:.2f}s ({count / patched:.0f} req/s); all Paused {elapsed:.2f}s after the first PATCH")
print(f"GET throughput (8 clients, keep-alive): {rps:.0f} req/s")
print(f"watchers: {watchers_n}, events received each: min {min(events)} max {max(events)}")
print(f"simulator peak RSS: {peak_rss_mb():.0f} MiB")
