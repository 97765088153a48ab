// The ClaimQL workspace: the page `claimql serve` serves at /. It speaks only the JSON API
// of the same server (/api/...), so it works offline and needs no build step.
//
// Safety: every text that comes from the server goes into the page through textContent.
// The one exception is the chart: our own server's SVG, parsed with DOMParser and inserted
// as nodes so that its marks (<g class="claim" data-claim="ID">) can be clicked.
'use strict';

const $ = (id) => document.getElementById(id);
const box = $('query');
const HINT = 'Click a row or a chart mark to see where its figure comes from.';

const state = {
  seq: 0,            // the latest run; an older run's answer that arrives late is dropped
  lastQuery: null,   // the last query that ran without error (for the chart and downloads)
  hasClaims: false,  // whether its rows hold claims (only then is there a chart)
  chartSeq: 0, evidenceSeq: 0, completeSeq: 0,
  menu: null,        // the open completion list: {reply, candidates, active}
  leaveOnTab: false, // Escape, then Tab, moves the focus out of the box instead of completing
  planQuery: null,   // the query the visible plan belongs to
};

// ---- helpers -------------------------------------------------------------------

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

// Built with encodeURIComponent, not URLSearchParams: that writes a space as "+", which not
// every server decodes as a space (Foundation's URLComponents does not).
const api = (path, params) => path + '?' + Object.entries(params)
  .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(String(v))).join('&');

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function getJSON(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON: reported as an HTTP error */ }
  if (!res.ok || body === null) throw new ApiError(res.status, body);
  return body;
}

// A value as one line of text: lists joined, objects as JSON, null as nothing.
function show(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(show).join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en') : '?');
const announce = (text) => { $('announce').textContent = text; };

// ---- the header ----------------------------------------------------------------

async function loadSchema() {
  try {
    const s = await getJSON('/api/schema');
    const c = s.counts || {};
    $('counts').textContent = `${fmt(c.entities)} entities · ${fmt(c.documents)} documents · ${fmt(c.claims)} claims`;
    const badge = $('badge');
    badge.textContent = s.writable ? 'writable' : 'read-only';
    badge.title = s.writable ? 'This server accepts loads (with its token)' : 'This server answers queries only';
    badge.classList.toggle('writable', !!s.writable);
    badge.hidden = false;
  } catch (e) {
    $('counts').textContent = 'Could not read the graph: ' + e.message;
  }
}

// ---- running a query -----------------------------------------------------------

async function run(q = box.value) {
  if (!q.trim()) return;
  closeMenu();
  const seq = ++state.seq;
  document.body.dataset.state = 'running';
  $('status').textContent = 'Running…';
  // The address bar always holds the query, so the page can be bookmarked or shared.
  history.replaceState(null, '', '?q=' + encodeURIComponent(q));
  let env;
  try {
    env = await getJSON(api('/api/query', { q }));
  } catch (e) {
    if (seq === state.seq) { showError(e, true); finish(seq, 'error'); }
    return;
  }
  if (seq !== state.seq) return;
  clearResults();
  const rows = env.rows || [], rowClaims = env.row_claims || [];
  state.lastQuery = q;
  state.hasClaims = rowClaims.some((ids) => ids && ids.length > 0);
  if (env.is_count) {
    $('status').textContent = `count = ${fmt(rows[0] ? rows[0].count : env.count)}`;
  } else {
    const n = typeof env.count === 'number' ? env.count : rows.length;
    $('status').textContent = `${fmt(n)} row${n === 1 ? '' : 's'}`;
    renderTable(env.columns || [], rows, rowClaims);
  }
  if (typeof env.elapsed_ms === 'number') $('elapsed').textContent = `in ${env.elapsed_ms.toFixed(1)} ms`;
  const warnings = env.warnings || [];
  for (const w of warnings) $('warnings').appendChild(el('pre', null, w.rendered || w.message));
  $('warnings').hidden = warnings.length === 0;
  if (q !== state.planQuery) $('plan').hidden = true;
  updateDownloads();
  finish(seq, 'done');
  loadChart();
}

// Tests (and curious people) tell one finished run from the next by <body data-done>.
function finish(seq, how) {
  document.body.dataset.state = how;
  document.body.dataset.done = String(seq);
}

function clearResults() {
  hideError();
  for (const id of ['results', 'warnings', 'chart']) $(id).replaceChildren();
  $('status').textContent = $('elapsed').textContent = '';
  $('warnings').hidden = $('downloads').hidden = true;
  $('chart').dataset.state = 'empty';
  $('evidence').replaceChildren(el('p', 'dim', HINT));
  state.chartSeq++; state.evidenceSeq++; // a chart or evidence still loading for the old result is dropped
  state.lastQuery = null;
  state.hasClaims = false;
}

function renderTable(columns, rows, rowClaims) {
  const table = $('results');
  const head = table.createTHead().insertRow();
  for (const c of columns) head.appendChild(el('th', null, c)).scope = 'col';
  const body = table.createTBody();
  rows.forEach((row, i) => {
    const tr = body.insertRow();
    const ids = rowClaims[i] || [];
    tr.className = ids.length ? 'row has-claims' : 'row';
    tr.dataset.claims = ids.join(' ');
    if (ids.length) tr.tabIndex = 0; // Enter on a row opens its evidence, as a click does
    for (const c of columns) tr.appendChild(cell(row[c]));
  });
}

function cell(v) {
  if (v === null || v === undefined) return el('td', 'null');
  const td = typeof v === 'object' ? el('td', 'json', JSON.stringify(v))
                                   : el('td', typeof v === 'number' ? 'num' : null, v);
  if (td.textContent.length > 40) td.title = td.textContent; // long cells are cut short by the CSS
  return td;
}

function updateDownloads() {
  const q = state.lastQuery;
  for (const f of ['csv', 'jsonl', 'json']) $('dl-' + f).href = api('/api/query', { q, format: f });
  $('dl-svg').href = api('/api/query', { q, format: 'svg', scale: $('scale').value });
  $('dl-svg').hidden = !state.hasClaims;
  $('downloads').hidden = false;
}

// ---- errors --------------------------------------------------------------------

// The server's diagnostics carry `rendered`: the CLI's text, with the query line and a caret
// under the offending part, which says more than any highlighting here could.
function showError(e, clear) {
  if (clear) clearResults();
  const pane = $('error');
  const err = e instanceof ApiError && e.body && e.body.error;
  const kind = err && err.kind ? `${err.kind} error` : (e instanceof ApiError ? 'error' : 'network error');
  const diags = (err && err.diagnostics) || [];
  pane.replaceChildren(el('strong', null, kind.charAt(0).toUpperCase() + kind.slice(1)),
    diags.length ? el('pre', null, diags.map((d) => d.rendered || d.message).join('\n')) : el('p', null, e.message));
  pane.hidden = false;
}

function hideError() {
  $('error').hidden = true;
  $('error').replaceChildren();
}

// ---- the chart -----------------------------------------------------------------

async function loadChart() {
  const chart = $('chart');
  const seq = ++state.chartSeq;
  if (!state.lastQuery || !state.hasClaims) { chart.replaceChildren(); chart.dataset.state = 'empty'; return; }
  chart.dataset.state = 'loading';
  try {
    const res = await fetch(api('/api/query', { q: state.lastQuery, format: 'svg', scale: $('scale').value }));
    const text = await res.text();
    if (seq !== state.chartSeq) return;
    if (!res.ok) {
      let message = `HTTP ${res.status}`;
      try { message = JSON.parse(text).error.message || message; } catch (_) { /* keep the status */ }
      throw new Error(message);
    }
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = doc.documentElement;
    if (svg.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) throw new Error('not valid SVG');
    for (const g of svg.querySelectorAll('g.claim')) {
      g.setAttribute('tabindex', '0'); // marks open their evidence by keyboard too
      g.setAttribute('role', 'button');
    }
    chart.replaceChildren(document.importNode(svg, true));
    chart.dataset.state = 'done';
  } catch (e) {
    if (seq !== state.chartSeq) return;
    chart.replaceChildren(el('p', 'dim', 'No chart: ' + e.message));
    chart.dataset.state = 'error';
  }
}

// ---- evidence ------------------------------------------------------------------

function select(nodes) {
  for (const n of document.querySelectorAll('.selected')) n.classList.remove('selected');
  for (const n of nodes) n.classList.add('selected');
}

// One card per claim: a row of a conflict or a revision holds two, and both are shown.
async function showEvidence(ids) {
  const seq = ++state.evidenceSeq;
  const panel = $('evidence');
  panel.replaceChildren(el('p', 'dim', 'Loading evidence…'));
  const shown = ids.slice(0, 10);
  const answers = await Promise.all(shown.map((id) => getJSON(api('/api/evidence', { claim: id }))
    .then((body) => card(id, body), (e) => el('p', 'error-text', `${id}: ${e.message}`))));
  if (seq !== state.evidenceSeq) return;
  panel.replaceChildren(...(ids.length > 1 ? [el('p', 'dim', `This row holds ${ids.length} claims.`)] : []), ...answers);
  panel.dataset.claims = shown.join(' ');
}

function card(id, body) {
  const claim = body.claim || {};
  const article = el('article', 'card');
  article.appendChild(el('h2', null, id));
  const statement = [claim.subject, claim.predicate, claim.object].map(show).filter(Boolean).join(' ');
  if (statement) article.appendChild(el('p', 'statement', statement));
  for (const ev of (body.evidence && body.evidence.length ? body.evidence : [{}])) {
    const dl = article.appendChild(el('dl'));
    const field = (name, value) => { if (show(value)) dl.append(el('dt', null, name), el('dd', null, show(value))); };
    field('Figure', [show(ev.figure ?? claim.qty), show(claim.unit)].filter(Boolean).join(' '));
    field('Source', ev.source ?? claim.source);
    field('Date', ev.date ?? claim.date);
    const doc = show(ev.doc ?? claim.doc);
    field('Document', doc && ev.publisher ? `${doc} (${show(ev.publisher)})` : doc);
    field('Also in', ev.also_in);
    field('Matched', ev.matched);
    const quote = show(ev.quote ?? claim.quote);
    if (quote) article.appendChild(el('blockquote', null, `“${quote}”`));
    if (ev.context) article.appendChild(context(show(ev.context), quote));
  }
  return article;
}

// The sentence around the quote, with the quote marked (built from text nodes, not HTML).
function context(text, quote) {
  const p = el('p', 'context');
  const at = quote ? text.indexOf(quote) : -1;
  if (at < 0) p.textContent = text;
  else p.append(text.slice(0, at), el('mark', null, quote), text.slice(at + quote.length));
  return p;
}

function openRow(tr) {
  const ids = tr.dataset.claims.split(' ').filter(Boolean);
  if (!ids.length) return;
  select([tr]);
  showEvidence(ids);
}

function openMark(g) {
  const id = g.getAttribute('data-claim');
  const rows = [...document.querySelectorAll('#results tr.row')].filter((tr) => tr.dataset.claims.split(' ').includes(id));
  select([g, ...rows]);
  showEvidence([id]);
}

// ---- completion ----------------------------------------------------------------

async function complete() {
  const text = box.value, cursor = box.selectionStart;
  const seq = ++state.completeSeq;
  let reply;
  try {
    reply = await getJSON(api('/api/complete', { text, cursor }));
  } catch (e) {
    return announce('Completion failed: ' + e.message);
  }
  // Drop an answer for text that has changed since it was asked for.
  if (seq !== state.completeSeq || box.value !== text || box.selectionStart !== cursor) return;
  const candidates = reply.candidates || [];
  if (candidates.length === 0) announce('No completions');
  else if (candidates.length === 1) insert(reply, candidates[0]);
  else openMenu(reply, candidates);
}

// Replace the word from reply.start to the cursor; inside a string, close the quote too.
function insert(reply, candidate) {
  const cursor = box.selectionStart;
  let word = candidate, end = cursor;
  if (reply.in_string) {
    // A bare name is escaped as a ClaimQL string; one that already has its quotes is kept.
    word = !word.startsWith('"') ? word.replace(/[\\"]/g, '\\$&') + '"'
         : word.length > 1 && word.endsWith('"') ? word : word + '"';
    if (box.value[cursor] === '"') end++; // the string was closed already: don't double the quote
  }
  box.setRangeText(word, Math.max(0, Math.min(reply.start, cursor)), end, 'end');
  closeMenu();
  box.focus();
}

function openMenu(reply, candidates) {
  $('completions').replaceChildren(...candidates.map((c, i) => {
    const li = el('li', 'completion', c);
    li.id = 'completion-' + i;
    li.setAttribute('role', 'option');
    li.dataset.index = String(i);
    return li;
  }));
  state.menu = { reply, candidates, active: 0 };
  $('completions').hidden = false;
  box.setAttribute('aria-expanded', 'true');
  setActive(0);
  announce(`${candidates.length} completions`);
}

function setActive(i) {
  const m = state.menu;
  m.active = (i + m.candidates.length) % m.candidates.length;
  for (const li of $('completions').children) {
    const on = Number(li.dataset.index) === m.active;
    li.setAttribute('aria-selected', String(on));
    if (on) li.scrollIntoView({ block: 'nearest' });
  }
  box.setAttribute('aria-activedescendant', 'completion-' + m.active);
}

function closeMenu() {
  state.menu = null;
  $('completions').hidden = true;
  $('completions').replaceChildren();
  box.setAttribute('aria-expanded', 'false');
  box.removeAttribute('aria-activedescendant');
}

// ---- explain -------------------------------------------------------------------

async function explain() {
  const q = box.value;
  if (!q.trim()) return;
  try {
    const r = await getJSON(api('/api/explain', { q }));
    hideError();
    $('plan').textContent = r.plan;
    $('plan').hidden = false;
    state.planQuery = q;
  } catch (e) {
    $('plan').hidden = true;
    showError(e, false); // a query that cannot be planned leaves the last results in place
  }
}

// ---- wiring --------------------------------------------------------------------

box.addEventListener('keydown', (e) => {
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey;
  if (state.menu) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      return setActive(state.menu.active + (e.key === 'ArrowDown' ? 1 : -1));
    }
    if ((e.key === 'Enter' || e.key === 'Tab') && plain) {
      e.preventDefault();
      return insert(state.menu.reply, state.menu.candidates[state.menu.active]);
    }
    if (e.key === 'Escape') { e.preventDefault(); return closeMenu(); }
  }
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); return run(); }
  if ((e.key === 'Tab' && plain && !state.leaveOnTab) || (e.key === ' ' && e.ctrlKey)) {
    e.preventDefault();
    return complete();
  }
  state.leaveOnTab = e.key === 'Escape';
});
box.addEventListener('input', closeMenu);
box.addEventListener('blur', closeMenu);

// Without this, mousedown would take the focus from the box (closing the list) before the click.
$('completions').addEventListener('mousedown', (e) => e.preventDefault());
$('completions').addEventListener('click', (e) => {
  const li = e.target.closest('li.completion');
  if (li && state.menu) insert(state.menu.reply, state.menu.candidates[Number(li.dataset.index)]);
});

$('run').addEventListener('click', () => run());
$('explain').addEventListener('click', explain);
$('scale').addEventListener('change', () => { if (state.lastQuery) { updateDownloads(); loadChart(); } });

// Rows and chart marks open their evidence on a click, or on Enter or Space when focused.
function activate(container, selector, open) {
  container.addEventListener('click', (e) => { const t = e.target.closest(selector); if (t) open(t); });
  container.addEventListener('keydown', (e) => {
    const t = e.target.closest(selector);
    if (t && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); open(t); }
  });
}
activate($('results'), 'tr.row', openRow);
activate($('chart'), 'g.claim', openMark);

// Examples are real links (?q=...), so they open in a new tab too; a plain click runs in place.
for (const a of document.querySelectorAll('a.example')) {
  a.addEventListener('click', (e) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    box.value = new URL(a.href).searchParams.get('q') || '';
    run();
  });
}

loadSchema();
const initial = new URLSearchParams(location.search).get('q');
if (initial) { box.value = initial; run(initial); }
