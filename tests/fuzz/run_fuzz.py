#!/usr/bin/env python3
"""A short libFuzzer run of one harness, as one TAP test: the seed corpus is read, new inputs
go to a scratch directory (the committed corpus is never written), and a crash, leak or
timeout is reported with its reproducer saved beside the build and printed in base64.

    run_fuzz.py HARNESS CORPUS_DIR DICT SECONDS

`make fuzz` runs the long campaign instead (docs/internals/fuzzing.md)."""
import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main():
    exe, corpus, dictionary, seconds = sys.argv[1:5]
    name = os.path.basename(exe)
    artifacts = os.path.abspath(f"{name}-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    print("1..1", flush=True)
    with tempfile.TemporaryDirectory(prefix=name + "-") as scratch:
        cmd = [exe, f"-max_total_time={seconds}", "-timeout=30", "-rss_limit_mb=2048",
               "-print_final_stats=1", f"-dict={dictionary}",
               f"-artifact_prefix={artifacts}/", scratch, corpus]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors="replace")
        out = p.stdout
        runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
        cov = re.findall(r"cov: (\d+)", out)
        if p.returncode == 0:
            print(f"ok 1 - {name}: {runs.group(1) if runs else '?'} runs in {seconds} s, "
                  f"{cov[-1] if cov else '?'} edges covered, no finding")
            return 0
        print(f"not ok 1 - {name}: libFuzzer exited {p.returncode}")
        for line in out.splitlines()[-60:]:
            print("# " + line)
        for m in re.findall(r"Test unit written to (\S+)", out):
            if os.path.exists(m):
                data = open(m, "rb").read()
                print(f"# reproducer {m} ({len(data)} bytes), base64:")
                print("# " + base64.b64encode(data).decode())
                print(f"# replay: {exe} {m}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
