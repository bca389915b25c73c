using ClaudeUsage.Core.Pricing;

namespace ClaudeUsage.Core.Aggregation;

/// <summary>A response that passed the filters, with its cost.</summary>
internal readonly record struct CountedResponse(UsageEntry Entry, ResponseCost Cost);
