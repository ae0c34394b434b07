#!/usr/bin/env python3
"""Checks the contract in docs/contract/ against reality, with an independent
validator (python3-jsonschema, draft 2020-12):

  * every schema is itself a valid draft 2020-12 schema, and every $ref in the
    schemas and in asyncapi.yaml resolves (files and JSON pointers);
  * asyncapi.yaml parses and names a schema for every payload;
  * every downlink fixture (tests/fixtures/downlink/<kind>/) is valid against
    its schema, and every fixture under invalid/ is not;
  * every event the gateway really writes (produced by contract_samples, which
    posts each document type through the engine) is valid, wrapped in its
    envelope, and so is every command response;
  * the examples for integrators (docs/contract/examples/) are valid,
    and so is the snapshot the central simulator answers master data requests with;
  * each event is also valid against its message in asyncapi.yaml;
  * the schemas are not vacuous: broken copies of real events are refused.

Exit status 0 when all hold; otherwise every failure is printed.
"""

import argparse
import copy
import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.parse

import jsonschema
import yaml

DOCUMENT_EVENTS = {
    "receipt.posted", "issue.posted", "transfer.posted", "count.approved",
    "adjustment.posted", "scrap.posted", "return.posted", "reversal.posted",
    "opening.posted", "production.posted", "other.posted",
    "document.needs_review", "document.cancelled",
}
OTHER_EVENTS = {
    "alert.raised", "alert.cleared", "alert.acknowledged", "alert.escalated", "device.status",
    "weight.discrepancy", "weight.confirmed", "weight.calibrated", "replenishment.suggested",
    "downlink.applied",
}

failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what)


class Schemas:
    """Every schema file under docs/contract/schemas, addressable by file URI."""

    def __init__(self, root):
        self.root = root
        self.docs = {}
        for path in sorted(root.rglob("*.json")):
            try:
                self.docs[path.resolve().as_uri()] = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as e:
                fail(f"{path}: not JSON: {e}")
        self.registry = None
        try:  # jsonschema >= 4.18
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012
            self.registry = Registry().with_resources(
                (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
                for uri, doc in self.docs.items())
        except ImportError:
            pass

    def uri(self, rel):
        return (self.root / rel).resolve().as_uri()

    def validator(self, schema):
        """A validator for `schema`, whose $refs are absolute file URIs."""
        if self.registry is not None:
            return jsonschema.Draft202012Validator(schema, registry=self.registry)
        resolver = jsonschema.RefResolver(base_uri="", referrer=schema, store=dict(self.docs))
        return jsonschema.Draft202012Validator(schema, resolver=resolver)

    def errors(self, rel_or_schema, instance):
        """Problems of instance against a schema file (path under schemas/)
        or an inline schema with absolute $refs."""
        schema = rel_or_schema if isinstance(rel_or_schema, dict) else {"$ref": self.uri(rel_or_schema)}
        return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                for e in self.validator(schema).iter_errors(instance)]


def pointer(doc, fragment):
    """Resolves a JSON pointer ("/a/b") inside doc, or raises KeyError."""
    node = doc
    if not fragment:
        return node
    for part in fragment.lstrip("/").split("/"):
        part = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(part)]
        else:
            node = node[part]
    return node


def walk_refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield v
            else:
                yield from walk_refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk_refs(v)


def check_refs(path, doc):
    """Every $ref in doc (a file at path) points at a file that exists and a
    fragment inside it that exists."""
    count = 0
    for ref in walk_refs(doc):
        count += 1
        target, _, fragment = ref.partition("#")
        if target:
            file = (path.parent / target).resolve()
            if not file.is_file():
                fail(f"{path}: $ref {ref}: no file {file}")
                continue
            text = file.read_text(encoding="utf-8")
            other = yaml.safe_load(text) if file.suffix in (".yaml", ".yml") else json.loads(text)
        else:
            other = doc
        try:
            pointer(other, fragment)
        except (KeyError, IndexError, ValueError, TypeError):
            fail(f"{path}: $ref {ref}: nothing at #{fragment}")
    return count


def check_schemas(schemas):
    for uri, doc in schemas.docs.items():
        path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlparse(uri).path))
        if doc.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            fail(f"{path}: $schema is not draft 2020-12")
        try:
            jsonschema.Draft202012Validator.check_schema(doc)
        except jsonschema.SchemaError as e:
            fail(f"{path}: not a valid schema: {e.message}")
        check_refs(path, doc)
    for t in DOCUMENT_EVENTS | OTHER_EVENTS:
        if not (schemas.root / "events" / f"{t}.json").is_file():
            fail(f"no schema for event type {t}")


def absolute_refs(node, base):
    """A copy of node with every relative file $ref made absolute against base."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and not v.startswith("#"):
                target, _, fragment = v.partition("#")
                v = (base / target).resolve().as_uri() + ("#" + fragment if fragment else "")
            out[k] = absolute_refs(v, base)
        return out
    if isinstance(node, list):
        return [absolute_refs(v, base) for v in node]
    return node


def asyncapi_event_schemas(contract):
    """The payload schema of each event message in asyncapi.yaml, by type."""
    doc = yaml.safe_load((contract / "asyncapi.yaml").read_text(encoding="utf-8"))
    out = {}
    for msg in doc["components"]["messages"].values():
        schema = msg["payload"]["schema"]
        if "allOf" in schema:
            out[msg["name"]] = absolute_refs(schema, contract)
    return out


def check_asyncapi(contract, schemas):
    path = contract / "asyncapi.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or doc.get("asyncapi") != "3.0.0":
        fail(f"{path}: not an AsyncAPI 3.0.0 document")
        return
    n = check_refs(path, doc)
    for name, msg in doc["components"]["messages"].items():
        payload = msg.get("payload", {})
        if "draft-2020-12" not in payload.get("schemaFormat", ""):
            fail(f"{path}: message {name}: payload is not a draft 2020-12 schema")
        if not list(walk_refs(payload)):
            fail(f"{path}: message {name}: payload names no schema file")
    ops = {c["channel"]["$ref"] for c in doc["operations"].values()}
    ops |= {c["reply"]["channel"]["$ref"] for c in doc["operations"].values() if "reply" in c}
    for name in doc["channels"]:
        if f"#/channels/{name}" not in ops:
            fail(f"{path}: channel {name} has no operation")
    if "enum" in doc["components"]["parameters"]["type"]:
        fail(f"{path}: the type parameter is a closed enum, but receivers must accept unknown types")
    event_enum = set(doc["components"]["parameters"]["type"].get("examples", []))
    if event_enum != DOCUMENT_EVENTS | OTHER_EVENTS:
        fail(f"{path}: event types differ from the schemas: {sorted(event_enum ^ (DOCUMENT_EVENTS | OTHER_EVENTS))}")
    print(f"asyncapi.yaml: {len(doc['channels'])} channels, {len(doc['operations'])} operations, {n} $refs resolved")


def check_downlink_fixtures(source, schemas):
    base = source / "tests" / "fixtures" / "downlink"
    valid = invalid = 0
    for kind_dir in sorted(p for p in base.iterdir() if p.is_dir() and p.name != "invalid"):
        for f in sorted(kind_dir.glob("*.json")):
            errs = schemas.errors(f"down/{kind_dir.name}.json", json.loads(f.read_text(encoding="utf-8")))
            if errs:
                fail(f"{f}: should be valid: {errs[:3]}")
            valid += 1
    for kind_dir in sorted((base / "invalid").iterdir()):
        for f in sorted(kind_dir.glob("*.json")):
            if not schemas.errors(f"down/{kind_dir.name}.json", json.loads(f.read_text(encoding="utf-8"))):
                fail(f"{f}: should be refused by down/{kind_dir.name}.json but is valid")
            invalid += 1
    if valid < 10 or invalid < 10:
        fail(f"too few downlink fixtures: {valid} valid, {invalid} invalid")
    print(f"downlink fixtures: {valid} valid and {invalid} invalid ones judged as expected")


def check_samples(samples_bin, source, schemas, message_schemas):
    with tempfile.TemporaryDirectory(prefix="jxc-contract-") as tmp:
        run = subprocess.run([samples_bin, str(source), tmp], capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        fail(f"contract_samples failed ({run.returncode}): {run.stderr.strip()}")
        return
    events, responses = [], []
    for line in run.stdout.splitlines():
        obj = json.loads(line)
        (events if "event" in obj else responses).append(obj.get("event", obj.get("response")))
    seen = set()
    for e in events:
        seen.add(e["type"])
        for err in schemas.errors("envelope.json", e):
            fail(f"event seq {e['seq']} ({e['type']}): {err}")
        schema = schemas.root / "events" / f"{e['type']}.json"
        if not schema.is_file():
            fail(f"event type {e['type']} has no schema")
            continue
        for err in schemas.errors(f"events/{e['type']}.json", e["payload"]):
            fail(f"event seq {e['seq']} ({e['type']}) payload: {err}")
        if e["type"] not in message_schemas:
            fail(f"asyncapi.yaml has no message for event type {e['type']}")
            continue
        for err in schemas.errors(message_schemas[e["type"]], e):
            fail(f"event seq {e['seq']} ({e['type']}) against its asyncapi.yaml message: {err}")
    if not DOCUMENT_EVENTS <= seen:
        fail(f"expected the document events {sorted(DOCUMENT_EVENTS)}, the engine wrote {sorted(seen)}")
    # Values for finance: every document event names its currency and every
    # movement its value (optional in the schema only for events written
    # before values were kept); costs from an ASN and from a line show.
    docs = [e for e in events if e["type"] in DOCUMENT_EVENTS]
    for e in docs:
        if e["payload"].get("currency") != "CNY":
            fail(f"event seq {e['seq']} ({e['type']}) has no currency")
        for m in e["payload"]["movements"]:
            if not isinstance(m.get("value"), int):
                fail(f"event seq {e['seq']} ({e['type']}): movement {m['id']} has no value")
    costs = {l.get("unit_cost") for e in docs for l in e["payload"]["document"]["lines"]}
    if not {125000, 119000} <= costs:
        fail(f"no receipt line carried the ASN's or an entered unit cost: {sorted(c for c in costs if c)}")
    if not any(m.get("value", 0) > 0 for e in docs if e["type"] == "issue.posted" for m in e["payload"]["movements"]):
        fail("no issue was valued")
    # Quality inspection and returns: every inspection result on a receipt,
    # returns naming what they return, and a customer return's dispositions.
    results = {l.get("inspection") for e in docs if e["type"] == "receipt.posted"
               for l in e["payload"]["document"]["lines"]}
    if not {"accepted", "quarantine", "rejected"} <= results:
        fail(f"no receipt showed every inspection result: {sorted(r for r in results if r)}")
    returns = [e["payload"]["document"] for e in docs if e["type"] == "return.posted" and "ref_document" in e["payload"]["document"]]
    if {d["type"] for d in returns} != {"customer_return", "supplier_return"}:
        fail("no customer and supplier return referenced what it returns")
    if not all("ref_line" in l for d in returns for l in d["lines"]):
        fail("a return against a document has a line without ref_line")
    if {l.get("disposition") for d in returns for l in d["lines"]} < {"restock", "scrap"}:
        fail("no customer return showed its dispositions")
    if [e["seq"] for e in events] != list(range(1, len(events) + 1)):
        fail("outbox seqs are not 1..n without gaps")
    for r in responses:
        for err in schemas.errors("down/cmd-response.json", r):
            fail(f"command response {r}: {err}")
    commands = set(schemas.docs[schemas.uri("down/cmd.json")]["properties"]["command"]["enum"])
    answered = {r["command"] for r in responses if r["ok"] and "command" in r}
    if answered != commands:
        fail(f"not every command was answered: none for {sorted(commands - answered)}")
    if not any(not r["ok"] for r in responses):
        fail("no refused command was produced")
    if not any(r.get("duplicate") for r in responses if r.get("command") in commands - {"ping", "stock"}):
        fail("no repeated command was answered as a duplicate")
    for code in ("unknown_order", "invalid_state", "four_eyes"):
        if not any(not r["ok"] and r.get("code") == code for r in responses):
            fail(f"no decision was refused with code {code}")
    print(f"gateway output: {len(events)} events of {len(seen)} types and {len(responses)} command responses checked")

    # The schemas must be able to say no.
    broken = []
    e = copy.deepcopy(events[0]); del e["seq"]; broken.append(("envelope without seq", e))
    e = copy.deepcopy(events[0]); e["recorded_at"] = "24/11/2026 08:00"; broken.append(("local time", e))
    e = copy.deepcopy(events[0]); e["payload"]["document"]["type"] = "issue"; broken.append(("receipt.posted carrying an issue", e))
    e = copy.deepcopy(events[0]); del e["payload"]["movements"]; broken.append(("document event without movements", e))
    e = copy.deepcopy(events[0]); e["payload"]["movements"][0]["qty"] = "24"; broken.append(("quantity as text", e))
    e = copy.deepcopy(events[0]); e["payload"]["movements"][0]["value"] = "12.5"; broken.append(("value as text", e))
    e = copy.deepcopy(events[0]); e["payload"]["currency"] = "yuan"; broken.append(("currency not ISO 4217", e))
    e = copy.deepcopy(events[0]); e["payload"]["document"]["lines"][0]["inspection"] = "ok"; broken.append(("an inspection result not in the list", e))
    e = copy.deepcopy(events[0]); e["payload"]["document"]["lines"][0]["ref_line"] = 0; broken.append(("a return's line 0", e))
    other = [x for x in events if x["type"] == "other.posted"]
    if other:
        e = copy.deepcopy(other[0]); del e["payload"]["document"]["cost_centre"]
        broken.append(("other.posted without its cost centre", e))
        e = copy.deepcopy(other[0]); e["payload"]["document"]["type"] = "receipt"
        broken.append(("other.posted carrying a receipt", e))
    for what, e in broken:
        if not schemas.errors("envelope.json", e):
            fail(f"the envelope schema accepts a broken event: {what}")


def check_uplink_examples(source, schemas, message_schemas):
    base = source / "docs" / "contract" / "examples"
    n = 0
    for f in sorted(base.glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        if f.stem.startswith("down-cmd-"):
            schema = "down/cmd.json"  # one example per command: down-cmd-<command>.json
        elif f.stem.startswith("down-"):
            schema = f"down/{f.stem[5:]}.json"
        else:
            schema = {"status": "status.json", "ack": "ack.json", "rejected": "rejected.json",
                      "req": "req-master.json", "cmd": "down/cmd-response.json"}.get(
                f.stem.split("-")[0], "envelope.json")
        for err in schemas.errors(schema, doc):
            fail(f"{f}: {err}")
        if schema == "envelope.json":
            t = doc.get("type")
            if t not in DOCUMENT_EVENTS | OTHER_EVENTS:
                fail(f"{f}: example of an unexpected type {t}")
            for err in schemas.errors(f"events/{t}.json", doc["payload"]):
                fail(f"{f} payload: {err}")
            for err in schemas.errors(message_schemas.get(t, {"not": {}}), doc):
                fail(f"{f} against its asyncapi.yaml message: {err}")
        n += 1
    commands = set(schemas.docs[schemas.uri("down/cmd.json")]["properties"]["command"]["enum"])
    exampled = {json.loads(f.read_text(encoding="utf-8")).get("command") for f in base.glob("down-cmd*.json")}
    for c in sorted(commands - exampled):
        fail(f"no example of the {c} command in {base}")
    have = {json.loads(f.read_text(encoding="utf-8")).get("type") for f in base.glob("*.json")}
    for t in (DOCUMENT_EVENTS | OTHER_EVENTS) - have:
        fail(f"no example for event type {t} in {base}")
    print(f"uplink examples: {n} checked")
    # The central simulator answers req/master with its own snapshot fixture:
    # it must be one the gateway accepts.
    central = source / "hw-sim" / "central" / "fixtures" / "10-master-snapshot.json"
    doc = json.loads(central.read_text(encoding="utf-8"))
    for err in schemas.errors("down/master-snapshot.json", doc.get("payload")):
        fail(f"{central} payload: {err}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", required=True, type=pathlib.Path)
    ap.add_argument("--samples", required=True)
    args = ap.parse_args()
    contract = args.source / "docs" / "contract"
    schemas = Schemas(contract / "schemas")
    check_schemas(schemas)
    check_asyncapi(contract, schemas)
    check_downlink_fixtures(args.source, schemas)
    check_samples(args.samples, args.source, schemas, asyncapi_event_schemas(contract))
    check_uplink_examples(args.source, schemas, asyncapi_event_schemas(contract))
    if failures:
        print(f"{len(failures)} contract check(s) failed")
        return 1
    print("contract: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
