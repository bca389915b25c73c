using System.Runtime.CompilerServices;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Aggregation;

/// <summary>Turns counted responses into the objects the cmdlets emit.</summary>
internal static class UsageReport
{
    /// <summary>
    /// Filters and prices responses, in time order unless <paramref name="inTimeOrder"/> is false (totals do not need
    /// it), into <paramref name="into"/> (an empty list, see <see cref="SelectionBuffer"/>) or a new list.
    /// </summary>
    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<CountedResponse> Select(IEnumerable<UsageEntry> responses, UsageFilter filter, CostCalculator costs, bool inTimeOrder = true, List<CountedResponse>? into = null)
    {
        List<CountedResponse> selected = into ?? [];
        selected.EnsureCapacity(responses is ICollection<UsageEntry> all ? all.Count : 0);
        foreach (UsageEntry entry in responses)
        {
            if (filter.Matches(entry))
            {
                selected.Add(new CountedResponse(entry, costs.Price(entry)));
            }
        }

        if (!inTimeOrder)
        {
            return selected;
        }

        // The ledger reads rows through its time index, so they mostly come in order already: one look saves the sort.
        if (!InOrder(selected))
        {
            selected.Sort(TimeOrder);
        }

        return selected;
    }

    private static readonly Comparison<CountedResponse> TimeOrder = static (a, b) =>
    {
        int c = a.Entry.Timestamp.CompareTo(b.Entry.Timestamp);
        return c != 0 ? c : string.CompareOrdinal(a.Entry.FilePath, b.Entry.FilePath) is var f && f != 0 ? f : a.Entry.LineNumber.CompareTo(b.Entry.LineNumber);
    };

    private static bool InOrder(List<CountedResponse> responses)
    {
        for (int i = 1; i < responses.Count; i++)
        {
            if (TimeOrder(responses[i - 1], responses[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One row per distinct combination of the grouping keys, ordered by those keys.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<UsageSummary> Summarize(IReadOnlyList<CountedResponse> responses, IReadOnlyList<UsageGrouping> groupBy, ZonedCalendar calendar)
    {
        UsageGrouping[] keys = groupBy.Where(k => k != UsageGrouping.Total).Distinct().ToArray();
        var rows = new Dictionary<GroupKey, Accumulator>();

        // Neighbouring responses mostly fall in a row met just before (the same hour or day, a model or two taking
        // turns): the last few rows are remembered with a response of each, so the key is built only on a miss.
        var recent = new (UsageEntry Entry, DateTimeOffset At, Accumulator Row)[RecentRows];
        int known = 0;
        foreach (CountedResponse response in responses)
        {
            UsageEntry e = response.Entry;
            DateTimeOffset at = calendar.ToZoned(e.Timestamp);

            int hit = 0;
            while (hit < known && !GroupKey.Same(keys, recent[hit].Entry, recent[hit].At, e, at, calendar))
            {
                hit++;
            }

            Accumulator acc;
            if (hit < known)
            {
                acc = recent[hit].Row;
            }
            else
            {
                var key = GroupKey.Of(e, keys, calendar);
                if (!rows.TryGetValue(key, out Accumulator? found))
                {
                    found = new Accumulator(NewSummary(e, keys, calendar), calendar);
                    rows.Add(key, found);
                }

                acc = found;
                hit = known < RecentRows ? known++ : RecentRows - 1;
            }

            // Most recently used first.
            Array.Copy(recent, 0, recent, 1, hit);
            recent[0] = (e, at, acc);
            acc.Add(response, at);
        }

        List<GroupKey> ordered = [.. rows.Keys];
        ordered.Sort();
        return ordered.ConvertAll(k => rows[k].Finish());
    }

    /// <summary>How many rows <see cref="Summarize"/> remembers as recently used.</summary>
    private const int RecentRows = 4;

    /// <summary>
    /// One object per session (source + session id), earliest first. <paramref name="files"/> are the sessions' log
    /// files when the responses are sums from the ledger (which carry no file); null when each response names its own.
    /// </summary>
    public static List<UsageSession> Sessions(IReadOnlyList<CountedResponse> responses, ZonedCalendar calendar, IReadOnlyList<SessionFile>? files = null)
    {
        var sessions = new Dictionary<(UsageSource, string), List<CountedResponse>>();
        foreach (CountedResponse response in responses)
        {
            var key = (response.Entry.Source, response.Entry.SessionId);
            if (!sessions.TryGetValue(key, out List<CountedResponse>? list))
            {
                list = [];
                sessions.Add(key, list);
            }

            list.Add(response);
        }

        Dictionary<string, Automation> automations = AutomationFinder.Find(responses);
        Dictionary<(UsageSource, string), SessionFile[]>? filesOf = files?
            .GroupBy(f => (f.Source, f.SessionId))
            .ToDictionary(g => g.Key, g => g.ToArray());
        var result = new List<UsageSession>(sessions.Count);
        foreach (List<CountedResponse> list in sessions.Values)
        {
            UsageEntry first = list[0].Entry;
            UsageEntry withProject = list.Find(r => r.Entry.ProjectPath is not null).Entry ?? first;
            SessionFile[]? own = filesOf is null ? null : filesOf.GetValueOrDefault((first.Source, first.SessionId), []);
            var session = new UsageSession
            {
                SessionId = first.SessionId,
                Source = first.Source.ToString(),
                Agent = first.AgentId,
                Project = ProjectNames.Display(withProject),
                ProjectPath = withProject.ProjectPath,
                ProjectSlug = withProject.ProjectSlug ?? first.ProjectSlug,
                FilePath = (own is null ? list.Select(r => r.Entry.FilePath) : own.Select(f => f.Path)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
                FirstActivity = calendar.ToZoned(first.Timestamp),
                LastActivity = calendar.ToZoned(list.Max(static r => r.Entry.Group?.Last ?? r.Entry.Timestamp)),
                Requests = list.Sum(static r => r.Entry.Requests),
                LogDeleted = own is null ? list.TrueForAll(static r => r.Entry.IsLogDeleted) : Array.TrueForAll(own, static f => f.LogDeleted),
                Models = DistinctModels(list),
                Automation = automations.GetValueOrDefault(first.SessionId)?.Name,
            };
            foreach (CountedResponse r in list)
            {
                session.Add(r);
            }

            result.Add(session);
        }

        result.Sort(static (a, b) => a.FirstActivity.CompareTo(b.FirstActivity) is var c && c != 0 ? c : string.CompareOrdinal(a.SessionId, b.SessionId));
        return result;
    }

    public static UsageRecord Record(CountedResponse response, ZonedCalendar calendar)
    {
        UsageEntry e = response.Entry;
        var record = new UsageRecord
        {
            Timestamp = calendar.ToZoned(e.Timestamp),
            Source = e.Source.ToString(),
            Agent = e.AgentId,
            SessionId = e.SessionId,
            Project = ProjectNames.Display(e),
            ProjectPath = e.ProjectPath ?? e.ProjectSlug,
            Model = e.Model,
            Provider = e.Provider,
            CostBasis = response.Cost.Basis.ToString(),
            IsLongContext = response.Cost.IsLongContext,
            Speed = e.IsFast ? "fast" : "standard",
            InferenceGeo = e.InferenceGeo,
            Skill = e.Skill,
            Plugin = e.Plugin,
            Subagent = e.Subagent,
            McpServer = e.McpServers,
            Step = e.Step.ToString(),
            Price = response.Cost.Price,
            FastMultiplier = response.Cost.FastMultiplier,
            GeoMultiplier = response.Cost.GeoMultiplier,
            MessageId = e.ResponseId,
            RequestId = e.RequestId,
            FilePath = e.FilePath,
            LineNumber = e.LineNumber,
        };
        record.Add(response);
        return record;
    }

    private static string[] DistinctModels(IEnumerable<CountedResponse> responses) =>
        responses.Select(r => r.Entry.Model).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static UsageSummary NewSummary(UsageEntry e, UsageGrouping[] keys, ZonedCalendar calendar)
    {
        bool Has(UsageGrouping g) => Array.IndexOf(keys, g) >= 0;
        return new UsageSummary
        {
            Keys = keys.Length == 0 ? [UsageGrouping.Total] : keys,
            Hour = Has(UsageGrouping.Hour) ? calendar.HourOf(e.Timestamp) : null,
            Day = Has(UsageGrouping.Day) ? calendar.DayOf(e.Timestamp) : null,
            Week = Has(UsageGrouping.Week) ? calendar.WeekOf(e.Timestamp) : null,
            Month = Has(UsageGrouping.Month) ? calendar.MonthOf(e.Timestamp) : null,
            SessionId = Has(UsageGrouping.Session) ? e.SessionId : null,
            Project = Has(UsageGrouping.Project) ? ProjectNames.Display(e) : null,
            ProjectPath = Has(UsageGrouping.Project) ? ProjectNames.Key(e) : null,
            Model = Has(UsageGrouping.Model) ? e.Model ?? "(unknown)" : null,
            Source = Has(UsageGrouping.Source) ? e.Source.ToString() : null,
            Agent = Has(UsageGrouping.Agent) ? e.AgentId ?? "(none)" : null,
            Provider = Has(UsageGrouping.Provider) ? e.Provider ?? "(unknown)" : null,
            Speed = Has(UsageGrouping.Speed) ? (e.IsFast ? "fast" : "standard") : null,
            Skill = Has(UsageGrouping.Skill) ? e.Skill ?? "(none)" : null,
            Plugin = Has(UsageGrouping.Plugin) ? e.Plugin ?? "(none)" : null,
            Subagent = Has(UsageGrouping.Subagent) ? e.Subagent ?? "(none)" : null,
            McpServer = Has(UsageGrouping.McpServer) ? e.McpServers ?? "(none)" : null,
            TimeZone = calendar.Zone.Id,
        };
    }

    /// <summary>Collects one row's responses.</summary>
    private sealed class Accumulator(UsageSummary summary, ZonedCalendar calendar)
    {
        private readonly HashSet<(UsageSource, string)> _sessions = [];

        // A row has a model or a few: a sorted list, not a tree, costs no allocation per look-up.
        private readonly List<string> _models = new(2);

        private bool _any;
        private string? _lastSession;
        private UsageSource _lastSource;
        private string? _lastModel;

        /// <summary>Adds a response, given its time in the report's zone.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(CountedResponse response, DateTimeOffset at)
        {
            UsageEntry e = response.Entry;
            if (!_any || at < summary.FirstActivity)
            {
                summary.FirstActivity = at;
            }

            // A group's last response may be past a change of the zone's offset (a day's sum spans DST changes).
            DateTimeOffset last = e.Group is { } group ? calendar.ToZoned(group.Last) : at;
            if (!_any || last > summary.LastActivity)
            {
                summary.LastActivity = last;
            }

            _any = true;
            summary.Requests += e.Requests;

            summary.Add(response);
            if (!ReferenceEquals(e.SessionId, _lastSession) || e.Source != _lastSource)
            {
                _sessions.Add((e.Source, e.SessionId));
                _lastSession = e.SessionId;
                _lastSource = e.Source;
            }

            if (e.Model is not null && !ReferenceEquals(e.Model, _lastModel))
            {
                int place = _models.BinarySearch(e.Model, StringComparer.Ordinal);
                if (place < 0)
                {
                    _models.Insert(~place, e.Model);
                }

                _lastModel = e.Model;
            }
        }

        public UsageSummary Finish()
        {
            summary.Sessions = _sessions.Count;
            summary.Models = [.. _models];
            return summary;
        }
    }
}
