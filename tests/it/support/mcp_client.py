"""The official Python MCP SDK (`pip install mcp`) against `eb-advisor mcp`.

Run by tests/it/mcp_python.rs:
    python3 mcp_client.py BINARY EXPECTED_RECOMMEND_JSON TYPO_PLAN EXPECTED_RECOMMEND_TEXT

Lists the five tools (at most 8 KB serialized, each with an output schema), asks
`questions` for the CDC goal, calls `recommend` with the PostgreSQL-in-a-VPC answers and
compares the structured result with what `eb-advisor recommend --format json` printed,
checks that the summary of the same answers without a volume carries the numbered next
steps and every footnote `recommend --format text` prints (in at most 40 lines), checks a
plan with a misspelt answer value, explains a path and drafts a plan with settings. Every
result validates against its tool's output schema (the `jsonschema` package). Any
mismatch raises; "ok" on stdout means every check held.
"""

import asyncio
import json
import re
import sys

import jsonschema

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


def text_blocks(result):
    return [block.text for block in result.content if block.type == "text"]


# The tools' output schemas, by name, from `tools/list`.
OUTPUT_SCHEMAS = {}


def validated(name, result):
    """The result, once its structured content validates against the declared schema."""
    schema = OUTPUT_SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(structured(result), schema, cls=jsonschema.Draft202012Validator)
    return result


async def call(session, name, arguments):
    return validated(name, await session.call_tool(name, arguments))


def numbered(lines, pattern):
    return [line.strip() for line in lines if re.match(pattern, line.strip())]


async def main(binary, expected_path, typo_plan_path, expected_text_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    with open(expected_text_path, encoding="utf-8") as f:
        expected_text = f.read()
    with open(typo_plan_path, encoding="utf-8") as f:
        typo_plan = f.read()
    params = StdioServerParameters(command=binary, args=["--lang", "en", "mcp"])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()

            listed = await session.list_tools()
            names = sorted(tool.name for tool in listed.tools)
            assert names == TOOLS, f"tools: {names}"
            wire = listed.model_dump_json(by_alias=True, exclude_none=True)
            assert len(wire.encode()) <= 8192, f"tools/list is {len(wire.encode())} bytes"
            for tool in listed.tools:
                schema = field(tool, "output_schema", "outputSchema")
                assert schema, f"{tool.name} declares no output schema"
                OUTPUT_SCHEMAS[tool.name] = schema
            draft = next(t for t in listed.tools if t.name == "draft_plan")
            settings = field(draft, "input_schema", "inputSchema")["properties"]["settings"]
            assert settings["type"] == "object", settings

            result = await call(session, "questions", {"answers": {"goal": "capture-db-changes"}})
            assert not is_error(result), result
            asked = [q["id"] for q in structured(result)["questions"]]
            for wanted in ["goal", "database", "network", "region", "automation", "can-code"]:
                assert wanted in asked, f"{wanted} not in {asked}"
            for unwanted in ["source", "target"]:
                assert unwanted not in asked, f"{unwanted} in {asked}"

            result = await call(session, "recommend", {"answers": ANSWERS})
            assert not is_error(result), result
            # The JSON once, as structured content; the text is the summary alone.
            texts = text_blocks(result)
            assert len(texts) == 1, texts
            assert not texts[0].lstrip().startswith("{"), texts[0]
            verdict = structured(result)
            assert verdict["recommendation"]["path"] == "api-cdc", verdict["recommendation"]
            assert verdict == expected, "recommend differs from `recommend --format json`"
            assert verdict["findings"] == expected["findings"]

            # Without a volume: the summary is `recommend --format text`'s numbered steps
            # and footnotes, compact.
            no_volume = {k: v for k, v in ANSWERS.items() if k != "monthly-volume"}
            result = await call(session, "recommend", {"answers": no_volume})
            summary = text_blocks(result)[0]
            lines = summary.splitlines()
            assert len(lines) <= 40, f"{len(lines)} lines:\n{summary}"
            cli_lines = expected_text.splitlines()
            steps = numbered(cli_lines, r"\d+\. ")
            notes = numbered(cli_lines, r"\[\d+\] ")
            assert steps and notes, f"the command prints steps and footnotes:\n{expected_text}"
            stripped = [line.strip() for line in lines]
            for wanted in steps + notes:
                assert wanted in stripped, f"{wanted!r} not in the summary:\n{summary}"
            assert "trust" in summary.lower() or "source of truth" in summary.lower(), summary

            result = await call(session, "explain_path", {"path": "api-cdc"})
            assert structured(result)["path"] == "api-cdc"

            result = await call(
                session,
                "draft_plan",
                {"answers": no_volume, "settings": {"vpc-id": "vpc-1"}},
            )
            assert not is_error(result), result
            assert "vpc-id: vpc-1" in structured(result)["plan"], structured(result)["plan"]

            result = await session.call_tool("check_plan", {"text": typo_plan, "file": "typo.eb-plan.yaml"})
            assert is_error(result), "an invalid plan is a tool error"
            validated("check_plan", result)
            plan = structured(result)["plans"][0]
            invalid = [f for f in plan["findings"] if f["id"] == "invalid-plan"]
            assert invalid, plan
            finding = invalid[0]
            assert (finding["line"], finding["column"]) == (4, 13), finding
            assert "did you mean `postgresql`?" in finding["message"], finding
    print("ok")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
