// Checks an OpenAPI 3.1 document with an independent, pinned validator
// (@apidevtools/swagger-parser, see package-lock.json): the document must
// match the OpenAPI 3.1 schema and every $ref in it must resolve.
//
// The validator is also shown broken copies of the same document (written to
// a temporary directory) and each must be refused for the reason it was
// broken; otherwise the check itself proves nothing and fails.
//
// Usage: node check.mjs docs/contract/openapi.yaml
// Exit status 0 when all hold; otherwise every failure is printed.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const installHint = "run scripts/install-deps.sh (it runs `npm ci --prefix tests/contract/openapi-check`)";

let SwaggerParser;
try {
  ({ default: SwaggerParser } = await import("@apidevtools/swagger-parser"));
} catch (err) {
  console.error(`FAIL: the OpenAPI validator is not installed (${err.code ?? err.message}); ${installHint}`);
  process.exit(2);
}

const documentPath = process.argv[2];
if (!documentPath || process.argv.length !== 3) {
  console.error("usage: node check.mjs OPENAPI_DOCUMENT");
  process.exit(2);
}

// The validator's reasons: its message, which for schema errors lists each
// finding with the place in the document it concerns; otherwise those
// findings from its details.
function reasonOf(err) {
  const lines = [`${err.name ?? "Error"}: ${err.message.trimEnd()}`];
  if (!err.message.includes("\n")) {
    for (const detail of err.details ?? []) {
      lines.push(`  at ${detail.instancePath || "/"}: ${detail.message}`);
    }
  }
  return lines.join("\n");
}

// Failures of the broken copies, all reported before the exit.
const failures = [];
function fail(what) {
  failures.push(what);
  console.error(`FAIL: ${what}`);
}

// The real document; broken copies are made from it only once it is valid.
let parsed;
try {
  parsed = await SwaggerParser.parse(documentPath);
} catch (err) {
  console.error(`FAIL: ${documentPath} cannot be read as an OpenAPI document:\n${reasonOf(err)}`);
  process.exit(1);
}
try {
  await SwaggerParser.validate(documentPath);
  const operations = Object.values(parsed.paths ?? {}).flatMap((item) =>
    Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch", "head", "options", "trace"].includes(k)));
  console.log(`ok: ${documentPath} is a valid OpenAPI ${parsed.openapi} document ` +
              `(${Object.keys(parsed.paths ?? {}).length} paths, ${operations.length} operations)`);
} catch (err) {
  console.error(`FAIL: ${documentPath} is not a valid OpenAPI document:\n${reasonOf(err)}`);
  process.exit(1);
}

// The first response object of an operation that is written out (not a
// $ref), with its place, so a broken copy can be made from real content.
function firstInlineResponse(doc) {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (response && typeof response === "object" && !("$ref" in response) && "description" in response) {
          return { where: `${method.toUpperCase()} ${path} ${status}`, response };
        }
      }
    }
  }
  return null;
}

const brokenCopies = [
  {
    what: "a $ref to a schema that does not exist",
    refusedFor: /JxcNoSuchSchema/,
    breakIt(doc) {
      const found = firstInlineResponse(doc);
      if (!found) return null;
      found.response.content = {
        "application/json": { schema: { $ref: "#/components/schemas/JxcNoSuchSchema" } },
      };
      return found.where;
    },
  },
  {
    what: "a response without its required description",
    refusedFor: /required property 'description'/,
    breakIt(doc) {
      const found = firstInlineResponse(doc);
      if (!found) return null;
      delete found.response.description;
      return found.where;
    },
  },
  {
    what: "an operation whose responses are a list, not a map",
    refusedFor: /responses must be object/,
    breakIt(doc) {
      const found = firstInlineResponse(doc);
      if (!found) return null;
      const [method, path] = found.where.split(" ");
      const operation = doc.paths[path][method.toLowerCase()];
      operation.responses = [operation.responses];
      return `${method} ${path}`;
    },
  },
];

const scratch = mkdtempSync(join(tmpdir(), "jxc-openapi-check-"));
try {
  for (const [i, broken] of brokenCopies.entries()) {
    const doc = structuredClone(parsed);
    const where = broken.breakIt(doc);
    if (!where) {
      fail(`no operation with an inline response to break for ${broken.what}`);
      continue;
    }
    // JSON is YAML too; the validator reads either.
    const copy = join(scratch, `broken-${i}.json`);
    writeFileSync(copy, JSON.stringify(doc));
    try {
      await SwaggerParser.validate(copy);
      fail(`the validator accepted a copy with ${broken.what} (${where})`);
    } catch (err) {
      const reason = reasonOf(err);
      if (broken.refusedFor.test(reason)) {
        console.log(`ok: a copy with ${broken.what} (${where}) is refused: ${reason.split("\n").find((l) => broken.refusedFor.test(l)).trim()}`);
      } else {
        fail(`a copy with ${broken.what} (${where}) is refused for another reason:\n${reason}`);
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`${failures.length} failure(s)`);
  process.exit(1);
}
