namespace ClaudeUsage.Core.Time;

/// <summary>A half-open span of time [Start, End); a null bound is open.</summary>
internal readonly record struct TimeRange(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static TimeRange All => new(null, null);

    public bool Contains(DateTimeOffset instant) =>
        (Start is null || instant >= Start.Value) && (End is null || instant < End.Value);
}
