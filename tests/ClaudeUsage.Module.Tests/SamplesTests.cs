using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>The samples/ folder a newcomer points the module at, checked against an independent count.</summary>
public class SamplesTests
{
    private static string Samples => Path.Combine(RepoRoot, "samples", "claude");

    [Fact]
    public void Per_model_totals_on_the_samples_equal_an_independent_exact_count()
    {
        Dictionary<string, IndependentCount.Totals> expected = IndependentCount.ByModel(Samples);

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(Samples)} -GroupBy Model -CostMode Calculate");

        Assert.Empty(r.Errors);
        Assert.Empty(r.Warnings);
        Assert.Equal(expected.Keys.Order(), r.Output.Select(o => (string)o.Properties["Model"].Value).Order());
        foreach (var row in r.Output)
        {
            IndependentCount.Totals t = expected[(string)row.Properties["Model"].Value];
            Assert.Equal(t.Input, (long)row.Properties["InputTokens"].Value);
            Assert.Equal(t.Output, (long)row.Properties["OutputTokens"].Value);
            Assert.Equal(t.Write5m, (long)row.Properties["CacheWrite5mTokens"].Value);
            Assert.Equal(t.Write1h, (long)row.Properties["CacheWrite1hTokens"].Value);
            Assert.Equal(t.Read, (long)row.Properties["CacheReadTokens"].Value);
            Assert.Equal(Math.Round(t.Cost, 2), Math.Round((decimal)row.Properties["Cost"].Value, 2));
            Assert.Equal(t.Cost, (decimal)row.Properties["Cost"].Value);
        }
    }

    [Fact]
    public void The_quick_start_command_shows_daily_rows_for_the_samples()
    {
        RunResult r = Run($"Get-ClaudeUsage -Path {Q(Samples)} -TimeZone UTC | Out-Default");

        Assert.Empty(r.Errors);
        foreach (string day in new[] { "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21" })
        {
            Assert.Contains(day, r.HostText);
        }
    }
}
