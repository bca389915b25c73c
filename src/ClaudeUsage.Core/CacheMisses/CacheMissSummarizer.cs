using System.Globalization;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.CacheMisses;

/// <summary>Sums cache misses, with the requests examined beside them, in total or per session, project, model or day.</summary>
internal static class CacheMissSummarizer
{
    /// <summary>
    /// One summary of everything examined (none when no request was), or one per group that had a miss: sessions in
    /// the order of their first miss, days in order, projects and models by name.
    /// </summary>
    public static List<CacheMissSummary> Summarize(
        IReadOnlyList<CountedResponse> responses,
        IReadOnlyList<DetectedMiss> misses,
        CacheMissGrouping groupBy,
        CacheMissOptions options,
        ZonedCalendar calendar)
    {
        var groups = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        foreach (DetectedMiss miss in misses)
        {
            Accumulator group = GroupOf(miss.Response.Entry, groupBy, calendar, groups, create: true)!;
            group.Add(miss);
        }

        foreach (CountedResponse response in responses)
        {
            if (options.Examines(response.Entry))
            {
                GroupOf(response.Entry, groupBy, calendar, groups, create: groupBy == CacheMissGrouping.Total)?.Add(response);
            }
        }

        IEnumerable<Accumulator> ordered = groupBy switch
        {
            CacheMissGrouping.Total => groups.Values.Where(g => g.Requests > 0),
            CacheMissGrouping.Session => groups.Values.OrderBy(g => g.Order), // misses were added first, in time order
            _ => groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal),
        };
        return ordered.Select(g => g.ToSummary(groupBy, calendar.Zone.Id)).ToList();
    }

    private static Accumulator? GroupOf(UsageEntry e, CacheMissGrouping groupBy, ZonedCalendar calendar, Dictionary<string, Accumulator> groups, bool create)
    {
        string key = groupBy switch
        {
            CacheMissGrouping.Session => $"{e.Source}\u0000{e.SessionId}",
            CacheMissGrouping.Project => ProjectNames.Key(e),
            CacheMissGrouping.Model => e.Model ?? "(unknown)",
            CacheMissGrouping.Day => calendar.DayOf(e.Timestamp).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => "Total",
        };
        if (groups.TryGetValue(key, out Accumulator? group) || !create)
        {
            return group;
        }

        group = groupBy switch
        {
            CacheMissGrouping.Session => new Accumulator(e.SessionId) { SessionId = e.SessionId, Project = ProjectNames.Display(e), ProjectPath = e.ProjectPath },
            CacheMissGrouping.Project => new Accumulator(ProjectNames.Display(e)) { Project = ProjectNames.Display(e), ProjectPath = e.ProjectPath },
            CacheMissGrouping.Model => new Accumulator(key) { Model = e.Model },
            CacheMissGrouping.Day => new Accumulator(key) { Day = calendar.DayOf(e.Timestamp) },
            _ => new Accumulator(key),
        };
        group.Order = groups.Count;
        groups.Add(key, group);
        return group;
    }

    private sealed class Accumulator(string name)
    {
        private readonly int[] _misses = new int[3];
        private readonly decimal[] _costs = new decimal[3];
        private int _unpriced;
        private long _prefix;
        private decimal _saving;
        private decimal? _cost;
        private long _prompt;
        private long _reads;

        public string Name { get; } = name;

        /// <summary>The group's place in the order groups were met.</summary>
        public int Order { get; set; }

        public string? SessionId { get; init; }

        public string? Project { get; init; }

        public string? ProjectPath { get; init; }

        public string? Model { get; init; }

        public DateTime? Day { get; init; }

        public int Requests { get; private set; }

        public void Add(DetectedMiss miss)
        {
            _misses[(int)miss.Cause]++;
            _prefix += miss.Miss.PrefixTokens;
            if (miss.Miss.Cost is { } cost)
            {
                _costs[(int)miss.Cause] += cost;
                _saving += miss.Miss.OneHourCacheSaving ?? 0m;
            }
            else
            {
                _unpriced++;
            }
        }

        public void Add(CountedResponse response)
        {
            Requests++;
            _prompt += response.Entry.Tokens.PromptTokens;
            _reads += response.Entry.Tokens.CacheRead;
            if (response.Cost.Amount is { } amount)
            {
                _cost = (_cost ?? 0m) + amount;
            }
        }

        public CacheMissSummary ToSummary(CacheMissGrouping groupBy, string timeZone) => new()
        {
            GroupBy = groupBy.ToString(),
            Group = Name,
            SessionId = SessionId,
            Project = Project,
            ProjectPath = ProjectPath,
            Model = Model,
            Day = Day,
            Requests = Requests,
            Misses = _misses.Sum(),
            IdleGapMisses = _misses[(int)CacheMissCause.IdleGap],
            ModelChangedMisses = _misses[(int)CacheMissCause.ModelChanged],
            PrefixChangedMisses = _misses[(int)CacheMissCause.PrefixChanged],
            UnpricedMisses = _unpriced,
            PrefixTokens = _prefix,
            MissCost = _costs.Sum(),
            IdleGapCost = _costs[(int)CacheMissCause.IdleGap],
            ModelChangedCost = _costs[(int)CacheMissCause.ModelChanged],
            PrefixChangedCost = _costs[(int)CacheMissCause.PrefixChanged],
            OneHourCacheSaving = _saving,
            Cost = _cost,
            CacheHitRate = _prompt == 0 ? null : (decimal)_reads / _prompt,
            CacheHitRateWithoutMisses = _prompt == 0 ? null : (decimal)Math.Min(_reads + _prefix, _prompt) / _prompt,
            TimeZone = timeZone,
        };
    }
}
