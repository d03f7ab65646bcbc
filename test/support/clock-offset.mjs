// Test-only preload (`node --import ./test/support/clock-offset.mjs ...`): shifts the process's
// wall clock by OUE_TEST_CLOCK_OFFSET_MS milliseconds, so an exporter process can live at, say,
// 23:59 UTC on the last day of a month, or jump days ahead across an outage, without waiting.
// Timers are relative and keep working; only Date moves. The product has no clock option.

const offset = Number(process.env.OUE_TEST_CLOCK_OFFSET_MS ?? '0');
if (!Number.isFinite(offset)) throw new Error('OUE_TEST_CLOCK_OFFSET_MS must be a number of milliseconds');

if (offset !== 0) {
  const RealDate = globalThis.Date;
  const realNow = RealDate.now.bind(RealDate);
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + offset);
      else super(...args);
    }
    static now() {
      return realNow() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
