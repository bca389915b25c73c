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
            values[i] = (IComparable?)Text(keys[i], e) ?? keys[i] switch
            {
                UsageGrouping.Hour => calendar.HourOf(e.Timestamp).UtcDateTime,
                UsageGrouping.Day => calendar.DayOf(e.Timestamp),
                UsageGrouping.Week => calendar.WeekOf(e.Timestamp),
                UsageGrouping.Month => calendar.MonthOf(e.Timestamp),
                UsageGrouping.Source => e.Source,
                UsageGrouping.Speed => e.IsFast,
                _ => null,
            };
        }

        return new GroupKey(values);
    }

    /// <summary>
    /// Whether two responses have equal keys (<see cref="Of"/> of each would be equal) without making either key,
    /// given each one's time in the calendar's zone: a report meets the same row again and again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Same(UsageGrouping[] keys, UsageEntry a, DateTimeOffset aAt, UsageEntry b, DateTimeOffset bAt, ZonedCalendar calendar)
    {
        foreach (UsageGrouping key in keys)
        {
            bool same = key switch
            {
                // The same local clock hour at the same offset (the two 01:00 hours of a fall-back night differ).
                UsageGrouping.Hour => aAt.Offset == bAt.Offset
                    && (aAt.UtcTicks + aAt.Offset.Ticks) / TimeSpan.TicksPerHour == (bAt.UtcTicks + bAt.Offset.Ticks) / TimeSpan.TicksPerHour,
                UsageGrouping.Day => aAt.Date == bAt.Date,
                UsageGrouping.Week => calendar.StartOfWeek(aAt.Date) == calendar.StartOfWeek(bAt.Date),
                UsageGrouping.Month => aAt.Year == bAt.Year && aAt.Month == bAt.Month,
                UsageGrouping.Source => a.Source == b.Source,
                UsageGrouping.Speed => a.IsFast == b.IsFast,
                _ => string.Equals(Text(key, a), Text(key, b), StringComparison.Ordinal),
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of a key that is a text (a missing one as empty), for <see cref="Of"/> and <see cref="Same"/> alike; null for the others.</summary>
    private static string? Text(UsageGrouping key, UsageEntry e) => key switch
    {
        UsageGrouping.Session => e.SessionId,
        UsageGrouping.Project => ProjectNames.Key(e),
        UsageGrouping.Model => e.Model ?? string.Empty,
        UsageGrouping.Agent => e.AgentId ?? string.Empty,
        UsageGrouping.Provider => e.Provider ?? string.Empty,
        UsageGrouping.Skill => e.Skill ?? string.Empty,
        UsageGrouping.Plugin => e.Plugin ?? string.Empty,
        UsageGrouping.Subagent => e.Subagent ?? string.Empty,
        UsageGrouping.McpServer => e.McpServers ?? string.Empty,
        _ => null,
    };

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
