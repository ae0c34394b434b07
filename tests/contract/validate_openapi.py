#!/usr/bin/env python3
"""Checks docs/contract/openapi.yaml against the gateway's real HTTP API, with
an independent validator (python3-jsonschema, draft 2020-12, the dialect of
OpenAPI 3.1):

  * the document is OpenAPI 3.1, every $ref in it resolves, and every schema
    under components/schemas is itself a valid draft 2020-12 schema;
  * every response http_contract_samples gets from the running server (each
    operation's success and its refusals) is documented for its operation
    and status, with its media type, and is valid against its schema;
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
    for name, s, body in breaks:
        schema = schema_for(doc, s["path"], s["method"], s["status"])
        if not errors_of(doc, schema, body):
            fail(f"the schema of {s['method']} {s['path']} -> {s['status']} accepts a broken copy: {name}")


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
