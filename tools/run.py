#!/usr/bin/env python3
"""`make run`: the web application with the example season, on this machine.

    tools/run.py SELVEDGE BUILD_DIR PORT [SECONDS]

Makes a fresh store (BUILD_DIR/web.db, the old one replaced only once the new one is made:
examples/factories.yaml imported into it), starts `SELVEDGE serve` on 127.0.0.1:PORT (0: a
free port), waits for /api/health, loads the example season over the API
(examples/season/load_api.py), then prints the address and the demo logins and stays until
Ctrl-C (or SIGTERM), which stops the server cleanly. With SECONDS it stops by itself after
that long, having checked that / and /api/health answer 200: CI runs it so. The server's log
goes to BUILD_DIR/web.log. Python's standard library only.
"""
import ctypes
import errno
import http.client
import os
import select
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(ROOT, "examples", "season"))
import load_api  # noqa: E402

PREFIX = "make run:"
stopping = []
waiting = []  # set once the demo is up: a signal before that interrupts the start


def say(*a):
    print(*a, flush=True)


failed = []  # a failure said: the server's exit is not said again


def fail(msg):
    failed.append(msg)
    print(f"{PREFIX} {msg}", file=sys.stderr, flush=True)
    return 1


def port_free(port):
    """True when 127.0.0.1:port can be listened on now (as the server would, SO_REUSEADDR)."""
    if port == 0:
        return True
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        return True
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            return False
        raise
    finally:
        s.close()


def in_use(port):
    return fail(f"port {port} is in use: another server holds 127.0.0.1:{port}. Stop it, or "
                f"choose another port: make run PORT={port + 1 if port < 65535 else 8081}")


def fresh_store(selvedge, build):
    """BUILD/web.db with the registry of examples/factories.yaml; made beside, then moved."""
    store, new = os.path.join(build, "web.db"), os.path.join(build, "web-new.db")
    for f in (new, new + "-wal", new + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    p = subprocess.run([selvedge, "--db", new, "factories", "import",
                        os.path.join(ROOT, "examples", "factories.yaml")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout)
        return None
    for f in (store + "-wal", store + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    os.replace(new, store)
    return store


def die_with_parent():
    """In the server's process: SIGTERM when this script dies, however it dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def first_line(proc, timeout):
    """The server's first line on stdout ('listening on http://HOST:PORT'), or '' when it
    exited or said nothing in time."""
    deadline = time.monotonic() + timeout
    line = b""
    fd = proc.stdout.fileno()
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            part = os.read(fd, 1)
            if not part:
                break
            line += part
    return line.decode("utf-8", "replace").strip()


def get(host, port, path):
    c = http.client.HTTPConnection(host, port, timeout=10)
    try:
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        return r.status
    finally:
        c.close()


def wait_health(proc, host, port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if get(host, port, "/api/health") == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def tail(log, n=15):
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def banner(url, log, seconds, made):
    b, sm = load_api.BRAND, load_api.FACTORIES[load_api.SM]
    others = [a for h, a in load_api.FACTORIES.items() if h != load_api.SM]
    say(f"""
selvedge is running at {url}

Open it in a browser and log in:
  the brand, Northline          {b['email']:<27} password {b['password']}
  the factory, Sportmalha       {sm['email']:<27} password {sm['password']}
  (the other two factories: {others[0]['email']} / {others[0]['password']},
   {others[1]['email']} / {others[1]['password']})
Use two browsers (or a private window) to be the brand and the factory at once.

What to try: the season of examples/season/README.md, played to its end.
  As Northline: the program "{made['season'][1]}" (readiness, cost sheet, T&A plan,
    matching factories), RFQ R1 and its two quotes compared, the samples, the change
    CR-1, order PO-1 with its payments and inspections, the messages, the scorecards of
    the three factories; then the program "{made['unsent'][1]}", not sent yet: find it
    factories and send it an RFQ.
  As Sportmalha: the RFQ inbox, R1 and its quote, order PO-1, the samples, the payments
    and inspections, the scorecard Northline earned.
The store is made afresh at each make run: what you do here is gone at the next.
The server's log: {log}.
""")
    say(f"RUN_SECONDS={seconds}: it stops by itself in {seconds} s." if seconds else
        "Ctrl-C stops it.")


def stop(proc, timeout=40):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return -9


def main(argv):
    if len(argv) not in (4, 5):
        return fail("usage: tools/run.py SELVEDGE BUILD_DIR PORT [SECONDS]")
    selvedge, build, port = argv[1], argv[2], argv[3]
    seconds = argv[4] if len(argv) == 5 else ""
    if not port.isdigit() or int(port) > 65535:
        return fail(f"PORT={port}: a port is a number from 0 to 65535 (0: any free one)")
    if seconds and not seconds.isdigit():
        return fail(f"RUN_SECONDS={seconds}: a number of seconds")
    port = int(port)
    if not port_free(port):
        return in_use(port)

    store = fresh_store(selvedge, build)
    if not store:
        return fail("could not make a fresh store (above)")
    log = os.path.join(build, "web.log")

    def on_signal(sig, frame):
        stopping.append(sig)
        if not waiting:
            raise KeyboardInterrupt
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)

    with open(log, "w") as logf:
        # Its own process group: Ctrl-C reaches this script, which stops the server and
        # waits for it; and the server dies with this script, however that ends.
        proc = subprocess.Popen([selvedge, "serve", "--db", store,
                                 "--listen", f"127.0.0.1:{port}"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=logf,
                                start_new_session=True, preexec_fn=die_with_parent)
    try:
        return run(proc, log, port, seconds)
    except KeyboardInterrupt:
        say("\ninterrupted: stopping the server ...")
        return 130
    finally:
        code = stop(proc)
        if code not in (0, None) and not failed:
            print(f"{PREFIX} the server exited {code}; its log ({log}) ends:\n{tail(log)}",
                  file=sys.stderr)


def run(proc, log, asked_port, seconds):
    line = first_line(proc, 15)
    if not line.startswith("listening on http://"):
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        err = tail(log)
        if "Address already in use" in err:
            return in_use(asked_port)
        return fail(f"the server did not start: {line or 'nothing printed'}\n{err}")
    url = line[len("listening on "):]
    host, _, port = url[len("http://"):].rpartition(":")
    port = int(port)
    if not wait_health(proc, host, port):
        return fail(f"{url}/api/health never answered 200\n{tail(log)}")
    say(f"loading the example season into {url} ...")
    try:
        made = load_api.load(url, say=lambda m: say("  " + m))
    except (load_api.Refused, OSError) as e:
        return fail(f"loading the season: {e}")
    banner(url, log, seconds, made)
    waiting.append(True)

    end = time.monotonic() + int(seconds) if seconds else None
    while not stopping and proc.poll() is None:
        if end is not None and time.monotonic() >= end:
            break
        time.sleep(0.2)
    if proc.poll() is not None:
        return fail(f"the server stopped by itself (exit {proc.returncode}):\n{tail(log)}")
    if stopping:
        say("\nstopping the server ...")
        code = stop(proc)
        say("stopped." if code == 0 else f"the server exited {code}")
        return 0 if code == 0 else 1
    # RUN_SECONDS: the pages and the API answer, then a clean stop
    bad = []
    for path in ("/", "/api/health"):
        try:
            status = get(host, port, path)
        except OSError as e:
            status = e
        say(f"GET {path}: {status}")
        if status != 200:
            bad.append(path)
    code = stop(proc)
    say(f"stopped after {seconds} s: the server exited {code}")
    if bad:
        return fail(f"{' and '.join(bad)} did not answer 200")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:  # before the server was started
        sys.exit(130)
