// The configured spend budgets, exported so alerts can compare spend against them.

import type { SelfFamilies } from './families.js';

export interface BudgetGauge {
  readonly period: 'day' | 'month';
  readonly usd: number;
  readonly projectId?: string;
}

export class BudgetMetrics {
  constructor(private readonly families: Pick<SelfFamilies, 'budget'>) {}

  set(budgets: readonly BudgetGauge[]): void {
    this.families.budget.reset();
    for (const budget of budgets) {
      this.families.budget.set({ period: budget.period, project_id: budget.projectId ?? '' }, budget.usd);
    }
  }
}
