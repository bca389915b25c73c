using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Spikes;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.CountedResponses;

namespace ClaudeUsage.Tests;

/// <summary>
/// One planted cause per history (see <see cref="SpikeFixtures"/>: quiet days are $1.82): the spike on Nov 9 is
/// found, its largest factor is the planted one with the whole increase, the factors add up to the increase and the
/// explanation names what to turn off.
/// </summary>
public class SpikeExplanationTests
{
    private static readonly ZonedCalendar Utc = new(TimeZoneInfo.Utc);

    private static UsageSpike TheSpike(SpikeFixtures history)
    {
        List<UsageSpike> spikes = SpikeDetector.Find(history.Responses(), TimeRange.All, new SpikeOptions { MinimumIncrease = 1m }, Utc);
        UsageSpike spike = Assert.Single(spikes);
        Assert.Equal(At("2026-11-09T00:00:00Z"), spike.Start);
        Assert.Equal(1.82m, spike.Baseline);
        Assert.Equal(spike.Increase, spike.Factors.Sum(f => f.Increase));
        Assert.Equal(6, spike.Factors.Count);
        return spike;
    }

    private static SpikeFactor Factor(UsageSpike spike, string name) => spike.Factors.Single(f => f.Factor == name);

    [Fact]
    public void A_quiet_history_has_no_spike()
    {
        Assert.Empty(SpikeDetector.Find(SpikeFixtures.Quiet().Responses(), TimeRange.All, new SpikeOptions { MinimumIncrease = 1m }, Utc));
    }

    [Fact]
    public void A_new_hourly_automation_is_new_work_named_as_one_automation()
    {
        // 24 sessions in project inbox-triage on Nov 9, one an hour at :00:05 (± 40 s), 5 requests 30 s apart
        // of 100 input, 5,000 cache write, 20,000 cache read, 800 output: 200 + 12,500 + 4,000 + 8,000 = 24,700
        // per million = $0.0247; a day is 120 requests = $2.964 over the quiet $1.82.
        SpikeFixtures history = SpikeFixtures.Quiet();
        var run = new TokenCounts(100, 800, 5_000, 0, 20_000, 0);
        for (int hour = 0; hour < 24; hour++)
        {
            DateTimeOffset start = At($"2026-11-09T{hour:00}:00:05Z").AddSeconds((hour % 3) * 20);
            history.Session($"triage-{hour:00}", "/srv/bots/inbox-triage", start, 5, TimeSpan.FromSeconds(30), run);
        }

        UsageSpike spike = TheSpike(history);
        Assert.Equal(4.784m, spike.Amount);
        Assert.Equal(2.964m, spike.Increase);
        Assert.Equal("NewWork", spike.LargestFactor);
        SpikeFactor newWork = Factor(spike, "NewWork");
        Assert.Equal(2.964m, newWork.Increase);
        SpikeDriver automation = Assert.Single(newWork.Drivers);
        Assert.Equal("Automation", automation.Kind);
        Assert.Equal("inbox-triage (hourly)", automation.Name);
        Assert.Equal(2.964m, automation.Increase);
        foreach (SpikeFactor other in spike.Factors.Where(f => f.Factor != "NewWork"))
        {
            Assert.Equal(0m, Math.Round(other.Increase, 10));
        }

        // The 24 runs are one driver among the sessions, not 24.
        SpikeDriver top = spike.Sessions[0];
        Assert.Equal("Automation", top.Kind);
        Assert.Equal(2.964m, top.Increase);
        Assert.DoesNotContain(spike.Sessions, d => d.Name.StartsWith("triage-", StringComparison.Ordinal));
        Assert.Equal("+$2.96 over a $1.82 baseline: a new hourly automation in project inbox-triage (+$2.96)", spike.Explanation);
    }

    [Fact]
    public void A_context_that_grows_is_context_size()
    {
        // Nov 9: every prompt kind × 2.5 (250 input, 5,000 write, 100,000 read), output unchanged:
        // 500 + 12,500 + 20,000 + 5,000 = 38,000 per million = $0.038 × 100 = $3.80, + $1.98.
        SpikeFixtures history = SpikeFixtures.Quiet(quietNinth: false)
            .QuietDay(9, new TokenCounts(250, 500, 5_000, 0, 100_000, 0));

        UsageSpike spike = TheSpike(history);
        Assert.Equal(3.80m, spike.Amount);
        Assert.Equal("ContextSize", spike.LargestFactor);
        SpikeFactor context = Factor(spike, "ContextSize");
        Assert.Equal(1.98m, Math.Round(context.Increase, 10));
        Assert.Equal(42_100m, context.Baseline);
        Assert.Equal(105_250m, context.Current);
        Assert.Equal("+$1.98 over a $1.82 baseline: context per request ×2.5 (42.1K → 105.3K tokens), mostly project webapp (+$1.98)", spike.Explanation);
    }

    [Fact]
    public void A_cache_that_stops_hitting_is_cache_efficiency()
    {
        // Nov 9: requests 7 minutes apart, past the 5-minute cache: each writes its whole prompt again (100 input,
        // 42,000 write, no reads): 200 + 105,000 + 5,000 = 110,200 per million = $0.1102 × 100 = $11.02, + $9.20.
        // Hit rate: 40,000 / 42,100 = 95% before, 0 after.
        SpikeFixtures history = SpikeFixtures.Quiet(quietNinth: false)
            .QuietDay(9, new TokenCounts(100, 500, 42_000, 0, 0, 0), spacing: TimeSpan.FromMinutes(7));

        UsageSpike spike = TheSpike(history);
        Assert.Equal(11.02m, spike.Amount);
        Assert.Equal("CacheEfficiency", spike.LargestFactor);
        SpikeFactor cache = Factor(spike, "CacheEfficiency");
        Assert.Equal(9.20m, Math.Round(cache.Increase, 10));
        Assert.Equal(40_000m / 42_100m, cache.Baseline);
        Assert.Equal(0m, cache.Current);
        Assert.Equal(0m, Math.Round(Factor(spike, "ContextSize").Increase, 10));
        // The misses: in each of the four sessions every request but the first, 96 in all, comes 7 minutes after
        // the last and pays again for the 42,000 tokens the previous one wrote: 42,000 × ($2.50 - $0.20) per
        // million = $0.0966 each, $9.2736 in all (Find-ClaudeCacheMiss's figures).
        Assert.Equal("+$9.20 over a $1.82 baseline: cache hit rate 95% → 0% (idle gaps past the cache lifetime: 96 misses, $9.27), mostly project webapp (+$9.20)", spike.Explanation);
    }

    [Fact]
    public void A_switch_to_a_pricier_model_is_price_mix_and_names_the_model()
    {
        // Nov 9 on claude-opus-5 ($5, $6.25, $0.50, $25): 500 + 12,500 + 20,000 + 12,500 = 45,500 per million
        // = $0.0455 × 100 = $4.55, + $2.73.
        SpikeFixtures history = SpikeFixtures.Quiet(quietNinth: false).QuietDay(9, model: "claude-opus-5");

        UsageSpike spike = TheSpike(history);
        Assert.Equal(4.55m, spike.Amount);
        Assert.Equal("PriceMix", spike.LargestFactor);
        SpikeFactor price = Factor(spike, "PriceMix");
        Assert.Equal(2.73m, Math.Round(price.Increase, 10));
        Assert.Equal(2m, price.Baseline);
        Assert.Equal(5m, price.Current);
        Assert.Equal("claude-opus-5", price.Drivers.First(d => d.Kind == "Model").Name);
        Assert.Equal("+$2.73 over a $1.82 baseline: pricier model mix, mostly claude-opus-5 (+$2.73)", spike.Explanation);
    }

    [Fact]
    public void A_plugin_that_starts_firing_is_new_work_named_by_the_plugin()
    {
        // Nov 9: the quiet day plus 60 requests caused by plugin auto-reviewer (quiet tokens, $0.0182 each) in the
        // same project: $1.092 of new work; the quiet work is unchanged.
        SpikeFixtures history = SpikeFixtures.Quiet();
        history.Session("review-09", "/home/user/work/webapp", At("2026-11-09T20:00:00Z"), 60, TimeSpan.FromMinutes(1), SpikeFixtures.QuietRequest, plugin: "auto-reviewer");

        UsageSpike spike = TheSpike(history);
        Assert.Equal(2.912m, spike.Amount);
        Assert.Equal("NewWork", spike.LargestFactor);
        SpikeDriver plugin = Assert.Single(Factor(spike, "NewWork").Drivers);
        Assert.Equal(("Plugin", "auto-reviewer", 1.092m), (plugin.Kind, plugin.Name, plugin.Increase));
        Assert.Equal("+$1.09 over a $1.82 baseline: plugin auto-reviewer started firing (+$1.09)", spike.Explanation);
    }

    [Fact]
    public void A_runaway_session_is_volume()
    {
        // Nov 9: one of the day's sessions runs 425 requests instead of 25: 500 requests, $9.10, + $7.28.
        SpikeFixtures history = SpikeFixtures.Quiet(quietNinth: false);
        history.QuietDay(9);
        history.Session("webapp-09-runaway", "/home/user/work/webapp", At("2026-11-09T19:00:00Z"), 400, TimeSpan.FromSeconds(20), SpikeFixtures.QuietRequest);

        UsageSpike spike = TheSpike(history);
        Assert.Equal(9.10m, spike.Amount);
        Assert.Equal("Volume", spike.LargestFactor);
        SpikeFactor volume = Factor(spike, "Volume");
        Assert.Equal(7.28m, Math.Round(volume.Increase, 10));
        Assert.Equal(100m, volume.Baseline);
        Assert.Equal(500m, volume.Current);
        Assert.StartsWith("+$7.28 over a $1.82 baseline: requests ×5.0 (100 → 500)", spike.Explanation);
    }

    [Fact]
    public void Mixed_causes_split_exactly_and_in_proportion()
    {
        // Nov 9: twice the requests (8 sessions) at twice the context (prompt kinds × 2). Cost per request
        // 400 + 10,000 + 16,000 + 5,000 = 31,400 per million = $0.0314 × 200 = $6.28, + $4.46.
        // Shapley for A = V × c(P): V 100 → 200, c $0.0182 → $0.0314.
        // Volume = ½[(200 − 100) × 0.0182 + (200 − 100) × 0.0314] = ½ (1.82 + 3.14) = 2.48;
        // Context = ½[100 × (0.0314 − 0.0182) + 200 × (0.0314 − 0.0182)] = ½ (1.32 + 2.64) = 1.98.
        SpikeFixtures history = SpikeFixtures.Quiet(quietNinth: false);
        var doubled = new TokenCounts(200, 500, 4_000, 0, 80_000, 0);
        history.QuietDay(9, doubled);
        string[] extra = ["19:10", "20:41", "21:13", "22:32"];
        for (int s = 0; s < extra.Length; s++)
        {
            history.Session($"webapp-09-extra-{s}", "/home/user/work/webapp", At($"2026-11-09T{extra[s]}:00Z"), 25, TimeSpan.FromMinutes(1), doubled);
        }

        UsageSpike spike = TheSpike(history);
        Assert.Equal(6.28m, spike.Amount);
        Assert.Equal(2.48m, Math.Round(Factor(spike, "Volume").Increase, 10));
        Assert.Equal(1.98m, Math.Round(Factor(spike, "ContextSize").Increase, 10));
        Assert.Equal("Volume", spike.LargestFactor);
        Assert.StartsWith("+$4.46 over a $1.82 baseline: requests ×2.0 (100 → 200), mostly project webapp (+$2.48); context per request ×2.0", spike.Explanation);
    }

    [Fact]
    public void Work_that_moved_to_a_new_project_is_new_work_less_what_stopped()
    {
        // Nov 9: no webapp; one session of 300 quiet requests in new project rocket, 300 × $0.0182 = $5.46.
        // New work $5.46; the rest fell from $1.82 to nothing: -$1.82 (all volume). Increase $3.64.
        SpikeFixtures history = SpikeFixtures.Quiet(quietNinth: false);
        history.Session("rocket-1", "/home/user/work/rocket", At("2026-11-09T09:00:00Z"), 300, TimeSpan.FromMinutes(1), SpikeFixtures.QuietRequest);

        UsageSpike spike = TheSpike(history);
        Assert.Equal(3.64m, spike.Increase);
        Assert.Equal(5.46m, Factor(spike, "NewWork").Increase);
        Assert.Equal(-1.82m, Factor(spike, "Volume").Increase);
        Assert.Equal("+$3.64 over a $1.82 baseline: new project rocket (+$5.46); less of the rest (-$1.82)", spike.Explanation);
    }

    [Fact]
    public void A_runaway_subagent_is_volume_named_by_the_subagent()
    {
        // Every quiet day one session also runs subagent Explore for 10 quiet requests ($0.182): a day is $2.002.
        // Nov 9 Explore runs away: 410 requests, 400 more, 400 × $0.0182 = $7.28 over the $2.002 baseline.
        SpikeFixtures history = SpikeFixtures.Quiet(quietNinth: false);
        for (int day = 1; day <= 10; day++)
        {
            int runs = day == 9 ? 410 : 10;
            history.Session($"webapp-{day:00}-0", "/home/user/work/webapp", At($"2026-11-{day:00}T08:20:00Z"), runs, TimeSpan.FromSeconds(10), SpikeFixtures.QuietRequest, subagent: "Explore");
        }

        history.QuietDay(9);
        List<UsageSpike> spikes = SpikeDetector.Find(history.Responses(), TimeRange.All, new SpikeOptions { MinimumIncrease = 1m }, Utc);
        UsageSpike spike = Assert.Single(spikes);
        Assert.Equal(2.002m, spike.Baseline);
        Assert.Equal(7.28m, spike.Increase);
        Assert.Equal("Volume", spike.LargestFactor);
        SpikeFactor volume = Factor(spike, "Volume");
        Assert.Equal(7.28m, Math.Round(volume.Increase, 10));
        SpikeDriver explore = volume.Drivers.First(d => d.Kind == "Subagent");
        Assert.Equal(("Explore", 7.28m), (explore.Name, Math.Round(explore.Increase, 10)));
        Assert.Equal("+$7.28 over a $2.00 baseline: requests ×4.64 (110 → 510), mostly subagent Explore in project webapp (+$7.28)", spike.Explanation);
    }

    [Fact]
    public void An_mcp_server_that_comes_into_use_is_new_work()
    {
        // Nov 9: the quiet day plus 80 quiet requests calling MCP server github, $1.456 of new work.
        SpikeFixtures history = SpikeFixtures.Quiet();
        history.Session("github-09", "/home/user/work/webapp", At("2026-11-09T19:30:00Z"), 80, TimeSpan.FromMinutes(1), SpikeFixtures.QuietRequest, mcpServers: "github");

        UsageSpike spike = TheSpike(history);
        Assert.Equal(1.456m, spike.Increase);
        SpikeDriver github = Assert.Single(Factor(spike, "NewWork").Drivers);
        Assert.Equal(("McpServer", "github", 1.456m), (github.Kind, github.Name, github.Increase));
        Assert.Equal("+$1.46 over a $1.82 baseline: MCP server github came into use (+$1.46)", spike.Explanation);
    }
}
