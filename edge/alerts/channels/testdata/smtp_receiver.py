#!/usr/bin/env python3
"""An SMTP submission server on 127.0.0.1 for the channel tests (aiosmtpd):
implicit TLS (smtps, as on port 465) or STARTTLS required before anything
else (as on 587), AUTH PLAIN and LOGIN against one user and password.

Prints "listening PORT", then one JSON line per AUTH attempt and per message.
A message is parsed back with Python's email package: the decoded subject,
Message-ID, Date, the MIME structure and the text and HTML parts.
"""
import argparse
import asyncio
import email
import email.policy
import json
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["implicit", "starttls"], required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    a = p.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login.decode() == a.user and auth_data.password.decode() == a.password)
        print(json.dumps({"auth": auth_data.login.decode(), "mechanism": mechanism, "ok": ok}), flush=True)
        return AuthResult(success=ok, handled=False)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            text = msg.get_body(("plain",))
            html = msg.get_body(("html",))
            record = {
                "tls": server.transport.get_extra_info("ssl_object") is not None,
                "authenticated": bool(session.authenticated),
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "subject": str(msg["subject"]),
                "message_id": str(msg["message-id"]),
                "date": str(msg["date"]),
                "date_parsed": msg["date"].datetime is not None if msg["date"] else False,
                "content_type": msg.get_content_type(),
                "parts": [part.get_content_type() for part in msg.iter_parts()],
                "text": text.get_content() if text else None,
                "html": html.get_content() if html else None,
                "defects": [type(d).__name__ for d in msg.defects],
            }
            print(json.dumps({"message": record}), flush=True)
            return "250 Message accepted for delivery"

    async def serve():
        implicit = a.mode == "implicit"

        def factory():
            return SMTP(Handler(), hostname="receiver.test", authenticator=authenticate,
                        auth_required=True,
                        # On implicit TLS the connection is encrypted from the start.
                        auth_require_tls=not implicit,
                        tls_context=None if implicit else ctx,
                        require_starttls=not implicit)

        loop = asyncio.get_running_loop()
        server = await loop.create_server(factory, "127.0.0.1", 0, ssl=ctx if implicit else None)
        print("listening", server.sockets[0].getsockname()[1], flush=True)
        await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    sys.exit(main())
