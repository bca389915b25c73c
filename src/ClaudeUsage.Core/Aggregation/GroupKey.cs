using System.Runtime.CompilerServices;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Aggregation;

/// <summary>The values of a row's grouping keys, comparable so rows sort by them in the order they were asked for.</summary>
internal readonly struct GroupKey : IEquatable<GroupKey>, IComparable<GroupKey>
{
    private readonly IComparable?[] _values;

    private GroupKey(IComparable?[] values) => _values = values;

    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GroupKey Of(UsageEntry e, UsageGrouping[] keys, ZonedCalendar calendar)
    {
        var values = new IComparable?[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            values[i] = keys[i] switch
            {
                UsageGrouping.Hour => calendar.HourOf(e.Timestamp).UtcDateTime,
                UsageGrouping.Day => calendar.DayOf(e.Timestamp),
                UsageGrouping.Week => calendar.WeekOf(e.Timestamp),
                UsageGrouping.Month => calendar.MonthOf(e.Timestamp),
                UsageGrouping.Session => e.SessionId,
                UsageGrouping.Project => ProjectNames.Key(e),
                UsageGrouping.Model => e.Model ?? string.Empty,
                UsageGrouping.Source => e.Source,
                UsageGrouping.Agent => e.AgentId ?? string.Empty,
                UsageGrouping.Provider => e.Provider ?? string.Empty,
                UsageGrouping.Speed => e.IsFast,
                UsageGrouping.Skill => e.Skill ?? string.Empty,
                UsageGrouping.Plugin => e.Plugin ?? string.Empty,
                UsageGrouping.Subagent => e.Subagent ?? string.Empty,
                UsageGrouping.McpServer => e.McpServers ?? string.Empty,
                _ => null,
            };
        }

        return new GroupKey(values);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Equals(GroupKey other)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            if (!Equals(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is GroupKey other && Equals(other);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (IComparable? value in _values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int CompareTo(GroupKey other)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            int c = (_values[i], other._values[i]) switch
            {
                (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase) is var ci && ci != 0 ? ci : string.CompareOrdinal(a, b),
                (null, null) => 0,
                (null, _) => -1,
                (_, null) => 1,
                var (a, b) => a.CompareTo(b),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
