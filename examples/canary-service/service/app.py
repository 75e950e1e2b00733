#!/usr/bin/env python3
"""A tiny HTTP service, one process per version, on 127.0.0.1.

    app.py --version 1.0.3 --port 0 [--error-rate 0.5] [--port-file FILE]

GET /         200 "hello from <version>", or 500 for a share of requests (--error-rate: a bad release)
GET /health   200 {"version": ..., "status": "ok"}
GET /metrics  {"version": ..., "requests": n, "errors": n} for GET / since the start
"""
import argparse
import json
import math
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--error-rate", type=float, default=0.0)
    parser.add_argument("--port-file")
    args = parser.parse_args()
    lock = threading.Lock()
    counts = {"requests": 0, "errors": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def reply(self, status, body, kind="application/json"):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/health":
                self.reply(200, json.dumps({"version": args.version, "status": "ok"}))
            elif self.path == "/metrics":
                with lock:
                    self.reply(200, json.dumps(dict(counts, version=args.version)))
            elif self.path == "/":
                with lock:
                    counts["requests"] += 1
                    n = counts["requests"]
                    # Deterministic: exactly the error rate's share of requests fail.
                    failed = math.floor(n * args.error_rate) > math.floor((n - 1) * args.error_rate)
                    counts["errors"] += 1 if failed else 0
                if failed:
                    self.reply(500, f"{args.version} failed\n", "text/plain")
                else:
                    self.reply(200, f"hello from {args.version}\n", "text/plain")
            else:
                self.reply(404, "{}")

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{server.server_address[1]} {os.getpid()}\n")
        os.replace(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
