// The capability file (examples/factories.yaml) a factory's profile form sends to
// PUT /api/org/profile: currency USD and one factory. Every string is written as a JSON
// string, which is a valid YAML double-quoted scalar: nothing a person types (a colon, a
// '#', a quote, a newline, "yes") can change the file's structure. A figure is written bare
// only when it is one (digits, a point); anything else goes as a string, so the server
// refuses it at its field (422 with the field) instead of the file being misread.
// Pure: no DOM, so it runs under node too.

const q = (s) => JSON.stringify(String(s));

const INT = /^\d{1,12}$/;
const DECIMAL = /^\d{1,12}(\.\d{1,4})?$/;

// A figure's text as YAML: bare when it matches re, else a (refused) string; null for none.
function figure(v, re) {
  if (v == null) return null;
  const s = String(v).trim();
  if (s === '') return null;
  return re.test(s) ? s : q(s);
}

const list = (items) => `[${items.map(q).join(', ')}]`;

// p: {handle, name, country, categories[], constructions[], tiers[], moq: {per_style,
// per_color, per_order}, prices: {category: [low, high]} (USD text as typed), lead_days:
// {sampling, production}, monthly_capacity, sample_fee (USD), deposit_pct, certifications[]
// (known and other names), new_brands (true, false or null)}. Empty values are left out (a
// figure left out is unknown).
export function profileYaml(p) {
  const out = ['currency: "USD"', 'factories:'];
  const add = (key, value, indent = '    ') => {
    if (value != null && value !== '') out.push(`${indent}${key}: ${value}`);
  };
  out.push(`  - name: ${q(p.name || '')}`);
  if (p.handle) add('id', q(p.handle));
  add('country', q(p.country || ''));
  if (p.categories && p.categories.length) add('categories', list(p.categories));
  if (p.constructions && p.constructions.length) add('constructions', list(p.constructions));
  if (p.tiers && p.tiers.length) add('tiers', list(p.tiers));
  const moq = ['per_style', 'per_color', 'per_order']
    .map((k) => [k, figure(p.moq && p.moq[k], INT)]).filter(([, v]) => v != null);
  if (moq.length) {
    out.push('    moq:');
    for (const [k, v] of moq) add(k, v, '      ');
  }
  const prices = Object.entries(p.prices || {})
    .map(([cat, [lo, hi]]) => [cat, figure(lo, DECIMAL), figure(hi, DECIMAL)])
    .filter(([, lo, hi]) => lo != null || hi != null);
  if (prices.length) {
    out.push('    prices:');
    // a band is two figures: one left empty is sent as "" so the server names the field
    for (const [cat, lo, hi] of prices) add(q(cat), `[${lo ?? '""'}, ${hi ?? '""'}]`, '      ');
  }
  const lead = ['sampling', 'production']
    .map((k) => [k, figure(p.lead_days && p.lead_days[k], INT)]).filter(([, v]) => v != null);
  if (lead.length) {
    out.push('    lead_days:');
    for (const [k, v] of lead) add(k, v, '      ');
  }
  add('monthly_capacity', figure(p.monthly_capacity, INT));
  add('sample_fee', figure(p.sample_fee, DECIMAL));
  add('deposit_pct', figure(p.deposit_pct, DECIMAL));
  if (p.certifications && p.certifications.length) add('certifications', list(p.certifications));
  if (p.new_brands === true || p.new_brands === false) add('new_brands', String(p.new_brands));
  return out.join('\n') + '\n';
}

// "factories[pt-x].moq.per_style" -> "moq.per_style"; "factories[0].certifications[2]" ->
// "certifications"; "currency" stays. The name of the form's control an error is about.
export function fieldOfError(field) {
  if (!field) return null;
  let f = String(field).replace(/^factories\[[^\]]*\]\.?/, '');
  f = f.replace(/\[\d+\]$/, '');
  if (/^prices\.[^.]+$/.test(f)) f += '.low';
  return f || 'factories';
}

// Minor units (cents) -> the text of a USD figure for a form ("4.5" for 450); '' for null.
export function usd(cents) {
  if (cents == null) return '';
  const n = Number(cents);
  return (n / 100).toFixed(2);
}

// Basis points -> a percent's text (3000 -> "30"); '' for null.
export function pct(bp) {
  if (bp == null) return '';
  const n = Number(bp) / 100;
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
