#!/usr/bin/env python3
"""Run the suite in each build directory given (plain, sanitizers) and end with one line:
'N passed, N failed'. Counts come from the TAP lines of every test (each cmocka case and
each integration check), read from meson's test log."""
import json
import os
import subprocess
import sys


def count(build):
    log = os.path.join(build, "meson-logs", "testlog.json")
    passed = failed = 0
    with open(log, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            ok = not_ok = 0
            for out in (t.get("stdout") or "").splitlines():
                s = out.strip()
                if s.startswith("not ok"):
                    not_ok += 1
                elif s.startswith("ok"):
                    ok += 1
            if ok + not_ok == 0:  # a test that printed no TAP counts as one
                if t.get("result") in ("OK", "EXPECTEDFAIL", "SKIP"):
                    ok = 1
                else:
                    not_ok = 1
            elif t.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and not_ok == 0:
                not_ok = 1  # crashed or timed out after its last TAP line
            passed += ok
            failed += not_ok
    return passed, failed


def main():
    builds = sys.argv[1:] or ["build"]
    total_p = total_f = 0
    status = 0
    for b in builds:
        print(f"== meson test -C {b}", flush=True)
        rc = subprocess.call(["meson", "test", "-C", b, "--print-errorlogs", "--no-rebuild"])
        p, f = count(b)
        print(f"{b}: {p} passed, {f} failed", flush=True)
        total_p += p
        total_f += f
        if rc != 0:
            status = 1
    if total_f:
        status = 1
    print(f"{total_p} passed, {total_f} failed")
    return status


if __name__ == "__main__":
    sys.exit(main())
