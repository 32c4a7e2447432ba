// The catalogue explorer: a frontend that knows nothing but the public GraphQL API at /graphql,
// as a third party's would. Plain ES module, no dependencies, no build step.

const ENDPOINT = '/graphql';
const PAGE_SIZE = 10;
const SUGGEST_DELAY_MS = 150;

const $ = (selector) => document.querySelector(selector);
const form = $('#search-form');
const input = $('#search-input');
const suggestionList = $('#suggestions');
const statusLine = $('#status');
const cardList = $('#cards');
const loadMore = $('#load-more');
const activeFilters = $('#active-filters');
const topicFacet = $('#topic-facet');
const codeFacet = $('#code-facet');
const chart = $('#chart');

/** What the visitor asked for; mirrored in the address bar so a view can be shared or reloaded. */
const state = { q: '', topic: null, repository: null, hasCode: null };
/** Which optional parts of the API this server offers (found by introspection). */
const features = { facets: false, suggest: false };
let endCursor = null;
let generation = 0; // answers to superseded requests are dropped

// --- GraphQL over HTTP ------------------------------------------------------------------------

async function graphql(query, variables) {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => null);
  if (!body || body.errors?.length) {
    const message = body?.errors?.[0]?.message ?? `HTTP ${response.status}`;
    throw Object.assign(new Error(message), { code: body?.errors?.[0]?.extensions?.code });
  }
  return body.data;
}

async function detectFeatures() {
  try {
    const data = await graphql(`{
      query: __type(name: "Query") { fields { name } }
      search: __type(name: "SearchConnection") { fields { name } }
    }`);
    const names = (type) => new Set((type?.fields ?? []).map((field) => field.name));
    features.suggest = names(data.query).has('suggest');
    features.facets = names(data.search).has('facets');
  } catch {
    // Without introspection the explorer still searches and pages; it only loses the extras.
  }
}

const PAPER_FIELDS = `id title url arxivId publishedAt abstract
  authors { name }
  topics { slug name parent { slug } }
  codeLinks { isOfficial framework repository { fullName url stars } }`;

const FACET_FIELDS = `facets {
  topics(first: 12) { values { count topic { slug name } } }
  years(first: 30) { values { year count } }
  hasCode { withCode withoutCode }
}`;

function listQuery(searching, withFacets) {
  const facets = withFacets ? FACET_FIELDS : '';
  return searching
    ? `query Search($q: String!, $filter: PaperFilter, $first: Int!, $after: String) {
        list: search(query: $q, filter: $filter, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { snippet { title abstract } node { ${PAPER_FIELDS} } }
          ${facets}
        }
      }`
    : `query Browse($filter: PaperFilter, $first: Int!, $after: String) {
        list: papers(filter: $filter, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node { ${PAPER_FIELDS} } }
          ${facets}
        }
      }`;
}

function currentFilter() {
  const filter = {};
  if (state.topic) filter.topic = state.topic.slug;
  if (state.repository) filter.repository = state.repository;
  if (state.hasCode !== null) filter.hasCode = state.hasCode;
  return filter;
}

// --- Safe rendering -------------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/**
 * Snippets come HTML-escaped with matches in <mark>. They are still checked before use as HTML:
 * only escaped text and <mark> pairs pass; anything else is shown as plain text, tags removed.
 */
const SAFE_SNIPPET = /^(?:[^<>&]|&(?:amp|lt|gt|quot|#39);|<mark>|<\/mark>)*$/;
function snippet(tag, html, className) {
  const node = el(tag, { class: className });
  if (SAFE_SNIPPET.test(html)) node.innerHTML = html;
  else node.textContent = html.replace(/<[^>]*>/g, '');
  return node;
}

const numberFormat = new Intl.NumberFormat('en');
const plural = (count, one, many = `${one}s`) => `${numberFormat.format(count)} ${count === 1 ? one : many}`;

function authorLine(authors) {
  if (authors.length === 0) return null;
  const names = authors.slice(0, 3).map((author) => author.name).join(', ');
  return authors.length > 3 ? `${names} et al.` : names;
}

function shorten(text, length = 280) {
  if (text.length <= length) return text;
  // At a word boundary, unless there is none to cut at.
  const cut = text.lastIndexOf(' ', length);
  return `${text.slice(0, cut > 0 ? cut : length)}…`;
}

/** Only http(s) addresses become links: a `javascript:` URL in the data must never run. */
const webLink = (url) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null);

function paperCard(node, highlight) {
  const href = webLink(node.url) ?? (node.arxivId ? `https://arxiv.org/abs/${encodeURIComponent(node.arxivId)}` : null);
  const titleContent = highlight ? snippet('span', highlight.title) : document.createTextNode(node.title);
  const title = el('h3', { class: 'card-title' }, href ? el('a', { href, rel: 'noopener noreferrer' }, titleContent) : titleContent);
  const facts = [
    node.authors.length ? el('span', {}, authorLine(node.authors)) : null,
    node.publishedAt ? el('time', { datetime: node.publishedAt }, node.publishedAt) : null,
    node.arxivId ? el('span', {}, `arXiv ${node.arxivId}`) : null,
  ].filter(Boolean);
  const meta = facts.length ? el('p', { class: 'card-meta' }, facts) : null;
  const abstract = highlight ? snippet('p', highlight.abstract, 'card-abstract') : el('p', { class: 'card-abstract' }, shorten(node.abstract));
  // A topic filter includes sub-topics, so a card carries its topics' parents too (for tests and styling).
  const slugs = new Set(node.topics.flatMap((topic) => [topic.slug, topic.parent?.slug].filter(Boolean)));
  const topics = node.topics.length
    ? el('ul', { class: 'chips', 'aria-label': 'Topics' },
        node.topics.map((topic) =>
          el('li', {}, el('button', {
            type: 'button', class: 'chip', 'data-topic': topic.slug, 'aria-pressed': String(state.topic?.slug === topic.slug),
            title: `Only papers in ${topic.name}`, onclick: () => setTopic(topic),
          }, topic.name))))
    : null;
  const code = node.codeLinks.length
    ? el('ul', { class: 'code-links', 'aria-label': 'Code' },
        node.codeLinks.map((link) =>
          el('li', {},
            webLink(link.repository.url)
              ? el('a', { href: link.repository.url, rel: 'noopener noreferrer', class: 'repo' }, link.repository.fullName)
              : el('span', { class: 'repo' }, link.repository.fullName),
            link.repository.stars != null ? el('span', { class: 'stars', 'aria-label': `${link.repository.stars} stars` }, `★ ${numberFormat.format(link.repository.stars)}`) : null,
            link.framework ? el('span', { class: 'tag' }, link.framework) : null,
            link.isOfficial ? el('span', { class: 'tag official' }, 'official') : null,
          )))
    : null;
  return el('li', { class: 'card', 'data-topics': [...slugs].join(' ') }, el('article', {}, title, meta, abstract, topics, code));
}

// --- Results, facets and chart --------------------------------------------------------------------

function describeView(total) {
  const parts = [plural(total, 'paper')];
  if (state.q) parts.push(`${total === 1 ? 'matches' : 'match'} “${state.q}”`);
  if (state.topic) parts.push(`in ${state.topic.name}`);
  if (state.repository) parts.push(`linked to ${state.repository}`);
  if (state.hasCode === true) parts.push('with code');
  if (state.hasCode === false) parts.push('without code');
  return parts.join(' ');
}

async function load({ append = false } = {}) {
  const mine = ++generation;
  const searching = state.q.trim() !== '';
  const variables = { filter: currentFilter(), first: PAGE_SIZE, after: append ? endCursor : null };
  if (searching) variables.q = state.q;
  loadMore.disabled = true;
  if (!append) statusLine.textContent = searching ? 'Searching…' : 'Loading…';
  document.body.setAttribute('aria-busy', 'true');
  try {
    const { list } = await graphql(listQuery(searching, features.facets && !append), variables);
    if (mine !== generation) return;
    const firstNew = cardList.children.length;
    if (!append) cardList.replaceChildren();
    for (const edge of list.edges) cardList.append(paperCard(edge.node, edge.snippet));
    endCursor = list.pageInfo.endCursor;
    loadMore.hidden = !list.pageInfo.hasNextPage;
    const shown = cardList.children.length;
    statusLine.textContent = list.totalCount === 0
      ? `${describeView(0).replace(/^0 papers/, 'No papers')}.`
      : `${describeView(list.totalCount)}${shown < list.totalCount ? ` · showing ${numberFormat.format(shown)}` : ''}`;
    if (!append) {
      renderActiveFilters();
      if (list.facets) renderFacets(list.facets);
    } else {
      // Keyboard and screen-reader users continue where the new cards start.
      cardList.children[firstNew]?.querySelector('a, button')?.focus();
    }
  } catch (error) {
    if (mine !== generation) return;
    statusLine.textContent = error.code === 'UNKNOWN_TOPIC' ? 'That topic does not exist.' : `The catalogue did not answer: ${error.message}`;
    loadMore.hidden = true;
  } finally {
    if (mine === generation) {
      loadMore.disabled = false;
      document.body.removeAttribute('aria-busy');
    }
  }
}

function renderActiveFilters() {
  const chips = [];
  if (state.topic) chips.push(['Topic', state.topic.name, () => setTopic(null)]);
  if (state.repository) chips.push(['Code in', state.repository, () => { state.repository = null; refresh(); }]);
  if (state.hasCode !== null) chips.push(['Code', state.hasCode ? 'with code' : 'without code', () => setHasCode(null)]);
  activeFilters.hidden = chips.length === 0;
  activeFilters.replaceChildren(
    el('h2', {}, 'Filters'),
    el('ul', { class: 'chips' }, chips.map(([label, value, remove]) =>
      el('li', {}, el('button', { type: 'button', class: 'chip removable', 'aria-label': `Remove filter ${label}: ${value}`, onclick: remove },
        `${label}: ${value}`, el('span', { 'aria-hidden': 'true', class: 'remove' }, '×'))))),
  );
}

function facetButton({ label, count, pressed, onclick, attributes = {} }) {
  return el('li', {},
    el('button', { type: 'button', class: 'facet-value', 'aria-pressed': String(pressed), onclick, ...attributes },
      el('span', { class: 'facet-label' }, label),
      el('span', { class: 'facet-count' }, numberFormat.format(count))));
}

function renderFacets(facets) {
  const topics = facets.topics.values;
  topicFacet.hidden = topics.length === 0;
  topicFacet.querySelector('ul').replaceChildren(...topics.map(({ topic, count }) =>
    facetButton({
      label: topic.name, count, pressed: state.topic?.slug === topic.slug,
      attributes: { 'data-topic': topic.slug },
      onclick: () => setTopic(state.topic?.slug === topic.slug ? null : topic),
    })));

  const { withCode, withoutCode } = facets.hasCode;
  codeFacet.hidden = withCode + withoutCode === 0;
  codeFacet.querySelector('ul').replaceChildren(
    facetButton({ label: 'With code', count: withCode, pressed: state.hasCode === true, onclick: () => setHasCode(state.hasCode === true ? null : true) }),
    facetButton({ label: 'Without code', count: withoutCode, pressed: state.hasCode === false, onclick: () => setHasCode(state.hasCode === false ? null : false) }),
  );

  renderChart(facets);
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  for (const child of children) node.append(child);
  return node;
}

/**
 * Papers per year when the papers span several known years (a timeline says more than a list);
 * otherwise papers per topic. Drawn as an inline SVG bar chart, one <rect> per bar, with the
 * numbers in its accessible name for screen readers.
 */
function renderChart(facets) {
  const known = facets.years.values.filter((value) => value.year !== null);
  const undated = facets.years.values.find((value) => value.year === null)?.count ?? 0;
  const byYear = known.length >= 2;
  const items = byYear
    ? known.map((value) => ({ label: String(value.year), count: value.count })).sort((a, b) => Number(a.label) - Number(b.label))
    : facets.topics.values.slice(0, 8).map((value) => ({ label: value.topic.name, count: value.count, current: value.topic.slug === state.topic?.slug }));
  chart.hidden = items.length === 0;
  if (items.length === 0) return;
  chart.querySelector('h2').textContent = byYear ? 'Papers per year' : 'Papers per topic';
  const summary = items.map((item) => `${item.label}: ${item.count}`).join(', ');
  const image = byYear ? yearChart(items, summary) : topicChart(items, summary);
  const note = byYear && undated > 0 ? el('p', { class: 'chart-note' }, `and ${plural(undated, 'paper')} without a date`) : null;
  chart.querySelector('.chart-body').replaceChildren(...[image, note].filter(Boolean));
}

const barTitle = (item) => svg('title', {}, document.createTextNode(`${item.label}: ${plural(item.count, 'paper')}`));

/** Columns on a continuous time axis: years without papers keep their (empty) place. */
function yearChart(items, summary) {
  const width = 260, height = 150, base = 126;
  const first = Number(items[0].label), last = Number(items.at(-1).label);
  const continuous = last - first < 60;
  const slots = continuous ? last - first + 1 : items.length;
  const slot = width / slots;
  const barWidth = Math.max(2, Math.min(30, slot * 0.72));
  const max = Math.max(...items.map((item) => item.count));
  const image = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Papers per year. ${summary}`, class: 'bars' });
  image.append(svg('line', { x1: 0, x2: width, y1: base + 0.5, y2: base + 0.5, class: 'axis' }));
  items.forEach((item, index) => {
    const position = continuous ? Number(item.label) - first : index;
    const x = position * slot + (slot - barWidth) / 2;
    const h = Math.max(2, (item.count / max) * (base - 18));
    image.append(svg('rect', { x, y: base - h, width: barWidth, height: h, rx: 2, class: 'bar' }, barTitle(item)));
    if (slot >= 16) {
      image.append(svg('text', { x: x + barWidth / 2, y: base - h - 4, 'text-anchor': 'middle', class: 'bar-value' }, document.createTextNode(String(item.count))));
    }
  });
  // Year labels, as many as fit without overlapping (about 34 units each).
  const every = Math.max(1, Math.ceil(34 / slot));
  for (let position = 0; position < slots; position += every) {
    const label = continuous ? String(first + position) : items[position].label;
    image.append(svg('text', { x: position * slot + slot / 2, y: height - 6, 'text-anchor': 'middle', class: 'bar-label' }, document.createTextNode(label)));
  }
  return image;
}

/** Horizontal bars, the topic's name above each; the topic narrowed by is highlighted. */
function topicChart(items, summary) {
  const rowHeight = 30, width = 260, height = items.length * rowHeight;
  const max = Math.max(...items.map((item) => item.count));
  const image = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Papers per topic. ${summary}`, class: 'bars' });
  items.forEach((item, index) => {
    const y = index * rowHeight;
    const w = Math.max(2, (item.count / max) * (width - 28));
    image.append(
      svg('text', { x: 0, y: y + 12, class: 'bar-label' }, document.createTextNode(item.label)),
      svg('rect', { x: 0, y: y + 16, width: w, height: 9, rx: 2, class: item.current ? 'bar current' : 'bar' }, barTitle(item)),
      svg('text', { x: w + 5, y: y + 25, class: 'bar-value' }, document.createTextNode(String(item.count))),
    );
  });
  return image;
}

// --- State changes ---------------------------------------------------------------------------------

function syncAddress() {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.topic) params.set('topic', state.topic.slug);
  if (state.repository) params.set('repository', state.repository);
  if (state.hasCode !== null) params.set('code', state.hasCode ? 'yes' : 'no');
  const search = params.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

function refresh() {
  syncAddress();
  endCursor = null;
  return load();
}

function setTopic(topic) {
  state.topic = topic ? { slug: topic.slug, name: topic.name } : null;
  return refresh();
}

function setHasCode(value) {
  state.hasCode = value;
  return refresh();
}

// --- Suggestions (a combobox with a listbox popup, as in the ARIA authoring practices) -------------

let suggestions = [];
let activeSuggestion = -1;
let suggestTimer = 0;
let suggestGeneration = 0;

const SUGGEST_QUERY = `query Suggest($prefix: String!) {
  suggest(prefix: $prefix, first: 3) {
    kind text
    node { ... on Topic { slug name } ... on Repository { fullName } }
  }
}`;
const KIND_LABEL = { TOPIC: 'Topic', KEYWORD: 'Keyword', REPOSITORY: 'Code', PAPER: 'Paper' };

function closeSuggestions() {
  suggestions = [];
  activeSuggestion = -1;
  suggestionList.hidden = true;
  suggestionList.replaceChildren();
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
}

function showSuggestions(items) {
  suggestions = items;
  activeSuggestion = -1;
  input.removeAttribute('aria-activedescendant');
  if (items.length === 0) return closeSuggestions();
  suggestionList.replaceChildren(...items.map((item, index) =>
    el('li', {
      id: `suggestion-${index}`, role: 'option', 'aria-selected': 'false', class: 'suggestion', 'data-kind': item.kind,
      // mousedown, not click: the input must not lose focus (and close the list) first.
      onmousedown: (event) => { event.preventDefault(); pickSuggestion(index); },
    }, el('span', { class: 'suggestion-kind' }, KIND_LABEL[item.kind] ?? item.kind), el('span', { class: 'suggestion-text' }, item.text))));
  suggestionList.hidden = false;
  input.setAttribute('aria-expanded', 'true');
}

function highlightSuggestion(index) {
  activeSuggestion = index;
  [...suggestionList.children].forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
  if (index >= 0) {
    input.setAttribute('aria-activedescendant', `suggestion-${index}`);
    suggestionList.children[index].scrollIntoView({ block: 'nearest' });
  } else {
    input.removeAttribute('aria-activedescendant');
  }
}

/** A phrase the search syntax reads literally. */
const phrase = (text) => `"${text.replaceAll('"', ' ').trim()}"`;

function pickSuggestion(index) {
  const item = suggestions[index];
  closeSuggestions();
  if (!item) return;
  if (item.kind === 'TOPIC' && item.node?.slug) {
    input.value = state.q = '';
    setTopic({ slug: item.node.slug, name: item.node.name ?? item.text });
  } else if (item.kind === 'REPOSITORY' && item.node?.fullName) {
    input.value = state.q = '';
    state.repository = item.node.fullName;
    refresh();
  } else {
    // A keyword or a paper title: search for it as a phrase.
    input.value = state.q = phrase(item.text);
    refresh();
  }
}

async function suggest(prefix) {
  const mine = ++suggestGeneration;
  try {
    const data = await graphql(SUGGEST_QUERY, { prefix });
    if (mine === suggestGeneration && document.activeElement === input && input.value.trim() === prefix) showSuggestions(data.suggest);
  } catch {
    if (mine === suggestGeneration) closeSuggestions();
  }
}

input.addEventListener('input', () => {
  clearTimeout(suggestTimer);
  const prefix = input.value.trim();
  if (!features.suggest || prefix.length < 2) return closeSuggestions();
  suggestTimer = setTimeout(() => suggest(prefix), SUGGEST_DELAY_MS);
});

input.addEventListener('keydown', (event) => {
  const open = !suggestionList.hidden && suggestions.length > 0;
  if (event.key === 'ArrowDown' && open) {
    event.preventDefault();
    highlightSuggestion((activeSuggestion + 1) % suggestions.length);
  } else if (event.key === 'ArrowUp' && open) {
    event.preventDefault();
    highlightSuggestion(activeSuggestion <= 0 ? suggestions.length - 1 : activeSuggestion - 1);
  } else if (event.key === 'Enter' && open && activeSuggestion >= 0) {
    event.preventDefault();
    pickSuggestion(activeSuggestion);
  } else if (event.key === 'Escape' && open) {
    event.preventDefault();
    closeSuggestions();
  }
});

input.addEventListener('blur', () => setTimeout(closeSuggestions, 100));

form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(suggestTimer);
  suggestGeneration++;
  closeSuggestions();
  state.q = input.value.trim();
  refresh();
});

loadMore.addEventListener('click', () => load({ append: true }));

// --- Start ---------------------------------------------------------------------------------------

async function start() {
  const params = new URLSearchParams(location.search);
  state.q = params.get('q') ?? '';
  input.value = state.q;
  state.repository = params.get('repository');
  state.hasCode = params.get('code') === 'yes' ? true : params.get('code') === 'no' ? false : null;
  await detectFeatures();
  const slug = params.get('topic');
  if (slug) {
    // The address holds the slug; the chip shows the topic's name.
    const data = await graphql('query Topic($slug: String!) { topic(slug: $slug) { slug name } }', { slug }).catch(() => null);
    state.topic = data?.topic ?? { slug, name: slug };
  }
  document.body.classList.toggle('no-facets', !features.facets);
  await load();
}

start();
