#!/usr/bin/env python3
"""Checks Meterbook's OTLP/JSON against the OpenTelemetry protobufs and the GenAI conventions.

    python3 Scripts/validate_otlp.py spans.json metrics.json

Each file is parsed with google.protobuf.json_format.Parse into ExportTraceServiceRequest or
ExportMetricsServiceRequest (from the opentelemetry-proto package) with unknown fields refused,
so a misspelt or misplaced key is an error. OTLP/JSON writes trace and span ids as hex, where
proto3's JSON mapping wants base64, so ids are checked (length, hex, not all zero) and converted
first. Then the GenAI semantic conventions Meterbook follows are checked on the parsed messages.
Prints one line per problem and exits 1 if there is any.
"""

import base64
import json
import sys

from google.protobuf import json_format
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

PROVIDERS = {
    "anthropic", "aws.bedrock", "azure.ai.inference", "azure.ai.openai", "cohere", "deepseek",
    "gcp.gemini", "gcp.gen_ai", "gcp.vertex_ai", "groq", "ibm.watsonx.ai", "mistral_ai", "openai",
    "perplexity", "x_ai",
}
ID_LENGTHS = {"traceId": 32, "spanId": 16, "parentSpanId": 16}
problems = []


def hex_ids_to_base64(node, path="$"):
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if key in ID_LENGTHS and isinstance(value, str):
                ok = len(value) == ID_LENGTHS[key] and all(c in "0123456789abcdef" for c in value)
                if not ok or set(value) == {"0"}:
                    problems.append(f"{path}.{key}: '{value}' is not {ID_LENGTHS[key]} lowercase hex digits, non-zero")
                else:
                    node[key] = base64.b64encode(bytes.fromhex(value)).decode()
            else:
                hex_ids_to_base64(value, f"{path}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            hex_ids_to_base64(value, f"{path}[{n}]")


def parse(path, message):
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    hex_ids_to_base64(document)
    try:
        return json_format.Parse(json.dumps(document), message, ignore_unknown_fields=False)
    except json_format.ParseError as error:
        problems.append(f"{path}: not a valid {type(message).__name__}: {error}")
        return None


def attributes(kvs):
    return {kv.key: kv.value for kv in kvs}


def check_spans(path):
    request = parse(path, ExportTraceServiceRequest())
    if request is None:
        return 0
    ids = set()
    count = 0
    for rs in request.resource_spans:
        for ss in rs.scope_spans:
            for span in ss.spans:
                count += 1
                a = attributes(span.attributes)
                where = f"{path}: span {span.span_id.hex()}"
                if span.span_id in ids:
                    problems.append(f"{where}: span id repeated")
                ids.add(span.span_id)
                if "gen_ai.system" in a:
                    problems.append(f"{where}: deprecated gen_ai.system")
                provider = a.get("gen_ai.provider.name")
                if provider is None or provider.string_value not in PROVIDERS:
                    problems.append(f"{where}: gen_ai.provider.name missing or unregistered")
                for key in ("gen_ai.operation.name", "gen_ai.request.model", "gen_ai.usage.input_tokens",
                            "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens"):
                    if key not in a:
                        problems.append(f"{where}: {key} missing")
                if span.name != f"{a['gen_ai.operation.name'].string_value} {a['gen_ai.request.model'].string_value}":
                    problems.append(f"{where}: name '{span.name}' is not '{{operation}} {{model}}'")
                failed = span.status.code == 2
                if failed != ("error.type" in a):
                    problems.append(f"{where}: error.type and status ERROR must go together")
                if span.status.code == 1:
                    problems.append(f"{where}: status OK set; leave it unset on success")
    if count == 0:
        problems.append(f"{path}: no spans")
    return count


def check_metrics(path):
    request = parse(path, ExportMetricsServiceRequest())
    if request is None:
        return 0
    seen = {}
    for rm in request.resource_metrics:
        for sm in rm.scope_metrics:
            for metric in sm.metrics:
                seen[metric.name] = metric
    for name, unit in (("gen_ai.client.token.usage", "{token}"), ("gen_ai.client.operation.duration", "s")):
        metric = seen.get(name)
        if metric is None or metric.WhichOneof("data") != "histogram":
            problems.append(f"{path}: {name} missing or not a Histogram")
            continue
        if metric.unit != unit:
            problems.append(f"{path}: {name} unit '{metric.unit}', expected '{unit}'")
        for point in metric.histogram.data_points:
            a = attributes(point.attributes)
            required = ["gen_ai.operation.name", "gen_ai.provider.name"]
            if name == "gen_ai.client.token.usage":
                required.append("gen_ai.token.type")
            for key in required:
                if key not in a:
                    problems.append(f"{path}: {name} point without {key}")
            if len(point.bucket_counts) != len(point.explicit_bounds) + 1 or sum(point.bucket_counts) != point.count:
                problems.append(f"{path}: {name} point's buckets do not add up to its count")
    return sum(len(m.histogram.data_points) for m in seen.values())


def main():
    if len(sys.argv) != 3:
        print("usage: validate_otlp.py SPANS.json METRICS.json", file=sys.stderr)
        return 64
    spans = check_spans(sys.argv[1])
    points = check_metrics(sys.argv[2])
    for problem in problems[:50]:
        print(problem)
    print(f"OTLP: {spans} spans, {points} histogram points, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
