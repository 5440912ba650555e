"""The official Python MCP SDK (`pip install mcp`) against `eb-advisor mcp`.

Run by tests/it/mcp_python.rs:  python3 mcp_client.py BINARY EXPECTED_RECOMMEND_JSON TYPO_PLAN

Lists the five tools, asks `questions` for the CDC goal, calls `recommend` with the
PostgreSQL-in-a-VPC answers and compares the structured result with what
`eb-advisor recommend --format json` printed, and checks a plan with a misspelt answer
value. Any mismatch raises; "ok" on stdout means every check held.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

TOOLS = ["check_plan", "draft_plan", "explain_path", "questions", "recommend"]
ANSWERS = {
    "goal": "capture-db-changes",
    "database": "postgresql",
    "network": "vpc",
    "region": "cn-hangzhou",
    "automation": "yes",
    "can-code": "yes",
    "monthly-volume": 50000,
}


def field(obj, snake, camel):
    """SDK 2.x names fields in snake_case, 1.x in camelCase."""
    return getattr(obj, snake) if hasattr(obj, snake) else getattr(obj, camel)


def structured(result):
    return field(result, "structured_content", "structuredContent")


def is_error(result):
    return bool(field(result, "is_error", "isError"))


async def main(binary, expected_path, typo_plan_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    with open(typo_plan_path, encoding="utf-8") as f:
        typo_plan = f.read()
    params = StdioServerParameters(command=binary, args=["--lang", "en", "mcp"])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()

            names = sorted(tool.name for tool in (await session.list_tools()).tools)
            assert names == TOOLS, f"tools: {names}"

            result = await session.call_tool("questions", {"answers": {"goal": "capture-db-changes"}})
            assert not is_error(result), result
            asked = [q["id"] for q in structured(result)["questions"]]
            for wanted in ["goal", "database", "network", "region", "automation", "can-code"]:
                assert wanted in asked, f"{wanted} not in {asked}"
            for unwanted in ["source", "target"]:
                assert unwanted not in asked, f"{unwanted} in {asked}"

            result = await session.call_tool("recommend", {"answers": ANSWERS})
            assert not is_error(result), result
            verdict = structured(result)
            assert verdict["recommendation"]["path"] == "api-cdc", verdict["recommendation"]
            assert verdict == expected, "recommend differs from `recommend --format json`"
            assert verdict["findings"] == expected["findings"]

            result = await session.call_tool("check_plan", {"text": typo_plan, "file": "typo.eb-plan.yaml"})
            assert is_error(result), "an invalid plan is a tool error"
            plan = structured(result)["plans"][0]
            invalid = [f for f in plan["findings"] if f["id"] == "invalid-plan"]
            assert invalid, plan
            finding = invalid[0]
            assert (finding["line"], finding["column"]) == (4, 13), finding
            assert "did you mean `postgresql`?" in finding["message"], finding
    print("ok")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
