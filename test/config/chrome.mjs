// Finds a Chromium for browser tests: CHROME_PATH first, then the usual install paths.
// Test tools cannot download their own browser on these machines (toolchain.md), so a system one is required.
import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChrome() {
  if (process.env.CHROME_PATH) return executable(process.env.CHROME_PATH) ? process.env.CHROME_PATH : null;
  for (const path of CANDIDATES) if (executable(path)) return path;
  for (const name of NAMES) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found && executable(found)) return found;
    } catch {
      /* not on PATH */
    }
  }
  return null;
}

export const NO_CHROME_MESSAGE = [
  'No Chromium found for the browser tests.',
  'Fix: install one — on Debian/Ubuntu `sudo apt-get update && sudo apt-get install -y chromium` —',
  'or point CHROME_PATH at a Chrome/Chromium binary (CHROME_PATH=/path/to/chrome pnpm test).',
  '(`.ci/run` installs Debian chromium itself when it runs as root.)',
].join('\n');

/** Flags for a root, offline, headless machine (toolchain.md). */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
