/** TIME-1: every time rule reads one injectable clock. Times are epoch milliseconds (UTC). */
export interface Clock {
  now(): number;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A clock that only moves when told to — for tests, fixtures, demos and the mock control API. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | string | Date) {
    this.#now = new Date(start).getTime();
    if (!Number.isFinite(this.#now)) throw new RangeError(`ManualClock: invalid start time ${String(start)}`);
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError('ManualClock.advance: time only moves forward');
    this.#now += ms;
    return this.#now;
  }
  set(t: number | string | Date): number {
    const next = new Date(t).getTime();
    if (!(next >= this.#now)) throw new RangeError('ManualClock.set: time only moves forward');
    this.#now = next;
    return this.#now;
  }
}

export const systemClock: Clock = { now: () => Date.now() };
