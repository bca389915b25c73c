namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The sums of a group of counted rows (<see cref="LedgerResponseRow.GroupSums"/>), as numbers: what a sum of the
/// ledger holds and what adding sums up gives.
/// </summary>
internal struct GroupSumValues
{
    public long Rows, Requests, First, Last, Input, Output, CacheWrite5m, CacheWrite1h, CacheRead, WebSearch, WebFetch, CodeExecution;

    /// <summary>Rows with a recorded cost, and the sum of those costs in pico-dollars.</summary>
    public long RecordedCosts, RecordedPico;

    public long RecordedZeroCosts, UnsummedCosts;

    /// <summary>Adds <paramref name="other"/> in; an overflow throws, as SQL's SUM does.</summary>
    public void Add(in GroupSumValues other)
    {
        checked
        {
            First = Rows == 0 ? other.First : Math.Min(First, other.First);
            Last = Rows == 0 ? other.Last : Math.Max(Last, other.Last);
            Rows += other.Rows;
            Requests += other.Requests;
            Input += other.Input;
            Output += other.Output;
            CacheWrite5m += other.CacheWrite5m;
            CacheWrite1h += other.CacheWrite1h;
            CacheRead += other.CacheRead;
            WebSearch += other.WebSearch;
            WebFetch += other.WebFetch;
            CodeExecution += other.CodeExecution;
            RecordedCosts += other.RecordedCosts;
            RecordedPico += other.RecordedPico;
            RecordedZeroCosts += other.RecordedZeroCosts;
            UnsummedCosts += other.UnsummedCosts;
        }
    }
}
