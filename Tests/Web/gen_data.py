"""A synthetic graph for the load tests: N claims (default 100,000) in JSON Lines, with
~N/50 entities and ~N/20 documents, deterministic for a given N. Stdlib only.

Run: python gen_data.py OUTDIR [N]   -> OUTDIR/{entities,documents,claims}.jsonl
"""
import json
import os
import random
import sys

UNITS = ["shells", "containers", "drones", "missiles", "troops", "tanks", "dollars", "barrels"]
QUALIFIERS = [None, "exact", "approx", "at_least", "more_than", "up_to", "at_most", "range"]
PREDICATES = ["shipped", "delivered", "sent", "produced", "lost", "pledged"]
WORDS = ["officials", "said", "report", "about", "nearly", "million", "border", "estimate", "sources", "week"]


def main(out, n):
    rnd = random.Random(n)
    os.makedirs(out, exist_ok=True)
    n_entities, n_docs = max(10, n // 50), max(5, n // 20)
    with open(os.path.join(out, "entities.jsonl"), "w") as f:
        for i in range(n_entities):
            kind = ["country", "organization", "person"][i % 3]
            f.write(json.dumps({"id": f"e{i}", "name": f"{kind.title()} {i}", "kind": kind}) + "\n")
    with open(os.path.join(out, "documents.jsonl"), "w") as f:
        for i in range(n_docs):
            f.write(json.dumps({"id": f"d{i}", "title": f"Report {i}", "publisher": f"e{rnd.randrange(n_entities)}",
                                "published": f"20{rnd.randrange(18, 25)}-{rnd.randrange(1, 13):02}-{rnd.randrange(1, 29):02}"}) + "\n")
    with open(os.path.join(out, "claims.jsonl"), "w") as f:
        for i in range(n):
            qualifier = rnd.choice(QUALIFIERS)
            qty = round(10 ** rnd.uniform(1, 7))
            claim = {"id": f"c{i}", "subject": f"e{rnd.randrange(n_entities)}", "predicate": rnd.choice(PREDICATES),
                     "qty": qty, "unit": rnd.choice(UNITS), "qualifier": qualifier,
                     "date": f"20{rnd.randrange(18, 25)}-{rnd.randrange(1, 13):02}-{rnd.randrange(1, 29):02}",
                     "source": f"e{rnd.randrange(n_entities)}", "doc": f"d{rnd.randrange(n_docs)}",
                     "quote": " ".join(rnd.choice(WORDS) for _ in range(6))}
            if qualifier == "range":
                claim["qty_hi"] = qty * 2
            f.write(json.dumps(claim) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
