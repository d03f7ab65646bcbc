// The costs ledger read as a bill: per day and line item its amount and quantity, for learning
// prices, and per day and project the billed dollars, for comparing the estimate with the bill.

import { finishNow } from '../domain/pacing.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import type { CostRow } from './learned-prices.js';
import { isOverflow } from './usage-series.js';

interface BillColumns {
  readonly amount: number;
  readonly quantity: number;
  readonly lineItem: number;
  readonly project: number;
}

function columns(ledger: CategoryLedger): BillColumns {
  const fields = ledger.layout.spec.fields;
  const names = ledger.layout.labelNames;
  return {
    amount: fields.findIndex((field) => field.field === 'amount'),
    quantity: fields.findIndex((field) => field.field === 'quantity'),
    lineItem: names.indexOf('line_item'),
    project: names.indexOf('project_id'),
  };
}

/** Why prices cannot be learned from this costs ledger, or undefined when they can. */
export function cannotLearn(ledger: CategoryLedger): string | undefined {
  const { amount, quantity, lineItem } = columns(ledger);
  if (lineItem < 0) return 'the costs are not grouped by line_item';
  if (amount < 0 || quantity < 0) return 'the costs carry no quantity';
  return undefined;
}

/** Every day the ledger holds, per line item and project (summed over the other labels). */
export function costRows(ledger: CategoryLedger): CostRow[] {
  return finishNow(costRowSteps(ledger));
}

/** `costRows` in steps of one day. */
export function* costRowSteps(ledger: CategoryLedger): Generator<void, CostRow[]> {
  const at = columns(ledger);
  if (cannotLearn(ledger) !== undefined) return [];
  const rows: CostRow[] = [];
  for (const day of ledger.coarseStarts()) {
    if (rows.length > 0) yield;
    const counted = new Map<number, Float64Array>();
    ledger.countedInCoarse(day, counted);
    for (const [exported, values] of counted) {
      if (isOverflow(ledger, exported)) continue;
      const labels = ledger.series.exportedLabels(exported);
      rows.push({
        day,
        lineItem: labels[at.lineItem] ?? '',
        projectId: at.project < 0 ? '' : (labels[at.project] ?? ''),
        amount: values[at.amount] ?? 0,
        quantity: values[at.quantity] ?? 0,
        quantityUnit: ledger.units[exported] ?? null,
      });
    }
  }
  return rows;
}

/**
 * Billed dollars of one day per project ('' when the costs are not grouped by project), charges
 * only: credits are not usage.
 */
export function billedByProject(ledger: CategoryLedger, day: number): Map<string, number> {
  const at = columns(ledger);
  const billed = new Map<string, number>();
  if (at.amount < 0) return billed;
  const counted = new Map<number, Float64Array>();
  ledger.countedInCoarse(day, counted);
  for (const [exported, values] of counted) {
    const project = at.project < 0 ? '' : (ledger.series.exportedLabels(exported)[at.project] ?? '');
    billed.set(project, (billed.get(project) ?? 0) + (values[at.amount] ?? 0));
  }
  return billed;
}
