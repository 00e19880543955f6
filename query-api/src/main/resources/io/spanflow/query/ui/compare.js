// Compare: two traces by (service, operation): what one has that the other lacks, and span counts.
import { buildTrace } from './model.js';
import { api, h, navigate, statePanel, fmtDuration, serviceColor, shortId } from './util.js';

export async function renderCompare(main) {
  const q = new URLSearchParams(location.search);
  const a = (q.get('a') || '').trim(), b = (q.get('b') || '').trim();
  const body = h('div', { class: 'compare-body' });
  const form = h('form', { class: 'compare-form', autocomplete: 'off', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(form);
    navigate('compare?' + new URLSearchParams({ a: f.get('a').trim(), b: f.get('b').trim() }));
  } },
  h('input', { name: 'a', value: a, placeholder: 'Trace A ID', spellcheck: 'false', required: true }),
  h('span', { class: 'muted' }, 'vs'),
  h('input', { name: 'b', value: b, placeholder: 'Trace B ID', spellcheck: 'false', required: true }),
  h('button', { class: 'button primary', type: 'submit' }, 'Compare'));
  main.replaceChildren(h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', {}, 'Compare traces'), h('span', { class: 'spacer' }), form), body));
  if (!a || !b) {
    body.replaceChildren(statePanel('empty', 'Enter two trace IDs', h('p', {}, 'See which service operations one trace has that the other lacks, and how span counts and durations differ. Copy IDs from search results or a trace page.')));
    return;
  }
  body.replaceChildren(statePanel('loading', 'Loading both traces…'));
  let ta, tb;
  try {
    [ta, tb] = await Promise.all([a, b].map(async (id) => buildTrace((await api('api/traces/' + encodeURIComponent(id)))[0])));
  } catch (e) {
    body.replaceChildren(statePanel('error', 'Cannot load both traces', e.message));
    return;
  }
  const group = (m) => {
    const g = new Map();
    for (const n of m.order) {
      const k = n.service + '\u0000' + n.span.operationName;
      const e = g.get(k) || { service: n.service, op: n.span.operationName, count: 0, total: 0 };
      e.count++;
      e.total += n.duration;
      g.set(k, e);
    }
    return g;
  };
  const ga = group(ta), gb = group(tb);
  const keys = [...new Set([...ga.keys(), ...gb.keys()])];
  const rows = keys.map((k) => ({ k, a: ga.get(k), b: gb.get(k) }))
    .sort((x, y) => rank(x) - rank(y) || (x.a || x.b).service.localeCompare((y.a || y.b).service));
  const onlyA = rows.filter((r) => !r.b).length, onlyB = rows.filter((r) => !r.a).length;
  body.replaceChildren(
    h('div', { class: 'compare-summary' },
      side('A', a, ta), side('B', b, tb)),
    h('p', {}, h('span', { class: 'pill removed' }, onlyA + ' only in A'), ' ', h('span', { class: 'pill added' }, onlyB + ' only in B'), ' ', h('span', { class: 'pill' }, rows.length - onlyA - onlyB + ' in both')),
    h('table', { class: 'table card' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Service'), h('th', {}, 'Operation'), h('th', { class: 'num' }, 'Spans A'), h('th', { class: 'num' }, 'Spans B'), h('th', { class: 'num' }, 'Time A'), h('th', { class: 'num' }, 'Time B'))),
      h('tbody', {}, rows.map((r) => {
        const e = r.a || r.b;
        return h('tr', { class: !r.b ? 'removed' : !r.a ? 'added' : r.a.count !== r.b.count ? 'changed' : '' },
          h('td', {}, h('span', { class: 'svc-dot', style: { background: serviceColor(e.service) } }), e.service),
          h('td', {}, e.op),
          h('td', { class: 'num' }, r.a ? r.a.count : '–'), h('td', { class: 'num' }, r.b ? r.b.count : '–'),
          h('td', { class: 'num' }, r.a ? fmtDuration(r.a.total) : '–'), h('td', { class: 'num' }, r.b ? fmtDuration(r.b.total) : '–'));
      }))));
}

function rank(r) {
  return !r.b ? 0 : !r.a ? 1 : r.a.count !== r.b.count ? 2 : 3;
}

function side(label, id, m) {
  return h('div', { class: 'card compare-side' },
    h('div', { class: 'muted' }, 'Trace ' + label),
    h('a', { href: 'trace/' + id }, h('b', {}, m.root ? m.root.service + ': ' + m.root.span.operationName : shortId(id))),
    h('div', {}, m.order.length + ' spans · ' + fmtDuration(m.duration) + ' · ' + m.services.size + ' services' + (m.errors ? ' · ' + m.errors + ' errors' : '')));
}
