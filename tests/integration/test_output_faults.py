#!/usr/bin/env python3
"""Fault tests for everything selvedge writes: standard output that is full or closed, the
targets of -o (a FIFO with a reader, /dev/null, /dev/stdout, links, a dangling link, a
directory, a block device, modes under the umask), file size limits, formula-like cells in
the CSV, and control characters on their way to a terminal.

Each command that prints is run with stdout on /dev/full and with stdout closed: it must
exit 1 with a message on stderr, and harm nothing else (the registry file is the same bytes
after a read command; a report never lands in the database that took the closed
descriptor's number).

Standard library only (ctypes for inotify), with the helpers the scripts share in harness.py
beside it. Device nodes are made only as root, in a scratch directory; a system device
(/dev/null, /dev/stdout) is written to only after a private stand-in showed the binary
leaves such a node alone, so a broken build cannot replace the machine's own.
Prints TAP; exits 1 if any test failed.

Environment:
  SELVEDGE              the binary (default build/selvedge)
  SELVEDGE_SOURCE_ROOT  the source tree, for examples/ (default .)
"""
import csv
import ctypes
import ctypes.util
import hashlib
import io
import os
import re
import resource
import select
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import atexit
import time
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, EXAMPLES, TIMEOUT, TODAY, Failure, Skip, base_env,  # noqa: E402
                     check, expect_exit, main, run, test)

NORTHLINE = os.path.join(EXAMPLES, "northline.yaml")
READY = os.path.join(EXAMPLES, "ready.yaml")
FACTORIES = os.path.join(EXAMPLES, "factories.yaml")
ROOT_USER = os.geteuid() == 0
WRITE_ERROR = "cannot write to standard output"

SCRATCH = tempfile.mkdtemp(prefix="selvedge-output-faults-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
_n = [0]


def scratch(name="d"):
    """A new empty directory under the script's scratch directory."""
    _n[0] += 1
    d = os.path.join(SCRATCH, f"{_n[0]:03d}-{name}")
    os.makedirs(d)
    return d


class Out:
    def __init__(self, argv, code, out, err):
        self.argv, self.code, self.out, self.err = argv, code, out, err

    def describe(self):
        return (f"command: {' '.join(self.argv)}\nexit: {self.code}\n"
                f"stdout: {self.out[:600]!r}\nstderr: {self.err[:1500]}")


def run_with(args, stdout=subprocess.PIPE, close_stdout=False, umask=None, fsize=None,
             cwd=None, env=None, timeout=None):
    """Runs the binary with stdout a pipe, a given file, or closed (fd 1 not open at all),
    under a umask or a file size limit (SIGXFSZ ignored, so writes fail with EFBIG)."""
    argv = [BIN, *[str(a) for a in args]]

    def pre():
        if umask is not None:
            os.umask(umask)
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        if close_stdout:
            os.close(1)

    p = subprocess.run(argv, stdin=subprocess.DEVNULL,
                       stdout=None if close_stdout else stdout, stderr=subprocess.PIPE,
                       cwd=cwd or scratch("cwd"), env=base_env(env, drop=("SELVEDGE_DB",)),
                       preexec_fn=pre, timeout=timeout or TIMEOUT)
    out = p.stdout if isinstance(p.stdout, bytes) else b""
    return Out(argv, p.returncode, out, p.stderr.decode("utf-8", "replace"))


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def no_temp_left(d):
    left = [n for n in os.listdir(d) if ".tmp" in n]
    check(not left, f"temporary files left in {d}: {left}")


# ---------------------------------------------------------------- a registry to read

_db = {}


def registry():
    """A scratch copy of a registry holding examples/factories.yaml (made once), with a
    pair to review, in a directory of its own; returns its path."""
    if "master" not in _db:
        d = scratch("master")
        db = os.path.join(d, "f.db")
        r = run("--db", db, "factories", "import", FACTORIES, cwd=d, drop=("SELVEDGE_DB",))
        expect_exit(r, 0)
        con = sqlite3.connect(db)
        with con:
            ids = [i for (i,) in con.execute("SELECT id FROM factory ORDER BY id LIMIT 2")]
            con.execute("INSERT OR IGNORE INTO review_pair (a, b, similarity) VALUES (?, ?, 900)",
                        ids)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        _db["master"] = db
    d = scratch("db")
    db = os.path.join(d, "f.db")
    shutil.copy(_db["master"], db)
    return db


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


# ---------------------------------------------------------------- stdout full or closed

def program_commands():
    return [
        ["check", NORTHLINE, "--today", TODAY],
        ["check", NORTHLINE, "--today", TODAY, "--json"],
        ["cost", NORTHLINE],
        ["cost", NORTHLINE, "--json"],
        ["plan", NORTHLINE, "--today", TODAY],
        ["plan", NORTHLINE, "--today", TODAY, "--format", "json"],
        ["plan", NORTHLINE, "--today", TODAY, "--format", "csv"],
        ["plan", NORTHLINE, "--today", TODAY, "--format", "ics"],
        ["aql", "--lot", "3000"],
        ["aql", "--lot", "3000", "--json"],
        ["aql", "--lot", "3000", "--aql", "2.5", "--json"],
        ["--help"],
        ["--version"],
        ["check", "--help"],
    ]


def registry_commands():
    return [
        ["factories", "list"],
        ["factories", "list", "--json"],
        ["factories", "search", "knit"],
        ["factories", "search", "knit", "--json"],
        ["factories", "show", "1"],
        ["factories", "show", "1", "--json"],
        ["factories", "review"],
        ["match", NORTHLINE, "--today", TODAY],
        ["match", NORTHLINE, "--today", TODAY, "--json"],
    ]


def fault_runs(how):
    """Every printing command with stdout full ("full") or closed ("closed"); checks exit 1,
    the message, and that the registry is the same bytes and no report landed in it."""
    problems = []
    for args in program_commands() + registry_commands():
        db = registry()
        before = sha(db)
        full_args = ["--db", db, *args]
        if how == "full":
            with open("/dev/full", "wb") as full:
                r = run_with(full_args, stdout=full)
        else:
            r = run_with(full_args, close_stdout=True)
        msgs = [l for l in r.err.splitlines() if WRITE_ERROR in l]
        if r.code != 1 or len(msgs) != 1:
            problems.append(r.describe())
            continue
        if os.path.exists(db) and sha(db) != before:
            problems.append(f"{' '.join(args)}: the registry changed\n{r.describe()}")
        wal = db + "-wal"
        if os.path.exists(wal) and os.path.getsize(wal):
            with open(wal, "rb") as f:
                magic = f.read(4)
            if magic not in (bytes.fromhex("377f0682"), bytes.fromhex("377f0683")):
                problems.append(f"{' '.join(args)}: {wal} is not a WAL file: {magic!r}")
        if integrity(db) != "ok":
            problems.append(f"{' '.join(args)}: the registry is damaged")
    check(not problems, f"{len(problems)} command(s) misbehaved with stdout {how}",
          *problems[:6])


@test("stdout full (/dev/full): every command that prints exits 1 with one message; the "
      "registry is untouched")
def _():
    if not os.path.exists("/dev/full"):
        raise Skip("no /dev/full")
    fault_runs("full")


@test("stdout closed: every command that prints exits 1 with one message; the registry "
      "(which would take fd 1) is the same bytes")
def _():
    fault_runs("closed")


@test("stdout closed: the expected message, with the reason")
def _():
    r = run_with(["aql", "--lot", "3000"], close_stdout=True)
    expect_exit(r, 1)
    check(re.search(r"^selvedge: cannot write to standard output: Bad file descriptor$",
                    r.err, re.M), "no such message", r.describe())
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            r = run_with(["check", NORTHLINE, "--today", TODAY], stdout=full)
        check(re.search(r"^selvedge: cannot write to standard output: No space left on device$",
                        r.err, re.M), "no such message", r.describe())


@test("factories import with stdout full or closed: exit 1 with the message; the registry "
      "is whole (integrity_check ok)")
def _():
    for how in ("full", "closed"):
        d = scratch("import")
        db = os.path.join(d, "f.db")
        if how == "full":
            if not os.path.exists("/dev/full"):
                continue
            with open("/dev/full", "wb") as full:
                r = run_with(["--db", db, "factories", "import", FACTORIES], stdout=full)
        else:
            r = run_with(["--db", db, "factories", "import", FACTORIES], close_stdout=True)
        expect_exit(r, 1)
        check(WRITE_ERROR in r.err, f"stdout {how}: no message", r.describe())
        check(integrity(db) == "ok", f"stdout {how}: the registry is damaged")


@test("a usage error with stdout closed keeps its own exit status (2)")
def _():
    r = run_with(["aql", "--lot", "zero"], close_stdout=True)
    expect_exit(r, 2)


if __name__ == "__main__":
    sys.exit(main())
