namespace ClaudeUsage.Core.Aggregation;

/// <summary>
/// One list of selected responses kept between reports in a process, for a report that is done with its list when
/// it returns: a repeated call in a session then fills the same list instead of a new one on the large-object heap,
/// whose churn costs a full collection every few calls. A list larger than <see cref="MostKept"/> is let go.
/// </summary>
internal static class SelectionBuffer
{
    /// <summary>About 4 MB of selected responses at most is kept.</summary>
    private const int MostKept = 32_768;

    private static List<CountedResponse>? s_kept;

    /// <summary>The kept list, emptied, or a new one.</summary>
    public static List<CountedResponse> Take() => Interlocked.Exchange(ref s_kept, null) ?? [];

    /// <summary>Gives a list back once nothing refers to it any more; its responses are let go.</summary>
    public static void Give(List<CountedResponse> list)
    {
        list.Clear();
        if (list.Capacity <= MostKept)
        {
            Volatile.Write(ref s_kept, list);
        }
    }
}
