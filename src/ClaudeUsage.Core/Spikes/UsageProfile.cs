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

    public void Add(CountedResponse response, UsageMetric metric) => Add(response, Measure(response, metric));

    /// <summary>Adds a response measured once with <see cref="Measure"/> (a bucket adds each response to several profiles).</summary>
    public void Add(CountedResponse response, in Amounts amounts)
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
        Amount += amounts.Amount;
        InputAmount += amounts.Kinds.Input;
        CacheWriteAmount += amounts.Kinds.CacheWrite;
        CacheReadAmount += amounts.Kinds.CacheRead;
        OutputAmount += amounts.Kinds.Output;
        OtherAmount += amounts.Kinds.Other;
    }

    /// <summary>A response's amount in the metric, in total and by token kind (tokens are their own amount).</summary>
    public static Amounts Measure(CountedResponse response, UsageMetric metric)
    {
        TokenCounts t = response.Entry.Tokens;
        TokenKindCosts kinds = metric == UsageMetric.Tokens
            ? new TokenKindCosts(t.Input, t.CacheWrite, t.CacheRead, t.Output, 0m)
            : TokenKindCosts.Of(t, response.Cost);
        return new Amounts(MetricAmount.Of(response, metric), kinds);
    }

    /// <summary>See <see cref="Measure"/>.</summary>
    public readonly record struct Amounts(decimal Amount, TokenKindCosts Kinds);

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
