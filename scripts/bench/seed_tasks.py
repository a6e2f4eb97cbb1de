#!/usr/bin/env python3
"""Submits N questions to a running server, waits until they are finished (unless --no-wait),
and writes their task ids to a file, one per line: the ids status.lua polls."""
import argparse
import json
import time
import urllib.request


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def wait_until_idle(base, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = call(base, "GET", "/healthz")["data"]
        if health["pending"] == 0 and health["workers_busy"] == 0:
            return
        time.sleep(0.2)
    raise SystemExit(f"tasks did not finish within {timeout} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--no-wait", action="store_true", help="leave the tasks pending or running")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    ids = []
    for index in range(args.count):
        reply = call(base, "POST", "/api/v2/chat/qa/async",
                     {"input": "孕期每天要补充多少叶酸", "maternal_id": index + 1, "user_type": "pregnant_mother"})
        ids.append(reply["data"]["task_id"])
    if not args.no_wait:
        wait_until_idle(base)
    with open(args.out, "w") as out:
        out.write("\n".join(ids) + "\n")
    print(f"seeded {len(ids)} {'submitted' if args.no_wait else 'finished'} tasks into {args.out}")


if __name__ == "__main__":
    main()
