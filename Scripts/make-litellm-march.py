#!/usr/bin/env python3
"""Writes scenarios/data/litellm-march.csv: a deterministic month of LiteLLM proxy spend logs
(the LiteLLM_SpendLogs table as `psql \\copy ... CSV HEADER` writes it) for the sample workbook
workbooks/real-usage.yaml.

Eight customers call four catalog models and one model the catalog lacks over March 2026,
more on weekdays; a few calls fail. Spend is the catalog's list price of each call's tokens
(cached prompt tokens at the cached rate), written as LiteLLM writes a float. No randomness
beyond a fixed linear congruential generator, so the file is the same on every run.

    python3 Scripts/make-litellm-march.py > scenarios/data/litellm-march.csv
"""
import csv
import datetime
import json
import sys
from decimal import Decimal

HEADER = (
    "request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,endTime,"
    "request_duration_ms,completionStartTime,model,model_id,model_group,custom_llm_provider,api_base,user,"
    "metadata,cache_hit,cache_key,request_tags,team_id,organization_id,end_user,requester_ip_address,messages,"
    "response,session_id,status,mcp_namespaced_tool_name,billing_agent_id,agent_id,proxy_server_request,"
    "litellm_call_id,created_at,updated_at"
).split(",")

# (logged model, provider, USD per 1M input, cached input, output); None: not in the catalog.
MODELS = [
    ("gpt-4o-mini", "openai", "0.15", "0.075", "0.6"),
    ("gpt-4o-2024-08-06", "openai", "2.5", "1.25", "10"),
    ("claude-sonnet-4-5-20250929", "anthropic", "3", "0.3", "15"),
    ("gemini-2.5-flash", "vertex_ai", "0.3", "0.03", "2.5"),
    ("llama-3-8b-instruct", "together_ai", None, None, None),
]
# (end user, team, weekday calls, model weights)
CUSTOMERS = [
    ("acme", "team-support", 3, [5, 2, 3, 0, 0]),
    ("globex", "team-search", 2, [2, 0, 1, 3, 0]),
    ("initech", "team-support", 1, [4, 1, 0, 0, 0]),
    ("umbrella", "team-search", 1, [1, 0, 0, 2, 1]),
    ("hooli", "team-labs", 2, [0, 3, 2, 0, 0]),
    ("stark", "team-labs", 1, [0, 0, 4, 1, 0]),
    ("wayne", "team-support", 0, [3, 0, 0, 0, 0]),
    ("wonka", "team-search", 0, [2, 0, 0, 1, 0]),
]


class LCG:
    """Numerical Recipes' 32-bit linear congruential generator: fixed, portable draws."""

    def __init__(self, seed):
        self.state = seed

    def next(self, n):
        self.state = (1664525 * self.state + 1013904223) % 2**32
        return self.state * n >> 32


def pick(rng, weights):
    r = rng.next(sum(weights))
    for i, w in enumerate(weights):
        if r < w:
            return i
        r -= w
    return len(weights) - 1


def main():
    rng = LCG(20260301)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(HEADER)
    n = 0
    for day in range(1, 32):
        date = datetime.date(2026, 3, day)
        weekend = date.weekday() >= 5
        for user, team, per_day, weights in CUSTOMERS:
            calls = (per_day + rng.next(2)) // (3 if weekend else 1)
            if per_day == 0 and day % 6 == 0:
                calls = 1  # the quiet customers call now and then
            for _ in range(calls):
                n += 1
                model, provider, p_in, p_cached, p_out = MODELS[pick(rng, weights)]
                prompt = 200 + rng.next(3000)
                completion = 20 + rng.next(800)
                cached = prompt * rng.next(60) // 100 if provider in ("openai", "anthropic") else 0
                failed = rng.next(40) == 0
                start = datetime.datetime(2026, 3, day, 7 + rng.next(12), rng.next(60), rng.next(60), 1000 * rng.next(1000))
                duration = 300 + completion * 9 + rng.next(400)
                if failed:
                    spend, completion, cached = 0.0, 0, 0
                elif p_in is None:
                    spend = float(Decimal(prompt + completion) * Decimal("0.0000002"))
                else:
                    nanos = (
                        Decimal(prompt - cached) * Decimal(p_in) + Decimal(cached) * Decimal(p_cached)
                        + Decimal(completion) * Decimal(p_out)
                    ) / Decimal(1_000_000)
                    spend = float(nanos)
                usage = {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
                if provider == "openai":
                    usage["prompt_tokens_details"] = {"cached_tokens": cached}
                elif provider == "anthropic":
                    usage["cache_read_input_tokens"] = cached
                status = "failure" if failed else "success"
                metadata = {"user_api_key_alias": team, "usage_object": usage, "status": status}
                if failed:
                    metadata["error_information"] = {"error_code": "429"}
                end = start + datetime.timedelta(milliseconds=duration)
                stamp = lambda t: t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
                row = {
                    "request_id": f"req-{n:05d}", "call_type": "acompletion", "api_key": f"sk-{team}",
                    "spend": repr(spend), "total_tokens": prompt + completion, "prompt_tokens": prompt,
                    "completion_tokens": completion, "startTime": stamp(start), "endTime": stamp(end),
                    "request_duration_ms": duration, "model": model, "model_group": model.split("-20")[0],
                    "custom_llm_provider": provider, "user": "default_user_id",
                    "metadata": json.dumps(metadata, separators=(", ", ": ")), "cache_hit": "False",
                    "request_tags": "[]", "team_id": team, "end_user": user,
                    "session_id": f"sess-{user}-{day:02d}", "status": status, "created_at": stamp(end),
                }
                out.writerow([row.get(column, "") for column in HEADER])


if __name__ == "__main__":
    main()
