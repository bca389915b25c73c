namespace ClaudeUsage.Core.Spikes;

/// <summary>
/// Splits the change of an amount between a baseline and a spike into five factors, exactly:
/// amount = requests × (prompt tokens per request × what a prompt token came to at the cache mix + output tokens per
/// request × output price + other per request).
/// </summary>
/// <remarks>
/// The factors are volume (requests), context size (prompt tokens per request), output size (output tokens per
/// request), cache efficiency (the hit rate, and how much of the uncached prompt was written to the cache) and price
/// mix (the average price of each token kind, which moves with the model, speed and tier mix). Each factor's share
/// is its Shapley value: the change it makes when switched from the baseline's value to the spike's, averaged over
/// every order of switching the five. The shares add up to the whole change whatever the order, and a factor that
/// did not change gets nothing.
/// </remarks>
internal static class SpikeDecomposition
{
    public const int FactorCount = 5;

    public const int Volume = 0;
    public const int Context = 1;
    public const int Output = 2;
    public const int Cache = 3;
    public const int Price = 4;

    /// <summary>
    /// The five shares of <c>current.Amount - baselineAmount</c>, where the baseline is <paramref name="baselinePool"/>'s
    /// ratios at the volume that makes its amount <paramref name="baselineAmount"/> (a median of intervals, while
    /// the pool is their sum).
    /// </summary>
    public static decimal[] Split(UsageProfile current, UsageProfile baselinePool, decimal baselineAmount)
    {
        var shares = new decimal[FactorCount];
        decimal change = current.Amount - baselineAmount;
        if (current.Requests == 0 || baselinePool.Requests == 0 || baselinePool.Amount == 0m)
        {
            shares[Volume] = change; // no per-request figures on one side: only the volume can be said to change
            return shares;
        }

        Factors now = Factors.Of(current, baselinePool, current.Requests);
        Factors before = Factors.Of(baselinePool, current, baselineAmount / (baselinePool.Amount / baselinePool.Requests));
        var amounts = new decimal[1 << FactorCount];
        for (int mask = 0; mask < amounts.Length; mask++)
        {
            amounts[mask] = Factors.Mix(now, before, mask).Amount;
        }

        decimal[] weights = ShapleyWeights();
        for (int factor = 0; factor < FactorCount; factor++)
        {
            int bit = 1 << factor;
            decimal share = 0m;
            for (int mask = 0; mask < amounts.Length; mask++)
            {
                if ((mask & bit) == 0)
                {
                    share += weights[System.Numerics.BitOperations.PopCount((uint)mask)] * (amounts[mask | bit] - amounts[mask]);
                }
            }

            shares[factor] = Math.Round(share, 18);
        }

        // Rounding far below a cent (the products' 28th digit; the 18 decimals kept, so that a half cent shows as
        // one): the largest share takes it, so the shares add up to the change exactly.
        int largest = 0;
        for (int i = 1; i < FactorCount; i++)
        {
            if (Math.Abs(shares[i]) > Math.Abs(shares[largest]))
            {
                largest = i;
            }
        }

        shares[largest] += change - shares.Sum();
        return shares;
    }

    /// <summary>The amount <paramref name="profile"/> would have come to with one factor taken from <paramref name="reference"/>.</summary>
    public static decimal AmountWith(UsageProfile profile, UsageProfile reference, decimal referenceRequests, int factor)
    {
        if (profile.Requests == 0 || reference.Requests == 0)
        {
            return profile.Amount;
        }

        Factors own = Factors.Of(profile, reference, profile.Requests);
        Factors other = Factors.Of(reference, profile, referenceRequests);
        return Factors.Mix(other, own, 1 << factor).Amount;
    }

    /// <summary>s!(n - s - 1)! / n! for a coalition of s factors out of n.</summary>
    private static decimal[] ShapleyWeights()
    {
        var weights = new decimal[FactorCount];
        for (int s = 0; s < FactorCount; s++)
        {
            weights[s] = (decimal)(Factorial(s) * Factorial(FactorCount - s - 1)) / Factorial(FactorCount);
        }

        return weights;
    }

    private static long Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    /// <summary>The factor values of one side. A token kind one side lacks takes its price from the other side.</summary>
    private readonly record struct Factors(
        decimal Requests,
        decimal PromptPerRequest,
        decimal OutputPerRequest,
        decimal HitRate,
        decimal WriteShare,
        decimal InputPrice,
        decimal WritePrice,
        decimal ReadPrice,
        decimal OutputPrice,
        decimal OtherPerRequest)
    {
        public decimal Amount =>
            Requests * ((PromptPerRequest * (((1m - HitRate) * (((1m - WriteShare) * InputPrice) + (WriteShare * WritePrice))) + (HitRate * ReadPrice)))
                + (OutputPerRequest * OutputPrice) + OtherPerRequest);

        public static Factors Of(UsageProfile p, UsageProfile other, decimal requests)
        {
            long prompt = p.PromptTokens;
            long uncached = p.Input + p.CacheWrite;
            return new Factors(
                requests,
                prompt / p.Requests,
                p.Output / p.Requests,
                prompt == 0 ? 0m : (decimal)p.CacheRead / prompt,
                uncached == 0 ? 0m : (decimal)p.CacheWrite / uncached,
                PriceOf(p.InputAmount, p.Input, other.InputAmount, other.Input),
                PriceOf(p.CacheWriteAmount, p.CacheWrite, other.CacheWriteAmount, other.CacheWrite),
                PriceOf(p.CacheReadAmount, p.CacheRead, other.CacheReadAmount, other.CacheRead),
                PriceOf(p.OutputAmount, p.Output, other.OutputAmount, other.Output),
                p.OtherAmount / p.Requests);
        }

        /// <summary>Bits of <paramref name="mask"/> take the factor from <paramref name="set"/>, the rest from <paramref name="unset"/>.</summary>
        public static Factors Mix(Factors set, Factors unset, int mask)
        {
            bool Has(int factor) => (mask & (1 << factor)) != 0;
            Factors cache = Has(Cache) ? set : unset;
            Factors price = Has(Price) ? set : unset;
            return new Factors(
                (Has(Volume) ? set : unset).Requests,
                (Has(Context) ? set : unset).PromptPerRequest,
                (Has(Output) ? set : unset).OutputPerRequest,
                cache.HitRate,
                cache.WriteShare,
                price.InputPrice,
                price.WritePrice,
                price.ReadPrice,
                price.OutputPrice,
                price.OtherPerRequest);
        }

        private static decimal PriceOf(decimal amount, long tokens, decimal otherAmount, long otherTokens) =>
            tokens > 0 ? amount / tokens : otherTokens > 0 ? otherAmount / otherTokens : 0m;
    }
}
