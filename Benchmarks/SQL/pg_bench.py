#!/usr/bin/env python3
"""ClaimQL's generated SQL against hand-written SQL on the same PostgreSQL server.

Loads the shared benchmark data set twice into one server: with `claimql push` into the
relational schema ClaimQL generates SQL for (database claimql_gen), and into the harness's
own schema (../shared/bench/peers.py: text ids, an aliases table; the same indexes as its
SQLite set-up) with COPY (database claimql_hand). Then runs Q1-Q8 both ways on the same
connection settings: the hand-written SQL of ../shared/bench/queries/duckdb.q adapted to
PostgreSQL, and the SQL `claimql sql --dialect postgres` makes of Benchmarks/claimql.q
(each query returning the same id, predicate, qty, date columns). Prints the median of
five runs after one warm-up, the rows, and the ratio generated / hand-written.

    pip install 'psycopg[binary]'
    python3 Benchmarks/SQL/pg_bench.py --url postgres://claimql@127.0.0.1:54329/postgres \
        --data /tmp/bench/data/10M --claimql .build/release/claimql
"""
import argparse, csv, io, json, os, statistics, subprocess, sys, tempfile, time
import psycopg

HAND = {
    "Q1": """SELECT c.id, c.predicate, c.qty, c.date FROM claims c
             WHERE c.source IN (SELECT id FROM entities WHERE name = %(source_name)s
                                UNION SELECT entity_id FROM aliases WHERE alias = %(source_name)s)""",
    "Q2": """SELECT c.id, c.predicate, c.qty, c.date FROM claims c
             WHERE c.source IN (SELECT id FROM entities WHERE name = %(source_name)s
                                UNION SELECT entity_id FROM aliases WHERE alias = %(source_name)s)
               AND c.qty > 1000000""",
    "Q3": "SELECT c.id, c.predicate, c.qty, c.date FROM claims c WHERE c.qty BETWEEN 1000000 AND 5000000",
    "Q4": """SELECT c.source, count(*) AS n, max(c.qty) AS max_qty FROM claims c WHERE c.source IS NOT NULL
             GROUP BY c.source ORDER BY n DESC, c.source LIMIT 10""",
    "Q5": """SELECT c.id, c.predicate, c.qty, c.date FROM claims c JOIN entities s ON s.id = c.source
             WHERE s.affiliation = %(country_id)s OR s.country = %(country_id)s""",
    "Q6": "SELECT c.id, c.predicate, c.qty, c.date FROM claims c WHERE c.quote ILIKE '%%' || %(word)s || '%%'",
    "Q7": """SELECT c.id, c.predicate, c.qty, c.date FROM claims c
             WHERE c.predicate = 'shipped' AND c.date BETWEEN DATE '2023-01-01' AND DATE '2023-12-31'""",
    "Q8": "SELECT c.id, c.predicate, c.qty, c.date FROM claims c WHERE c.id = %(claim_id)s",
}

def claimql_queries(path, params):
    out, name = {}, None
    for line in open(path):
        if line.startswith("### "):
            name = line.split()[1]
        elif name and line.strip() and not line.startswith("#"):
            q = line.strip()
            for k, v in params.items():
                q = q.replace("${%s}" % k, json.dumps(v))
            out[name] = q if name == "Q4" else q + " select id, predicate, qty, date"
            name = None
    return out

def database(url, name):
    return url.rsplit("/", 1)[0] + "/" + name

def recreate(url, name):
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")
        con.execute(f"CREATE DATABASE {name}")

def load_hand(url, data):
    with psycopg.connect(url) as con:
        con.execute("""
            CREATE TABLE entities(id TEXT PRIMARY KEY, kind TEXT, name TEXT, affiliation TEXT, country TEXT);
            CREATE TABLE aliases(entity_id TEXT, alias TEXT);
            CREATE TABLE documents(id TEXT PRIMARY KEY, publisher TEXT, title TEXT, published DATE);
            CREATE TABLE claims(id TEXT PRIMARY KEY, subject TEXT, predicate TEXT, object TEXT, qty DOUBLE PRECISION,
                qty_hi DOUBLE PRECISION, unit TEXT, qualifier TEXT, date DATE, source TEXT, doc TEXT, quote TEXT);""")
        def copy(table, rows):
            with con.cursor().copy(f"COPY {table} FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(r)
        def jsonl(name):
            with open(os.path.join(data, name)) as f:
                for line in f:
                    yield json.loads(line)
        ents = list(jsonl("entities.jsonl"))
        copy("entities", ((e["id"], e["kind"], e["name"], e.get("affiliation"), e.get("country")) for e in ents))
        copy("aliases", ((e["id"], a) for e in ents for a in e.get("aliases") or []))
        copy("documents", ((d["id"], d.get("publisher"), d.get("title"), d.get("published")) for d in jsonl("documents.jsonl")))
        copy("claims", ((c["id"], c.get("subject"), c.get("predicate"), c.get("object"), c.get("qty"), c.get("qty_hi"),
                         c.get("unit"), c.get("qualifier"), c.get("date"), c.get("source"), c.get("doc"), c.get("quote"))
                        for c in jsonl("claims.jsonl")))
        con.execute("""
            CREATE INDEX claims_source ON claims(source); CREATE INDEX claims_subject ON claims(subject);
            CREATE INDEX claims_predicate ON claims(predicate); CREATE INDEX claims_qty ON claims(qty);
            CREATE INDEX claims_date ON claims(date); CREATE INDEX entities_name ON entities(name);
            CREATE INDEX entities_affiliation ON entities(affiliation); CREATE INDEX entities_country ON entities(country);
            CREATE INDEX aliases_alias ON aliases(alias);""")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("ANALYZE")

def timed(url, sql, params, runs, jit):
    with psycopg.connect(url) as con:
        con.execute(f"SET jit = {jit}")
        rows = con.execute(sql, params).fetchall()
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            rows = con.execute(sql, params).fetchall()
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), len(rows)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--claimql", default=".build/release/claimql")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--jit", default="on", help="the session's jit setting, for both sides")
    a = ap.parse_args()
    params = json.load(open(os.path.join(a.data, "params.json")))
    gen, hand = database(a.url, "claimql_gen"), database(a.url, "claimql_hand")
    if not a.skip_load:
        recreate(a.url, "claimql_gen")
        t = time.perf_counter()
        subprocess.run([a.claimql, "push", "--engine", gen, "--data", a.data], check=True)
        print(f"claimql push: {time.perf_counter() - t:.1f} s", flush=True)
        recreate(a.url, "claimql_hand")
        t = time.perf_counter()
        load_hand(hand, a.data)
        print(f"hand-written schema, COPY + indexes: {time.perf_counter() - t:.1f} s", flush=True)
    queries = claimql_queries(os.path.join(os.path.dirname(__file__), "..", "claimql.q"), params)
    print(f"jit = {a.jit}\n| query | hand-written ms | generated ms | ratio | rows |\n|---|---|---|---|---|")
    for q in sorted(HAND):
        sql = subprocess.run([a.claimql, "sql", "--engine", gen, "-e", queries[q]], check=True,
                             capture_output=True, text=True).stdout
        sql = "\n".join(l for l in sql.splitlines() if not l.startswith("--")).rstrip().rstrip(";")
        h, hr = timed(hand, HAND[q], params, a.runs, a.jit)
        g, gr = timed(gen, sql, {}, a.runs, a.jit)
        flag = "" if hr == gr else f" (hand {hr})"
        print(f"| {q} | {h:.1f} | {g:.1f} | {g / h:.2f} | {gr}{flag} |", flush=True)

if __name__ == "__main__":
    main()
