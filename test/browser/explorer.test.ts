/**
 * The explorer page in a real headless Chromium, as a person uses it: type a search and see
 * suggestions, submit it and see highlighted result cards, narrow by a topic facet, load a second
 * page, read the chart. Expected counts come from the API itself, so the test follows the sample.
 * A screenshot is left in test/output/explorer.png for a person to look at.
 */
import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import { generatedRecords, importJsonl, taxonomy } from '../fixtures.ts';
import { createTestDb, query } from '../helpers.ts';
import { hasChromium, openWatchedPage, outputPath, serveApp, useSampleInChromium } from './browser.ts';

const TIMEOUT = 30_000;
const PAGE_SIZE = 10; // the explorer's page size
const SEARCH = 'kernel';

let sampleCount: Promise<number> | undefined;

/** Every paper of the sample, as the explorer's opening status counts them (asked once). */
function samplePaperCount(): Promise<number> {
  sampleCount ??= query(createApp(createTestDb({ sample: true }).db), '{ catalogue { paperCount } }').then((d) => d.catalogue.paperCount as number);
  return sampleCount;
}

/** What the API says about the search, for the assertions. */
async function expectations() {
  const app = createApp(createTestDb({ sample: true }).db);
  const all = await query(app, `query ($q: String!) {
    search(query: $q, first: 1) { totalCount facets { topics(first: 12) { values { count topic { slug name } } } } }
  }`, { q: SEARCH });
  // A topic facet value that narrows the search yet leaves more than one page.
  const facet = all.search.facets.topics.values.find((value: { count: number }) => value.count > PAGE_SIZE && value.count < all.search.totalCount);
  if (!facet) throw new Error(`the sample has no topic that narrows "${SEARCH}" to more than one page`);
  const suggestions = await query(app, 'query ($p: String!) { suggest(prefix: $p, first: 3) { kind text } }', { p: SEARCH });
  return { total: all.search.totalCount as number, facet: facet as { count: number; topic: { slug: string; name: string } }, suggestions: suggestions.suggest as { kind: string; text: string }[] };
}

const normalise = (text: string) => print(parse(text));

/** The named operations in docs/explorer.md's graphql blocks. */
function documentedOperations(): Map<string, string> {
  const markdown = readFileSync(new URL('../../docs/explorer.md', import.meta.url), 'utf8');
  const operations = new Map<string, string>();
  for (const [, block] of markdown.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)) {
    const name = block!.match(/^query (\w+)/m)?.[1];
    if (name) operations.set(name, normalise(block!));
  }
  return operations;
}

describe.skipIf(!hasChromium)('the explorer in Chromium', () => {
  const session = useSampleInChromium();

  it('searches with suggestions, narrows by a topic facet, pages, and charts papers per topic', async () => {
    const expected = await expectations();
    const { page, offOrigin, errors } = await openWatchedPage(session.browser, session.served.origin);
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && request.method() === 'POST') sent.push(JSON.parse(request.postData()!).query);
    });
    const response = await page.goto(`${session.served.origin}/explore`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");

    const status = page.locator('#status');
    const cards = page.locator('#cards > .card');
    // It opens on every paper, newest first.
    await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toMatch(new RegExp(`^${await samplePaperCount()} papers`));
    await expect.poll(() => cards.count()).toBe(PAGE_SIZE);

    // Suggestions while typing, chosen with the arrow keys, closed with Escape.
    const input = page.getByRole('combobox', { name: 'Search papers' });
    await input.click();
    await input.pressSequentially(SEARCH, { delay: 40 });
    const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    const shown = () =>
      options.evaluateAll((items) => items.map((item) => ({ kind: item.getAttribute('data-kind')!, text: item.querySelector('.suggestion-text')!.textContent! })));
    await expect.poll(shown, { timeout: TIMEOUT }).toEqual(expected.suggestions);
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    await input.press('ArrowDown');
    await page.screenshot({ path: outputPath('explorer-suggestions.png') });
    expect(await input.getAttribute('aria-activedescendant')).toBe('suggestion-0');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await input.press('Escape');
    expect(await input.getAttribute('aria-expanded')).toBe('false');

    // Submitting searches: ranked cards with the matches marked.
    await input.press('Enter');
    await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toBe(`${expected.total} papers match “${SEARCH}” · showing ${PAGE_SIZE}`);
    await expect.poll(() => cards.count()).toBe(PAGE_SIZE);
    for (const card of await cards.all()) expect(await card.locator('mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#cards mark').first().innerText()).toMatch(/kernel/i);

    // A topic facet narrows the search: fewer papers, each in the topic (or a sub-topic).
    const facetButton = page.locator(`#topic-facet button[data-topic="${expected.facet.topic.slug}"]`);
    await facetButton.click();
    await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toBe(
      `${expected.facet.count} papers match “${SEARCH}” in ${expected.facet.topic.name} · showing ${PAGE_SIZE}`,
    );
    expect(await page.locator(`#topic-facet button[data-topic="${expected.facet.topic.slug}"]`).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#active-filters').innerText()).toContain(`Topic: ${expected.facet.topic.name}`);
    expect(new URL(page.url()).searchParams.get('topic')).toBe(expected.facet.topic.slug);

    // One more page: the rest of the narrowed set, and no further button.
    const loadMore = page.getByRole('button', { name: 'Load more' });
    await loadMore.click();
    await expect.poll(() => cards.count(), { timeout: TIMEOUT }).toBe(Math.min(expected.facet.count, 2 * PAGE_SIZE));
    await expect.poll(() => status.innerText()).toBe(`${expected.facet.count} papers match “${SEARCH}” in ${expected.facet.topic.name}`);
    expect(await loadMore.isHidden()).toBe(expected.facet.count <= 2 * PAGE_SIZE);
    const topicsOfCards = await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-topics')!.split(' ')));
    for (const topics of topicsOfCards) expect(topics).toContain(expected.facet.topic.slug);
    const titles = await page.locator('.card-title').allInnerTexts();
    expect(new Set(titles).size).toBe(titles.length); // no card twice across pages

    // The chart: one bar per topic of the narrowed set, the chosen topic highlighted.
    const chart = page.getByRole('img', { name: /^Papers per topic\./ });
    await expect.poll(() => chart.locator('rect.bar').count()).toBeGreaterThan(0);
    expect(await chart.locator('rect.bar.current').count()).toBe(1);

    // Back to the top for the picture a person looks at.
    await page.evaluate(() => window.scrollTo(0, 0));
    const screenshot = outputPath('explorer.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`Explorer screenshots: ${screenshot} (and explorer-suggestions.png beside it)`);

    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);

    // docs/explorer.md shows the operations the page really sends.
    const documented = documentedOperations();
    for (const name of ['Suggest', 'Search']) {
      const operation = sent.map(normalise).find((text) => text.startsWith(`query ${name}(`) && (name !== 'Search' || text.includes('facets')));
      expect(operation, `the page sent no ${name} operation`).toBeDefined();
      expect(operation).toBe(documented.get(name));
    }
  }, 120_000);

  it('picks a suggestion with the keyboard: a topic becomes a filter', async () => {
    const { page, offOrigin, errors } = await openWatchedPage(session.browser, session.served.origin);
    await page.goto(`${session.served.origin}/explore`);
    const status = page.locator('#status');
    await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toMatch(new RegExp(`^${await samplePaperCount()} papers`));
    const input = page.getByRole('combobox', { name: 'Search papers' });
    await input.click();
    await input.pressSequentially('gauss', { delay: 40 });
    const topicOption = page.locator('#suggestions [data-kind="TOPIC"]').first();
    await topicOption.waitFor({ timeout: TIMEOUT });
    const name = await topicOption.locator('.suggestion-text').innerText();
    const position = await page.locator('#suggestions [role="option"]').evaluateAll((options) => options.findIndex((o) => o.getAttribute('data-kind') === 'TOPIC'));
    for (let i = 0; i <= position; i++) await input.press('ArrowDown');
    await input.press('Enter');
    await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toMatch(new RegExp(`^\\d+ papers? in ${name}$`));
    expect(await input.inputValue()).toBe('');
    expect(await page.locator('#active-filters').innerText()).toContain(`Topic: ${name}`);
    // The view is in the address: reloading it shows the same papers, the chip with the topic's name.
    const shown = await status.innerText();
    await page.reload();
    await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toBe(shown);
    expect(await page.locator('#active-filters').innerText()).toContain(`Topic: ${name}`);
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('still searches and pages on a server without facets and suggest (found by introspection)', async () => {
    const { page, offOrigin, errors } = await openWatchedPage(session.browser, session.served.origin);
    // An older server: introspection knows neither `suggest` nor `facets`.
    await page.route(`${session.served.origin}/graphql`, async (route) => {
      if (!route.request().postData()?.includes('__type')) return route.continue();
      await route.fulfill({ json: { data: { query: { fields: [{ name: 'search' }, { name: 'papers' }] }, search: { fields: [{ name: 'edges' }] } } } });
    });
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) requests.push(request.postData() ?? '');
    });
    await page.goto(`${session.served.origin}/explore`);
    const status = page.locator('#status');
    await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toMatch(new RegExp(`^${await samplePaperCount()} papers`));
    const input = page.getByRole('combobox', { name: 'Search papers' });
    await input.click();
    await input.pressSequentially(SEARCH, { delay: 40 });
    await input.press('Enter');
    await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toMatch(new RegExp(`^\\d+ papers match “${SEARCH}”`));
    // The search answered after typing stopped, so any suggestion request would have gone out by now.
    expect(await page.locator('#suggestions').isHidden()).toBe(true);
    expect(await page.locator('#cards mark').count()).toBeGreaterThan(0);
    for (const id of ['#topic-facet', '#code-facet', '#chart']) expect(await page.locator(id).isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => page.locator('#cards > .card').count(), { timeout: TIMEOUT }).toBe(2 * PAGE_SIZE);
    expect(requests.some((body) => body.includes('suggest') || body.includes('facets'))).toBe(false);
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('renders a snippet as HTML only when it is escaped text and <mark>, and links only to http(s)', async () => {
    const { page, offOrigin, errors } = await openWatchedPage(session.browser, session.served.origin);
    // A server (or a proxy) answering with markup the API never sends.
    const paper = {
      id: 'UGFwZXI6MQ', title: 'Evil', url: 'javascript:window.linked=1', arxivId: null, publishedAt: null, abstract: 'x',
      authors: [], topics: [], codeLinks: [{ isOfficial: false, framework: null, repository: { fullName: 'a/b', url: 'javascript:1', stars: null } }],
    };
    await page.route(`${session.served.origin}/graphql`, async (route) => {
      if (!route.request().postData()?.includes('query Search(')) return route.continue();
      await route.fulfill({
        json: { data: { list: {
          totalCount: 1, pageInfo: { hasNextPage: false, endCursor: 'c' },
          edges: [{ snippet: { title: '<img src=x onerror="window.pwned=1">Evil <mark>x</mark>', abstract: 'safe &amp; <mark>sound</mark> &lt;b&gt;' }, node: paper }],
          facets: { topics: { values: [] }, years: { values: [] }, hasCode: { withCode: 1, withoutCode: 0 } },
        } } },
      });
    });
    await page.goto(`${session.served.origin}/explore?q=evil`);
    await expect.poll(() => page.locator('#status').innerText(), { timeout: TIMEOUT }).toBe('1 paper matches “evil”');
    const card = page.locator('#cards > .card').first();
    expect(await card.locator('img').count()).toBe(0);
    expect(await card.locator('.card-title').innerText()).toBe('Evil x'); // tags dropped, text kept
    expect(await card.locator('.card-title mark').count()).toBe(0);
    expect(await card.locator('.card-abstract').innerText()).toBe('safe & sound <b>');
    expect(await card.locator('.card-abstract mark').innerText()).toBe('sound');
    expect(await card.locator('a').count()).toBe(0); // neither the title nor the repository became a javascript: link
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('charts papers per year when the papers have dates, and shows authors and dates on the cards', async () => {
    const { db } = createTestDb();
    importJsonl(db);
    importPapers(db, generatedRecords(30), { taxonomy });
    const app = createApp(db);
    const { search } = await query(app, '{ search(query: "kernel", first: 1) { totalCount facets { years { values { year count } } } } }');
    const years = (search.facets.years.values as { year: number | null; count: number }[]).filter((value) => value.year !== null);
    expect(years.length).toBeGreaterThan(1);

    const dated = await serveApp(app);
    try {
      const { page, offOrigin, errors } = await openWatchedPage(session.browser, dated.origin);
      await page.goto(`${dated.origin}/explore?q=kernel`);
      const status = page.locator('#status');
      await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toMatch(new RegExp(`^${search.totalCount} papers match “kernel”`));
      const chart = page.getByRole('img', { name: /^Papers per year\./ });
      await expect.poll(() => chart.locator('rect.bar').count(), { timeout: TIMEOUT }).toBe(years.length);
      expect(await page.locator('#chart h2').innerText()).toMatch(/papers per year/i);
      // Bars run oldest to newest on a time axis, each titled with its year and count.
      const titles = await chart.locator('rect.bar title').allTextContents();
      const byYear = [...years].sort((a, b) => a.year! - b.year!);
      expect(titles).toEqual(byYear.map((value) => `${value.year}: ${value.count} paper${value.count === 1 ? '' : 's'}`));
      const xs = await chart.locator('rect.bar').evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('x'))));
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      expect(await chart.locator('text.bar-label').first().textContent()).toBe(String(byYear[0]!.year));
      const metas = await page.locator('.card-meta').allInnerTexts();
      expect(metas.some((meta) => /\bAuthor \d+\b.*\d{4}-\d{2}-\d{2}/s.test(meta)), metas.join(' | ')).toBe(true);
      const screenshot = outputPath('explorer-years.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`Explorer screenshot with dated papers: ${screenshot}`);

      // A repository suggestion picked with the mouse narrows to the papers linked to it.
      const input = page.getByRole('combobox', { name: 'Search papers' });
      await input.fill('');
      await input.pressSequentially('lab0/repo1', { delay: 40 });
      const option = page.locator('#suggestions [data-kind="REPOSITORY"]').first();
      await option.waitFor({ timeout: TIMEOUT });
      const fullName = await option.locator('.suggestion-text').innerText();
      await option.click();
      await expect.poll(() => status.innerText(), { timeout: TIMEOUT }).toMatch(new RegExp(`^\\d+ papers? linked to ${fullName}$`));
      for (const card of await page.locator('#cards > .card').all()) expect(await card.locator('.repo').allInnerTexts()).toContain(fullName);
      expect(offOrigin).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await dated.close();
    }
  }, 60_000);
});
