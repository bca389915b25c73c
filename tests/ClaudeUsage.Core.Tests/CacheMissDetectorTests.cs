using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.CacheMisses;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Cache misses found in transcripts read from disk and priced as every response is. Every expected figure is worked
/// out here from the price file's per-million prices:
/// Sonnet 4.5 $3 input, $3.75 5-minute writes, $6 1-hour writes, $0.30 reads (above 200K prompt tokens the whole
/// request at $6, $7.50, $12 and $0.60); Opus 4.5 $5, $6.25, $10, $0.50; Opus 4.7 the same, fast mode ×6 and US
/// inference ×1.1; Haiku 4.5 $1, $1.25, $2, $0.10; Sonnet 5.5 $2, $2.50, $4, reads $0.20 until 2026-10-07 and $0.10
/// from then.
/// A miss's cost is its prefix tokens at what they were billed at less the same tokens at the read price: 5-minute
/// writes cost $3.75 − $0.30 = $3.45 per million more than reads on Sonnet 4.5; a 1-hour write would have cost
/// $6 − $3.75 = $2.25 more than a 5-minute one.
/// </summary>
public class CacheMissDetectorTests
{
    private const string Project = ".claude/projects/-home-user-work-demo/";
    private static readonly ZonedCalendar Utc = new(TimeZoneInfo.Utc);

    private static List<CountedResponse> Read(TempFolder dir) =>
        UsageReport.Select(CollectingObserver.Scan(dir.Path).Responses, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, CostMode.Auto));

    private static List<CacheMiss> Misses(TempFolder dir, CacheMissOptions? options = null) =>
        CacheMissDetector.Find(Read(dir), options ?? new CacheMissOptions(), Utc).Select(m => m.Miss).ToList();

    private static List<CacheMissSummary> Summaries(TempFolder dir, CacheMissGrouping groupBy, CacheMissOptions? options = null)
    {
        List<CountedResponse> responses = Read(dir);
        options ??= new CacheMissOptions();
        return CacheMissSummarizer.Summarize(responses, CacheMissDetector.Find(responses, options, Utc), groupBy, options, Utc);
    }

    /// <summary>
    /// Session 'idle' on Sonnet 4.5, 20 November: r1 09:00 writes a 40,000-token prefix (5-minute writes); r2 09:02
    /// reads it and writes 2,000 more; r3 09:09, seven minutes later, reads nothing and writes 43,000; r4 11:09, two
    /// hours later, reads nothing and writes 45,000.
    /// </summary>
    private static TempFolder IdleSession()
    {
        var dir = new TempFolder();
        dir.Write(Project + "idle.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", input: 3, output: 500, cacheWrite5m: 40_000, sessionId: "idle"),
            ClaudeAssistant("2026-11-20T09:02:00.000Z", "msg_2", "req_2", input: 5, cacheWrite5m: 2_000, cacheRead: 40_000, sessionId: "idle"),
            ClaudeAssistant("2026-11-20T09:09:00.000Z", "msg_3", "req_3", input: 5, cacheWrite5m: 43_000, sessionId: "idle"),
            ClaudeAssistant("2026-11-20T11:09:00.000Z", "msg_4", "req_4", input: 5, cacheWrite5m: 45_000, sessionId: "idle"));
        return dir;
    }

    [Fact]
    public void A_seven_minute_gap_after_5_minute_writes_is_an_idle_gap_miss_a_1_hour_cache_would_have_saved()
    {
        using TempFolder dir = IdleSession();

        CacheMiss miss = Misses(dir)[0];

        Assert.Equal(DateTimeOffset.Parse("2026-11-20T09:09:00Z"), miss.Time);
        Assert.Equal("IdleGap", miss.Cause);
        Assert.Equal(TimeSpan.FromMinutes(7), miss.Gap);
        Assert.Equal(TimeSpan.FromMinutes(5), miss.CacheLifetime);
        // r2 left its 40,000 reads + 2,000 writes in the cache; r3 read none of it and wrote 43,005 ≥ 42,000.
        Assert.Equal(42_000, miss.ExpectedCacheReadTokens);
        Assert.Equal(0, miss.CacheReadTokens);
        Assert.Equal(42_000, miss.PrefixTokens);
        // 42,000 × $3.45 = 144,900 per million → $0.1449.
        Assert.Equal(0.1449m, miss.Cost);
        // As 1-hour writes they would have cost 42,000 × $2.25 = 94,500 more → 0.1449 − 0.0945 = $0.0504.
        Assert.Equal(0.0504m, miss.OneHourCacheSaving);
        Assert.Equal("idle", miss.SessionId);
        Assert.Equal("demo", miss.Project);
        Assert.Equal("claude-sonnet-4-5-20250929", miss.Model);
        Assert.False(miss.IsSidechain);
        Assert.EndsWith("idle.jsonl", miss.File);
        Assert.Equal(3, miss.Line);
    }

    [Fact]
    public void A_two_hour_gap_is_an_idle_gap_miss_no_1_hour_cache_would_have_saved()
    {
        using TempFolder dir = IdleSession();

        List<CacheMiss> misses = Misses(dir);

        // r1 is the first request of its thread and r2 a hit: two misses, r3 and r4.
        Assert.Equal(2, misses.Count);
        CacheMiss miss = misses[1];
        Assert.Equal("IdleGap", miss.Cause);
        Assert.Equal(TimeSpan.FromHours(2), miss.Gap);
        // r3 left 0 reads + 43,000 writes; r4 wrote them again: 43,000 × $3.45 = 148,350 → $0.14835.
        Assert.Equal(43_000, miss.PrefixTokens);
        Assert.Equal(0.14835m, miss.Cost);
        Assert.Equal(0m, miss.OneHourCacheSaving);
    }

    [Fact]
    public void A_switch_to_another_model_is_a_model_changed_miss_priced_at_the_new_model()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "switch.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 3, cacheWrite5m: 30_000, sessionId: "switch"),
            ClaudeAssistant("2026-11-20T10:01:00.000Z", "msg_2", "req_2", model: "claude-opus-4-5-20251101", input: 3, cacheWrite5m: 31_000, sessionId: "switch"));

        CacheMiss miss = Assert.Single(Misses(dir));

        Assert.Equal("ModelChanged", miss.Cause);
        Assert.Equal("claude-sonnet-4-5-20250929", miss.PreviousModel);
        Assert.Equal("claude-opus-4-5-20251101", miss.Model);
        // 30,000 prefix tokens at Opus 4.5: ($6.25 − $0.50) × 30,000 = 172,500 → $0.1725; no lifetime would have kept it.
        Assert.Equal(30_000, miss.PrefixTokens);
        Assert.Equal(0.1725m, miss.Cost);
        Assert.Equal(0m, miss.OneHourCacheSaving);
    }

    [Fact]
    public void A_changed_system_prompt_within_the_lifetime_is_a_prefix_changed_miss()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "prompt.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 2, cacheWrite1h: 10_000, cacheWrite5m: 50_000, sessionId: "prompt"),
            ClaudeAssistant("2026-11-20T10:01:00.000Z", "msg_2", "req_2", input: 10, cacheWrite5m: 57_000, cacheRead: 4_000, sessionId: "prompt"));

        CacheMiss miss = Assert.Single(Misses(dir));

        Assert.Equal("PrefixChanged", miss.Cause);
        Assert.Equal(TimeSpan.FromMinutes(1), miss.Gap);
        // Expected 60,000; read 4,000 (below half); paid again 56,000, as 5-minute writes: 56,000 × $3.45 = 193,200 → $0.1932.
        Assert.Equal(60_000, miss.ExpectedCacheReadTokens);
        Assert.Equal(4_000, miss.CacheReadTokens);
        Assert.Equal(56_000, miss.PrefixTokens);
        Assert.Equal(0.1932m, miss.Cost);
        Assert.Equal(0m, miss.OneHourCacheSaving);
    }

    [Fact]
    public void Prefix_tokens_are_taken_from_1_hour_writes_then_5_minute_writes_then_uncached_input()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "split.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", cacheWrite5m: 60_000, sessionId: "split"),
            ClaudeAssistant("2026-11-20T10:01:00.000Z", "msg_2", "req_2", input: 10_000, cacheWrite1h: 20_000, cacheWrite5m: 30_000, sessionId: "split"));

        CacheMiss miss = Assert.Single(Misses(dir));

        // 20,000 × ($6 − $0.30) + 30,000 × $3.45 + 10,000 × ($3 − $0.30) = 114,000 + 103,500 + 27,000 = 244,500 → $0.2445.
        Assert.Equal(60_000, miss.PrefixTokens);
        Assert.Equal(0.2445m, miss.Cost);
    }

    [Fact]
    public void A_30_minute_gap_after_1_hour_writes_is_no_miss_and_a_collapse_within_the_hour_is_a_prefix_change()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "hour.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 3, cacheWrite1h: 50_000, sessionId: "hour"),
            ClaudeAssistant("2026-11-20T10:30:00.000Z", "msg_2", "req_2", input: 3, cacheWrite1h: 1_000, cacheRead: 50_000, sessionId: "hour"),
            ClaudeAssistant("2026-11-20T11:00:00.000Z", "msg_3", "req_3", cacheWrite1h: 52_000, sessionId: "hour"),
            ClaudeAssistant("2026-11-20T12:30:00.000Z", "msg_4", "req_4", cacheWrite1h: 53_000, sessionId: "hour"));

        List<CacheMiss> misses = Misses(dir);

        // r2, 30 minutes after 1-hour writes, read the whole prefix: not a miss.
        Assert.Equal(2, misses.Count);
        Assert.DoesNotContain(misses, m => m.Time == DateTimeOffset.Parse("2026-11-20T10:30:00Z"));
        // r3 lost the 51,000 tokens r2 left, 30 minutes on: within the hour, so not an idle gap.
        // 51,000 × ($6 − $0.30) = 290,700 → $0.2907.
        Assert.Equal("PrefixChanged", misses[0].Cause);
        Assert.Equal(TimeSpan.FromHours(1), misses[0].CacheLifetime);
        Assert.Equal(51_000, misses[0].PrefixTokens);
        Assert.Equal(0.2907m, misses[0].Cost);
        // r4, 90 minutes on, is an idle gap past the hour: 52,000 × $5.70 = 296,400 → $0.2964, and no saving.
        Assert.Equal("IdleGap", misses[1].Cause);
        Assert.Equal(0.2964m, misses[1].Cost);
        Assert.Equal(0m, misses[1].OneHourCacheSaving);
    }

    /// <summary>
    /// Session 'parent' on Sonnet 4.5 with a subagent transcript on Haiku 4.5 written between its requests. The
    /// subagent's large prefix and its first request, which read nothing, are its own thread's: the parent's
    /// requests are compared with the parent's alone.
    /// </summary>
    [Fact]
    public void A_subagent_thread_interleaved_with_its_parent_causes_no_miss_in_the_parent_and_has_misses_of_its_own()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "parent.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_p1", "req_p1", input: 3, cacheWrite5m: 40_000, sessionId: "parent"),
            ClaudeAssistant("2026-11-20T09:03:00.000Z", "msg_p2", "req_p2", input: 3, cacheWrite5m: 1_000, cacheRead: 40_000, sessionId: "parent"),
            ClaudeAssistant("2026-11-20T09:06:00.000Z", "msg_p3", "req_p3", input: 3, cacheWrite5m: 1_000, cacheRead: 41_000, sessionId: "parent"));
        dir.Write(Project + "parent/subagents/agent-a1.jsonl",
            ClaudeAssistant("2026-11-20T09:01:00.000Z", "msg_a1", "req_a1", model: "claude-haiku-4-5-20251001", input: 3, cacheWrite5m: 8_000, sessionId: "parent", sidechain: true),
            ClaudeAssistant("2026-11-20T09:02:00.000Z", "msg_a2", "req_a2", model: "claude-haiku-4-5-20251001", input: 3, cacheWrite5m: 90_000, cacheRead: 8_000, sessionId: "parent", sidechain: true),
            ClaudeAssistant("2026-11-20T09:10:00.000Z", "msg_a3", "req_a3", model: "claude-haiku-4-5-20251001", input: 3, cacheWrite5m: 99_000, sessionId: "parent", sidechain: true));

        CacheMiss miss = Assert.Single(Misses(dir));

        // Only the subagent's third request, eight minutes after its second: it lost the 98,000 tokens a2 left.
        Assert.True(miss.IsSidechain);
        Assert.EndsWith("agent-a1.jsonl", miss.File);
        Assert.Equal("IdleGap", miss.Cause);
        Assert.Equal(TimeSpan.FromMinutes(8), miss.Gap);
        Assert.Equal(98_000, miss.PrefixTokens);
        // Haiku 4.5: 98,000 × ($1.25 − $0.10) = 112,700 → $0.1127; as 1-hour writes 98,000 × $0.75 = 73,500 more →
        // saving 112,700 − 73,500 = 39,200 → $0.0392.
        Assert.Equal(0.1127m, miss.Cost);
        Assert.Equal(0.0392m, miss.OneHourCacheSaving);
    }

    [Fact]
    public void Sidechain_lines_in_the_main_transcript_are_a_thread_of_their_own()
    {
        // Taken as one thread, the sidechain request would miss the main one's 40,000 tokens, and the main one's
        // second request would read less than half of the sidechain's 100,000.
        using var dir = new TempFolder();
        dir.Write(Project + "old.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", cacheWrite5m: 40_000, sessionId: "old"),
            ClaudeAssistant("2026-11-20T09:01:00.000Z", "msg_2", "req_2", cacheWrite5m: 100_000, sessionId: "old", sidechain: true),
            ClaudeAssistant("2026-11-20T09:02:00.000Z", "msg_3", "req_3", cacheWrite5m: 500, cacheRead: 40_000, sessionId: "old"));

        Assert.Empty(Misses(dir));
    }

    [Theory]
    [InlineData(1_024, 1_100, 0, false)] // read exactly half of 2,048: not below half
    [InlineData(1_023, 1_100, 0, true)] // read just below half, 1,025 tokens paid again
    [InlineData(0, 1_023, 0, false)] // nothing read, but only 1,023 tokens paid again
    [InlineData(0, 1_000, 24, true)] // 1,024 paid again: 1,000 writes and 24 uncached input
    public void A_miss_reads_below_half_the_expected_prefix_and_pays_for_at_least_1024_of_its_tokens_again(long read, long write, long input, bool isMiss)
    {
        using var dir = new TempFolder();
        dir.Write(Project + "edge.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", cacheWrite5m: 2_048, sessionId: "edge"),
            ClaudeAssistant("2026-11-20T09:01:00.000Z", "msg_2", "req_2", input: input, cacheWrite5m: write, cacheRead: read, sessionId: "edge"));

        Assert.Equal(isMiss, Misses(dir).Count == 1);
    }

    [Fact]
    public void Fast_mode_and_us_inference_multiply_the_cost_as_they_do_the_response()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "fast.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", model: "claude-opus-4-7", cacheWrite5m: 10_000, sessionId: "fast", speed: "fast", inferenceGeo: "us"),
            ClaudeAssistant("2026-11-20T09:07:00.000Z", "msg_2", "req_2", model: "claude-opus-4-7", cacheWrite5m: 10_500, sessionId: "fast", speed: "fast", inferenceGeo: "us"));

        CacheMiss miss = Assert.Single(Misses(dir));

        // 10,000 × ($6.25 − $0.50) = 57,500, × 6 × 1.1 = 379,500 → $0.3795; the 1-hour writes' 10,000 × $3.75 = 37,500
        // more, × 6.6 = 247,500 → saving 379,500 − 247,500 = 132,000 → $0.132.
        Assert.Equal(0.3795m, miss.Cost);
        Assert.Equal(0.132m, miss.OneHourCacheSaving);
    }

    [Fact]
    public void A_long_context_request_prices_its_miss_at_the_long_context_rates()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "long.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", cacheWrite5m: 205_000, sessionId: "long"),
            ClaudeAssistant("2026-11-20T09:10:00.000Z", "msg_2", "req_2", cacheWrite5m: 210_000, sessionId: "long"));

        CacheMiss miss = Assert.Single(Misses(dir));

        // The 210,000-token prompt is above 200,000: 205,000 × ($7.50 − $0.60) = 1,414,500 → $1.4145; as 1-hour writes
        // 205,000 × ($12 − $7.50) = 922,500 more → saving $0.492.
        Assert.Equal(1.4145m, miss.Cost);
        Assert.Equal(0.492m, miss.OneHourCacheSaving);
    }

    [Fact]
    public void A_miss_is_priced_at_the_price_in_effect_on_its_day()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "dated.jsonl",
            ClaudeAssistant("2026-10-06T09:00:00.000Z", "msg_1", "req_1", model: "claude-sonnet-5-5", cacheWrite5m: 10_000, sessionId: "dated"),
            ClaudeAssistant("2026-10-06T09:01:00.000Z", "msg_2", "req_2", model: "claude-sonnet-5-5", cacheWrite5m: 10_500, sessionId: "dated"),
            ClaudeAssistant("2026-10-08T09:00:00.000Z", "msg_3", "req_3", model: "claude-sonnet-5-5", cacheWrite5m: 11_000, sessionId: "dated"));

        List<CacheMiss> misses = Misses(dir);

        // Before 7 October reads cost $0.20: 10,000 × ($2.50 − $0.20) = 23,000 → $0.023; from then $0.10:
        // 10,500 × ($2.50 − $0.10) = 25,200 → $0.0252.
        Assert.Equal([0.023m, 0.0252m], misses.Select(m => m.Cost!.Value));
        Assert.Equal(["PrefixChanged", "IdleGap"], misses.Select(m => m.Cause));
    }

    [Fact]
    public void A_model_without_a_price_has_misses_without_a_cost()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "unknown.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", model: "my-model", cacheWrite5m: 10_000, sessionId: "unknown"),
            ClaudeAssistant("2026-11-20T09:10:00.000Z", "msg_2", "req_2", model: "my-model", cacheWrite5m: 10_000, sessionId: "unknown"));

        CacheMiss miss = Assert.Single(Misses(dir));

        Assert.Equal(10_000, miss.PrefixTokens);
        Assert.Null(miss.Cost);
        Assert.Null(miss.OneHourCacheSaving);
    }

    [Fact]
    public void The_previous_request_may_lie_before_the_range_and_misses_before_it_are_not_reported()
    {
        using TempFolder dir = IdleSession();

        // From 10:00: r3 (09:09) is before the range, but r4 is still compared with it.
        List<CacheMiss> misses = Misses(dir, new CacheMissOptions { Range = new TimeRange(DateTimeOffset.Parse("2026-11-20T10:00:00Z"), null) });

        CacheMiss miss = Assert.Single(misses);
        Assert.Equal(43_000, miss.PrefixTokens);
    }

    [Fact]
    public void A_model_filter_keeps_misses_of_that_model_and_still_sees_the_change_from_another()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "switch.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", cacheWrite5m: 30_000, sessionId: "switch"),
            ClaudeAssistant("2026-11-20T10:01:00.000Z", "msg_2", "req_2", model: "claude-opus-4-5-20251101", cacheWrite5m: 31_000, sessionId: "switch"));

        CacheMiss miss = Assert.Single(Misses(dir, new CacheMissOptions { Model = m => m.StartsWith("claude-opus", StringComparison.Ordinal) }));

        Assert.Equal("ModelChanged", miss.Cause);
        Assert.Empty(Misses(dir, new CacheMissOptions { Model = m => m.StartsWith("claude-sonnet", StringComparison.Ordinal) }));
    }

    [Fact]
    public void Causes_not_asked_for_are_left_out()
    {
        using TempFolder dir = IdleSession();

        Assert.Empty(Misses(dir, new CacheMissOptions { Causes = new HashSet<CacheMissCause> { CacheMissCause.PrefixChanged } }));
        Assert.Equal(2, Misses(dir, new CacheMissOptions { Causes = new HashSet<CacheMissCause> { CacheMissCause.IdleGap } }).Count);
    }

    [Fact]
    public void The_total_summary_says_what_idle_gaps_cost_and_what_a_1_hour_cache_would_have_saved()
    {
        using TempFolder dir = IdleSession();

        CacheMissSummary total = Assert.Single(Summaries(dir, CacheMissGrouping.Total));

        Assert.Equal("Total", total.GroupBy);
        Assert.Equal("Total", total.Group);
        Assert.Equal(4, total.Requests);
        Assert.Equal(2, total.Misses);
        Assert.Equal(2, total.IdleGapMisses);
        Assert.Equal(0, total.ModelChangedMisses + total.PrefixChangedMisses + total.UnpricedMisses);
        Assert.Equal(85_000, total.PrefixTokens);
        // $0.1449 + $0.14835 = $0.29325, all of it idle gaps; only the 7-minute gap had a saving, $0.0504.
        Assert.Equal(0.29325m, total.MissCost);
        Assert.Equal(0.29325m, total.IdleGapCost);
        Assert.Equal(0m, total.ModelChangedCost + total.PrefixChangedCost);
        Assert.Equal(0.0504m, total.OneHourCacheSaving);
        // r1 9 + 7,500 + 150,000; r2 15 + 7,500 + 12,000; r3 15 + 161,250; r4 15 + 168,750 = 507,054 → $0.507054.
        Assert.Equal(0.507054m, total.Cost);
        // Prompt tokens 40,003 + 42,005 + 43,005 + 45,005 = 170,018, of which 40,000 read; without the misses
        // 40,000 + 42,000 + 43,000 = 125,000 read.
        Assert.Equal(40_000m / 170_018m, total.CacheHitRate);
        Assert.Equal(125_000m / 170_018m, total.CacheHitRateWithoutMisses);
        Assert.Equal("UTC", total.TimeZone);
    }

    [Fact]
    public void A_summary_per_session_lists_the_sessions_with_misses_in_the_order_of_their_first()
    {
        using TempFolder dir = IdleSession();
        dir.Write(Project + "switch.jsonl",
            ClaudeAssistant("2026-11-20T08:00:00.000Z", "msg_s1", "req_s1", cacheWrite5m: 30_000, sessionId: "switch", cwd: "/home/user/work/other"),
            ClaudeAssistant("2026-11-20T10:01:00.000Z", "msg_s2", "req_s2", model: "claude-opus-4-5-20251101", cacheWrite5m: 31_000, sessionId: "switch", cwd: "/home/user/work/other"));
        dir.Write(Project + "calm.jsonl",
            ClaudeAssistant("2026-11-20T08:00:00.000Z", "msg_c1", "req_c1", cacheWrite5m: 30_000, sessionId: "calm"));

        List<CacheMissSummary> sessions = Summaries(dir, CacheMissGrouping.Session);

        // 'idle' missed first (09:09), then 'switch' (10:01, a model change after two hours); 'calm' had none.
        Assert.Equal(["idle", "switch"], sessions.Select(s => s.SessionId));
        Assert.Equal(["idle", "switch"], sessions.Select(s => s.Group));
        Assert.Equal(4, sessions[0].Requests);
        Assert.Equal(0.29325m, sessions[0].MissCost);
        Assert.Equal("other", sessions[1].Project);
        Assert.Equal(2, sessions[1].Requests);
        Assert.Equal(1, sessions[1].ModelChangedMisses);
        Assert.Equal(0.1725m, sessions[1].ModelChangedCost);
        Assert.Equal(0m, sessions[1].OneHourCacheSaving);
    }

    [Fact]
    public void A_summary_per_day_or_model_takes_the_day_and_model_of_the_request_that_missed()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "idle.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", input: 3, output: 500, cacheWrite5m: 40_000, sessionId: "idle"),
            ClaudeAssistant("2026-11-20T09:02:00.000Z", "msg_2", "req_2", input: 5, cacheWrite5m: 2_000, cacheRead: 40_000, sessionId: "idle"),
            ClaudeAssistant("2026-11-20T09:09:00.000Z", "msg_3", "req_3", input: 5, cacheWrite5m: 43_000, sessionId: "idle"),
            ClaudeAssistant("2026-11-21T11:09:00.000Z", "msg_4", "req_4", model: "claude-opus-4-5-20251101", input: 5, cacheWrite5m: 45_000, sessionId: "idle"));

        List<CacheMissSummary> days = Summaries(dir, CacheMissGrouping.Day);
        List<CacheMissSummary> models = Summaries(dir, CacheMissGrouping.Model);

        Assert.Equal([new DateTime(2026, 11, 20), new DateTime(2026, 11, 21)], days.Select(d => d.Day!.Value));
        Assert.Equal(["2026-11-20", "2026-11-21"], days.Select(d => d.Group));
        Assert.Equal([3, 1], days.Select(d => d.Requests));
        // 43,000 prefix tokens at Opus 4.5: 43,000 × $5.75 = 247,250 → $0.24725, a model change.
        Assert.Equal([0.1449m, 0.24725m], days.Select(d => d.MissCost));
        Assert.Equal(["claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929"], models.Select(m => m.Model));
        Assert.Equal([1, 3], models.Select(m => m.Requests));
        Assert.Equal([1, 0], models.Select(m => m.ModelChangedMisses));
    }

    [Fact]
    public void Without_requests_in_range_the_total_summary_is_empty_and_without_misses_it_says_none()
    {
        using var dir = new TempFolder();
        dir.Write(Project + "calm.jsonl",
            ClaudeAssistant("2026-11-20T08:00:00.000Z", "msg_c1", "req_c1", cacheWrite5m: 30_000, sessionId: "calm"),
            ClaudeAssistant("2026-11-20T08:01:00.000Z", "msg_c2", "req_c2", cacheWrite5m: 100, cacheRead: 30_000, sessionId: "calm"));

        CacheMissSummary total = Assert.Single(Summaries(dir, CacheMissGrouping.Total));

        Assert.Equal(0, total.Misses);
        Assert.Equal(0m, total.MissCost);
        Assert.Equal(total.CacheHitRate, total.CacheHitRateWithoutMisses);
        Assert.Empty(Summaries(dir, CacheMissGrouping.Total, new CacheMissOptions { Range = new TimeRange(DateTimeOffset.Parse("2026-11-21T00:00:00Z"), null) }));
        Assert.Empty(Summaries(dir, CacheMissGrouping.Session));
    }
}

/// <summary>What caused a request chooses the misses reported, never the requests a thread is walked through.</summary>
public class CacheMissAttributionTests
{
    [Fact]
    public void A_filtered_miss_is_judged_against_the_request_before_it_whatever_caused_that()
    {
        // One thread on claude-sonnet-5: 09:00 a request calling MCP server github writes 42,000 tokens; 09:04 a
        // request calling nothing runs on claude-opus-5 (a model change); 09:08 github again on Sonnet reads nothing
        // and writes 42,000 again. Judged against 09:04 it is a model change; against 09:00 alone it would look
        // like an 8-minute idle gap with a 1-hour saving it never had.
        // Its cost: 42,000 × ($2.50 - $0.20) per million = $0.0966.
        var write = new ClaudeUsage.Core.TokenCounts(100, 500, 42_000, 0, 0, 0);
        var history = new SpikeFixtures()
            .Session("t", "/w", CountedResponses.At("2026-11-09T09:00:00Z"), 1, TimeSpan.Zero, write, mcpServers: "github")
            .Session("t", "/w", CountedResponses.At("2026-11-09T09:04:00Z"), 1, TimeSpan.Zero, write, model: "claude-opus-5")
            .Session("t", "/w", CountedResponses.At("2026-11-09T09:08:00Z"), 1, TimeSpan.Zero, write, mcpServers: "github");
        var options = new ClaudeUsage.Core.CacheMisses.CacheMissOptions { Attribution = e => e.McpServers == "github" };

        var misses = ClaudeUsage.Core.CacheMisses.CacheMissDetector.Find(history.Responses(), options, new ClaudeUsage.Core.Time.ZonedCalendar(TimeZoneInfo.Utc));

        var miss = Assert.Single(misses).Miss;
        Assert.Equal(("ModelChanged", 0.0966m, 0m), (miss.Cause, miss.Cost, miss.OneHourCacheSaving));
        Assert.Equal(CountedResponses.At("2026-11-09T09:08:00Z"), miss.Time);
    }
}
