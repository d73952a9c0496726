"""What the integration test scripts share: running the selvedge binary, the checks every
script makes (exit status, plain output within 80 columns, JSON), the test registry and the
TAP runner. Standard library only; each test_*.py imports it from its own directory.

Environment:
  SELVEDGE               the binary (default build/selvedge)
  SELVEDGE_SOURCE_ROOT   the source tree, for examples/, data/ and docs/ (default .)
  SELVEDGE_TEST_TIMEOUT  seconds for one run of the binary (default 30; a script may set
                         its own default)

TAP: "1..N", then "ok N - ..." or "not ok N - ..." with diagnostics as "# ..." lines; a test
that cannot run here raises Skip and is reported as "ok N - ... # SKIP reason".
"""
import json
import os
import pty
import select
import re
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata

BIN = os.path.abspath(os.environ.get("SELVEDGE", "build/selvedge"))
ROOT = os.path.abspath(os.environ.get("SELVEDGE_SOURCE_ROOT", "."))
EXAMPLES = os.path.join(ROOT, "examples")
DATA = os.path.join(ROOT, "data")
DOCS = os.path.join(ROOT, "docs")
TODAY = "2026-11-25"  # every check runs with this date, so results do not age
TIMEOUT = float(os.environ.get("SELVEDGE_TEST_TIMEOUT", "30"))  # seconds for one run
BUDGET = 450          # seconds for the whole script: under meson's 600 s test timeout
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


# ---------------------------------------------------------------- running the binary

class Run:
    """The outcome of one run: exit code, stdout and stderr as text (and stdout as bytes)."""

    def __init__(self, argv, code, out, err, raw=b""):
        self.argv, self.code, self.out, self.err, self.raw = argv, code, out, err, raw

    def describe(self):
        cmd = " ".join(self.argv)
        return (f"command: {cmd}\nexit: {self.code}\nstdout:\n{clip(self.out)}\n"
                f"stderr:\n{clip(self.err)}")


def clip(text, n=1500):
    return text if len(text) <= n else text[:n] + f"\n... ({len(text) - n} more characters)"


def base_env(extra=None, drop=()):
    """The test's environment without NO_COLOR, SELVEDGE_DATA and the names in drop."""
    env = dict(os.environ)
    for k in ("NO_COLOR", "SELVEDGE_DATA", *drop):
        env.pop(k, None)
    env.update(extra or {})
    return env


def run(*args, env=None, cwd=None, timeout=None, drop=()):
    """Runs the binary with stdout and stderr as pipes. Raises on timeout."""
    argv = [BIN, *[str(a) for a in args]]
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                       env=base_env(env, drop), cwd=cwd,
                       timeout=TIMEOUT if timeout is None else timeout)
    return Run(argv, p.returncode, p.stdout.decode("utf-8", "replace"),
               p.stderr.decode("utf-8", "replace"), p.stdout)


def run_pty(*args, env=None, timeout=None, cwd=None, drop=(), stream="stdout"):
    """Runs the binary with one stream ("stdout", with stdin, or "stderr") on a
    pseudo-terminal, the other discarded; returns what the terminal showed."""
    timeout = timeout or TIMEOUT
    argv = [BIN, *args]
    master, slave = pty.openpty()
    out_to = slave if stream == "stdout" else subprocess.DEVNULL
    err_to = slave if stream == "stderr" else subprocess.DEVNULL
    try:
        p = subprocess.Popen(argv, stdin=slave, stdout=out_to, stderr=err_to, cwd=cwd,
                             env=base_env(env, drop), close_fds=True)
    except Exception:
        os.close(master)
        os.close(slave)
        raise
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                p.kill()
                p.wait()
                raise TimeoutError(f"{' '.join(argv)} on a pty took more than {timeout}s")
            ready, _, _ = select.select([master], [], [], min(left, 0.2))
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every copy of the slave side is closed
                    break
                if not chunk:
                    break
                out += chunk
            elif p.poll() is not None:
                break
    finally:
        os.close(master)
    code = p.wait(timeout=max(1, deadline - time.monotonic()))
    return Run(argv, code, out.decode("utf-8", "replace").replace("\r\n", "\n"), "")


_cache = {}


def run_cached(*args):
    """Same as run(), once per argument list: most tests read the same few reports."""
    if args not in _cache:
        _cache[args] = run(*args)
    return _cache[args]


def tmpdir(prefix="selvedge-test-"):
    """A temporary directory, removed when the with block ends."""
    return tempfile.TemporaryDirectory(prefix=prefix)


def is_program_file(path):
    with open(path, encoding="utf-8") as f:
        return any(line.startswith("brand:") for line in f)


# ---------------------------------------------------------------- checks

class Failure(Exception):
    pass


class Skip(Exception):
    """Raised by a test that cannot run here; reported as "ok N - ... # SKIP reason"."""


def check(cond, message, *details):
    if not cond:
        raise Failure("\n".join([message, *[str(d) for d in details]]))


def expect_exit(r, code):
    check(r.code == code, f"expected exit status {code}, got {r.code}", r.describe())


def visible_width(line):
    """Terminal columns of a line: escapes take none, wide characters two."""
    width = 0
    for ch in ANSI.sub("", line):
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def check_plain_80(r):
    check("\x1b" not in r.out, "escape sequences in output written to a pipe", r.describe())
    wide = [(i + 1, visible_width(l), l) for i, l in enumerate(r.out.split("\n"))
            if visible_width(l) > 80]
    check(not wide, f"{len(wide)} line(s) wider than 80 columns",
          *[f"line {n} ({w} columns): {l}" for n, w, l in wide[:10]],
          "command: " + " ".join(r.argv))


def load_json(r):
    try:
        return json.loads(r.out)
    except ValueError as e:
        raise Failure(f"stdout is not JSON: {e}\n{r.describe()}")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


# ---------------------------------------------------------------- the tests, and TAP

TESTS = []  # (description, function); a function of None is a test skipped when registered


def test(description):
    def register(fn):
        TESTS.append((description, fn))
        return fn
    return register


def main():
    if not (os.path.isfile(BIN) and os.access(BIN, os.X_OK)):
        print("1..1\nnot ok 1 - the selvedge binary exists")
        print(f"# no executable at {BIN}: build it, or set SELVEDGE to its path")
        return 1
    print(f"1..{len(TESTS)}", flush=True)
    failed = 0
    start = time.monotonic()
    for n, (desc, fn) in enumerate(TESTS, 1):
        if fn is None:  # registered as a skip
            print(f"ok {n} - {desc}", flush=True)
            continue
        try:
            if time.monotonic() - start > BUDGET:
                raise Failure(f"not run: the script's {BUDGET} s budget is spent "
                              "(earlier runs timed out?)")
            fn()
        except Skip as e:
            print(f"ok {n} - {desc} # SKIP {e}", flush=True)
            continue
        except Failure as e:
            failed += 1
            print(f"not ok {n} - {desc}")
            diag = str(e)
        except subprocess.TimeoutExpired as e:
            failed += 1
            print(f"not ok {n} - {desc}")
            diag = f"timed out after {e.timeout}s: {' '.join(map(str, e.cmd))}"
        except Exception:
            failed += 1
            print(f"not ok {n} - {desc}")
            diag = traceback.format_exc()
        else:
            print(f"ok {n} - {desc}", flush=True)
            continue
        for line in diag.rstrip("\n").split("\n"):
            print(f"# {line}")
        sys.stdout.flush()
    if failed:
        print(f"# {failed} of {len(TESTS)} failed")
    return 1 if failed else 0
