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


# ---------------------------------------------------------------- -o targets

def plan_to(out, fmt="csv", program=READY, **kw):
    return run_with(["plan", program, "--today", TODAY, "--format", fmt, "-o", out], **kw)


_stdout_cache = {}


def plan_stdout(fmt, program=READY):
    key = (fmt, program)
    if key not in _stdout_cache:
        r = run_with(["plan", program, "--today", TODAY, "--format", fmt])
        expect_exit(r, 0)
        _stdout_cache[key] = r.out
    return _stdout_cache[key]


def read_fifo_while(path, argv_fn):
    """Opens the FIFO for reading first (a reader waiting), runs the command, and returns
    (run, bytes read)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    data = bytearray()
    try:
        p = subprocess.Popen([BIN, *argv_fn], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=base_env(drop=("SELVEDGE_DB",)), cwd=scratch("cwd"))
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            chunk = b""
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    chunk = b""
            data += chunk
            if not chunk and p.poll() is not None:
                break
        else:
            p.kill()
        out, err = p.communicate(timeout=TIMEOUT)
    finally:
        os.close(fd)
    return Out([BIN, *argv_fn], p.returncode, out, err.decode("utf-8", "replace")), bytes(data)


@test("-o a FIFO with a reader waiting: written through, in csv and xlsx; the FIFO is still "
      "a FIFO and nothing else appears")
def _():
    d = scratch("fifo")
    fifo = os.path.join(d, "pipe")
    for fmt in ("csv", "xlsx"):
        os.mkfifo(fifo)
        r, got = read_fifo_while(fifo, ["plan", READY, "--today", TODAY, "--format", fmt,
                                        "-o", fifo])
        expect_exit(r, 0)
        check(stat.S_ISFIFO(os.lstat(fifo).st_mode), f"{fmt}: the FIFO was replaced")
        check(os.listdir(d) == ["pipe"], f"{fmt}: left in the directory: {os.listdir(d)}")
        if fmt == "csv":
            check(got == plan_stdout("csv"), "the reader did not get the CSV", f"got {got[:200]!r}")
        else:
            check(got[:2] == b"PK", "the reader did not get a workbook", f"got {got[:40]!r}")
            names = zipfile.ZipFile(io.BytesIO(got)).namelist()
            check("xl/workbook.xml" in names, f"the workbook is not whole: {names}")
        os.unlink(fifo)


_null_ok = []


@test("-o a character device (a private node of the null device, as root): written through, "
      "the node left as it was")
def _():
    if not ROOT_USER:
        raise Skip("mknod needs root")
    d = scratch("chr")
    node = os.path.join(d, "null")
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    before = os.lstat(node)
    for fmt in ("csv", "ics", "text", "json", "xlsx"):
        r = plan_to(node, fmt)
        after = os.lstat(node)
        check(stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
              and after.st_ino == before.st_ino and after.st_mode == before.st_mode,
              f"--format {fmt}: the device node was replaced or changed", r.describe())
        expect_exit(r, 0)
    check(os.listdir(d) == ["null"], f"left behind: {os.listdir(d)}")
    _null_ok.append(True)


@test("-o a full device (a private node of it, as root): exit 1 in every format, one line "
      "naming the path and the reason; the node left as it was")
def _():
    if not ROOT_USER:
        raise Skip("mknod needs root")
    d = scratch("full")
    node = os.path.join(d, "full")
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    problems = []
    for fmt in ("text", "json", "csv", "ics", "xlsx"):
        r = plan_to(node, fmt)
        lines = r.err.strip().splitlines()
        if (r.code != 1 or len(lines) != 1 or not lines[0].startswith(f"selvedge: {node}: ")
                or not lines[0].endswith(": No space left on device")):
            problems.append(f"--format {fmt}:\n{r.describe()}")
    st = os.lstat(node)
    check(stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 7), "the node was replaced")
    check(os.listdir(d) == ["full"], f"left behind: {os.listdir(d)}")
    check(not problems, f"{len(problems)} format(s) without the path and the reason",
          *problems)


@test("-o a character device in xlsx with TMPDIR missing: exit 1, the message names the "
      "scratch directory and $TMPDIR")
def _():
    if not ROOT_USER:
        raise Skip("mknod needs root")
    d = scratch("tmpdir")
    node = os.path.join(d, "null")
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    missing = os.path.join(d, "no-such-tmp")
    r = plan_to(node, "xlsx", env={"TMPDIR": missing})
    expect_exit(r, 1)
    check(f"{node}: cannot make a scratch file in {missing} ($TMPDIR): No such file or "
          "directory" in r.err, "the message does not name the directory", r.describe())
    check(os.listdir(d) == ["null"], f"left behind: {os.listdir(d)}")


@test("-o /dev/null: exit 0, /dev/null still the null device")
def _():
    if ROOT_USER and not _null_ok:
        raise Skip("the private null node was not left alone: /dev/null is not risked")
    before = os.lstat("/dev/null")
    for fmt in ("csv", "xlsx"):
        r = plan_to("/dev/null", fmt)
        after = os.lstat("/dev/null")
        check(stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev,
              "/dev/null is no longer the null device", r.describe())
        expect_exit(r, 0)


_stdout_link_ok = []


@test("-o a link to /proc/self/fd/1 (what /dev/stdout is): the report on stdout, the link "
      "kept; appended when stdout is a file opened to append")
def _():
    if not os.path.exists("/proc/self/fd/1"):
        raise Skip("no /proc")
    d = scratch("stdout")
    link = os.path.join(d, "stdout")
    os.symlink("/proc/self/fd/1", link)
    r = plan_to(link, "csv")
    expect_exit(r, 0)
    check(os.path.islink(link), "the link was replaced", r.describe())
    check(r.out == plan_stdout("csv"), "stdout does not hold the CSV", r.describe())
    check(os.listdir(d) == ["stdout"], f"left behind: {os.listdir(d)}")
    log = os.path.join(d, "log.csv")
    with open(log, "wb") as f:
        f.write(b"earlier line\r\n")
    with open(log, "ab") as f:
        r = plan_to(link, "csv", stdout=f)
    expect_exit(r, 0)
    with open(log, "rb") as f:
        check(f.read() == b"earlier line\r\n" + plan_stdout("csv"),
              "the file stdout appends to was not appended to")
    _stdout_link_ok.append(True)


@test("-o /dev/stdout: the report on stdout, /dev/stdout still a link")
def _():
    if not _stdout_link_ok:
        raise Skip("the private /proc/self/fd/1 link was not left alone: /dev/stdout is not "
                   "risked")
    if not os.path.islink("/dev/stdout"):
        raise Skip("/dev/stdout is not a link here")
    r = plan_to("/dev/stdout", "csv")
    expect_exit(r, 0)
    check(os.path.islink("/dev/stdout"), "/dev/stdout was replaced")
    check(r.out == plan_stdout("csv"), "stdout does not hold the CSV", r.describe())


@test("-o /dev/stdout (and a link to /proc/self/fd/1) with stdout closed: exit 1 with 'cannot "
      "write to standard output', in every format; nothing written elsewhere")
def _():
    if not os.path.exists("/proc/self/fd/1"):
        raise Skip("no /proc")
    d = scratch("closed")
    link = os.path.join(d, "stdout")
    os.symlink("/proc/self/fd/1", link)
    targets = [link]
    if _stdout_link_ok and os.path.islink("/dev/stdout"):
        targets.append("/dev/stdout")
    problems = []
    for target in targets:
        for fmt in ("text", "json", "csv", "ics", "xlsx"):
            r = plan_to(target, fmt, close_stdout=True)
            lines = r.err.strip().splitlines()
            if (r.code != 1 or len(lines) != 1 or WRITE_ERROR not in lines[0]
                    or target not in lines[0]):
                problems.append(f"-o {target} --format {fmt}:\n{r.describe()}")
    check(os.path.islink(link) and os.listdir(d) == ["stdout"], f"left: {os.listdir(d)}")
    check(not problems, f"{len(problems)} run(s) lost the report in silence", *problems[:4])


@test("-o a symlink to a file: the target replaced whole (mode kept), the link still a link, "
      "no temporary file left in either directory")
def _():
    d = scratch("link")
    real = os.path.join(d, "real")
    os.mkdir(real)
    target = os.path.join(real, "plan.csv")
    with open(target, "w") as f:
        f.write("old\n")
    os.chmod(target, 0o640)
    link = os.path.join(d, "plan.csv")
    os.symlink("real/plan.csv", link)
    for fmt in ("csv", "xlsx"):
        r = plan_to(link, fmt)
        expect_exit(r, 0)
        check(os.path.islink(link) and os.readlink(link) == "real/plan.csv",
              f"{fmt}: the link was replaced", r.describe())
        check(stat.S_IMODE(os.stat(target).st_mode) == 0o640,
              f"{fmt}: mode {oct(stat.S_IMODE(os.stat(target).st_mode))}, was 0o640")
        with open(target, "rb") as f:
            data = f.read()
        if fmt == "csv":
            check(data == plan_stdout("csv"), "the target does not hold the CSV")
        else:
            check(data[:2] == b"PK", "the target does not hold the workbook")
        no_temp_left(d)
        no_temp_left(real)


@test("-o a dangling symlink: refused with exit 1 and a message; nothing created")
def _():
    d = scratch("dangling")
    os.mkdir(os.path.join(d, "sub"))
    link = os.path.join(d, "plan.csv")
    os.symlink("sub/missing.csv", link)
    for fmt in ("csv", "xlsx"):
        r = plan_to(link, fmt)
        expect_exit(r, 1)
        check(link in r.err and "symbolic link" in r.err, "the message does not say why",
              r.describe())
        check(os.listdir(os.path.join(d, "sub")) == [], "a file was created through the link")
        check(sorted(os.listdir(d)) == ["plan.csv", "sub"], f"left: {os.listdir(d)}")
        check(os.path.islink(link), "the link was replaced")


@test("-o a directory: refused with exit 1, nothing written inside or beside it")
def _():
    d = scratch("dir")
    target = os.path.join(d, "out")
    os.mkdir(target)
    for fmt in ("csv", "xlsx"):
        r = plan_to(target, fmt)
        expect_exit(r, 1)
        check(target in r.err and "directory" in r.err, "the message does not say why",
              r.describe())
        check(os.listdir(d) == ["out"] and os.listdir(target) == [],
              f"left: {os.listdir(d)} {os.listdir(target)}")


class Inotify:
    """Watches one path for opens, writes, attribute changes and deletion (libc through
    ctypes)."""
    IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE, IN_OPEN = 0x2, 0x4, 0x8, 0x20
    IN_MOVE_SELF, IN_DELETE_SELF = 0x800, 0x400

    def __init__(self, path):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise Skip("no inotify")
        mask = (self.IN_MODIFY | self.IN_ATTRIB | self.IN_CLOSE_WRITE | self.IN_OPEN
                | self.IN_MOVE_SELF | self.IN_DELETE_SELF)
        if libc.inotify_add_watch(self.fd, path.encode(), mask) < 0:
            os.close(self.fd)
            raise Skip("cannot watch the node")

    def events(self):
        masks = []
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            data = b""
        i = 0
        while i + 16 <= len(data):
            wd, mask, cookie, ln = (int.from_bytes(data[i:i + 4], "little", signed=True),
                                    int.from_bytes(data[i + 4:i + 8], "little"),
                                    int.from_bytes(data[i + 8:i + 12], "little"),
                                    int.from_bytes(data[i + 12:i + 16], "little"))
            masks.append(mask)
            i += 16 + ln
        os.close(self.fd)
        return masks


@test("-o a block device node (as root): refused before it is opened; still the same block "
      "device")
def _():
    if not ROOT_USER:
        raise Skip("mknod needs root")
    d = scratch("blk")
    node = os.path.join(d, "disk")
    os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(7, 250))
    # inotify sees an open of a device node here: a private null node is opened once
    probe_node = os.path.join(d, "probe")
    os.mknod(probe_node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    probe = Inotify(probe_node)
    os.close(os.open(probe_node, os.O_WRONLY))
    check(any(m & Inotify.IN_OPEN for m in probe.events()), "inotify does not see opens here")
    os.unlink(probe_node)
    watch = Inotify(node)
    results = [plan_to(node, fmt) for fmt in ("csv", "xlsx", "text")]
    events = watch.events()
    st = os.lstat(node)
    for r in results:
        expect_exit(r, 1)
        check(node in r.err and "block device" in r.err, "the message does not say why",
              r.describe())
    check(stat.S_ISBLK(st.st_mode) and st.st_rdev == os.makedev(7, 250),
          "the node is no longer the block device")
    check(not events, f"the node was opened or changed: inotify events "
                      f"{[hex(m) for m in events]}")
    check(os.listdir(d) == ["disk"], f"left: {os.listdir(d)}")


@test("-o an existing 0644 file: replaced whole, mode 0644 kept (not 0600)")
def _():
    d = scratch("mode")
    for fmt in ("csv", "ics", "xlsx"):
        out = os.path.join(d, f"plan.{fmt}")
        with open(out, "w") as f:
            f.write("old\n")
        os.chmod(out, 0o644)
        r = plan_to(out, fmt, umask=0o077)
        expect_exit(r, 0)
        mode = stat.S_IMODE(os.stat(out).st_mode)
        check(mode == 0o644, f"--format {fmt}: mode {oct(mode)}, was 0o644")
    no_temp_left(d)


@test("-o a new file, in every format: 0666 less the umask (022 gives 0644, readable by "
      "others as any file a user shares; 077 gives 0600)")
def _():
    d = scratch("umask")
    for fmt in ("csv", "xlsx", "text", "json", "ics"):
        for umask, want in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
            out = os.path.join(d, f"plan-{umask:03o}.{fmt}")
            r = plan_to(out, fmt, umask=umask)
            expect_exit(r, 0)
            mode = stat.S_IMODE(os.stat(out).st_mode)
            check(mode == want, f"--format {fmt} under umask {umask:03o}: mode {oct(mode)}, "
                                f"want {oct(want)}")
    no_temp_left(d)


@test("-o when the file cannot grow (RLIMIT_FSIZE): exit 1, one selvedge line naming the "
      "path; no [ERROR] from libxlsxwriter, no temporary name; the old file kept")
def _():
    d = scratch("fsize")
    for fmt in ("xlsx", "csv", "ics", "json", "text"):
        out = os.path.join(d, f"plan.{fmt}")
        with open(out, "w") as f:
            f.write("old\n")
        r = plan_to(out, fmt, fsize=2048)
        expect_exit(r, 1)
        lines = r.err.strip().splitlines()
        check(len(lines) == 1 and lines[0].startswith(f"selvedge: {out}: ")
              and lines[0].endswith(": File too large"),
              f"--format {fmt}: not one selvedge line naming {out} and the reason",
              r.describe())
        check("[ERROR]" not in r.err and ".tmp" not in r.err,
              f"--format {fmt}: the library's message or a temporary name", r.describe())
        with open(out) as f:
            check(f.read() == "old\n", f"--format {fmt}: the old file was not kept")
        no_temp_left(d)


# ---------------------------------------------------------------- spreadsheets

FORMULA_PROGRAM = """brand:
  name: Formula Test
  currency: USD
  positioning: mid
program:
  name: SS27
  destination: US
  launch_date: 2027-01-15
  origin_preference: [CN]
  styles:
    - code: '=HYPERLINK("http://example.com/x";"click")'
      name: Tee
      category: t-shirt
      construction: knit
      colors:
        - { name: Black, units: 600 }
    - code: '+1+1'
      name: Tee two
      category: t-shirt
      construction: knit
      colors:
        - { name: Black, units: 600 }
    - code: '-2+3'
      name: Tee three
      category: t-shirt
      construction: knit
      colors:
        - { name: Black, units: 600 }
    - code: '@SUM(1)'
      name: Tee four
      category: t-shirt
      construction: knit
      colors:
        - { name: Black, units: 600 }
"""


def formula_program():
    d = scratch("formula")
    path = os.path.join(d, "formula.yaml")
    with open(path, "w") as f:
        f.write(FORMULA_PROGRAM)
    return path


@test("plan --format csv: style codes that start with = + - @ are neutralised (a leading ' "
      "in a quoted cell); selvedge's own negative numbers stay numbers")
def _():
    path = formula_program()
    r = run_with(["plan", path, "--today", TODAY, "--format", "csv"])
    expect_exit(r, 0)
    text = r.out.decode()
    for code in ('=HYPERLINK(""http://example.com/x"";""click"")', "+1+1", "-2+3", "@SUM(1)"):
        check(f"\"'{code}\"" in text, f"{code}: not written as a neutralised cell",
              text[:800])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    head = rows[0]
    for row in rows[1:]:
        cells = dict(zip(head, row))
        for k, v in cells.items():
            check(not v[:1] in ("=", "+", "@", "\t", "\r"),
                  f"column {k}: a cell a spreadsheet would take for a formula: {v!r}")
            if v[:1] == "-":
                check(k in ("slack_days", "calendar_days", "work_days", "pushed_days") and re.fullmatch(r"-\d+", v),
                      f"column {k}: {v!r} starts with '-' and is not a number selvedge wrote")
    slack = [int(dict(zip(head, row))["slack_days"]) for row in rows[1:]]
    check(min(slack) < 0, f"the test program should be late (negative slack): {slack}")


@test("plan --format xlsx: formula-like style codes are strings in the workbook, never "
      "formulas")
def _():
    path = formula_program()
    d = scratch("xlsx")
    out = os.path.join(d, "plan.xlsx")
    r = run_with(["plan", path, "--today", TODAY, "--format", "xlsx", "-o", out])
    expect_exit(r, 0)
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        for n in sheets:
            check(b"<f>" not in z.read(n) and b"<f " not in z.read(n), f"{n} holds a formula")
        strings = z.read("xl/sharedStrings.xml").decode()
    check("=HYPERLINK(&quot;http://example.com/x&quot;;&quot;click&quot;)" in strings
          or '=HYPERLINK("http://example.com/x";"click")' in strings,
          "the style code is not a shared string", strings[:500])


# ---------------------------------------------------------------- terminal

EVIL = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ \x1b[31mred\x07\rX\u009b2J"


def evil_registry():
    """A registry whose rows carry control characters, written straight into the store as
    an older version could have left them."""
    db = registry()
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE factory SET name = name || ? , address = ? || coalesce(address, ''),"
                    " source = ?", (" " + EVIL, EVIL + " ", "src " + EVIL))
        con.execute("UPDATE factory_name SET name = name || ?", (" " + EVIL,))
    con.close()
    return db


def check_no_raw_controls(r, what):
    text = r.out.decode("utf-8", "replace") if isinstance(r.out, bytes) else r.out
    bad = [c for c in text + r.err if (ord(c) < 0x20 and c not in "\n") or 0x7f <= ord(c) <= 0x9f]
    check(not bad, f"{what}: raw control characters reach the terminal: "
                   f"{sorted(set(hex(ord(c)) for c in bad))}", r.describe())


@test("factories list/search/show/review and match: control characters in stored names and "
      "addresses are printed escaped (\\e, \\x07, \\r, \\u{009B}), never raw")
def _():
    db = evil_registry()
    problems = []
    for args in (["factories", "list"], ["factories", "search", "Lda"],
                 ["factories", "show", "1"], ["factories", "show", "2"],
                 ["factories", "review"], ["match", NORTHLINE, "--today", TODAY]):
        r = run_with(["--db", db, *args])
        try:
            expect_exit(r, 0)
            check_no_raw_controls(r, " ".join(args))
            check("\\e]8;;http://evil.example\\e\\click" in r.out.decode(),
                  f"{' '.join(args)}: the name is not shown escaped", r.describe())
        except Failure as e:
            problems.append(str(e).split("\n")[0])
    check(not problems, f"{len(problems)} command(s) let control characters through",
          *problems)


@test("a registry held by another command: the 'waiting' line shows the --db path escaped")
def _():
    d = scratch("busy")
    db = os.path.join(d, "reg\x1b[31m\x07.db")
    shutil.copy(registry(), db)
    con = sqlite3.connect(db, isolation_level=None)
    try:
        # what a bulk import does: the whole file held until it commits
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("UPDATE factory SET name = name WHERE id = 1")
        p = subprocess.Popen([BIN, "--db", db, "factories", "list", "--limit", "1"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=base_env(drop=("SELVEDGE_DB",)))
        time.sleep(2.0)  # the store says it waits after a second
        con.execute("COMMIT")
    finally:
        con.close()
    out, err = p.communicate(timeout=TIMEOUT)
    r = Out([BIN, "--db", db, "factories", "list"], p.returncode, out,
            err.decode("utf-8", "replace"))
    expect_exit(r, 0)
    check("waiting" in r.err, "the command did not wait (the lock was not met)", r.describe())
    check_no_raw_controls(r, "waiting")
    check("reg\\e[31m\\x07.db" in r.err, "the path is not shown escaped", r.describe())


LONG_NAME = " ".join(f"Word{i:04d}" for i in range(112)) + " Ltd"  # 1,007 bytes
LONG_BY = " ".join(f"Ana{i:02d}" for i in range(16)) + " Lima"  # 100 bytes, the most --by takes


def flat(text):
    """Text with its line wrapping undone."""
    return re.sub(r"\s+", " ", text)


@test("factories review, review merge/history/undo, show and list: a name of 1,000 bytes is "
      "shown whole where the report wraps it, a name with ESC escaped once (\\e)")
def _():
    db = registry()
    con = sqlite3.connect(db)
    with con:
        ids = [i for (i,) in con.execute("SELECT a FROM review_pair UNION SELECT b FROM "
                                         "review_pair ORDER BY 1")]
        con.execute("UPDATE factory SET name = ?, categories = ? WHERE id = ?",
                    (LONG_NAME, (1 << 22) - 1, ids[0]))
        con.execute("UPDATE factory SET name = ?, other_certifications = ?, source = ? "
                    "WHERE id = ?", ("Two \x1b[31mred", "Higg FEM|" + LONG_NAME + "|ZDHC",
                                     "src " + LONG_NAME, ids[1]))
    con.close()
    a, b = ids
    escaped = "Two \\e[31mred"
    # (what, arguments, texts it shows whole, whether every line is wrapped within 80
    # columns: show and list print a profile's own name on a line of its own, unwrapped)
    runs = [("review", ["factories", "review"], [LONG_NAME, escaped], True),
            ("show (other certifications)", ["factories", "show", str(b)], [LONG_NAME], False),
            ("merge", ["factories", "review", "merge", str(a), str(b), "--force", "--by",
                       LONG_BY], [LONG_NAME, escaped, LONG_BY], True),
            ("history", ["factories", "review", "history"], [LONG_NAME, escaped], True),
            ("show (merged from)", ["factories", "show", str(a)],
             [escaped, "src " + LONG_NAME, LONG_BY], False),
            ("undo", ["factories", "review", "undo", "1", "--by", "Bo " + LONG_BY[3:]],
             [LONG_NAME, escaped, "Bo " + LONG_BY[3:]], True),
            ("history after undo", ["factories", "review", "history"], ["Bo " + LONG_BY[3:]],
             True),
            ("list (every category)", ["factories", "list"], ["t-shirt, polo", "socks, headwear, bag"],
             False)]
    problems = []
    for what, args, want, wrapped in runs:
        r = run_with(["--db", db, *args])
        try:
            expect_exit(r, 0)
            check_no_raw_controls(r, what)
            out = flat(r.out.decode())
            for w in want:
                check(w in out, f"{what}: {w[:40]}... is not shown whole", r.describe())
            check("\\\\e" not in out, f"{what}: escaped twice", r.describe())
            for line in r.out.decode().split("\n") if wrapped else []:
                check(len(line) <= 80, f"{what}: a line of {len(line)} columns", line)
        except Failure as e:
            problems.append(str(e).split("\n")[0])
    check(not problems, f"{len(problems)} output(s) cut or escaped twice", *problems)


@test("messages quoting user input escape control characters (unknown command, option "
      "values, a missing file)")
def _():
    problems = []
    for args in (["\x1b[2Jcmd"], ["--\x1b[2J"], ["aql", "--lot", "\x1b]0;title\x07"],
                 ["check", "missing-\x1b[31m.yaml"], ["plan", READY, "--format", "\x1b[5m"],
                 ["factories", "list", "--country", "\x1b[31mXX"],
                 ["--db", os.path.join(SCRATCH, "no-\x1b[31mdir", "x\x07.db"), "factories",
                  "list"],
                 ["--db", os.path.join(SCRATCH, "no-\x1b[31mdir", "x\x07.db"), "match", READY],
                 ["--db", os.path.join(SCRATCH, "no-\x1b[31mdir", "x\x07.db"), "check", READY,
                  "--factory", "1"],
                 ["--data", "/no-\x1b[31mdata", "cost", READY],
                 ["factories", "import", "missing-\x1b[31m.csv"]):
        r = run_with(args)
        try:
            check(r.code in (1, 2), f"{args!r}: exit {r.code}", r.describe())
            check_no_raw_controls(r, repr(args))
            check("\\e[" in r.err or "\\e]" in r.err,
                  f"{args!r}: the input is not shown escaped", r.describe())
        except Failure as e:
            problems.append(str(e).split("\n")[0])
    check(not problems, f"{len(problems)} message(s) let control characters through",
          *problems)


if __name__ == "__main__":
    sys.exit(main())
