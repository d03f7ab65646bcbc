// The configured spend budgets, exported so alerts can compare spend against them.

import type { SelfFamilies } from './families.js';

export interface BudgetGauge {
  readonly period: 'day' | 'month';
  readonly usd: number;
  readonly projectId?: string;
}

type BudgetLabels = { organization: string; period: string; project_id: string };

export class BudgetMetrics {
  /** The series each organization set last: setting its budgets again replaces only its own. */
  private readonly current = new Map<string, readonly BudgetLabels[]>();

  constructor(private readonly families: Pick<SelfFamilies, 'budget'>) {}

  set(organization: string, budgets: readonly BudgetGauge[]): void {
    for (const labels of this.current.get(organization) ?? []) this.families.budget.remove(labels);
    const labelled = budgets.map((budget) => ({
      labels: { organization, period: budget.period, project_id: budget.projectId ?? '' },
      usd: budget.usd,
    }));
    for (const { labels, usd } of labelled) this.families.budget.set(labels, usd);
    this.current.set(
      organization,
      labelled.map(({ labels }) => labels),
    );
  }
}
