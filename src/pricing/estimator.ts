// Estimated spend from the usage ledgers, without a hook in their hot path: after a poll changed a
// ledger, its exported counter totals are walked and the growth since the last look is priced at
// the prices in use now. So the estimate is exactly the usage counters' increments × unit price.

import { finishNow, finishPaced, type Pacing } from '../domain/pacing.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import { DAY, EstimateTally } from './estimate-tally.js';
import { type LearnedPrices, learnSteps } from './learned-prices.js';
import { billedByProject, cannotLearn, costRowSteps } from './ledger-bill.js';
import { LIST_PRICES, type ListPrices } from './list-prices.js';
import { PriceBook } from './price-book.js';
import { PricesInUse } from './prices-in-use.js';
import { ESTIMATE_VERSION, isSaved, type SavedEstimate } from './saved-estimate.js';
import { estimateSpend, type SpendEstimate, spendSteps, type UsageIncrement } from './spend-estimator.js';
import { type SavedProgress, UsageProgress } from './usage-progress.js';
import { isOverflow, pricedCategory, SeriesLabels } from './usage-series.js';

/** Rows walked or priced between two looks at the clock. */
const ROWS_PER_RUN = 64;

export interface EstimatorOptions {
  /** The saved section, if the state file had one for this organization. */
  readonly saved?: unknown;
  readonly list?: ListPrices;
  /** Days of per-day estimates kept before today, for comparing settled days with the bill. */
  readonly keepDays?: number;
  /** How long after a UTC day ends its bill counts as settled (the costs fill in with a lag). */
  readonly settleLagSeconds?: number;
}

/** How a ledger the estimate starts tracking was found at start-up. */
export type LedgerOrigin = 'restored' | 'fresh';

interface Tracked {
  readonly labels: SeriesLabels;
  readonly progress: UsageProgress;
  /** Take the first look's values as priced: a fresh ledger re-reads usage priced before. */
  baselineFirst: boolean;
}

/** The overflow series mixes projects and models: none of its units has a price. */
const NOTHING_LISTED: ListPrices = {
  ...LIST_PRICES,
  tokens: {},
  characters: {},
  seconds: {},
  images: {},
  tools: {},
};

export class Estimator {
  private readonly tally: EstimateTally;
  private readonly inUse = new PricesInUse();
  private readonly tracked = new Map<CategoryLedger, Tracked>();
  private readonly carried: Record<string, SavedProgress>;
  private readonly hadSection: boolean;
  private readonly keepDays: number;
  private readonly settleLag: number;
  private book: PriceBook;
  /** No growth is priced before the bill was read once: a fresh start would price a day at list prices. */
  private billRead = false;

  constructor(private readonly options: EstimatorOptions = {}) {
    const saved = isSaved(options.saved) ? options.saved : undefined;
    this.hadSection = saved !== undefined;
    this.tally = EstimateTally.restore(saved);
    this.carried = { ...(saved?.categories ?? {}) };
    this.book = new PriceBook([], options.list ?? LIST_PRICES);
    this.keepDays = options.keepDays ?? 3;
    this.settleLag = options.settleLagSeconds ?? 6 * 3600;
  }

  /**
   * Starts tracking a usage ledger. A restored ledger continues from its saved progress, or (an
   * earlier state format) is taken as priced now: new estimate series, never a recount. A fresh
   * ledger is priced from zero, unless the estimate was saved before: then it re-reads usage the
   * estimate already priced, and its first look is taken as priced.
   */
  track(ledger: CategoryLedger, origin: LedgerOrigin, nowSeconds: number): void {
    const category = pricedCategory(ledger);
    if (category === undefined) return;
    const saved = this.carried[category];
    delete this.carried[category];
    let progress =
      origin === 'restored' && saved !== undefined
        ? UsageProgress.restore(ledger, category, saved)
        : undefined;
    if (progress === undefined) {
      progress = new UsageProgress(ledger, category);
      if (origin === 'restored') progress.baseline(this.keepFrom(nowSeconds), nowSeconds);
    }
    const baselineFirst = origin === 'fresh' && this.hadSection && saved !== undefined;
    this.tracked.set(ledger, { labels: new SeriesLabels(ledger, category), progress, baselineFirst });
  }

  /** Prices are list prices only, for good (no costs are polled): growth is priced from now on. */
  withoutBill(): void {
    this.billRead = true;
  }

  /** Learns prices from the costs ledger (learned wins over list); undefined when it cannot. */
  learn(costs: CategoryLedger, nowSeconds: number): LearnedPrices | undefined {
    return finishNow(this.learning(costs, nowSeconds, Number.POSITIVE_INFINITY));
  }

  /** `learn` in slices with turns of the event loop between them; not to overlap a look. */
  learnPaced(costs: CategoryLedger, nowSeconds: number, pacing: Pacing): Promise<LearnedPrices | undefined> {
    return finishPaced(this.learning(costs, nowSeconds, ROWS_PER_RUN), pacing);
  }

  private *learning(
    costs: CategoryLedger,
    nowSeconds: number,
    run: number,
  ): Generator<void, LearnedPrices | undefined> {
    this.billRead = true;
    if (cannotLearn(costs) !== undefined) return undefined;
    const rows = yield* costRowSteps(costs);
    const learned = yield* learnSteps(rows, { settledBefore: nowSeconds }, run);
    this.book = new PriceBook(learned.prices, this.options.list ?? LIST_PRICES, learned.byProject);
    this.inUse.reprice(this.book);
    return learned;
  }

  /** Prices a tracked ledger's growth since the last look; true when the estimate changed. */
  observe(ledger: CategoryLedger, nowSeconds: number): boolean {
    return finishNow(this.observing(ledger, nowSeconds, Number.POSITIVE_INFINITY));
  }

  /**
   * `observe` in slices with turns of the event loop between them; the same dollars. Looks must not
   * overlap one another or `learn` (the caller runs them one at a time). Polls may ingest during a
   * turn: the growth is priced through the totals the walk read, and the rest at the next look.
   */
  observePaced(ledger: CategoryLedger, nowSeconds: number, pacing: Pacing): Promise<boolean> {
    return finishPaced(this.observing(ledger, nowSeconds, ROWS_PER_RUN), pacing);
  }

  /**
   * Walks and prices in steps of `run` rows, changing nothing; then adds it all up in one
   * synchronous commit, so a save between two steps holds the last look whole, never half of one.
   */
  private *observing(ledger: CategoryLedger, nowSeconds: number, run: number): Generator<void, boolean> {
    const tracked = this.tracked.get(ledger);
    if (tracked === undefined || !this.billRead) return false;
    const { labels, progress } = tracked;
    const keepFrom = this.keepFrom(nowSeconds);
    if (tracked.baselineFirst) {
      tracked.baselineFirst = false;
      progress.baseline(keepFrom, nowSeconds);
      return false;
    }
    const countedSince = ledger.countedSince;
    const book = this.book;
    const walk = progress.walk();
    const increments: UsageIncrement[] = [];
    const overflow: UsageIncrement[] = [];
    yield* progress.totalsSteps(
      (exported, growth) =>
        (isOverflow(ledger, exported) ? overflow : increments).push(labels.increment(exported, growth)),
      walk,
      run,
    );
    const estimate = yield* spendSteps(increments, book, run);
    const overflowUnpriced = estimateSpend(overflow, new PriceBook([], NOTHING_LISTED)).unpriced;
    // Summed per day and series first: a day's hours are priced alike, and pricing is per row.
    const byDay = new Map<number, Map<number, Float64Array>>();
    yield* progress.hoursSteps(
      keepFrom,
      (start, exported, growth) => {
        if (isOverflow(ledger, exported)) return;
        const day = start - (start % DAY);
        const series = byDay.get(day) ?? new Map<number, Float64Array>();
        const sum = series.get(exported);
        if (sum === undefined) series.set(exported, growth);
        else for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (growth[i] as number);
        byDay.set(day, series);
      },
      walk,
    );
    const days: [number, SpendEstimate][] = [];
    for (const [day, series] of byDay) {
      const rows = [...series].map(([exported, growth]) => labels.increment(exported, growth));
      days.push([day, yield* spendSteps(rows, book, run)]);
    }
    // The commit: nothing below pauses.
    // Priced from zero: the days are whole from where the ledger began counting.
    if (progress.coveredFrom === undefined && countedSince !== undefined) progress.coveredFrom = countedSince;
    progress.commit(walk);
    this.tally.add(estimate);
    this.inUse.note(estimate.prices, nowSeconds);
    for (const entry of overflowUnpriced) this.tally.addUnpriced(entry);
    for (const [day, spend] of days) this.tally.addDay(day, spend.spend);
    this.tally.forgetDaysBefore(keepFrom);
    const forgot = this.inUse.forgetUnused(nowSeconds);
    return increments.length + overflow.length > 0 || forgot;
  }

  get spend() {
    return this.tally.spend;
  }

  get unpriced() {
    return this.tally.unpriced;
  }

  /** The organization's prices in use (a project's own learned prices may differ). */
  get prices() {
    return this.inUse.shown;
  }

  /** The newest UTC day whose bill counts as settled now. */
  settledDay(nowSeconds: number): number {
    const ended = nowSeconds - DAY - this.settleLag;
    return ended - (ended % DAY);
  }

  /**
   * Estimated / billed for the last settled day, per project and for the organization (''); a
   * project billed nothing that day has no ratio.
   */
  ratios(costs: CategoryLedger, nowSeconds: number): Map<string, number> {
    const day = this.settledDay(nowSeconds);
    const ratios = new Map<string, number>();
    // A day the per-day dollars hold only part of would look like a wrong price.
    for (const { progress } of this.tracked.values()) if ((progress.coveredFrom ?? day) > day) return ratios;
    const billed = billedByProject(costs, day);
    const estimated = this.tally.day(day);
    const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
    const billedTotal = sum(billed.values());
    if (billedTotal > 0) ratios.set('', sum(estimated.values()) / billedTotal);
    // A project's estimate is whole only when every priced category is grouped by project.
    const byProject = [...this.tracked.values()].every(({ labels }) => labels.byProject);
    for (const [project, usd] of byProject ? billed : []) {
      if (project !== '' && usd > 0) ratios.set(project, (estimated.get(project) ?? 0) / usd);
    }
    return ratios;
  }

  /** A copy, made now, for the state file: saved at the same instant as the ledgers. */
  saved(): SavedEstimate {
    const categories: Record<string, SavedProgress> = { ...this.carried };
    for (const { labels, progress } of this.tracked.values()) categories[labels.category] = progress.saved();
    return { version: ESTIMATE_VERSION, ...this.tally.saved(), categories };
  }

  private keepFrom(nowSeconds: number): number {
    return nowSeconds - (nowSeconds % DAY) - this.keepDays * DAY;
  }
}
