// The browser tests' tools alone, without selvedge: playwright-core drives Debian's chromium,
// finds a control by its label and a button by its name, and draws the page. Run after
// `make deps` to see that a machine can run tests/browser/ (node tests/browser/smoke.mjs).
import { Browser, check, diag } from './harness.mjs';

const browser = await new Browser().launch();
const p = await browser.person('smoke');
const out = [];
try {
  await p.page.setContent('<main><h1>Log in</h1><label for="e">Email</label>' +
    '<input id="e" type="email"><button type="button">Log in</button></main>');
  await p.page.getByLabel('Email').fill('ana@northline.example');
  check(await p.page.getByRole('button', { name: 'Log in' }).count() === 1, 'the button by name');
  check(await p.page.getByLabel('Email').inputValue() === 'ana@northline.example', 'the field');
  const png = await p.page.screenshot();
  check(png.length > 1000, 'a screenshot', png.length);
  out.push(`ok 1 - chromium ${browser.browser.version()} driven by playwright-core, on node ${process.version}`);
} catch (e) {
  out.push('not ok 1 - chromium driven by playwright-core');
  diag(e.stack || e);
}
// what fails a page: an inline script under the server's kind of CSP, a console error
try {
  p.take();
  await p.page.setContent('<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">' +
    '<h1>x</h1><script>document.title = "ran"</script>');
  await p.page.evaluate(() => console.error('boom'));
  await p.page.waitForTimeout(200);
  const errors = p.take();
  check(await p.page.title() !== 'ran', 'the inline script did not run');
  check(errors.some((e) => /Content Security Policy|CSP violation/.test(e)), 'the CSP violation is caught', errors);
  check(errors.some((e) => /console error .*boom/.test(e)), 'the console error is caught', errors);
  out.push('ok 2 - a CSP violation and a console error are caught');
} catch (e) {
  out.push('not ok 2 - a CSP violation and a console error are caught');
  diag(e.stack || e);
}
await browser.close();
console.log(out.join('\n'));
console.log(`1..${out.length}`);
process.exit(out.every((l) => l.startsWith('ok')) ? 0 : 1);
