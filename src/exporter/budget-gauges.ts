import type { ExporterConfig } from '../config/config.js';
import type { BudgetGauge } from '../metrics/self-metrics.js';

/** The configured budgets, as the gauges dashboards compare spend against. */
export function budgetGauges(config: ExporterConfig): BudgetGauge[] {
  const budgets: BudgetGauge[] = [];
  const { budget } = config;
  if (budget.dailyUsd !== undefined) budgets.push({ period: 'day', usd: budget.dailyUsd });
  if (budget.monthlyUsd !== undefined) budgets.push({ period: 'month', usd: budget.monthlyUsd });
  for (const [projectId, usd] of Object.entries(budget.projectDailyUsd))
    budgets.push({ period: 'day', usd, projectId });
  for (const [projectId, usd] of Object.entries(budget.projectMonthlyUsd)) {
    budgets.push({ period: 'month', usd, projectId });
  }
  return budgets;
}
