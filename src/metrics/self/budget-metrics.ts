// The configured spend budgets, exported so alerts can compare spend against them.

import { Gauge, type Registry } from 'prom-client';

export interface BudgetGauge {
  readonly period: 'day' | 'month';
  readonly usd: number;
  readonly projectId?: string;
}

export class BudgetMetrics {
  private readonly budget: Gauge<'period' | 'project_id'>;

  constructor(registry: Registry) {
    this.budget = new Gauge({
      name: 'openai_budget_usd',
      help: 'Configured spend budget in US dollars, per period (day or month) and optionally per project.',
      labelNames: ['period', 'project_id'],
      registers: [registry],
    });
  }

  set(budgets: readonly BudgetGauge[]): void {
    this.budget.reset();
    for (const budget of budgets) {
      this.budget.set({ period: budget.period, project_id: budget.projectId ?? '' }, budget.usd);
    }
  }
}
