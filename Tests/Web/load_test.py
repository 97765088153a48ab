"""Load on `claimql serve`: wrk (64 connections) runs a mix of queries while another
client adds data in batches, and a third checks that no query ever sees half a batch.

Run: python load_test.py URL TOKEN [--seconds 30] [--connections 64] [--out FILE.json]
The server must run with --allow-writes --token TOKEN. Exits 0 when wrk saw no errors,
every batch loaded, and no query saw a partial batch; prints the figures as JSON.
"""
import argparse
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BATCH = 25        # claims per posted batch: a query sees 0 or all of them


def get(url, path):
    with urllib.request.urlopen(url + path, timeout=30) as r:
        return json.loads(r.read())


def q(text):
    return "/api/query?q=" + urllib.parse.quote(text)


def batch(k):
    lines = [f'entity lbe{k}: organization "Loader {k}"',
             f'document lbd{k}: "Load batch {k}" {{ publisher: lbe{k}, published: 2024-01-01 }}']
    for i in range(BATCH):
        lines.append(f'claim lb{k}_{i}: lbe{k} shipped "boxes" {{ qty: {i + 1}, unit: "boxes", '
                     f'source: lbe{k}, doc: lbd{k}, date: 2024-01-02 }}')
    return "\n".join(lines) + "\n"


def loader(url, token, stop, stats):
    k = 0
    while not stop.is_set():
        req = urllib.request.Request(url + "/api/load", data=batch(k).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "text/plain"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                added = json.loads(r.read())["added"]["claims"]
                if added != BATCH:
                    stats["bad_loads"].append(f"batch {k} added {added}")
                stats["loads"] += 1
        except urllib.error.URLError as e:
            stats["bad_loads"].append(f"batch {k}: {e}")
        k += 1
        time.sleep(0.2)


def checker(url, stop, stats):
    while not stop.is_set():
        total = get(url, q('count claims where unit = "boxes"'))["count"]
        if total % BATCH:
            stats["partial"].append(f"count {total} is not a whole number of batches")
        groups = get(url, q('claims where unit = "boxes" group by doc select doc, count() as n'))["rows"]
        for row in groups:
            if row["n"] != BATCH:
                stats["partial"].append(f"{row['doc']} has {row['n']} of {BATCH} claims")
        stats["checks"] += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("token")
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--out")
    a = ap.parse_args()
    url = a.url.rstrip("/")

    first = get(url, q("claims limit 1"))["rows"][0]["id"]
    source = get(url, q("claims group by source select source, count() as n order by n desc limit 1"))["rows"][0]["source"]
    paths = [
        q("count claims"),
        q(f'claims where source = "{source}" and qty > 1000 limit 20'),
        q("claims where qty between 1000 and 5000 order by qty desc limit 10"),
        q("claims group by unit select unit, count() as n, max(qty) as top order by n desc limit 5"),
        "/api/evidence?claim=" + urllib.parse.quote(first),
        "/api/complete?text=" + urllib.parse.quote("claims where sou") + "&cursor=16",
    ]
    for p in paths:                       # every path answers before the load starts
        get(url, p)

    stop = threading.Event()
    stats = {"loads": 0, "bad_loads": [], "checks": 0, "partial": []}
    threads = [threading.Thread(target=loader, args=(url, a.token, stop, stats)),
               threading.Thread(target=checker, args=(url, stop, stats))]
    for t in threads:
        t.start()
    env = {"CLAIMQL_PATHS": "\n".join(paths), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    wrk = subprocess.run(["wrk", "-t2", f"-c{a.connections}", f"-d{a.seconds}s", "--latency", "--timeout", "30s",
                          "-s", __file__.replace("load_test.py", "load.lua"), url],
                         capture_output=True, text=True, env=env)
    stop.set()
    for t in threads:
        t.join()
    line = next((l for l in wrk.stdout.splitlines() if l.startswith("WRK ")), None)
    if wrk.returncode != 0 or line is None:
        print(wrk.stdout, wrk.stderr)
        sys.exit("wrk failed")
    figures = json.loads(line[4:])
    figures.update(loads=stats["loads"], consistency_checks=stats["checks"], connections=a.connections)
    print(json.dumps(figures))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(figures, f)
    errors = sum(figures[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts", "non_2xx"))
    problems = []
    if errors:
        problems.append(f"wrk saw {errors} errors")
    if stats["bad_loads"]:
        problems.append("loads failed: " + "; ".join(stats["bad_loads"][:5]))
    if stats["partial"]:
        problems.append("a query saw a partial batch: " + "; ".join(stats["partial"][:5]))
    if stats["loads"] < 3 or stats["checks"] < 3:
        problems.append(f"too little happened: {stats['loads']} loads, {stats['checks']} checks")
    if problems:
        sys.exit("\n".join(problems))
    print(f"ok: {figures['requests']} requests ({figures['rps']:.0f}/s, p99 {figures['p99_ms']:.1f} ms) with no errors, "
          f"{stats['loads']} batches loaded meanwhile, {stats['checks']} checks saw no partial batch")


if __name__ == "__main__":
    main()
