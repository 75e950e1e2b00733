#!/usr/bin/env python3
"""The traffic router: sends GET / to the stable or the canary version by the split in split.json.

    router.py --port 8080 --split .canary/split.json [--port-file FILE]

split.json: {"stable": {"version": "1.0.2", "port": 4301} | null,
             "canary": {"version": "1.0.3", "port": 4302} | null, "percent": 10}
The split is read on every request, so `shift` changes traffic at once. It is deterministic: of every 100
requests exactly `percent` go to the canary, spread evenly.
GET /router   the split and, per version, the requests and errors (status >= 500) it routed
"""
import argparse
import json
import math
import os
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--split", required=True)
    parser.add_argument("--port-file")
    args = parser.parse_args()
    lock = threading.Lock()
    state = {"n": 0, "stats": {}}

    def read_split():
        try:
            with open(args.split) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {"stable": None, "canary": None, "percent": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def reply(self, status, body, kind="text/plain"):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            split = read_split()
            if self.path == "/router":
                with lock:
                    self.reply(200, json.dumps({"split": split, "stats": state["stats"]}), "application/json")
                return
            if self.path != "/":
                self.reply(404, "not found\n")
                return
            percent = split.get("percent") or 0
            with lock:
                state["n"] += 1
                n = state["n"]
            to_canary = split.get("canary") and math.floor(n * percent / 100) > math.floor((n - 1) * percent / 100)
            backend = split.get("canary") if to_canary else split.get("stable")
            if not backend:
                self.reply(503, "no version is serving\n")
                return
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{backend['port']}/", timeout=5) as response:
                    status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as e:
                status, body = e.code, e.read().decode()
            except OSError as e:
                status, body = 502, f"{backend['version']} unreachable: {e}\n"
            with lock:
                stats = state["stats"].setdefault(backend["version"], {"requests": 0, "errors": 0})
                stats["requests"] += 1
                stats["errors"] += 1 if status >= 500 else 0
            self.reply(status, body)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{server.server_address[1]} {os.getpid()}\n")
        os.replace(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
