#!/usr/bin/env python3
"""The commands Sluice runs to deploy the example service (see ../README.md).

    canary.py start      start $SLUICE_VERSION as its own process (detached: it outlives the job)
    canary.py shift      route $SLUICE_TRAFFIC_PERCENT% to $SLUICE_VERSION, the rest to $SLUICE_PREVIOUS_VERSION
    canary.py check      the new version's health and error rate (fails above CANARY_MAX_ERROR_RATE, default 0.05)
    canary.py health     the router serves (used by the integration test job)
    canary.py rollback   stop $SLUICE_VERSION (Sluice has already shifted all traffic back)
    canary.py stop-all   stop the router and every version

State lives in $CANARY_HOME (default: $SLUICE_WORKSPACE/.canary): versions/<version> ("port pid"), router
("port pid"), split.json, logs. The router listens on 127.0.0.1:$CANARY_ROUTER_PORT (default 8080).
"""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICE = os.path.join(os.path.dirname(HERE), "service")
HOME = os.environ.get("CANARY_HOME") or os.path.join(os.environ.get("SLUICE_WORKSPACE") or os.getcwd(), ".canary")
ROUTER_PORT = int(os.environ.get("CANARY_ROUTER_PORT", "8080"))


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    output(message)
    sys.exit(1)


def output(message):
    """Tells Sluice why (it shows `message` when it rolls back)."""
    if os.environ.get("SLUICE_OUTPUT"):
        with open(os.environ["SLUICE_OUTPUT"], "a") as f:
            f.write(f"message={message}\n")


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def read_entry(path):
    """(port, pid) of a running process recorded at path, or None."""
    try:
        with open(path) as f:
            port, pid = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        return None
    return (port, pid) if alive(pid) else None


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError as e:
        return 0, str(e)


def spawn(args, entry, log):
    """Starts a detached process (its own session: not stopped with the job) and waits for it to listen."""
    if os.path.exists(entry):
        os.remove(entry)
    with open(log, "a") as out:
        subprocess.Popen([sys.executable, *args, "--port-file", entry], stdout=out, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    for _ in range(200):
        if read_entry(entry):
            return read_entry(entry)
        time.sleep(0.025)
    fail(f"{args[0]} did not start (see {log})")


def version_entry(version):
    return os.path.join(HOME, "versions", version)


def start():
    version = os.environ["SLUICE_VERSION"]
    os.makedirs(os.path.join(HOME, "versions"), exist_ok=True)
    running = read_entry(version_entry(version))
    if running:
        print(f"{version} already runs on 127.0.0.1:{running[0]}")
        return
    rate = os.environ.get("CANARY_ERROR_RATE") or "0"
    port, pid = spawn([os.path.join(SERVICE, "app.py"), "--version", version, "--port", "0", "--error-rate", rate],
                      version_entry(version), os.path.join(HOME, f"{version}.log"))
    print(f"started {version} on 127.0.0.1:{port} (pid {pid}, error rate {rate})")


def ensure_router():
    entry = os.path.join(HOME, "router")
    if read_entry(entry):
        return
    port, pid = spawn([os.path.join(SERVICE, "router.py"), "--port", str(ROUTER_PORT), "--split", os.path.join(HOME, "split.json")],
                      entry, os.path.join(HOME, "router.log"))
    print(f"router listening on 127.0.0.1:{port} (pid {pid})")


def backend(version):
    running = read_entry(version_entry(version))
    if not running:
        fail(f"version {version} is not running")
    return {"version": version, "port": running[0]}


def shift():
    percent = int(os.environ["SLUICE_TRAFFIC_PERCENT"])
    new, previous = os.environ["SLUICE_VERSION"], os.environ.get("SLUICE_PREVIOUS_VERSION") or ""
    os.makedirs(HOME, exist_ok=True)
    ensure_router()
    if not previous:
        split = {"stable": backend(new) if percent > 0 else None, "canary": None, "percent": 0}
    elif percent >= 100:
        split = {"stable": backend(new), "canary": None, "percent": 0}
    elif percent <= 0:
        split = {"stable": backend(previous), "canary": None, "percent": 0}
    else:
        split = {"stable": backend(previous), "canary": backend(new), "percent": percent}
    tmp = os.path.join(HOME, "split.json.tmp")
    with open(tmp, "w") as f:
        json.dump(split, f)
    os.replace(tmp, os.path.join(HOME, "split.json"))
    if previous:
        print(f"traffic: {percent}% on {new}, {100 - percent}% on {previous}")
    else:
        print(f"traffic: all on {new} (first deployment, nothing to share with)" if percent > 0 else "traffic: none (first deployment rolled back)")


def check():
    version = os.environ["SLUICE_VERSION"]
    port = backend(version)["port"]
    status, body = get(f"http://127.0.0.1:{port}/health")
    if status != 200 or json.loads(body).get("version") != version:
        fail(f"{version} is unhealthy: {status} {body.strip()}")
    for _ in range(20):  # some traffic through the router, as users would send
        get(f"http://127.0.0.1:{ROUTER_PORT}/")
    metrics = json.loads(get(f"http://127.0.0.1:{port}/metrics")[1])
    requests, errors = metrics["requests"], metrics["errors"]
    rate = errors / requests if requests else 0.0
    limit = float(os.environ.get("CANARY_MAX_ERROR_RATE", "0.05"))
    summary = f"{version}: {errors} errors in {requests} requests ({rate:.0%})"
    print(summary)
    if rate > limit:
        fail(f"error rate {rate:.0%} above {limit:.0%} on {version} ({errors} of {requests} requests)")


def health():
    for _ in range(5):
        status, body = get(f"http://127.0.0.1:{ROUTER_PORT}/")
        if status != 200:
            fail(f"the router answered {status}: {body.strip()}")
    print(f"router ok: {body.strip()}")


def rollback():
    version = os.environ["SLUICE_VERSION"]
    running = read_entry(version_entry(version))
    if running:
        os.kill(running[1], signal.SIGTERM)
        os.remove(version_entry(version))
        print(f"stopped {version} (pid {running[1]})")
    else:
        print(f"{version} was not running")


def stop_all():
    entries = [os.path.join(HOME, "router")]
    versions = os.path.join(HOME, "versions")
    if os.path.isdir(versions):
        entries += [os.path.join(versions, v) for v in os.listdir(versions)]
    for entry in entries:
        running = read_entry(entry)
        if running:
            os.kill(running[1], signal.SIGTERM)
            print(f"stopped pid {running[1]}")


if __name__ == "__main__":
    commands = {"start": start, "shift": shift, "check": check, "health": health, "rollback": rollback, "stop-all": stop_all}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    commands[sys.argv[1]]()
