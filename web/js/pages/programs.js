// A brand's programs: the list with their verdicts, the YAML editor (new and edit), and the
// reports of one program (programs-report.js), its factories and the RFQ to send
// (programs-match.js).
import * as ui from '../ui.js';
import { EXAMPLE_YAML } from './programs-example.js';
import { programForm } from './programs-form.js';
import { programHead, dataTable, section } from './programs-common.js';
import { renderReadiness, renderCost, renderPlan } from './programs-report.js';
import { renderMatches, renderRfq } from './programs-match.js';
import { asMember, canWrite, writes, READ_ONLY } from './ledger-common.js';

const h = ui.h;

// ---- the list ----

async function renderList(ctx) {
  const { programs } = await ctx.api.get('/api/programs');
  const page = h('div', { class: 'page programs-page programs' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Programs'),
      writes() ? h('p', { class: 'actions' }, h('a', { href: '/programs/new', class: 'button' }, 'New program'))
        : h('p', { class: 'hint read-only' }, READ_ONLY)));
  if (!programs.length) {
    page.append(ui.empty('Upload your first program',
      'A program is one YAML file: your brand, the styles, quantities, prices and the launch ' +
      'date. selvedge checks it the way a factory would read it, costs it and plans it.',
      writes() ? h('p', { class: 'actions empty-actions' },
        h('a', { href: '/programs/new', class: 'button' }, 'Upload your first program'), ' ',
        h('a', { href: '/programs/new?example=1' }, 'Start from the example format')) : null));
    return page;
  }
  const rows = [...programs]
    .sort((a, b) => (b.updated || 0) - (a.updated || 0))
    .map((p) => [
      h('a', { href: `/programs/${p.id}` }, p.name || `Program ${p.id}`),
      p.verdict ? ui.badge(p.verdict) : h('span', { class: 'muted' }, 'not judged'),
      p.score == null ? '—' : `${p.score} / 100`,
      ui.date(new Date((p.updated || p.created) * 1000)),
      h('span', { class: 'row-links' },
        h('a', { href: `/programs/${p.id}/cost`, 'aria-label': `Cost sheet of ${p.name}` }, 'Cost'), ' · ',
        h('a', { href: `/programs/${p.id}/plan`, 'aria-label': `Calendar of ${p.name}` }, 'Calendar'), ' · ',
        h('a', { href: `/programs/${p.id}/matches`, 'aria-label': `Factories for ${p.name}` }, 'Factories')),
    ]);
  page.append(dataTable('Your programs, the last updated first',
    ['Program', 'Verdict', 'Readiness score', 'Updated', 'Open'], rows, { numeric: [2] }));
  page.append(h('p', { class: 'muted' }, 'The verdict and score are those of the day the file was ' +
    'last uploaded; open a program for today\'s report. ',
    h('a', { href: '/programs/new?example=1' }, 'See the example format')));
  return page;
}

// ---- the editor ----

// A textarea with its line numbers beside it, kept in step as it scrolls and grows.
function yamlEditor(text) {
  const area = h('textarea', {
    id: 'program-yaml', name: 'yaml', rows: '24', spellcheck: 'false', autocapitalize: 'off',
    autocomplete: 'off', wrap: 'off', class: 'code', 'aria-describedby': 'program-yaml-hint',
  });
  area.value = text;
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  let marked = 0;
  const renumber = () => {
    const n = area.value.split('\n').length;
    if (gutter.childElementCount !== n) {
      const nums = [];
      for (let i = 1; i <= n; i++) nums.push(h('span', {}, String(i)));
      gutter.replaceChildren(...nums);
      if (marked) mark(marked);
    }
    gutter.scrollTop = area.scrollTop;
  };
  const mark = (line) => {
    for (const s of gutter.querySelectorAll('.error-line')) s.classList.remove('error-line');
    marked = line || 0;
    const s = line ? gutter.children[line - 1] : null;
    if (s) s.classList.add('error-line');
  };
  area.addEventListener('input', renumber);
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  renumber();
  const wrap = h('div', { class: 'editor' }, gutter, area);
  return { wrap, area, renumber, mark };
}

// Selects line (1-based) of the textarea and scrolls it into view.
function goToLine(area, line, column) {
  const lines = area.value.split('\n');
  const at = Math.min(Math.max(line, 1), lines.length);
  let start = 0;
  for (let i = 0; i < at - 1; i++) start += lines[i].length + 1;
  const end = start + lines[at - 1].length;
  area.focus();
  area.setSelectionRange(column ? Math.min(start + column - 1, end) : start, end);
  const lh = parseFloat(getComputedStyle(area).lineHeight) || 20;
  area.scrollTop = Math.max(0, (at - 3) * lh);
  area.dispatchEvent(new Event('scroll'));
}

async function renderEditor(ctx) {
  const id = ctx.params.id;
  let row = null;
  let text = '';
  if (id) {
    row = await ctx.api.get(`/api/programs/${id}`);
    text = row.yaml || '';
  } else if (ctx.query.get('example') === '1') {
    text = EXAMPLE_YAML;
  }
  const ed = yamlEditor(text);
  const errors = h('div', { id: 'program-errors', 'aria-live': 'assertive' });
  const picker = h('input', { id: 'program-file', type: 'file', class: 'input', accept: '.yaml,.yml,text/yaml,application/yaml' });
  picker.addEventListener('change', async () => {
    const f = picker.files && picker.files[0];
    if (!f) return;
    ed.area.value = await f.text();
    ed.area.removeAttribute('aria-invalid');
    ed.mark(0);
    errors.replaceChildren();
    ed.renumber();
    ui.announce(`${f.name} read into the editor: ${ed.area.value.split('\n').length} lines`);
  });
  const example = h('button', { type: 'button', class: 'button secondary' }, 'Use the example format');
  example.addEventListener('click', async () => {
    if (ed.area.value.trim() && !(await ui.confirm(
      'Replace what is in the editor with the example program?', 'Replace'))) return;
    ed.area.value = EXAMPLE_YAML;
    ed.renumber();
    ed.area.focus();
  });
  const save = h('button', { type: 'submit', class: 'button' }, id ? 'Save changes' : 'Save program');
  const form = h('form', { class: 'form program-form', novalidate: '' },
    h('div', { class: 'field' },
      h('label', { for: 'program-file' }, 'Open a program file'), picker,
      h('p', { class: 'hint' }, 'A .yaml file from your computer; it replaces what is in the editor ' +
        'below, and nothing is sent until you save.')),
    h('div', { class: 'field' },
      h('label', { for: 'program-yaml' }, 'Program file (YAML)'),
      h('p', { id: 'program-yaml-hint', class: 'hint' },
        'Money in your currency (18.50), countries as codes (PT), dates as YYYY-MM-DD. ',
        'An error names its line and field, and the line is marked.'),
      ed.wrap),
    errors,
    h('div', { class: 'actions' }, save, example,
      h('a', { href: id ? `/programs/${id}` : '/programs', class: 'button secondary' }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    ed.area.removeAttribute('aria-invalid');
    ed.mark(0);
    const body = ed.area.value;
    if (!body.trim()) {
      const err = { message: 'The file is empty: paste a program, open a file, or use the example.' };
      errors.append(ui.errorBox(err));
      ed.area.setAttribute('aria-invalid', 'true');
      ed.area.focus();
      return;
    }
    const req = id
      ? ctx.api.send('PUT', `/api/programs/${id}`, body, 'application/yaml')
      : ctx.api.send('POST', '/api/programs', body, 'application/yaml');
    ui.busy(save, req.then((res) => {
      ui.announce(`Saved: ${res.name}, ${res.verdict || 'not judged'}, score ${res.score}`);
      ctx.go(`/programs/${res.id || id}`);
    }).catch((err) => {
      errors.append(ui.errorBox(err));
      if (err.status === 401) throw err;
      ed.area.setAttribute('aria-invalid', 'true');
      ed.area.setAttribute('aria-describedby', 'program-errors program-yaml-hint');
      if (err.line) {
        ed.mark(err.line);
        goToLine(ed.area, err.line, err.column);
      } else {
        ed.area.focus();
      }
    }));
  });
  const head = id
    ? programHead(id, row.name, 'edit', 'Edit')
    : h('div', { class: 'program-head' },
      h('p', { class: 'crumbs' }, h('a', { href: '/programs' }, 'Programs')),
      h('h1', {}, 'New program'));
  const intro = id ? null : h('p', {},
    'Paste your program file, open it from your computer, or start from the example and ' +
    'change it. ', h('a', { href: '/programs/new?example=1' }, 'See the example format'), '.');
  const fromForm = id ? null : programForm(async (yaml) => {
    if (ed.area.value.trim() && ed.area.value !== yaml && !(await ui.confirm(
      'Replace what is in the editor with the file the form wrote?', 'Replace'))) return;
    ed.area.value = yaml;
    ed.area.removeAttribute('aria-invalid');
    ed.mark(0);
    errors.replaceChildren();
    ed.renumber();
    ed.area.focus();
    ed.area.setSelectionRange(0, 0);
    ui.announce('The form wrote the program file into the editor: check it, then save it.');
  });
  return h('div', { class: 'page programs-page program-editor' }, head, intro,
    fromForm, section(id ? 'The program file' : 'Your program file', form));
}

// The pages that only write (the editor, the RFQ form): a viewer gets a page that says why.
function writing(render) {
  return (ctx) => (canWrite(ctx.me) ? render(ctx)
    : h('div', { class: 'page programs-page' }, h('h1', {}, 'Programs'),
      h('p', { class: 'lead read-only' }, READ_ONLY),
      h('p', {}, h('a', { href: ctx.params.id ? `/programs/${ctx.params.id}` : '/programs' }, 'Back to the program'))));
}

export const routes = asMember([
  { path: '/programs', title: 'Programs', side: 'brand', render: renderList },
  { path: '/programs/new', title: 'New program', side: 'brand', render: writing(renderEditor) },
  { path: '/programs/:id', title: 'Readiness', side: 'brand', render: renderReadiness },
  { path: '/programs/:id/edit', title: 'Edit program', side: 'brand', render: writing(renderEditor) },
  { path: '/programs/:id/cost', title: 'Cost sheet', side: 'brand', render: renderCost },
  { path: '/programs/:id/plan', title: 'T&A calendar', side: 'brand', render: renderPlan },
  { path: '/programs/:id/matches', title: 'Matching factories', side: 'brand', render: renderMatches },
  { path: '/programs/:id/rfq', title: 'Send an RFQ', side: 'brand', render: writing(renderRfq) },
]);
