using ClaudeUsage.Core.Pricing;

namespace ClaudeUsage.Core.Aggregation;

/// <summary>A response that passed the filters, with its cost.</summary>
internal readonly record struct CountedResponse(UsageEntry Entry, ResponseCost Cost)
{
    /// <summary>How many of the responses it stands for have no cost: one response, or those of a ledger sum.</summary>
    public int UnpricedResponses => Entry.Group is null ? (Cost.Amount is null ? 1 : 0) : Cost.UnpricedRows;
}
