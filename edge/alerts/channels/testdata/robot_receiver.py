#!/usr/bin/env python3
"""A group robot's endpoint over HTTPS on 127.0.0.1, for the channel tests.

Written from the robots' documentation, not from the code under test: it
checks DingTalk's signature (query timestamp and sign) and Feishu's (body
timestamp and sign) itself and refuses a bad one with the robot's own error
code. Each request is printed as one JSON line; "listening PORT" first.

--script is a comma-separated list of what to do with each request in turn,
the last repeated: ok, status:N (HTTP N), code:N (the robot's error code N),
stall (read the request, never answer), close (half an answer, then close).
"t" in each line is when the request was read in full (Unix seconds); with
--summary a line holds only that and the webhook body's alert id (for the
benchmark, whose thousands of lines would fill the pipe otherwise).
"""
import argparse
import base64
import hashlib
import hmac
import json
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def robot_reply(kind, code, msg):
    if kind == "feishu":
        return {"code": code, "msg": msg, "data": {}}
    return {"errcode": code, "errmsg": msg}


def markdown_bytes(body):
    """WeCom's markdown.content in UTF-8 bytes (its limit is 4096)."""
    try:
        j = json.loads(body)
    except ValueError:
        return 0
    content = j.get("markdown", {}).get("content", "") if isinstance(j, dict) else ""
    return len(content.encode("utf-8")) if isinstance(content, str) else 0


def alert_id(body):
    """The alert id of a webhook body, or None."""
    try:
        j = json.loads(body)
        return int(j["alert"]["alert_id"])
    except (ValueError, KeyError, TypeError):
        return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--kind", default="dingtalk")
    p.add_argument("--secret", default="")
    p.add_argument("--script", default="ok")
    p.add_argument("--summary", action="store_true", help="print only the time and a webhook body's alert id")
    a = p.parse_args()
    script = a.script.split(",")
    lock = threading.Lock()
    seen = [0]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, obj):
            body = (obj if isinstance(obj, str) else json.dumps(obj)).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def signature_ok(self, path, body):
            if not a.secret:
                return None
            if a.kind == "dingtalk":
                q = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
                ts, sign = q.get("timestamp", [""])[0], q.get("sign", [""])[0]
                mac = hmac.new(a.secret.encode(), (ts + "\n" + a.secret).encode(), hashlib.sha256).digest()
                return sign == base64.b64encode(mac).decode()
            if a.kind == "feishu":
                try:
                    j = json.loads(body)
                except ValueError:
                    return False
                ts, sign = str(j.get("timestamp", "")), j.get("sign", "")
                mac = hmac.new((ts + "\n" + a.secret).encode(), b"", hashlib.sha256).digest()
                return sign == base64.b64encode(mac).decode()
            return None

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8", "replace")
            with lock:
                action = script[min(seen[0], len(script) - 1)]
                seen[0] += 1
            sig = self.signature_ok(self.path, body)
            sni = getattr(self.connection, "jxc_sni", None)
            if a.summary:
                print(json.dumps({"t": time.time(), "alert_id": alert_id(body)}), flush=True)
            else:
                print(json.dumps({"path": self.path, "body": body, "sni": sni, "signature_ok": sig,
                                  "action": action, "t": time.time()}), flush=True)
            if action == "stall":
                time.sleep(3600)
                return
            if action == "close":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"errco")
                self.wfile.flush()
                self.connection.shutdown(2)
                return
            if action.startswith("status:"):
                return self.answer(int(action[7:]), "busy")
            if sig is False:
                if a.kind == "feishu":
                    return self.answer(200, robot_reply("feishu", 19021, "sign match fail or timestamp is not "
                                                        "within one hour from current time"))
                return self.answer(200, robot_reply(a.kind, 310000, "sign not match"))
            if a.kind == "wecom" and markdown_bytes(body) > 4096:
                return self.answer(200, robot_reply("wecom", 40058, "markdown.content exceed max length 4096"))
            if action.startswith("code:"):
                return self.answer(200, robot_reply(a.kind, int(action[5:]), "refused by the test robot"))
            if a.kind == "feishu":
                return self.answer(200, robot_reply("feishu", 0, "success"))
            return self.answer(200, robot_reply(a.kind, 0, "ok"))

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)

    def remember_sni(sock, name, _ctx):
        sock.jxc_sni = name

    ctx.sni_callback = remember_sni
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("listening", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
