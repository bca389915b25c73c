namespace ClaudeUsage.Core.Time;

/// <summary>A half-open span of time [Start, End); a null bound is open.</summary>
internal readonly record struct TimeRange(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static TimeRange All => new(null, null);

    public bool Contains(DateTimeOffset instant) =>
        (Start is null || instant >= Start.Value) && (End is null || instant < End.Value);

    /// <summary>The part of this span that is also in <paramref name="other"/> (empty when Start is not before End).</summary>
    public TimeRange Intersect(TimeRange other) => new(
        Start is { } a && other.Start is { } b ? (a > b ? a : b) : Start ?? other.Start,
        End is { } c && other.End is { } d ? (c < d ? c : d) : End ?? other.End);
}
