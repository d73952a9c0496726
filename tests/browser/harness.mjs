// What the browser tests share: a real `selvedge serve` on a free port with a fresh store,
// Debian's chromium driven by playwright-core, one browser context per person, TAP output,
// screenshots at phone and desktop width, and a failure whenever a page writes an error to
// its console (a CSP violation included).
//
// Environment (tests/meson.build sets the first three):
//   SELVEDGE               the binary (default build/selvedge)
//   SELVEDGE_SOURCE_ROOT   the source tree, for examples/ (default .)
//   SELVEDGE_ARTIFACTS     where screenshots go (default <the binary's directory>/test-artifacts/web)
//   SELVEDGE_CHROMIUM      the browser (default /usr/bin/chromium)
//   SELVEDGE_BROWSER_BUDGET  seconds for the whole script (default 780, under meson's 900)
//
// TAP: "ok N - ..." or "not ok N - ..." with "# ..." diagnostics, then "1..N". A script that
// cannot run here (no chromium, no playwright-core: `make deps` installs both) prints
// "1..0 # SKIP reason" and exits 0.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const BIN = path.resolve(process.env.SELVEDGE || 'build/selvedge');
export const ROOT = path.resolve(process.env.SELVEDGE_SOURCE_ROOT || '.');
export const EXAMPLES = path.join(ROOT, 'examples');
export const ARTIFACTS = path.resolve(
  process.env.SELVEDGE_ARTIFACTS || path.join(path.dirname(BIN), 'test-artifacts', 'web'));
export const CHROMIUM = process.env.SELVEDGE_CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery';
const BUDGET = Number(process.env.SELVEDGE_BROWSER_BUDGET || 780) * 1000;
export const WIDTHS = [360, 1280];

// ------------------------------------------------------------------ TAP

let count = 0;
let failed = 0;

// Diagnostics go to standard error too: meson prints a failed test's standard error, so a
// run on another machine (CI's fresh root) says why without its log file.
export function diag(text) {
  for (const line of String(text).split('\n')) {
    console.log(`# ${line}`);
    console.error(`# ${line}`);
  }
}

export function skipAll(reason) {
  console.error(`\n*** browser tests SKIPPED: ${reason} ***\n`);
  console.log(`1..0 # SKIP ${reason}`);
  process.exit(0);
}

export class Failure extends Error {}

export function check(cond, what, detail) {
  if (!cond) {
    throw new Failure(detail === undefined ? what
      : `${what}\n${typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1)}`);
  }
}

// playwright-core from tests/browser/node_modules (npm ci there; `make deps` runs it).
export async function playwright() {
  if (!existsSync(CHROMIUM)) skipAll(`no browser at ${CHROMIUM} (make deps installs chromium)`);
  try {
    return await import('playwright-core');
  } catch (e) {
    skipAll(`playwright-core is not installed in tests/browser (make deps runs npm ci): ${e.message}`);
  }
}

// ------------------------------------------------------------------ the server

// A server on 127.0.0.1, port 0, with a store in a fresh directory holding the registry of
// examples/factories.yaml. Passwords hashed fast (--insecure-fast-hash): sign-ups are many.
// ------------------------------------------------------------------ the API, as a person

// A request in the person's own session (its cookies, and its CSRF header on a write), for
// the setup a test does over the API rather than through the pages.

export async function api(person, method, url, body, contentType = 'application/json') {
  const cookies = await person.context.cookies();
  const csrf = cookies.find((c) => c.name === 'csrf');
  const headers = {};
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf.value;
  let data;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    data = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const r = await person.context.request.fetch(url, { method, headers, data });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: r.status(), json, headers: r.headers() };
}

export async function must(person, method, url, body, contentType) {
  const r = await api(person, method, url, body, contentType);
  check(r.status >= 200 && r.status < 300, `${person.name}: ${method} ${url}`, `${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

export class Server {
  constructor(...args) {
    this.args = args;
    this.err = '';
    this.code = null;
  }

  async start() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'selvedge-browser-'));
    this.db = path.join(this.dir, 'store.db');
    const imp = spawnSync(BIN, ['--db', this.db, 'factories', 'import',
      path.join(EXAMPLES, 'factories.yaml')], { encoding: 'utf8', timeout: 60000 });
    check(imp.status === 0, 'factories import examples/factories.yaml', imp.stderr || imp.error);
    this.proc = spawn(BIN, ['serve', '--db', this.db, '--listen', '127.0.0.1:0',
      '--insecure-fast-hash', ...this.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d) => { this.err += d; });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, sig) => {
      this.code = code === null ? `signal ${sig}` : code;
      resolve(this.code);
    }));
    const lines = createInterface({ input: this.proc.stdout });
    const first = await Promise.race([
      new Promise((resolve) => lines.once('line', resolve)),
      this.exited.then(() => ''),
      sleep(15000).then(() => ''),
    ]);
    lines.on('line', () => {});
    const m = /^listening on (http:\/\/[0-9.]+:[0-9]+)$/.exec(first.trim());
    if (!m) {
      await this.stop();
      throw new Failure(`the server printed no address: ${JSON.stringify(first)}\n${this.err}`);
    }
    this.url = m[1];
    const deadline = Date.now() + 15000;
    for (;;) {
      try {
        if ((await fetch(`${this.url}/api/health`)).status === 200) break;
      } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Failure('the server never answered /api/health');
      await sleep(50);
    }
    return this;
  }

  // At once, when the script itself must stop: nothing left running, its files removed.
  kill() {
    if (this.proc && this.code === null) this.proc.kill('SIGKILL');
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  // SIGTERM, then the exit code (killed after 40 s).
  async stop() {
    if (this.proc && this.code === null) {
      this.proc.kill('SIGTERM');
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 40000);
      await this.exited;
      clearTimeout(t);
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    return this.code;
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ------------------------------------------------------------------ the browser

// What a page may write to its console without failing the test: the browser's own line for
// an API answer of 4xx (the app reads the answer and shows it: a form's error, a 404 page, a
// 401 before logging in). A 5xx, a missing asset or any other error fails.
function tolerated(msg) {
  const text = msg.text();
  const url = (msg.location() && msg.location().url) || '';
  return /^Failed to load resource: the server responded with a status of 4\d\d/.test(text) &&
    /\/api\//.test(url);
}

// Chromium reports a CSP violation on the console too; this makes sure, and names it.
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (e) =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
    ' at ' + e.sourceFile + ':' + e.lineNumber));`;

// One person: a browser context (own cookies) and its page; every console error collected.
export class Person {
  constructor(name, context, page) {
    this.name = name;
    this.context = context;
    this.page = page;
    this.errors = [];
  }

  watch(page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !tolerated(msg)) {
        const loc = msg.location();
        this.errors.push(`${this.name}: console error on ${page.url()}: ${msg.text()}` +
          (loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''));
      }
    });
    page.on('pageerror', (e) => this.errors.push(`${this.name}: uncaught on ${page.url()}: ${e.stack || e}`));
    page.on('response', (r) => {
      if (r.status() >= 500) this.errors.push(`${this.name}: ${r.request().method()} ${r.url()}: ${r.status()}`);
      else if (r.status() === 404 && !/\/api\//.test(r.url())) {
        this.errors.push(`${this.name}: ${r.request().method()} ${r.url()}: 404`);
      }
    });
  }

  // The errors since the last call, cleared.
  take() {
    const e = this.errors;
    this.errors = [];
    return e;
  }
}

export class Browser {
  async launch() {
    const { chromium } = await playwright();
    // chromium refuses its sandbox to root: there, none (the pages are the test's own server's)
    const root = process.getuid && process.getuid() === 0;
    this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      chromiumSandbox: !root });
    this.people = [];
    return this;
  }

  async person(name, baseURL) {
    const context = await this.browser.newContext({
      baseURL, viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC',
    });
    context.setDefaultTimeout(30000);  // a loaded machine (make test runs two at once)
    await context.addInitScript(CSP_LISTENER);
    const page = await context.newPage();
    const p = new Person(name, context, page);
    p.watch(page);
    this.people.push(p);
    return p;
  }

  async close() {
    if (this.browser) await this.browser.close();
  }
}

// The page at 360 and at 1280 px wide, whole, as <name>-<width>.png; the viewport is put back.
export async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const was = page.viewportSize();
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w, height: w === 360 ? 740 : 800 });
    await page.evaluate(() => window.scrollTo(0, 0));  // a sticky header stays on top
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${w}.png`), fullPage: true });
  }
  await page.setViewportSize(was);
}

// ------------------------------------------------------------------ the steps

// A script is a chain of steps (a season: each rests on the ones before). A step fails when
// its function throws or when any person's page wrote an error to its console meanwhile; the
// steps after a failure are reported as skipped, but for those that stand alone
// (stepAlone). On a failure: a screenshot of every person's page (fail-<step>-<person>.png)
// and the errors.
const steps = [];

export function step(name, fn, { alone = false } = {}) {
  steps.push({ name, fn, alone });
}

// A step that rests on no other (but the setup and what it checks itself) and on which no
// other rests: it runs after a failure, and its failure skips none.
export function stepAlone(name, fn) {
  step(name, fn, { alone: true });
}

export async function run({ server, browser }) {
  const started = Date.now();
  const budget = setTimeout(() => {
    console.log(`not ok ${count + 1} - the script's budget of ${BUDGET / 1000} s passed`);
    console.log(`1..${count + 1}`);
    server.kill();
    process.exit(1);
  }, BUDGET);
  // stopped from outside (meson's timeout): no server left behind
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.on(sig, () => {
      server.kill();
      process.exit(1);
    });
  }
  let broken = null;
  for (const s of steps) {
    count += 1;
    if (broken && !s.alone) {
      console.log(`ok ${count} - ${s.name} # SKIP step ${broken} failed`);
      continue;
    }
    const t0 = Date.now();
    let error = null;
    try {
      await s.fn();
    } catch (e) {
      error = e instanceof Failure ? e.message : (e && e.stack) || String(e);
    }
    const console_errors = browser.people.flatMap((p) => p.take());
    if (!error && console_errors.length) error = 'the pages wrote errors to their console';
    if (error) {
      console.log(`not ok ${count} - ${s.name}`);
      console.error(`not ok ${count} - ${s.name}`);
      diag(error);
      for (const e of console_errors) diag(e);
      for (const p of browser.people) {
        try {
          diag(`${p.name} was at ${p.page.url()}`);
          mkdirSync(ARTIFACTS, { recursive: true });
          const file = path.join(ARTIFACTS, `fail-${count}-${p.name}.png`);
          await p.page.screenshot({ path: file, fullPage: true, timeout: 5000 });
          diag(`screenshot: ${file}`);
        } catch (e) {
          diag(`no screenshot of ${p.name}: ${e.message}`);
        }
      }
      failed += 1;
      if (!s.alone) broken = count;
    } else {
      console.log(`ok ${count} - ${s.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  await browser.close();
  const code = await server.stop();
  count += 1;
  const bad = /Sanitizer|runtime error/.test(server.err);
  if (code === 0 && !bad) {
    console.log(`ok ${count} - the server stops on SIGTERM with exit 0`);
  } else {
    console.log(`not ok ${count} - the server stops on SIGTERM with exit 0`);
    diag(`exit ${code}\n${server.err.slice(-3000)}`);
    failed += 1;
  }
  clearTimeout(budget);
  console.log(`1..${count}`);
  diag(`${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${ARTIFACTS}`);
  return failed ? 1 : 0;
}

// Starts the server and the browser, runs the steps, exits with the result.
export async function main(setup) {
  await playwright();
  if (existsSync(ARTIFACTS)) {  // the failures of an earlier run are not this one's
    for (const f of readdirSync(ARTIFACTS)) if (/^fail-/.test(f)) rmSync(path.join(ARTIFACTS, f));
  }
  if (!existsSync(BIN)) {
    console.log(`not ok 1 - the binary ${BIN} exists`);
    console.log('1..1');
    process.exit(1);
  }
  const server = await new Server().start();
  let browser;
  try {
    browser = await new Browser().launch();
    await setup({ server, browser });
  } catch (e) {
    await server.stop();
    if (browser) await browser.close();
    console.log('not ok 1 - the server and the browser start');
    diag((e && e.stack) || String(e));
    console.log('1..1');
    process.exit(1);
  }
  process.exit(await run({ server, browser }));
}

export function readExample(name) {
  return readFileSync(path.join(EXAMPLES, name), 'utf8');
}
