using System.Text.Json;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Dashboard;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Tests;

public class DashboardTests
{
    private static readonly ZonedCalendar Utc = new(TimeZoneInfo.Utc);
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-23T12:00:00Z"); // a Monday

    private static UsageEntry Entry(string at, string model, long input, long output, string session = "s1", string project = "/home/u/demo") => new()
    {
        Source = UsageSource.ClaudeCode,
        Timestamp = DateTimeOffset.Parse(at),
        SessionId = session,
        ProjectPath = project,
        Model = model,
        Tokens = new TokenCounts(input, output, 0, 0, 0, 0),
        FilePath = "f",
    };

    /// <summary>
    /// Sonnet 4.5 ($3 in / $15 out per million) and Opus 4.5 ($5 / $25):
    /// today (Mon 23rd): 100,000 in on Sonnet = $0.30; 10,000 out on Opus = $0.25 → $0.55.
    /// Sun 22nd (this week? no: weeks start Monday, so last week): 200,000 in on Sonnet = $0.60.
    /// Sat 1st (this month): 1,000,000 out on Sonnet (not long context: no prompt tokens) = $15.
    /// October 31st (last month): 1,000 in = $0.003, outside every period.
    /// </summary>
    private static DashboardModel Model(string project = "/home/u/demo", IReadOnlyList<DashboardBudget>? budgets = null)
    {
        UsageEntry[] entries =
        [
            Entry("2026-11-23T09:00:00Z", "claude-sonnet-4-5", 100_000, 0, project: project),
            Entry("2026-11-23T10:00:00Z", "claude-opus-4-5", 0, 10_000, session: "s2"),
            Entry("2026-11-22T10:00:00Z", "claude-sonnet-4-5", 200_000, 0),
            Entry("2026-11-01T10:00:00Z", "claude-sonnet-4-5", 0, 1_000_000),
            Entry("2026-10-31T10:00:00Z", "claude-sonnet-4-5", 1_000, 0),
        ];
        var costs = new CostCalculator(PriceTable.BuiltIn, CostMode.Calculate);
        List<CountedResponse> responses = UsageReport.Select(entries, new UsageFilter(), costs);
        return DashboardBuilder.Build(responses, Utc, Now, historyDays: 30, refreshSeconds: 60, budgets ?? [], [], [new DashboardWarning("UnpricedModel", "No price for 'x'.", "x")]);
    }

    [Fact]
    public void Today_this_week_and_this_month_are_each_their_own_period()
    {
        DashboardModel m = Model();
        Assert.Equal(0.55m, m.Today.Totals.Cost);
        Assert.Equal(0.55m, m.ThisWeek.Totals.Cost); // Sunday the 22nd belongs to the previous week
        Assert.Equal(15m + 0.6m + 0.55m, m.ThisMonth.Totals.Cost);
        Assert.Equal(4, m.ThisMonth.Totals.Requests);
        Assert.Equal(2, m.ThisMonth.Totals.Sessions);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T00:00:00Z"), m.ThisMonth.Start);
    }

    [Fact]
    public void The_daily_history_has_every_day_split_by_model()
    {
        DashboardModel m = Model();
        Assert.Equal(30, m.Daily.Count);
        Assert.Equal(new DateTime(2026, 10, 25), m.Daily[0].Day);
        DashboardDay today = m.Daily[^1];
        Assert.Equal(new DateTime(2026, 11, 23), today.Day);
        Assert.Equal(["claude-sonnet-4-5", "claude-opus-4-5"], today.Models.Select(x => x.Model)); // most expensive first
        Assert.Equal(0.003m, m.Daily.Single(d => d.Day == new DateTime(2026, 10, 31)).Totals.Cost);
        Assert.Equal(0m, m.Daily.Single(d => d.Day == new DateTime(2026, 11, 10)).Totals.Cost);
    }

    [Fact]
    public void The_json_has_a_schema_version_stable_keys_numbers_and_iso_times()
    {
        using var stream = new MemoryStream();
        DashboardJsonWriter.Write(stream, Model());
        using JsonDocument doc = JsonDocument.Parse(stream.ToArray());
        JsonElement root = doc.RootElement;

        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("2026-11-23T12:00:00+00:00", root.GetProperty("generatedAt").GetString());
        JsonElement month = root.GetProperty("periods").GetProperty("thisMonth");
        Assert.Equal(JsonValueKind.Number, month.GetProperty("cost").ValueKind);
        Assert.Equal(16.15m, month.GetProperty("cost").GetDecimal());
        Assert.Equal(300_000 + 1_010_000, month.GetProperty("tokens").GetProperty("total").GetInt64());
        Assert.Equal("2026-11-23", root.GetProperty("daily")[29].GetProperty("day").GetString());
        Assert.Equal("claude-sonnet-4-5", root.GetProperty("modelsThisMonth")[0].GetProperty("model").GetString());
        Assert.Equal("UnpricedModel", root.GetProperty("warnings")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void Every_format_carries_the_cache_figures_of_each_period()
    {
        // Today, Sonnet 4.5: 1,000 input, 4,000 written to the 5-minute cache, 15,000 read from it.
        // Hit rate 15,000 / 20,000 = 0.75; the writes cost 4,000 × $3.75/M = $0.015; savings 15,000 × $3/M
        // − (15,000 × $0.30/M + $0.015) = $0.045 − $0.0195 = $0.0255.
        var entry = new UsageEntry
        {
            Source = UsageSource.ClaudeCode,
            Timestamp = DateTimeOffset.Parse("2026-11-23T09:00:00Z"),
            SessionId = "s1",
            Model = "claude-sonnet-4-5",
            Tokens = new TokenCounts(1_000, 0, 4_000, 0, 15_000, 0),
            FilePath = "f",
        };
        var costs = new CostCalculator(PriceTable.BuiltIn, CostMode.Calculate);
        DashboardModel m = DashboardBuilder.Build(UsageReport.Select([entry], new UsageFilter(), costs), Utc, Now, historyDays: 7, refreshSeconds: 0, [], [], []);
        Assert.Equal(0.75m, m.Today.Totals.CacheHitRate);
        Assert.Equal(0.015m, m.Today.Totals.CacheWriteCost);
        Assert.Equal(0.0255m, m.Today.Totals.CacheSavings);

        using var stream = new MemoryStream();
        DashboardJsonWriter.Write(stream, m);
        using JsonDocument doc = JsonDocument.Parse(stream.ToArray());
        JsonElement today = doc.RootElement.GetProperty("periods").GetProperty("today");
        Assert.Equal(0.75m, today.GetProperty("cacheHitRate").GetDecimal());
        Assert.Equal(0.015m, today.GetProperty("cacheWriteCost").GetDecimal());
        Assert.Equal(0.0255m, today.GetProperty("cacheSavings").GetDecimal());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("daily")[0].GetProperty("cacheHitRate").ValueKind); // a day without usage

        string html = DashboardHtmlWriter.Render(m);
        Assert.Contains("<dd data-field=\"cacheHitRate\">75.0%</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd data-field=\"cacheSavings\">$0.03</dd>", html, StringComparison.Ordinal);
        string markdown = DashboardMarkdownWriter.Render(m);
        Assert.Contains("| 75.0% | $0.02 | $0.03 |", markdown, StringComparison.Ordinal); // $0.015 and $0.0255 to the cent
    }

    [Theory]
    [InlineData(-0.0255, "-$0.03")]
    [InlineData(1234.5, "$1,234.50")]
    [InlineData(0, "$0.00")]
    public void Amounts_read_as_dollars_with_the_sign_in_front(double amount, string text) =>
        Assert.Equal(text, DashboardText.Cost((decimal)amount));

    [Fact]
    public void Strings_from_the_logs_are_inert_in_html_and_markdown()
    {
        const string evil = "/home/u/<img src=x onerror=alert(1)>";
        DashboardModel m = Model(project: evil);

        string html = DashboardHtmlWriter.Render(m);
        string markdown = DashboardMarkdownWriter.Render(m);

        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img src=x", markdown);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", markdown);
    }

    [Fact]
    public void The_html_page_makes_no_network_request_by_policy_and_shows_uncapped_percentages()
    {
        var budget = new DashboardBudget("Monthly", "USD", DateTimeOffset.Parse("2026-11-01T00:00:00Z"), DateTimeOffset.Parse("2026-12-01T00:00:00Z"),
            Limit: 10m, Spent: 16.15m, Remaining: -6.15m, PercentUsed: 161.5m, Status: "Exceeded", BurnRatePerDay: 0.72m, ProjectedSpend: 21.6m, ProjectedOverage: 11.6m, PredictedExhaustion: null);

        string html = DashboardHtmlWriter.Render(Model(budgets: [budget]));

        Assert.Contains("default-src 'none'", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("161.5%", html);
        Assert.Contains("width:100%", html); // the bar is full, the number is not capped
        Assert.Contains("status-Exceeded", html);
    }

    [Fact]
    public void Markdown_starts_with_a_status_line_and_has_the_tables()
    {
        string md = DashboardMarkdownWriter.Render(Model());
        string[] lines = md.Split('\n');
        Assert.Equal("# Agent usage", lines[0]);
        Assert.StartsWith("**Status:", lines[2]);
        Assert.Contains("Today $0.55", lines[2]);
        Assert.Contains("This month $16.15", lines[2]);
        Assert.Contains("| Model | Requests | Total tokens | Cost |", md);
        Assert.Contains("## Top sessions this month", md);
    }

    [Fact]
    public void Markdown_escapes_table_and_emphasis_characters()
    {
        Assert.Equal("a\\|b \\*c\\* \\[d\\](e) &lt;f&gt;", DashboardMarkdownWriter.Escape("a|b *c* [d](e) <f>"));
    }

    [Fact]
    public void An_atomic_write_replaces_the_file_and_leaves_no_temporary_file()
    {
        using var dir = new TempFolder();
        string target = Path.Combine(dir.Path, "out.json");
        File.WriteAllText(target, "old");

        AtomicFile.Write(target, s => s.Write("new"u8));

        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task A_reader_polling_during_repeated_writes_never_sees_a_partial_file()
    {
        using var dir = new TempFolder();
        string target = Path.Combine(dir.Path, "page.html");
        byte[] small = System.Text.Encoding.UTF8.GetBytes("<html>" + new string('a', 10_000) + "</html>");
        byte[] large = System.Text.Encoding.UTF8.GetBytes("<html>" + new string('b', 400_000) + "</html>");
        AtomicFile.Write(target, s => s.Write(small));
        using var stop = new CancellationTokenSource();
        int reads = 0, partial = 0;
        Task reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    byte[] seen = File.ReadAllBytes(target);
                    Interlocked.Increment(ref reads);
                    if (!seen.AsSpan().SequenceEqual(small) && !seen.AsSpan().SequenceEqual(large))
                    {
                        partial++;
                    }
                }
                catch (IOException)
                {
                    // A rename in progress on some platforms; never a partial read.
                }
            }
        });

        // Keep rewriting until the reader has looked many times (bounded in time).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; (i < 200 || Volatile.Read(ref reads) < 200) && clock.Elapsed < TimeSpan.FromSeconds(20); i++)
        {
            byte[] content = i % 2 == 0 ? large : small;
            AtomicFile.Write(target, s => s.Write(content));
        }

        stop.Cancel();
        await reader;
        Assert.True(reads >= 200, $"only {reads} reads happened");
        Assert.Equal(0, partial);
    }
}
