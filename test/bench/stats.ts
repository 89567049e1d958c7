/** Small helpers shared by the bench parts: run statistics and a free TCP port. */
import { createServer } from 'node:net';

export interface Stat {
  runs: number;
  min: number;
  median: number;
  max: number;
  unit: 'ms';
}

/** min / median / max of the samples (median of an even count: the mean of the middle two). */
export function stat(samples: number[]): Stat {
  if (samples.length === 0) throw new Error('stat: no samples');
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { runs: s.length, min: round(s[0] as number), median: round(median), max: round(s[s.length - 1] as number), unit: 'ms' };
}

/** Milliseconds to 4 significant digits (µs-level numbers stay readable, seconds do not grow decimals). */
export function round(ms: number): number {
  if (ms === 0) return 0;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(ms))));
  return Number(ms.toFixed(Math.min(digits, 6)));
}

/** big / small, to 2 decimals. */
export function ratio(big: number, small: number): number {
  return small > 0 ? Math.round((big / small) * 100) / 100 : Number.NaN;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `12.3 ms` / `45 µs` / `1.23 s`. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}
