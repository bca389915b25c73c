namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>Token sums over counted responses: the generator's ground truth, and what each tool reports.</summary>
internal sealed record TokenTotals
{
    public long Responses { get; set; }

    public long Input { get; set; }

    public long Output { get; set; }

    public long CacheWrite { get; set; }

    public long CacheRead { get; set; }

    public long Total => Input + Output + CacheWrite + CacheRead;

    public void Add(long input, long output, long cacheWrite, long cacheRead)
    {
        Responses++;
        Input += input;
        Output += output;
        CacheWrite += cacheWrite;
        CacheRead += cacheRead;
    }

    public void Add(TokenTotals other)
    {
        Responses += other.Responses;
        Input += other.Input;
        Output += other.Output;
        CacheWrite += other.CacheWrite;
        CacheRead += other.CacheRead;
    }

    /// <summary>Same tokens of every kind (response counts differ between tools' notions of a row).</summary>
    public bool SameTokens(TokenTotals other) =>
        Input == other.Input && Output == other.Output && CacheWrite == other.CacheWrite && CacheRead == other.CacheRead;

    public override string ToString() =>
        $"input {Input:N0}, output {Output:N0}, cache write {CacheWrite:N0}, cache read {CacheRead:N0} (total {Total:N0})";
}
