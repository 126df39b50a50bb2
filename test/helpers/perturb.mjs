// Preload for the determinism test: the clock runs 1000 days ahead and Math.random is a different fixed sequence,
// so any output that depends on the time or on randomness changes between runs.
const RealDate = Date;
const SHIFT = 1000 * 24 * 3600 * 1000;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [RealDate.now() + SHIFT]));
  }
  static now() {
    return RealDate.now() + SHIFT;
  }
};
let seed = 20240611;
Math.random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
