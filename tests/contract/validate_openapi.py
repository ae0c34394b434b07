#!/usr/bin/env python3
"""Checks docs/contract/openapi.yaml against the gateway's real HTTP API, with
an independent validator (python3-jsonschema, draft 2020-12, the dialect of
OpenAPI 3.1):

  * the document is OpenAPI 3.1, every $ref in it resolves, and every schema
    under components/schemas is itself a valid draft 2020-12 schema;
  * every response http_contract_samples gets from the running server (each
    operation's success and its refusals) is documented for its operation
    and status, with its media type, and is valid against its schema;
  * a text/event-stream response is split into its events as the HTML
    standard's event-stream format says, and each event must be named in
    the media type's `x-events`, carry JSON data valid against the schema
    given there, and have an id above the one before it;
  * every operation has at least one real successful response checked;
  * /api/v1/openapi.json serves this very document;
  * the schemas are not vacuous: broken copies of real responses are refused.

Exit status 0 when all hold; otherwise every failure is printed.
"""

import argparse
import copy
import json
import pathlib
import subprocess
import sys

import jsonschema
import yaml

failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def resolve_pointer(doc, ref):
    if not ref.startswith("#/"):
        raise KeyError(f"only local references are used: {ref}")
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[part]
    return node


def walk_refs(node, doc, where="#"):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                try:
                    resolve_pointer(doc, v)
                except (KeyError, TypeError) as e:
                    fail(f"{where}: $ref {v} does not resolve ({e})")
            else:
                walk_refs(v, doc, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_refs(v, doc, f"{where}/{i}")


def validator(doc, schema):
    resolver = jsonschema.RefResolver(base_uri="", referrer=doc)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def errors_of(doc, schema, value):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator(doc, schema).iter_errors(value)]


def response_of(doc, path, method, status):
    op = doc["paths"].get(path, {}).get(method.lower())
    if op is None:
        return None, f"{method} {path} is not an operation of the document"
    resp = op.get("responses", {}).get(str(status))
    if resp is None:
        return None, f"{method} {path} answered {status}, which the document does not list"
    if "$ref" in resp:
        resp = resolve_pointer(doc, resp["$ref"])
    return resp, None


def parse_event_stream(text):
    """The events of a text/event-stream body (the HTML standard's parsing
    rules): a list of {event, id, data}, and the comments."""
    events, comments = [], []
    event, data, last_id = "", [], ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    complete = text.endswith("\n")  # a last line without its end is not an event yet
    for i, line in enumerate(lines):
        if i == len(lines) - 1 and not complete:
            break
        if line == "":
            if data:
                events.append({"event": event or "message", "id": last_id, "data": "\n".join(data)})
            event, data = "", []
            continue
        if line.startswith(":"):
            comments.append(line[1:])
            continue
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            event = value
        elif field == "data":
            data.append(value)
        elif field == "id" and "\0" not in value:
            last_id = value
    return events, comments


def event_id_key(event_id):
    """The order of the gateway's event ids, "<outbox seq>-<live id>"."""
    seq, _, live = event_id.partition("-")
    return (int(seq), int(live))


def check_event_stream(doc, what, media, body, fail=fail):
    named = media.get("x-events")
    if not isinstance(named, dict) or not named:
        fail(f"{what}: text/event-stream without x-events naming its events")
        return
    if not isinstance(body, str):
        fail(f"{what}: an event stream's body is text")
        return
    events, _ = parse_event_stream(body)
    previous = None
    for n, e in enumerate(events):
        where = f"{what}: event {n} ({e['event']})"
        schema = named.get(e["event"])
        if schema is None:
            fail(f"{where}: not an event x-events names")
            continue
        try:
            data = json.loads(e["data"])
        except ValueError as err:
            fail(f"{where}: data is not JSON ({err})")
            continue
        for err in errors_of(doc, schema, data):
            fail(f"{where}: {err}")
        try:
            key = event_id_key(e["id"])
        except ValueError:
            fail(f"{where}: id {e['id']!r} is not <outbox seq>-<live id>")
            continue
        if previous is not None and key <= previous:
            fail(f"{where}: id {e['id']} does not increase")
        previous = key


def check_sample(doc, s):
    what = f"{s['method']} {s['path']} -> {s['status']}"
    resp, problem = response_of(doc, s["path"], s["method"], s["status"])
    if problem:
        fail(problem)
        return
    content = resp.get("content")
    if not content:
        if s["body"] not in ("", None):
            fail(f"{what}: the document gives no body, the server sent {s['body']!r}")
        return
    media = (s["content_type"] or "").split(";")[0].strip()
    if media not in content:
        fail(f"{what}: content type {s['content_type']!r} is not one of {sorted(content)}")
        return
    schema = content[media].get("schema", {})
    for e in errors_of(doc, schema, s["body"]):
        fail(f"{what}: {e}")
    if media == "text/event-stream":
        check_event_stream(doc, what, content[media], s["body"])


def schema_for(doc, path, method, status):
    resp, _ = response_of(doc, path, method, status)
    return next(iter(resp["content"].values()))["schema"]


def check_not_vacuous(doc, samples):
    def first(path, method, status):
        for s in samples:
            if s["path"] == path and s["method"] == method and s["status"] == status:
                return s
        fail(f"no sample of {method} {path} -> {status} to break")
        return None

    breaks = []
    stock = first("/api/v1/stock", "GET", 200)
    if stock and stock["body"]["balances"]:
        b = copy.deepcopy(stock["body"]); del b["balances"]; breaks.append(("stock without balances", stock, b))
        b = copy.deepcopy(stock["body"]); b["balances"][0]["qty"] = "10"; breaks.append(("qty as text", stock, b))
        b = copy.deepcopy(stock["body"]); del b["balances"][0]["name"]; breaks.append(("balance without name", stock, b))
    ledger = first("/api/v1/ledger", "GET", 200)
    if ledger and ledger["body"]["movements"]:
        b = copy.deepcopy(ledger["body"]); b["movements"][0]["recorded_at"] = "yesterday"
        breaks.append(("time not RFC 3339", ledger, b))
    problem = first("/api/v1/stock", "GET", 404)
    if problem:
        b = copy.deepcopy(problem["body"]); del b["code"]; breaks.append(("problem without code", problem, b))
    me = first("/api/v1/me", "GET", 200)
    if me:
        b = copy.deepcopy(me["body"]); b["role"] = "root"; breaks.append(("unknown role", me, b))
        b = copy.deepcopy(me["body"]); del b["timezone"]; breaks.append(("me without timezone", me, b))
        b = copy.deepcopy(me["body"]); b["currency"] = "yuan"; breaks.append(("currency not ISO 4217", me, b))
    summary = first("/api/v1/reports/stock-movements", "GET", 200)
    if summary and summary["body"]["rows"]:
        b = copy.deepcopy(summary["body"]); del b["rows"][0]["closing"]; breaks.append(("summary row without closing", summary, b))
        b = copy.deepcopy(summary["body"]); b["rows"][0]["in"]["receipt"] = {"qty": 1}
        breaks.append(("movement amount without value", summary, b))
    for name, s, body in breaks:
        schema = schema_for(doc, s["path"], s["method"], s["status"])
        if not errors_of(doc, schema, body):
            fail(f"the schema of {s['method']} {s['path']} -> {s['status']} accepts a broken copy: {name}")
    check_event_stream_not_vacuous(doc, samples)


def check_event_stream_not_vacuous(doc, samples):
    """Broken copies of a real event stream must be refused."""
    streams = [s for s in samples if s["path"] == "/api/v1/events" and s["status"] == 200
               and any(e["event"].endswith(".posted") for e in parse_event_stream(s["body"])[0])]
    if not streams:
        fail("no sample of GET /api/v1/events -> 200 with a posted document to break")
        return
    s = streams[0]
    resp, _ = response_of(doc, s["path"], s["method"], s["status"])
    media = resp["content"]["text/event-stream"]
    events, _ = parse_event_stream(s["body"])
    posted = next(e for e in events if e["event"].endswith(".posted"))

    def stream_of(evs):
        return "".join(f"event: {e['event']}\nid: {e['id']}\ndata: {e['data']}\n\n" for e in evs)

    data = json.loads(posted["data"])
    without_seq = dict(data)
    del without_seq["seq"]
    breaks = [
        ("an event x-events does not name", [dict(posted, event="stock.teleported")]),
        ("data that is not JSON", [dict(posted, data="{")]),
        ("an outbox event without seq", [dict(posted, data=json.dumps(without_seq))]),
        ("ids that do not increase", [posted, posted]),
    ]
    for name, evs in breaks:
        found = []
        check_event_stream(doc, "probe", media, stream_of(evs), fail=found.append)
        if not found:
            fail(f"the event stream check accepts a broken stream: {name}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--samples", required=True, help="the http_contract_samples program")
    args = ap.parse_args()
    path = pathlib.Path(args.source) / "docs" / "contract" / "openapi.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))

    if not str(doc.get("openapi", "")).startswith("3.1."):
        fail(f"{path}: openapi is {doc.get('openapi')!r}, expected 3.1.x")
    walk_refs(doc, doc)
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as e:
            fail(f"components/schemas/{name} is not a valid schema: {e.message}")

    run = subprocess.run([args.samples], capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        fail(f"http_contract_samples failed ({run.returncode}): {run.stderr}")
        return finish()
    samples = json.loads(run.stdout)
    for s in samples:
        check_sample(doc, s)

    succeeded = {(s["path"], s["method"].lower()) for s in samples if 200 <= s["status"] < 300}
    for p, ops in doc["paths"].items():
        for method in ops:
            if method in ("get", "put", "post", "delete", "patch") and (p, method) not in succeeded:
                fail(f"{method.upper()} {p} has no real successful response checked")

    served = [s for s in samples if s["path"] == "/api/v1/openapi.json" and s["status"] == 200]
    if not served or served[0]["body"] != doc:
        fail("/api/v1/openapi.json does not serve docs/contract/openapi.yaml as it is")

    check_not_vacuous(doc, samples)
    print(f"{len(samples)} responses of {len(succeeded)} operations checked")
    return finish()


def finish():
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
