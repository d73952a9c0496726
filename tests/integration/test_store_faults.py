#!/usr/bin/env python3
"""Fault tests for the factory registry (the store): what goes wrong around the database file
rather than inside it.

- a registry in a read-only directory, and a read-only database file, is listed, searched,
  shown, reviewed and matched (WAL databases need their -wal and -shm files; see
  https://sqlite.org/wal.html, "Read-Only Databases"), and nothing is written beside it;
- a mistyped --db for a read command creates nothing;
- a --db that names a FIFO, a socket, a directory or a device node (or such a -wal, -shm
  or -journal beside it) is refused by every command before SQLite opens it;
- a first import that fails leaves no file behind, and one into a file that was there
  leaves it as it was;
- two first imports into one new database at the same time both succeed, with the result of
  one after the other;
- `kill -9` of an import part-way leaves a database that passes PRAGMA integrity_check with
  the file's rows all in or all out;
- a reader during a bulk load waits for it (saying so once) and then reads.

Standard library only, with harness.py beside it. Permissions do not bind root: run as root,
the commands that must meet a read-only file run under `setpriv` without capabilities (uid 0
then obeys the file modes like any user); without setpriv those tests are skipped.

Environment: SELVEDGE (the binary), SELVEDGE_SOURCE_ROOT (for examples/).
"""
import atexit
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import (BIN, EXAMPLES, TODAY, Failure, Skip, check, expect_exit, load_json,  # noqa: E402
                     main, test)

FACTORIES = os.path.join(EXAMPLES, "factories.yaml")
NORTHLINE = os.path.join(EXAMPLES, "northline.yaml")
TIMEOUT = 120
SCRATCH = tempfile.mkdtemp(prefix="selvedge-store-faults-")


def _cleanup():
    # read-only directories made by the tests: writable again, so they can be removed
    for root, dirs, _ in os.walk(SCRATCH):
        for d in dirs:
            try:
                os.chmod(os.path.join(root, d), 0o755)
            except OSError:
                pass
    shutil.rmtree(SCRATCH, ignore_errors=True)


atexit.register(_cleanup)
_n = [0]


def scratch(name):
    _n[0] += 1
    d = os.path.join(SCRATCH, f"{_n[0]:02d}-{name}")
    os.makedirs(d)
    return d


def run(*args, unprivileged=False, cwd=None, timeout=TIMEOUT):
    """The binary, as harness.run; unprivileged: file modes bind it even when run as root."""
    if not unprivileged or os.geteuid() != 0:
        return harness.run(*args, cwd=cwd, timeout=timeout, drop=("SELVEDGE_DB",))
    setpriv = shutil.which("setpriv")
    if not setpriv:
        raise Skip("running as root without setpriv: file modes cannot bind the binary")
    argv = [setpriv, "--bounding-set=-all", "--inh-caps=-all", BIN, *[str(a) for a in args]]
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, cwd=cwd,
                       env=harness.base_env(None, ("SELVEDGE_DB",)), timeout=timeout)
    return harness.Run(argv, p.returncode, p.stdout.decode("utf-8", "replace"),
                       p.stderr.decode("utf-8", "replace"), p.stdout)


def sql(db, query):
    con = sqlite3.connect(db)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def registry(d, name="f.db"):
    """examples/factories.yaml imported into d/name; the import closed it (no -wal, -shm)."""
    db = os.path.join(d, name)
    expect_exit(run("--db", db, "factories", "import", FACTORIES), 0)
    return db


def listing(r):
    return sorted(f["id"] for f in load_json(r))


def big_csv(d, rows):
    """An Open Supply Hub list of `rows` distinct factories (no two alike: nothing to review),
    big enough for an import to take a while."""
    syl = ["ka", "lo", "mi", "ru", "sen", "tai", "wu", "zhe", "bao", "lin", "fa", "de", "gu",
           "ho", "jin", "qi", "xu", "yan", "pe", "no"]

    def word(i, k):  # one-to-one in i for i < 20 ** 5
        x = (i * 7919 + k * 104729) % (len(syl) ** 5)
        s = ""
        for _ in range(5):
            s += syl[x % len(syl)]
            x //= len(syl)
        return s.capitalize()

    path = os.path.join(d, "big.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("country,name,address\n")
        for i in range(rows):
            f.write(f"CN,{word(i, 1)} {word(i, 2)} {i} Garment Co Ltd,"
                    f"\"No. {i}, {word(i, 3)} Road\"\n")
    return path


READS = (("factories", "list", "--json"), ("factories", "search", "knit", "--json"),
         ("factories", "show", "1", "--json"), ("factories", "review"),
         ("match", NORTHLINE, "--today", TODAY, "--json"),
         ("check", NORTHLINE, "--today", TODAY, "--factory", "tr-bursa-devinim", "--json"))


def expect_reads_work(db, want, unprivileged):
    """Every read command on db exits 0 with what it gives on a writable copy (want)."""
    for args in READS:
        r = run("--db", db, *args, unprivileged=unprivileged)
        expect_exit(r, 0)
        if args[-1] == "--json":
            check(load_json(r) == want[args], f"{' '.join(args)}: not what a writable copy "
                  "gives", r.describe())


def reference(db):
    """The read commands' answers on a writable registry."""
    out = {}
    for args in READS:
        r = run("--db", db, *args)
        expect_exit(r, 0)
        if args[-1] == "--json":
            out[args] = load_json(r)
    return out


# ---------------------------------------------------------------- read-only registries

@test("a registry in a read-only directory: every read command works, nothing is written")
def _():
    d = scratch("rodir")
    db = registry(d)
    check(sql(db, "PRAGMA journal_mode")[0][0] == "wal", "the registry is not in WAL mode")
    check(sorted(os.listdir(d)) == ["f.db"], f"-wal/-shm left after the import: {os.listdir(d)}")
    want = reference(db)
    check(sorted(os.listdir(d)) == ["f.db"], f"a read left files behind: {os.listdir(d)}")
    before = os.stat(db).st_mtime_ns
    os.chmod(d, 0o555)
    try:
        expect_reads_work(db, want, unprivileged=True)
        check(sorted(os.listdir(d)) == ["f.db"], f"files appeared: {os.listdir(d)}")
        check(os.stat(db).st_mtime_ns == before, "the database file was written")
        # a write there fails with a message that says why
        r = run("--db", db, "factories", "import", FACTORIES, unprivileged=True)
        expect_exit(r, 1)
        check("cannot be written" in r.err or "read-only" in r.err, "unclear refusal",
              r.describe())
    finally:
        os.chmod(d, 0o755)


@test("a read-only database file (in a writable directory): every read command works")
def _():
    d = scratch("rofile")
    db = registry(d)
    want = reference(db)
    os.chmod(db, 0o444)
    before = os.stat(db).st_mtime_ns
    expect_reads_work(db, want, unprivileged=True)
    check(os.stat(db).st_mtime_ns == before, "the database file was written")
    check(sql(db, "SELECT count(*) FROM factory")[0][0] == 73, "factories lost")


@test("a read-only directory and file together, the WAL files absent: reads work")
def _():
    d = scratch("roboth")
    db = registry(d)
    want = reference(db)
    os.chmod(db, 0o444)
    os.chmod(d, 0o555)
    try:
        check(not os.path.exists(db + "-wal") and not os.path.exists(db + "-shm"),
              "the WAL files are there")
        expect_reads_work(db, want, unprivileged=True)
        check(sorted(os.listdir(d)) == ["f.db"], f"files appeared: {os.listdir(d)}")
    finally:
        os.chmod(d, 0o755)


@test("a read-only directory whose -wal holds changes not yet in the file: a message that "
      "says what to do, exit 1")
def _():
    d = scratch("rowal")
    db = registry(d)
    # a writer that dies with its last commit still in the -wal
    code = ("import sqlite3, os, sys\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
            "c.execute(\"UPDATE factory SET name = 'Renamed' WHERE id = 1\")\n"
            "c.commit()\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, db], check=True, timeout=60)
    check(os.path.getsize(db + "-wal") > 0, "no -wal left by the writer")
    os.remove(db + "-shm")
    os.chmod(d, 0o555)
    try:
        r = run("--db", db, "factories", "list", unprivileged=True)
        expect_exit(r, 1)
        check(db + "-wal" in r.err and "cannot be written" in r.err, "unclear message",
              r.describe())
    finally:
        os.chmod(d, 0o755)
    # where it can be written, the change is read
    r = run("--db", db, "factories", "show", "1", "--json")
    expect_exit(r, 0)
    check(load_json(r)["name"] == "Renamed", "the change in the -wal was lost", r.describe())


@test("a missing --db for a read command: exit 1, the path named, nothing created")
def _():
    d = scratch("missing")
    db = os.path.join(d, "nope.db")
    for args in READS:
        r = run("--db", db, *args)
        expect_exit(r, 1)
        check(db in r.err and "factories import" in r.err, "unclear message", r.describe())
    check(os.listdir(d) == [], f"created {os.listdir(d)}")


# ---------------------------------------------------------------- what --db names

# Every command that opens the registry: the reads, then the writes (an import, a decision).
OPENERS = (READS + (("factories", "import", FACTORIES),
                    ("factories", "review", "merge", "1", "2", "--by", "ana")))


def special_nodes(d):
    """Nodes of every kind a registry must not be, made here (never a real system device):
    a FIFO, a socket, a directory, and a character device with /dev/null's numbers when
    mknod is permitted. {name: path}, and why the device is missing when it is."""
    nodes = {}
    fifo = os.path.join(d, "fifo.db")
    os.mkfifo(fifo)
    nodes["a FIFO"] = fifo
    sock = os.path.join(d, "socket.db")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(sock)
    s.close()
    nodes["a socket"] = sock
    sub = os.path.join(d, "dir.db")
    os.mkdir(sub)
    nodes["a directory"] = sub
    dev = os.path.join(d, "chardev.db")
    why = None
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.stat("/dev/null").st_rdev)
        nodes["a character device"] = dev
    except (PermissionError, OSError) as e:
        why = f"mknod not permitted here ({e})"
    return nodes, why


def kind_of(path):
    m = os.lstat(path).st_mode
    return stat.S_IFMT(m)


@test("--db naming a FIFO, a socket, a directory or a device node: every command refuses it "
      "naming the path, exit 1, nothing opened or written")
def _():
    d = scratch("nodes")
    nodes, why = special_nodes(d)
    # a reader on the FIFO: whatever a command wrote into it would be there to read
    reader = os.open(nodes["a FIFO"], os.O_RDONLY | os.O_NONBLOCK)
    try:
        before = {name: kind_of(p) for name, p in nodes.items()}
        listing = sorted(os.listdir(d))
        for what, path in nodes.items():
            for args in OPENERS:
                r = run("--db", path, *args, timeout=30)
                expect_exit(r, 1)
                check(path in r.err and "not a regular file" in r.err and what in r.err,
                      f"--db {what}: the message does not name the path and what it is",
                      r.describe())
                check(sorted(os.listdir(d)) == listing,
                      f"--db {what}: files appeared: {sorted(os.listdir(d))}", r.describe())
                check(kind_of(path) == before[what], f"--db {what}: the node was replaced")
        try:
            got = os.read(reader, 65536)
        except BlockingIOError:
            got = b""
        check(got == b"", f"{len(got)} bytes were written into the FIFO")
    finally:
        os.close(reader)
    if why:
        raise Skip(f"the FIFO, socket and directory refused; no device node: {why}")


@test("a -wal, -shm or -journal beside the registry that is not a regular file: refused, "
      "nothing written through it")
def _():
    d = scratch("sidecars")
    db = registry(d)
    for suffix in ("-wal", "-shm", "-journal"):
        side = db + suffix
        os.mkfifo(side)
        reader = os.open(side, os.O_RDONLY | os.O_NONBLOCK)
        try:
            for args in (("factories", "list"), ("factories", "import", FACTORIES)):
                r = run("--db", db, *args, timeout=30)
                expect_exit(r, 1)
                check(side in r.err and "not a regular file" in r.err,
                      f"{suffix} a FIFO: the message does not name it", r.describe())
            try:
                got = os.read(reader, 65536)
            except BlockingIOError:
                got = b""
            check(got == b"", f"{len(got)} bytes were written into {suffix}")
        finally:
            os.close(reader)
        os.remove(side)
    check(sql(db, "PRAGMA integrity_check")[0][0] == "ok", "integrity check")


@test("--db a symbolic link to a registry: read and written through the link")
def _():
    d = scratch("symlink")
    db = registry(d)
    link = os.path.join(d, "link.db")
    os.symlink(db, link)
    r = run("--db", link, "factories", "list", "--json")
    expect_exit(r, 0)
    check(len(load_json(r)) == 73, "not the registry the link points at", r.describe())
    expect_exit(run("--db", link, "factories", "import", FACTORIES), 0)
    check(os.path.islink(link), "the link was replaced")
    new = os.path.join(d, "dangling.db")
    os.symlink(os.path.join(d, "nothing-here.db"), new)
    r = run("--db", new, "factories", "import", FACTORIES)
    expect_exit(r, 1)
    check(new in r.err, "a link to nothing: the message does not name it", r.describe())
    check(not os.path.exists(os.path.join(d, "nothing-here.db")), "created through the link")


# ---------------------------------------------------------------- a first import that fails

def bad_inputs(d):
    """Files an import refuses whole: not a factory CSV, a capability CSV giving one handle
    twice, a file that is not there."""
    header = os.path.join(d, "header.csv")
    with open(header, "w") as f:
        f.write("foo,bar\n1,2\n")
    twice = os.path.join(d, "twice.csv")
    with open(twice, "w") as f:
        f.write("handle,name,country,categories\n"
                "porto-knit,Porto Knit,PT,t-shirt\nporto-knit,Porto Knit Two,PT,hoodie\n")
    return [header, twice, os.path.join(d, "not-there.csv")]


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@test("a first import that fails leaves nothing at the path (no file, -wal, -shm or -journal)")
def _():
    d = scratch("firstfail")
    inputs = bad_inputs(d)
    listing = sorted(os.listdir(d))
    db = os.path.join(d, "new.db")
    for bad in inputs:
        r = run("--db", db, "factories", "import", bad)
        expect_exit(r, 1)
        check(sorted(os.listdir(d)) == listing, f"left behind: {sorted(os.listdir(d))}",
              r.describe())
    r = run("--db", db, "factories", "import", *inputs)
    expect_exit(r, 1)
    check(sorted(os.listdir(d)) == listing, f"left behind: {sorted(os.listdir(d))}", r.describe())
    # a decision on a registry that is not there is no first import either
    r = run("--db", db, "factories", "review", "merge", "1", "2", "--by", "ana")
    expect_exit(r, 1)
    check(sorted(os.listdir(d)) == listing, f"left behind: {sorted(os.listdir(d))}", r.describe())
    # so the next command says there is no registry, not that it is empty
    r = run("--db", db, "factories", "list")
    expect_exit(r, 1)
    check("no such database file" in r.err, "not told the registry is missing", r.describe())
    # one file that fails among others that import: the registry is made, with them
    r = run("--db", db, "factories", "import", inputs[0], FACTORIES)
    expect_exit(r, 1)
    check(sql(db, "SELECT count(*) FROM factory")[0][0] == 73, "the good file was not imported")


@test("an import that fails into a file that was there leaves it as it was, byte for byte")
def _():
    d = scratch("existing")
    inputs = bad_inputs(d)
    db = registry(d)
    empty = os.path.join(d, "empty.db")
    open(empty, "w").close()
    for target in (db, empty):
        before = digest(target)
        listing = sorted(os.listdir(d))
        for bad in inputs:
            r = run("--db", target, "factories", "import", bad)
            expect_exit(r, 1)
            check(digest(target) == before, f"{os.path.basename(target)} changed", r.describe())
            check(sorted(os.listdir(d)) == listing, f"left behind: {sorted(os.listdir(d))}")


@test("a first import that fails while another first import runs: the other one's registry "
      "stays, whole")
def _():
    d = scratch("racefail")
    bad = bad_inputs(d)[0]
    env = harness.base_env(None, ("SELVEDGE_DB",))
    for round_ in range(6):
        db = os.path.join(d, f"race{round_}.db")
        good = [BIN, "--db", db, "factories", "import", FACTORIES]
        failing = [BIN, "--db", db, "factories", "import", bad]
        order = (failing, good) if round_ % 2 == 0 else (good, failing)
        procs = [subprocess.Popen(a, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=env) for a in order]
        outs = [p.communicate(timeout=TIMEOUT) for p in procs]
        codes = {tuple(p.args): p.returncode for p in procs}
        errs = "\n".join(e.decode("utf-8", "replace") for _, e in outs)
        check(codes[tuple(good)] == 0, f"round {round_}: the good import failed", errs)
        check(codes[tuple(failing)] == 1, f"round {round_}: the bad import did not fail", errs)
        check(os.path.exists(db), f"round {round_}: the registry is gone", errs)
        check(sql(db, "SELECT count(*) FROM factory")[0][0] == 73,
              f"round {round_}: factories lost", errs)
        check(sql(db, "PRAGMA integrity_check")[0][0] == "ok", "integrity check")


# ---------------------------------------------------------------- concurrency

@test("two first imports into one new database at once: both succeed, as one after the other")
def _():
    d = scratch("race")
    seq = os.path.join(d, "sequential.db")
    expect_exit(run("--db", seq, "factories", "import", FACTORIES), 0)
    expect_exit(run("--db", seq, "factories", "import", FACTORIES), 0)
    want = load_json(run("--db", seq, "factories", "list", "--json"))
    for round_ in range(4):
        db = os.path.join(d, f"race{round_}.db")
        env = harness.base_env(None, ("SELVEDGE_DB",))
        procs = [subprocess.Popen([BIN, "--db", db, "factories", "import", FACTORIES],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=env) for _ in range(2)]
        outs = [p.communicate(timeout=TIMEOUT) for p in procs]
        for p, (out, err) in zip(procs, outs):
            check(p.returncode == 0, f"round {round_}: an import failed (exit {p.returncode})",
                  err.decode("utf-8", "replace"))
        got = load_json(run("--db", db, "factories", "list", "--json"))
        # the same profiles (the source path is the same file: everything compares)
        check(got == want, f"round {round_}: not the registry of one import after the other")
        check(sql(db, "PRAGMA integrity_check")[0][0] == "ok", "integrity check")


@test("kill -9 of an import part-way: integrity_check ok, the file's rows all in or all out")
def _():
    d = scratch("kill")
    rows = 100000
    csv = big_csv(d, rows)
    db = os.path.join(d, "f.db")
    expect_exit(run("--db", db, "factories", "import", FACTORIES), 0)  # 73 before
    small = os.path.join(d, "empty.db")
    # into an empty store: a bulk load (rollback journal); into one with factories: row by
    # row (WAL). Killed once it has written a few MB, well before its commit.
    for target, before, grows in ((small, 0, ""), (db, 73, "-wal")):
        p = subprocess.Popen([BIN, "--db", target, "factories", "import", csv],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL,
                             env=harness.base_env(None, ("SELVEDGE_DB",)))
        deadline = time.monotonic() + 120
        while p.poll() is None and time.monotonic() < deadline:
            try:
                if os.path.getsize(target + grows) > 4 << 20:
                    break
            except OSError:
                pass
            time.sleep(0.01)
        check(p.poll() is None, "the import finished before it could be killed (too fast?)")
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        check(sql(target, "PRAGMA integrity_check")[0][0] == "ok", "integrity check failed")
        n = sql(target, "SELECT count(*) FROM factory")[0][0]
        check(n in (before, before + rows), f"{n} factories: the file is neither all in nor "
              f"all out ({before} before, {rows} rows)")
        check(sql(target, "SELECT count(*) FROM factory_name")[0][0] >= n, "names lost")
        # and the registry works: read, then import the file whole
        r = run("--db", target, "factories", "list", "--limit", "1", "--json")
        expect_exit(r, 0)
        r = run("--db", target, "factories", "import", csv, timeout=300)
        expect_exit(r, 0)
        check(sql(target, "SELECT count(*) FROM factory")[0][0] == before + rows,
              "the import after the crash did not load the file whole", r.describe())
        check(sql(target, "PRAGMA integrity_check")[0][0] == "ok", "integrity check after")


@test("a reader during a bulk load waits for it, says so once, and then reads")
def _():
    d = scratch("reader")
    rows = 250000
    csv = big_csv(d, rows)
    db = os.path.join(d, "f.db")
    p = subprocess.Popen([BIN, "--db", db, "factories", "import", csv],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=harness.base_env(None, ("SELVEDGE_DB",)))
    readers = []
    started = time.monotonic()
    try:
        deadline = time.monotonic() + 280
        while p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
            if not os.path.exists(db) or time.monotonic() < started + 1.0:
                continue  # the import is still making the schema
            r = run("--db", db, "factories", "search", "Garment", "--limit", "1", "--json",
                    timeout=300)
            readers.append((r, p.poll() is None))
        check(p.wait(timeout=300) == 0, "the import failed")
    finally:
        if p.poll() is None:
            p.kill()
    check(readers, "no reader ran during the import")
    waited = [r for r, _ in readers if "waiting" in r.err]
    for r, _ in readers:
        expect_exit(r, 0)
        got = load_json(r)
        check(got == [] or len(got) == 1, "a reader saw something odd", r.describe())
        check(r.err.count("waiting") <= 1, "said more than once", r.describe())
    check(waited, f"none of {len(readers)} readers met the load's lock (too small a file?)",
          readers[-1][0].describe())
    for r in waited:
        check(len(load_json(r)) == 1, "a reader that waited did not see the loaded rows",
              r.describe())
    check(sql(db, "SELECT count(*) FROM factory")[0][0] == rows, "rows missing")


if __name__ == "__main__":
    sys.exit(main())
