namespace ClaudeUsage.Core.Budgets;

/// <summary>A spending limit for one calendar period, in USD or tokens.</summary>
internal readonly record struct BudgetDefinition(BudgetPeriod Period, UsageMetric Metric, decimal Limit);
