using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Pricing;

namespace ClaudeUsage.Core.Spikes;

/// <summary>
/// What a set of responses amounted to, in the parts a spike is explained by: requests, prompt and output tokens,
/// cache reads and writes, and the amount (USD or tokens) each token kind came to.
/// </summary>
internal sealed class UsageProfile
{
    public decimal Requests { get; private set; }

    public long Input { get; private set; }

    public long CacheWrite { get; private set; }

    public long CacheRead { get; private set; }

    public long Output { get; private set; }

    public decimal InputAmount { get; private set; }

    public decimal CacheWriteAmount { get; private set; }

    public decimal CacheReadAmount { get; private set; }

    public decimal OutputAmount { get; private set; }

    /// <summary>What no token kind accounts for: web searches, a recorded cost on a response without tokens.</summary>
    public decimal OtherAmount { get; private set; }

    /// <summary>The amount in the metric, summed as the responses' own amounts (the parts add up to it but for rounding).</summary>
    public decimal Amount { get; private set; }

    public long PromptTokens => Input + CacheWrite + CacheRead;

    public void Add(CountedResponse response, UsageMetric metric)
    {
        TokenCounts t = response.Entry.Tokens;
        if (response.Entry.IsRequest)
        {
            Requests++;
        }

        Input += t.Input;
        CacheWrite += t.CacheWrite;
        CacheRead += t.CacheRead;
        Output += t.Output;
        Amount += MetricAmount.Of(response, metric);
        if (metric == UsageMetric.Tokens)
        {
            InputAmount += t.Input;
            CacheWriteAmount += t.CacheWrite;
            CacheReadAmount += t.CacheRead;
            OutputAmount += t.Output;
            return;
        }

        TokenKindCosts costs = TokenKindCosts.Of(t, response.Cost);
        InputAmount += costs.Input;
        CacheWriteAmount += costs.CacheWrite;
        CacheReadAmount += costs.CacheRead;
        OutputAmount += costs.Output;
        OtherAmount += costs.Other;
    }

    public void Add(UsageProfile other)
    {
        Requests += other.Requests;
        Input += other.Input;
        CacheWrite += other.CacheWrite;
        CacheRead += other.CacheRead;
        Output += other.Output;
        Amount += other.Amount;
        InputAmount += other.InputAmount;
        CacheWriteAmount += other.CacheWriteAmount;
        CacheReadAmount += other.CacheReadAmount;
        OutputAmount += other.OutputAmount;
        OtherAmount += other.OtherAmount;
    }

    /// <summary>Cache reads as a fraction of prompt tokens; null without prompt tokens.</summary>
    public decimal? HitRate => CacheEfficiency.HitRate(Input, CacheWrite, CacheRead);
}
