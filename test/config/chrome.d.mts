/** Types for chrome.mjs (the e2e suite imports it from TypeScript). */
export function findChrome(): string | null;
export const NO_CHROME_MESSAGE: string;
export const CHROME_ARGS: string[];
