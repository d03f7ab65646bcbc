// A ledger copied at one instant and spelled as JSON piece by piece, so a save can take its time
// while polls keep ingesting. The copy is of typed arrays only (a memory copy of what is there);
// the text is produced later, in pieces, and is exactly JSON.stringify of `snapshot()` taken at
// the same instant.

import type { JsonPieces } from '../domain/json-pieces.js';
import type { FrozenTable } from './bucket-table.js';
import type { LedgerLayout } from './category-layout.js';
import type { CopyArena } from './copy-arena.js';
import { itemList, numberList } from './json-numbers.js';
import type { LedgerContent } from './ledger-content.js';
import { LEDGER_ENCODING, type LedgerSnapshot } from './ledger-snapshot.js';
import type { FrozenSeriesIndex } from './series-index.js';

/** Label sets per piece: each is a few short strings. */
const LABEL_SETS_PER_PIECE = 1024;
const GAUGES_PER_PIECE = 256;

export class FrozenLedger implements JsonPieces<LedgerSnapshot> {
  private readonly head: string;
  private readonly series: FrozenSeriesIndex;
  private readonly totals: Float64Array;
  private readonly fieldSeen: Uint8Array;
  private readonly gauges: readonly (readonly [exported: number, values: Float64Array])[];
  private readonly tail: string;
  private readonly open: FrozenTable | undefined;
  private readonly settled: FrozenTable;
  private readonly fine: FrozenTable | undefined;

  constructor(layout: LedgerLayout, ledger: LedgerContent, arena: CopyArena) {
    const { tables } = ledger;
    this.head = `{"encoding":${JSON.stringify(LEDGER_ENCODING)},"category":${JSON.stringify(layout.spec.id)},"labelNames":${JSON.stringify(layout.labelNames)},"fields":${JSON.stringify(layout.spec.fields.map((field) => field.field))}`;
    this.series = ledger.series.freeze(arena);
    this.totals = arena.copyFloats(ledger.totals, ledger.series.exportedCount * layout.spec.fields.length);
    this.fieldSeen = ledger.fieldSeen.slice();
    this.gauges = [...ledger.gauges].map(([exported, values]) => [exported, values.slice()] as const);
    // Units are one short string per cost series at most, so they are spelled now, as snapshot() does.
    const units = ledger.units.flatMap((unit, index) => (unit === undefined ? [] : [[index, unit] as const]));
    this.tail = `,"countedSince":${JSON.stringify(ledger.countedSince ?? null)},"newestBucketEnd":${JSON.stringify(ledger.newestBucketEnd ?? null)}${units.length === 0 ? '' : `,"units":${JSON.stringify(units)}`}`;
    this.open = tables.open?.freeze(arena);
    this.settled = tables.settled.freeze(arena);
    this.fine = tables.fine?.freeze(arena);
  }

  *pieces(): Generator<string> {
    yield `${this.head},"series":{"labelSets":`;
    yield* itemList(this.series.labelSets, this.series.count, LABEL_SETS_PER_PIECE, (labels) =>
      JSON.stringify(labels),
    );
    yield ',"exported":';
    yield* numberList(this.series.exported);
    yield `,"other":${JSON.stringify(this.series.other)},"folded":${JSON.stringify(this.series.folded)}},"totals":`;
    yield* numberList(this.totals);
    yield ',"fieldSeen":';
    yield* numberList(this.fieldSeen);
    yield ',"gauges":';
    yield* itemList(
      this.gauges,
      this.gauges.length,
      GAUGES_PER_PIECE,
      ([exported, values]) => `[${JSON.stringify(exported)},${[...numberList(values)].join('')}]`,
    );
    yield `${this.tail},"open":`;
    yield* tablePieces(this.open);
    yield ',"settled":';
    yield* tablePieces(this.settled);
    yield ',"fine":';
    yield* tablePieces(this.fine);
    yield '}';
  }
}

function* tablePieces(table: FrozenTable | undefined): Generator<string> {
  if (table === undefined) {
    yield 'null';
    return;
  }
  yield `{"floor":${JSON.stringify(table.floor)},"buckets":[`;
  for (let i = 0; i < table.buckets.length; i++) {
    const [start, rows] = table.buckets[i] as FrozenTable['buckets'][number];
    yield `${i === 0 ? '' : ','}[${JSON.stringify(start)},`;
    yield* numberList(rows.slots);
    yield ',';
    yield* numberList(rows.values);
    yield ']';
  }
  yield ']}';
}
