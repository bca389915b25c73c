namespace ClaudeUsage.Core.Aggregation;

/// <summary>
/// A recurring automation: short sessions of one source, project and agent that start on a schedule (a cron job,
/// an OpenClaw heartbeat), recognised as one thing.
/// </summary>
/// <param name="Key">What tells automations apart: source, project key and agent.</param>
/// <param name="ProjectName">The display name of its project.</param>
/// <param name="Cadence">How often it starts: <c>hourly</c>, <c>every 15 minutes</c>, <c>daily</c>.</param>
/// <param name="Sessions">How many sessions it ran in all the history read.</param>
internal sealed record Automation(string Key, string ProjectName, string Cadence, int Sessions)
{
    /// <summary>The name a spike driver shows: the project and the cadence.</summary>
    public string Name => $"{ProjectName} ({Cadence})";
}
