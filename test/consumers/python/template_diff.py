"""Compares two CloudFormation templates as parsed JSON, asset hashes (64 hex digits) scrubbed.

Same algorithm and output format as test/consumers/typescript/template-diff.ts.
"""
import json
import re
from typing import Any, List

ASSET_HASH = re.compile(r"[0-9a-f]{64}")


def scrub(value: Any) -> Any:
    if isinstance(value, str):
        return ASSET_HASH.sub("<asset-hash>", value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value


def _show(value: Any) -> str:
    text = json.dumps(value, separators=(",", ":"))
    return text if len(text) <= 200 else text[:197] + "..."


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def diff_json(expected: Any, actual: Any, path: str = "$", out: List[str] = None) -> List[str]:
    out = [] if out is None else out
    if _kind(expected) != _kind(actual):
        out.append(f"{path}: expected {_show(expected)}, got {_show(actual)}")
    elif isinstance(expected, list):
        for i in range(max(len(expected), len(actual))):
            if i >= len(actual):
                out.append(f"{path}[{i}]: only in expected: {_show(expected[i])}")
            elif i >= len(expected):
                out.append(f"{path}[{i}]: only in actual: {_show(actual[i])}")
            else:
                diff_json(expected[i], actual[i], f"{path}[{i}]", out)
    elif isinstance(expected, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                out.append(f"{path}.{key}: only in expected: {_show(expected[key])}")
            elif key not in expected:
                out.append(f"{path}.{key}: only in actual: {_show(actual[key])}")
            else:
                diff_json(expected[key], actual[key], f"{path}.{key}", out)
    elif expected != actual:
        out.append(f"{path}: expected {_show(expected)}, got {_show(actual)}")
    return out


def template_diff(expected: Any, actual: Any) -> List[str]:
    return diff_json(scrub(expected), scrub(actual))


def format_diff(language: str, lines: List[str]) -> str:
    body = "\n  ".join(lines)
    return f"{language} template differs from the TypeScript example ({len(lines)} difference(s)):\n  {body}"
