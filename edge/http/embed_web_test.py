#!/usr/bin/env python3
"""Checks edge/http/embed_web.py on folders made here: a file whose type it
does not know, a subfolder and a folder without index.html are refused
(nothing written); the same files give the same output byte for byte; a
gzip copy is kept only when smaller; bytes that are not text (NUL, quotes,
backslashes, '?', high bytes) are written with their exact length; a
page's inline scripts and style sheets are named by their SHA-256 for its
Content-Security-Policy, and nothing else is.
Usage: embed_web_test.py EMBED_WEB_PY"""

import base64
import hashlib
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def embed(script, dist, out):
    return subprocess.run([sys.executable, script, dist, out], capture_output=True, text=True)


def folder(root, name, files):
    d = os.path.join(root, name)
    os.makedirs(d)
    for n, data in files.items():
        if data is None:
            os.makedirs(os.path.join(d, n))
        else:
            with open(os.path.join(d, n), "wb") as f:
                f.write(data)
    return d


def main():
    script = sys.argv[1]
    page = b"<!doctype html><title>x</title>" + b"<p>repeated</p>" * 50
    with tempfile.TemporaryDirectory() as root:
        out = os.path.join(root, "out.cpp")

        for name, files, says in [
            ("unknown", {"index.html": page, "tool.exe": b"MZ"}, "tool.exe"),
            ("no extension", {"index.html": page, "README": b"hi"}, "README"),
            ("subfolder", {"index.html": page, "assets": None}, "not a file"),
            ("no page", {"app-ABCDEFGH.js": b"1"}, "index.html"),
            ("odd name", {"index.html": page, "a b.js": b"1"}, "plain file name"),
        ]:
            r = embed(script, folder(root, name, files), out)
            check(r.returncode != 0, f"{name}: accepted")
            check(says in r.stderr, f"{name}: the refusal does not say {says!r}: {r.stderr!r}")
            check(not os.path.exists(out), f"{name}: wrote {out}")

        binary = bytes(range(256)) + b'\0"\\??=' + b"\x00" * 10
        good = folder(root, "good", {"index.html": page, "app-ABCDEFGH.js": b"x", "dec-ABCDEFGH.wasm": binary})
        r = embed(script, good, out)
        check(r.returncode == 0, f"a good folder is refused: {r.stderr}")
        with open(out, encoding="ascii") as f:
            first = f.read()
        r = embed(script, good, out)
        with open(out, encoding="ascii") as f:
            check(f.read() == first, "the same files give another output")
        check(f"std::string_view(kFile1, {len(binary)})" in first, "the wasm's length is not its size")
        check("static_assert(sizeof(kFile1) == 272 + 1);" in first, "no check of the wasm array's size")
        # index.html compresses; a one-byte script does not.
        check(re.search(r"std::string_view\(kFile2Gzip, [1-9][0-9]*\)", first) is not None,
              "index.html has no gzip copy")
        check("std::string_view(kFile0Gzip, 0)" in first, "a gzip copy larger than its file was kept")
        check('"app-ABCDEFGH.js", "text/javascript; charset=utf-8"' in first, "the script's type")
        check('"index.html", "text/html; charset=utf-8"' in first, "the page's type")
        check(re.search(r'"index.html", [^\n]*, false,', first) is not None, "index.html is taken as hashed")
        check(re.search(r'"app-ABCDEFGH.js", [^\n]*, true,', first) is not None, "a hashed name is not")

        # A page with an inline module script and style sheet: each named by its hash, once.
        code, css = b"import('./chunk-ABCDEFGH.js');", b"body{margin:0}"
        inline = b"<!doctype html><style>" + css + b'</style><script type="module">' + code + b"</script>"

        def source(data):
            return "'sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode() + "'"

        r = embed(script, folder(root, "inline", {"index.html": inline, "chunk-ABCDEFGH.js": b"1"}), out)
        check(r.returncode == 0, f"a page with inline code is refused: {r.stderr}")
        with open(out, encoding="ascii") as f:
            text = f.read()
        check(f'"{source(code)}", "{source(css)}"}}' in text, "the page's inline script and style are not named")
        check('"", ""}' in text, "the chunk names inline code it has none of")
        check(source(b"x") not in text, "a hash of something that is not inline")

        empty = folder(root, "empty", {})
        r = embed(script, empty, out)
        check(r.returncode == 0, f"an empty folder (JXC_WEB=OFF) is refused: {r.stderr}")
        with open(out, encoding="ascii") as f:
            check("return {};" in f.read(), "an empty folder gives files")

    if failures:
        sys.exit(f"{len(failures)} failures")
    print("embed_web.py: all checks passed")


if __name__ == "__main__":
    main()
