// The configured spend budgets, exported so alerts can compare spend against them.

import type { Gauge, Registry } from 'prom-client';
import { FAMILIES, gauge } from './families.js';

export interface BudgetGauge {
  readonly period: 'day' | 'month';
  readonly usd: number;
  readonly projectId?: string;
}

export class BudgetMetrics {
  private readonly budget: Gauge<'period' | 'project_id'>;

  constructor(registry: Registry) {
    this.budget = gauge(FAMILIES.budget, [registry]);
  }

  set(budgets: readonly BudgetGauge[]): void {
    this.budget.reset();
    for (const budget of budgets) {
      this.budget.set({ period: budget.period, project_id: budget.projectId ?? '' }, budget.usd);
    }
  }
}
