"""Renders the battery's non-Proton cases with Python's Jinja2 (StrictUndefined), one JSON
result per case, so the expectations in battery.yaml are checked against the real engine."""
import json
import sys

from jinja2 import Environment, StrictUndefined

env = Environment(undefined=StrictUndefined)
cases = json.load(sys.stdin)
out = []
for case in cases:
    try:
        out.append({"output": env.from_string(case["template"]).render(**(case.get("context") or {}))})
    except Exception as e:  # any Jinja2 failure is an expected "error"
        out.append({"error": f"{type(e).__name__}: {e}"})
json.dump(out, sys.stdout)
