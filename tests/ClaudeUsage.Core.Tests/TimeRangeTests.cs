using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Tests;

public class TimeRangeTests
{
    private static DateTimeOffset? Day(int? day) => day is { } d ? new DateTimeOffset(2026, 11, d, 0, 0, 0, TimeSpan.Zero) : null;

    [Theory]
    [InlineData(1, 10, 5, 20, 5, 10)]          // overlapping: the later start, the earlier end
    [InlineData(5, 20, 1, 10, 5, 10)]          // the same either way round
    [InlineData(null, 10, 5, null, 5, 10)]     // an open bound takes the other's
    [InlineData(null, null, 5, 20, 5, 20)]     // all time within a span is that span
    [InlineData(null, null, null, null, null, null)]
    [InlineData(1, 5, 10, 20, 10, 5)]          // apart: empty (the start after the end)
    public void The_intersection_keeps_what_is_in_both(int? start, int? end, int? otherStart, int? otherEnd, int? expectedStart, int? expectedEnd)
    {
        TimeRange both = new TimeRange(Day(start), Day(end)).Intersect(new TimeRange(Day(otherStart), Day(otherEnd)));

        Assert.Equal(new TimeRange(Day(expectedStart), Day(expectedEnd)), both);
    }
}
