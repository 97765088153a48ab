/// The Python program `SparkEngine` runs: one PySpark session for the whole run (the JVM
/// takes ~10-15 s to start; queries then take a fraction of a second), reading one JSON
/// request per line on stdin and answering one JSON line on stdout. A request is
/// `{"views": FILE}` (run the `CREATE ... VIEW` statements of an export) or `{"sql": TEXT,
/// "args": {NAME: {"type": T, "value": V}}}` (bound with Spark's named parameter markers);
/// the answer is `{"rows": [[cell, ...], ...]}` with every cell as text or null, or
/// `{"error": MESSAGE}`. `CLAIMQL_SPARK_MASTER` (default `local[2]`) or
/// `CLAIMQL_SPARK_REMOTE` (a Spark Connect URL, `sc://host`) choose where it runs.
enum SparkDriver {
    static let source = #"""
import datetime, json, os, sys
from pyspark.sql import SparkSession, functions as F

remote = os.environ.get("CLAIMQL_SPARK_REMOTE")
builder = SparkSession.builder.appName("claimql")
builder = builder.remote(remote) if remote else builder.master(os.environ.get("CLAIMQL_SPARK_MASTER", "local[2]"))
# One shuffle partition and no adaptive re-planning: ClaimQL's queries are many small
# stages, and on small data their fixed costs are what takes the time.
for key, value in [("spark.ui.enabled", "false"), ("spark.sql.shuffle.partitions", os.environ.get("CLAIMQL_SPARK_PARTITIONS", "1")),
                   ("spark.sql.adaptive.enabled", "false"),
                   ("spark.sql.session.timeZone", "UTC"), ("spark.sql.catalogImplementation", "in-memory"),
                   ("spark.driver.memory", os.environ.get("CLAIMQL_SPARK_DRIVER_MEMORY", "1g"))]:
    builder = builder.config(key, value)
spark = builder.getOrCreate()
if not remote:
    spark.sparkContext.setLogLevel("ERROR")

def arg(a):
    t, v = a["type"], a["value"]
    if t == "date":
        return datetime.date.fromisoformat(v)
    if t == "array":
        return F.array(*[F.lit(arg(x)) for x in v]) if v else F.array()
    return v

def text(c):
    if c is None:
        return None
    if isinstance(c, bool):
        return "t" if c else "f"
    if isinstance(c, float):
        return repr(c)
    if isinstance(c, (datetime.date, datetime.datetime)):
        return c.isoformat()[:10]
    return str(c)

print(json.dumps({"ready": spark.version}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    try:
        if "views" in request:
            with open(request["views"]) as f:
                for statement in f.read().split(";\n"):
                    if statement.strip():
                        spark.sql(statement)
            answer = {"rows": []}
        else:
            args = {k: arg(v) for k, v in request.get("args", {}).items()}
            rows = spark.sql(request["sql"], args=args or None).collect()
            answer = {"rows": [[text(c) for c in row] for row in rows]}
    except Exception as e:
        message = str(e).strip().split("\n")[0]
        answer = {"error": message or type(e).__name__}
    print(json.dumps(answer), flush=True)
"""#
}
