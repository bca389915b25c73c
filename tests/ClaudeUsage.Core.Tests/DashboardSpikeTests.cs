using System.Text.Json;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Dashboard;
using ClaudeUsage.Core.Spikes;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.CountedResponses;

namespace ClaudeUsage.Tests;

/// <summary>The dashboard shows a spike's explanation and factors in all three formats.</summary>
public class DashboardSpikeTests
{
    private static readonly ZonedCalendar Utc = new(TimeZoneInfo.Utc);

    /// <summary>The quiet history of <see cref="SpikeFixtures"/> with Nov 9 on claude-opus-5: $4.55 against $1.82.</summary>
    private static DashboardModel Model()
    {
        List<CountedResponse> responses = SpikeFixtures.Quiet(quietNinth: false).QuietDay(9, model: "claude-opus-5").Responses();
        List<DashboardSpike> spikes = [.. SpikeDetector.Find(responses, TimeRange.All, new SpikeOptions { MinimumIncrease = 1m }, Utc).Select(DashboardMapping.Spike)];
        return DashboardBuilder.Build(responses, Utc, At("2026-11-11T12:00:00Z"), historyDays: 30, refreshSeconds: 0, [], spikes, []);
    }

    private const string Explanation = "+$2.73 over a $1.82 baseline: pricier model mix, mostly claude-opus-5 (+$2.73)";

    [Fact]
    public void The_json_carries_the_explanation_and_the_factors_adding_up_to_the_increase()
    {
        using var stream = new MemoryStream();
        DashboardJsonWriter.Write(stream, Model());
        using JsonDocument doc = JsonDocument.Parse(stream.ToArray());
        JsonElement spike = Assert.Single(doc.RootElement.GetProperty("spikes").EnumerateArray());

        Assert.Equal(Explanation, spike.GetProperty("explanation").GetString());
        JsonElement[] factors = [.. spike.GetProperty("factors").EnumerateArray()];
        Assert.Equal(6, factors.Length);
        Assert.Equal("PriceMix", factors[0].GetProperty("factor").GetString());
        Assert.Equal(2.73m, Math.Round(factors[0].GetProperty("increase").GetDecimal(), 10));
        Assert.Equal(1m, Math.Round(factors[0].GetProperty("share").GetDecimal(), 10));
        Assert.Equal(2m, factors[0].GetProperty("baseline").GetDecimal()); // USD per million uncached input tokens
        Assert.Equal(5m, factors[0].GetProperty("current").GetDecimal());
        Assert.Equal("claude-opus-5", factors[0].GetProperty("drivers")[0].GetProperty("name").GetString());
        Assert.Equal(4.55m - 1.82m, factors.Sum(f => f.GetProperty("increase").GetDecimal()));
    }

    [Fact]
    public void The_html_and_markdown_show_the_explanation()
    {
        DashboardModel m = Model();
        Assert.Contains("<span class=\"explanation\">" + Explanation.Replace("+", "+", StringComparison.Ordinal) + "</span>", DashboardHtmlWriter.Render(m));
        Assert.Contains("  " + DashboardMarkdownWriter.Escape(Explanation), DashboardMarkdownWriter.Render(m));
    }
}
