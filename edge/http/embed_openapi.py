#!/usr/bin/env python3
"""Writes a C++ file whose openapi_json() returns docs/contract/openapi.yaml
as compact JSON, so the gateway serves the very document the contract test
checks. Usage: embed_openapi.py OPENAPI_YAML OUT_CPP"""

import json
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    document = yaml.safe_load(f)
text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
if ")openapi\"" in text:
    sys.exit("the document holds the raw string's delimiter")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("// Generated from docs/contract/openapi.yaml by edge/http/embed_openapi.py.\n")
    out.write('#include "edge/http/openapi_document.h"\n\n')
    out.write("namespace jxc::http {\n\n")
    out.write('std::string_view openapi_json() {\n  return R"openapi(' + text + ')openapi";\n}\n\n')
    out.write("}  // namespace jxc::http\n")
