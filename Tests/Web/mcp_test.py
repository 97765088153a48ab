"""The MCP server (`claimql mcp`) driven by the Python `mcp` client over stdio.

Run: python mcp_test.py PATH/TO/claimql examples/seed.cq
Exits 0 when every check passes; prints one line per check.
"""
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def text_of(result):
    return "".join(c.text for c in result.content if getattr(c, "type", "") == "text")


async def main(binary, data):
    server = StdioServerParameters(command=binary, args=["mcp", "--data", data, "--max-rows", "20"])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()

            tools = {t.name: t for t in (await session.list_tools()).tools}
            assert set(tools) == {"query", "explain", "schema", "evidence"}, tools.keys()
            assert "query" in tools["query"].input_schema["required"]
            print("ok: four tools listed:", ", ".join(sorted(tools)))

            r = await session.call_tool("query", {"query": 'claims where unit = "containers"'})
            body = json.loads(text_of(r))
            assert not r.is_error and body["count"] == 6, body
            assert {row["source"] for row in body["rows"]} == {"White House", "Shin Won-sik", "South Korea"}
            print("ok: query returns the six container claims from three sources")

            r = await session.call_tool("query", {"query": "count claims where qty > $n", "params": {"n": 1000000}})
            assert json.loads(text_of(r))["count"] == 4, text_of(r)
            print("ok: parameters bind ($n = 1000000 -> 4 claims)")

            r = await session.call_tool("query", {"query": "claims", "format": "csv"})
            assert r.is_error and json.loads(text_of(r))["error"]["kind"] == "limit", text_of(r)
            print("ok: the row limit holds (40 claims > --max-rows 20 is an error)")

            r = await session.call_tool("query", {"query": "claims where qty >"})
            err = json.loads(text_of(r))["error"]
            assert r.is_error and err["kind"] == "syntax" and "^" in err["diagnostics"][0]["rendered"], err
            print("ok: a syntax error comes back as an error with the caret:", err["message"])

            r = await session.call_tool("evidence", {"claim": "shin_containers_6700"})
            ev = json.loads(text_of(r))
            assert ev["evidence"][0]["quote"] == "roughly 6,700 containers", ev
            print("ok: evidence of shin_containers_6700 quotes", repr(ev["evidence"][0]["quote"]))

            r = await session.call_tool("schema", {})
            assert json.loads(text_of(r))["counts"]["claims"] == 40
            r = await session.call_tool("explain", {"query": "claims where qty > 1M"})
            assert "plan" in json.loads(text_of(r))
            print("ok: schema and explain answer")

            r = await session.call_tool("nosuch", {})
            assert r.is_error
            r = await session.call_tool("query", {})
            assert r.is_error and "needs a query" in text_of(r)
            print("ok: an unknown tool and a missing argument are errors, and the server lives on")

            r = await session.call_tool("query", {"query": "count claims"})
            assert json.loads(text_of(r))["count"] == 40
            print("ok: still answering after the errors")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
