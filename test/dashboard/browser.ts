import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core, headless, with a throw-away profile; shared by the
 * dashboard's browser suites. Records dialogs and script errors so tests can assert there were none.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly dialogs: string[];
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1440, height: 1100 }): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'ss-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return {
    context,
    page,
    dialogs,
    pageErrors,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The "posts in range" figure on the page (its exact value, not the formatted text). */
export async function shownPosts(page: Page): Promise<number> {
  return Number(await page.getByTestId('kpi-posts').getAttribute('data-value'));
}

/** Waits until the "posts in range" figure equals `expected`. */
export async function waitForPosts(page: Page, expected: number, timeout = 5000): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="kpi-posts"]')?.getAttribute('data-value') === String(n),
    expected,
    { timeout },
  );
}
