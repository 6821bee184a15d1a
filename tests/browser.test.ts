/**
 * End to end in a real browser: the server app on a real port over a real store, pages opened in headless
 * Chromium. One screenshot of each page goes to /tmp/archive-ld-*.png for a look.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../src/server/app.js';
import { loadConfig } from '../src/config/index.js';
import type { WorkerPool } from '../src/store/pool.js';
import { chromiumAvailable, launchChromium, SKIP_MESSAGE } from './helpers/chromium.js';
import { FIXTURE_TRIG, startStore, trig } from './pages-store.js';

if (!chromiumAvailable) console.warn(SKIP_MESSAGE);

describe.skipIf(!chromiumAvailable)('pages in a browser', () => {
  let store: WorkerPool;
  let server: ServerType;
  let browser: Browser;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    store = await startStore(trig(FIXTURE_TRIG));
    const config = loadConfig({}, {});
    const app = createApp({
      config,
      base: config.base,
      store,
      dumpsDir: mkdtempSync(join(tmpdir(), 'browser-dumps-')),
      logger: pino({ level: 'silent' }),
    });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await store?.close();
  });

  it('home page shows the counts and lists the record', async () => {
    await page.goto(`${origin}/`);
    expect(await page.title()).toBe('Records · archive-ld');
    expect(await page.locator('.stats li').first().innerText()).toMatch(/^1\s+records$/);
    await expect.poll(() => page.locator('table.records a').innerText()).toBe("Minutes of Minister Lin Tao's Talk with Ambassador Karl Vogt");
    await page.screenshot({ path: '/tmp/archive-ld-home.png', fullPage: true });
  });

  it('query page loads a named query into the editor, runs it and shows its rows', async () => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${origin}/sparql`);
    // The editor replaces the plain form once its script ran.
    await page.locator('#yasgui .CodeMirror').waitFor();
    expect(await page.locator('#query-form').isHidden()).toBe(true);
    await page.locator('#q-records button[data-load-query]').click();
    const cell = page.locator('.yasr table tbody tr td', { hasText: '1958-03-14' }).first();
    await cell.waitFor({ timeout: 15_000 });
    expect(await page.locator('.yasr table tbody tr').count()).toBe(1);
    await page.screenshot({ path: '/tmp/archive-ld-query.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('without JavaScript the query page is a plain form, and a named query runs from its own form', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
    const plain = await context.newPage();
    try {
      await plain.goto(`${origin}/sparql`);
      expect(await plain.locator('#query-form textarea').isVisible()).toBe(true);
      expect(await plain.locator('#q-records button[data-load-query]').isHidden()).toBe(true);
      // The named query's own form posts it to the endpoint. A results page is shown; any other result
      // format is a file the browser saves. Either way the rows are in it.
      const download = plain.waitForEvent('download', { timeout: 15_000 }).catch(() => undefined);
      const [response] = await Promise.all([
        plain.waitForResponse((r) => r.url() === `${origin}/sparql` && r.request().method() === 'POST'),
        plain.locator('#q-records button[type="submit"]').click(),
      ]);
      expect(response.status()).toBe(200);
      if ((response.headers()['content-type'] ?? '').startsWith('text/html')) {
        await plain.waitForLoadState();
        expect(await plain.content()).toContain('1958-03-14');
      } else {
        const file = await (await download)?.path();
        expect(file ? readFileSync(file, 'utf8') : '').toContain('1958-03-14');
      }
    } finally {
      await context.close();
    }
  });

  it('a person page shows names and passages, and its record link leads to the record page', async () => {
    await page.goto(`${origin}/person/lin-tao`);
    expect(await page.locator('h1').innerText()).toBe('Lin Tao');
    expect(await page.locator('blockquote.passage mark').first().innerText()).toBe('Lin Tao');
    // The hostile alternative label is shown as text, not run.
    expect(await page.locator('.names').innerText()).toContain("<script>alert('x')</script>");
    await page.screenshot({ path: '/tmp/archive-ld-person.png', fullPage: true });
    await page.locator('blockquote.passage footer a').first().click();
    await page.waitForURL(`${origin}/record/test-1`);
    expect(await page.locator('h1').innerText()).toContain('Minutes of Minister Lin Tao');
    expect(await page.locator('.dialogue a.mention mark').first().innerText()).toBe('Vogt');
    await page.screenshot({ path: '/tmp/archive-ld-record.png', fullPage: true });
  });

  it('ontology page anchors each term', async () => {
    await page.goto(`${origin}/ontology#Person`);
    expect(await page.locator('section.term#Person h3').innerText()).toContain('ald:Person');
    await page.screenshot({ path: '/tmp/archive-ld-ontology.png' });
  });
});
