/**
 * Browser tests drive Debian's `chromium` with playwright-core against the real app, listening on
 * 127.0.0.1 with the bundled sample. Each page is watched: a request to any other host is aborted
 * and recorded (the pages must work with no internet), and console errors and uncaught exceptions
 * are recorded, so a test can assert there were none.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import type { App } from '../../src/app.ts';
import { sampleApp } from '../helpers.ts';

/** `CHROMIUM_PATH` overrides Debian's location. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium && process.env.REQUIRE_BROWSER) {
  throw new Error(`REQUIRE_BROWSER is set but there is no Chromium at ${CHROMIUM_PATH}`);
}
if (!hasChromium) {
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH).`);
}

/** Where tests leave files for a person to look at (git-ignored). */
export const OUTPUT_DIR = fileURLToPath(new URL('../output/', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/** The app over the sample, served by a node http server on a free port of 127.0.0.1. */
export function serveSample(): Promise<Served> {
  return serveApp(sampleApp().app);
}

export async function serveApp(app: App): Promise<Served> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface WatchedPage {
  page: Page;
  /** Requests that left the origin (aborted). */
  offOrigin: string[];
  /** Console errors, uncaught exceptions, and GraphQL errors in answers to the page's requests. */
  errors: string[];
}

export async function openWatchedPage(browser: Browser, origin: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Each test's page goes with its test, passed or failed, instead of piling up in the browser.
  onTestFinished(() => context.close());
  const page = await context.newPage();
  const offOrigin: string[] = [];
  const errors: string[] = [];
  // blob: and data: URLs are the page's own (GraphiQL's editor workers); anything else must be ours.
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') && url.origin !== origin,
    (route) => {
      offOrigin.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  // Every operation a page sends must be valid and succeed: a failed suggestion request, say, would
  // only show as suggestions that never appear.
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname !== '/graphql' || response.request().method() !== 'POST') return;
    const body = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    if (body?.errors?.length) errors.push(`graphql: ${body.errors.map((error) => error.message).join('; ')}`);
  });
  return { page, offOrigin, errors };
}

export function outputPath(name: string): string {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return OUTPUT_DIR + name;
}

/**
 * For the tests of one `describe`: the sample served and Chromium launched before them, both
 * closed after. The fields are set once `beforeAll` has run.
 */
export function useSampleInChromium(): { served: Served; browser: Browser } {
  const session = {} as { served: Served; browser: Browser };
  beforeAll(async () => {
    session.served = await serveSample();
    session.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.served?.close();
  });
  return session;
}
