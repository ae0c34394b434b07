#!/usr/bin/env python3
"""Writes a C++ file whose web_assets() lists every file of the built web app
(web/build.mjs's output folder) with its bytes, so the gateway serves the app
from its own binary (edge/http/web_assets.h). Usage: embed_web.py DIST OUT_CPP

Per file: its name under /app/, its Content-Type (by extension; a file of
another kind is refused, so nothing is served with a guessed type), a strong
ETag (another for the gzip copy), whether its name carries a hash of its content (then it may be cached
for good), the bytes, and a gzip copy when that is smaller. The output is the
same for the same files (gzip's header carries no time or name), so a
rebuild of unchanged files leaves the binary unchanged.

The bytes are string literals, printable ASCII as itself and every other
byte as a three-digit octal escape (a hex escape would swallow the digits
after it), in lines of ~100 characters: GCC and clang read a few MB of such
literals in about a second, where a list of integers takes many times as
long. The files may hold NUL bytes, so each length is written out and
checked against the array's size."""

import base64
import gzip
import hashlib
import os
import re
import sys

# By extension; text types say their charset.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".wasm": "application/wasm",
    ".png": "image/png",
    ".woff2": "font/woff2",
}

# A name esbuild gave a hash of the content ("app-7WOHADYI.js",
# "chunk-Q3NLDQ2B.js", "decoder-4K2JZ7AB.wasm").
HASHED = re.compile(r".+-[A-Z0-9]{8}\.[a-z0-9]+")
# What a name under /app/ may be made of: one path segment, no escapes.
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")

LINE = 100  # characters of escaped bytes per source line


def literal_lines(data):
    """The bytes as lines of C++ string literal pieces."""
    out, piece, width = [], [], 0
    for b in data:
        if 0x20 <= b < 0x7F and b not in b'"\\?':
            text = chr(b)
        else:
            text = "\\%03o" % b
        piece.append(text)
        width += len(text)
        if width >= LINE:
            out.append('"' + "".join(piece) + '"')
            piece, width = [], 0
    if piece or not out:
        out.append('"' + "".join(piece) + '"')
    return out


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load(dist):
    names = sorted(os.listdir(dist))
    if names and "index.html" not in names:
        sys.exit(f"embed_web.py: {dist} holds no index.html")
    files = []
    for name in names:
        path = os.path.join(dist, name)
        if not os.path.isfile(path):
            sys.exit(f"embed_web.py: {path} is not a file (the app is one flat folder)")
        if not NAME.fullmatch(name):
            sys.exit(f"embed_web.py: {name!r} is not a plain file name")
        ext = os.path.splitext(name)[1].lower()
        if ext not in CONTENT_TYPES:
            sys.exit(f"embed_web.py: {name}: no Content-Type known for '{ext or name}' "
                     f"(known: {' '.join(sorted(CONTENT_TYPES))}); add it to embed_web.py")
        with open(path, "rb") as f:
            data = f.read()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        digest = hashlib.sha256(data).hexdigest()[:16]
        files.append({
            "name": name,
            "type": CONTENT_TYPES[ext],
            # The gzip'd body is another representation, so another tag.
            "etag": f'"{digest}"',
            "gzip_etag": f'"{digest}-gzip"',
            "immutable": bool(HASHED.fullmatch(name)),
            "data": data,
            "gzip": packed if len(packed) < len(data) else b"",
            "script_hashes": inline_hashes(data, "script") if ext == ".html" else "",
            "style_hashes": inline_hashes(data, "style") if ext == ".html" else "",
        })
    return files


INLINE = {
    "script": re.compile(rb"<script(?:\s[^>]*)?>(.*?)</script>", re.S | re.I),
    "style": re.compile(rb"<style(?:\s[^>]*)?>(.*?)</style>", re.S | re.I),
}


def inline_hashes(data, tag):
    """The CSP source expressions ('sha256-...') of a page's inline <tag>
    elements, so that the policy allows exactly them."""
    return " ".join("'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() + "'"
                    for m in INLINE[tag].finditer(data) if m.group(1).strip())


def array(out, symbol, data):
    out.write(f"const char {symbol}[] =\n")
    for line in literal_lines(data):
        out.write("    " + line + "\n")
    out.write(";\n")
    out.write(f"static_assert(sizeof({symbol}) == {len(data)} + 1);\n")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: embed_web.py DIST OUT_CPP")
    dist, out_path = sys.argv[1], sys.argv[2]
    files = load(dist)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as out:
        out.write("// Generated by edge/http/embed_web.py from the built web app; do not edit.\n")
        out.write('#include "edge/http/web_assets.h"\n\n')
        out.write("namespace jxc::http {\nnamespace {\n\n")
        for i, f in enumerate(files):
            out.write(f"// {f['name']}: {len(f['data'])} bytes, gzip {len(f['gzip']) or 'not smaller'}\n")
            array(out, f"kFile{i}", f["data"])
            array(out, f"kFile{i}Gzip", f["gzip"])
            out.write("\n")
        if files:
            out.write("const WebAsset kAssets[] = {\n")
            for i, f in enumerate(files):
                out.write(f"    {{{c_string(f['name'])}, {c_string(f['type'])}, {c_string(f['etag'])}, "
                          f"{c_string(f['gzip_etag'])}, {'true' if f['immutable'] else 'false'},\n"
                          f"     std::string_view(kFile{i}, {len(f['data'])}), "
                          f"std::string_view(kFile{i}Gzip, {len(f['gzip'])}),\n"
                          f"     {c_string(f['script_hashes'])}, {c_string(f['style_hashes'])}}},\n")
            out.write("};\n\n")
        out.write("}  // namespace\n\n")
        if files:
            out.write("std::span<const WebAsset> web_assets() { return kAssets; }\n\n")
        else:
            out.write("// Built without the web app (-DJXC_WEB=OFF).\n")
            out.write("std::span<const WebAsset> web_assets() { return {}; }\n\n")
        out.write("}  // namespace jxc::http\n")
    os.replace(tmp, out_path)


if __name__ == "__main__":
    main()
