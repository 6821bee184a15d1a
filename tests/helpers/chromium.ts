/**
 * A real headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core (never
 * a downloaded browser). When it is missing the browser tests are skipped with SKIP_MESSAGE.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when the system Chromium is installed. */
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

export const SKIP_MESSAGE = `browser tests skipped: ${CHROMIUM_PATH} not found (apt-get install chromium)`;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the system Chromium headless. Close it after the tests. */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable) throw new Error(SKIP_MESSAGE);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}
