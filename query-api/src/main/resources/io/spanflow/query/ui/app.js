// Entry point: a small router over the History API. Every URL is relative to <base href>,
// so the UI works under --query.base-path unchanged.
import { routePath, navigate, statePanel, h, hasToken, forgetToken } from './util.js';
import { renderSearch, renderResults } from './search.js';
import { renderTracePage, renderTrace } from './trace.js';
import { renderGraph } from './graph.js';
import { renderMonitor } from './monitor.js';
import { renderCompare } from './compare.js';
import { summarize } from './model.js';

const main = document.getElementById('main');
let uploaded = [];

async function route() {
  const path = routePath();
  const page = path.split('/')[0] || 'search';
  for (const a of document.querySelectorAll('.topbar nav a')) {
    a.classList.toggle('active', a.dataset.page === page);
  }
  window.scrollTo(0, 0);
  try {
    if (page === 'search') await renderSearch(main);
    else if (page === 'trace' && path.split('/')[1]) await renderTracePage(main, decodeURIComponent(path.split('/')[1]));
    else if (page === 'dependencies') await renderGraph(main);
    else if (page === 'monitor') await renderMonitor(main);
    else if (page === 'compare') await renderCompare(main);
    else if (page === 'upload') renderUploaded();
    else main.replaceChildren(statePanel('empty', 'No such page', h('p', {}, h('a', { href: 'search' }, 'Go to search'))));
  } catch (e) {
    console.error(e);
    main.replaceChildren(statePanel('error', 'Something went wrong', e.message));
  }
  document.title = 'Spanflow · ' + (page === 'dependencies' ? 'Service graph' : page === 'monitor' ? 'Performance' : page[0].toUpperCase() + page.slice(1));
}

function renderUploaded() {
  if (!uploaded.length) {
    main.replaceChildren(statePanel('empty', 'No file opened', h('p', {}, 'Use “Open JSON” at the top right to view a trace downloaded from Spanflow or Jaeger.')));
  } else if (uploaded.length === 1) {
    renderTrace(main, uploaded[0]);
  } else {
    const results = h('section', { class: 'results upload-results' });
    main.replaceChildren(h('div', { class: 'page-narrow' }, h('h1', {}, 'Traces from file'), results));
    renderResults(results, uploaded.map(summarize), { onOpen: (s) => renderTrace(main, s.raw) });
  }
}

// Same-origin links under the base are handled in-page; modified clicks open new tabs as usual.
document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[href]');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href);
  const base = new URL(document.baseURI);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || a.getAttribute('href').startsWith('#')) return;
  ev.preventDefault();
  navigate(url.pathname.slice(base.pathname.length) + url.search);
});

document.getElementById('goto-trace').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const id = ev.target.elements.id.value.trim().toLowerCase();
  if (/^[0-9a-f]{1,32}$/.test(id)) {
    ev.target.reset();
    navigate('trace/' + id);
  } else {
    ev.target.elements.id.setCustomValidity('A trace ID is 1–32 hex digits');
    ev.target.elements.id.reportValidity();
  }
});
document.querySelector('#goto-trace input').addEventListener('input', (ev) => ev.target.setCustomValidity(''));

document.getElementById('upload-input').addEventListener('change', async (ev) => {
  const file = ev.target.files[0];
  ev.target.value = '';
  if (!file) return;
  try {
    const json = JSON.parse(await file.text());
    const list = Array.isArray(json) ? json : Array.isArray(json.data) ? json.data : [json];
    uploaded = list.filter((t) => t && Array.isArray(t.spans));
    if (!uploaded.length) throw new Error('no traces in it: expected Jaeger JSON such as {"data": [{"traceID", "spans", "processes"}]}');
  } catch (e) {
    navigate('upload');
    main.replaceChildren(statePanel('error', 'Cannot read ' + file.name, e.message));
    return;
  }
  navigate('upload');
});

// "Sign out" forgets the bearer token of this tab; shown only while one is kept.
const signOut = h('button', { type: 'button', class: 'button ghost', id: 'sign-out', hidden: true, title: 'Forget the bearer token of this tab',
  onclick: () => { forgetToken(); location.reload(); } }, 'Sign out');
document.querySelector('.topbar').append(signOut);
const showSignOut = () => { signOut.hidden = !hasToken(); };
window.addEventListener('spanflow:token', showSignOut);
showSignOut();

window.addEventListener('popstate', route);
window.addEventListener('spanflow:navigate', route);
route();
