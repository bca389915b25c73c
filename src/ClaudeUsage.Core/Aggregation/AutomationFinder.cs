namespace ClaudeUsage.Core.Aggregation;

/// <summary>Recognises recurring automations among sessions.</summary>
/// <remarks>
/// Sessions are grouped by source, project and agent. Within a group, in order of their first response, a run of
/// at least <see cref="MinimumRuns"/> consecutive sessions whose starts are evenly spaced (each gap within 5% or a
/// minute of the run's first gap, which is at least five minutes) and each shorter than that gap is an automation.
/// The cadence is named from the gap (hourly, daily, every N minutes or hours); runs of one group and cadence, such
/// as the days of an hourly job paused at night, are one automation.
/// </remarks>
internal static class AutomationFinder
{
    public const int MinimumRuns = 4;

    private static readonly TimeSpan ShortestGap = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan GapSlack = TimeSpan.FromMinutes(1);

    /// <summary>Session id → the automation it is a run of, for the sessions that are one.</summary>
    public static Dictionary<string, Automation> Find(IReadOnlyList<CountedResponse> responses)
    {
        var sessions = new Dictionary<string, SessionSpan>(StringComparer.Ordinal);
        foreach (CountedResponse response in responses)
        {
            UsageEntry e = response.Entry;
            if (sessions.TryGetValue(e.SessionId, out SessionSpan? span))
            {
                span.Include(e.Timestamp);
            }
            else
            {
                string key = $"{e.Source}|{ProjectNames.Key(e)}|{e.AgentId}";
                sessions.Add(e.SessionId, span = new SessionSpan(e.SessionId, key, ProjectNames.Display(e), e.Timestamp));
            }

            if (e.Group is { } group)
            {
                span.Include(group.Last); // responses summed in the ledger: the first is the entry's time, the last the group's
            }
        }

        var found = new Dictionary<string, Automation>(StringComparer.Ordinal);
        foreach (IGrouping<string, SessionSpan> group in sessions.Values.GroupBy(static s => s.Key, StringComparer.Ordinal))
        {
            List<SessionSpan> ordered = [.. group.OrderBy(static s => s.Start).ThenBy(static s => s.Id, StringComparer.Ordinal)];
            var automations = new Dictionary<string, Automation>(StringComparer.Ordinal);
            foreach ((List<SessionSpan> run, TimeSpan gap) in Runs(ordered))
            {
                string cadence = Cadence(gap);
                Automation automation = automations.TryGetValue(cadence, out Automation? known)
                    ? known with { Sessions = known.Sessions + run.Count }
                    : new Automation($"{group.Key}|{cadence}", run[0].ProjectName, cadence, run.Count);
                automations[cadence] = automation;
                foreach (SessionSpan session in run)
                {
                    found[session.Id] = automation;
                }
            }

            // A cadence seen in several runs is one automation: every member names the final count.
            foreach (SessionSpan session in ordered)
            {
                if (found.TryGetValue(session.Id, out Automation? member))
                {
                    found[session.Id] = automations[member.Cadence];
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The runs of sessions that start on a schedule: consecutive starts each a steady gap after the one before
    /// (within 5% or a minute of the run's first gap), every session shorter than the gap.
    /// </summary>
    private static IEnumerable<(List<SessionSpan> Run, TimeSpan Gap)> Runs(List<SessionSpan> ordered)
    {
        int i = 0;
        while (i < ordered.Count - 1)
        {
            TimeSpan gap = ordered[i + 1].Start - ordered[i].Start;
            TimeSpan slack = TimeSpan.FromTicks(Math.Max(gap.Ticks / 20, GapSlack.Ticks));
            int end = i + 1; // the run is ordered[i..end]
            while (end + 1 < ordered.Count && ((ordered[end + 1].Start - ordered[end].Start) - gap).Duration() <= slack)
            {
                end++;
            }

            List<SessionSpan> run = ordered.GetRange(i, end - i + 1);
            if (run.Count >= MinimumRuns && gap >= ShortestGap && run.All(s => s.Length < gap))
            {
                yield return (run, gap);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }
    }

    private static string Cadence(TimeSpan gap)
    {
        double minutes = gap.TotalMinutes;
        if (Math.Abs(minutes - 60) <= 6)
        {
            return "hourly";
        }

        if (Math.Abs(minutes - 1440) <= 144)
        {
            return "daily";
        }

        if (Math.Abs(minutes - 10080) <= 1008)
        {
            return "weekly";
        }

        return minutes < 90
            ? $"every {Math.Round(minutes):0} minutes"
            : $"every {Math.Round(minutes / 60):0} hours";
    }

    private sealed class SessionSpan(string id, string key, string projectName, DateTimeOffset first)
    {
        public string Id { get; } = id;

        public string Key { get; } = key;

        public string ProjectName { get; } = projectName;

        public DateTimeOffset Start { get; private set; } = first;

        public DateTimeOffset End { get; private set; } = first;

        public TimeSpan Length => End - Start;

        public void Include(DateTimeOffset at)
        {
            if (at < Start)
            {
                Start = at;
            }

            if (at > End)
            {
                End = at;
            }
        }
    }
}
