using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Exports a dashboard through the staged module and opens its HTML from file:// in headless Chromium.
/// Fixture, priced at list (Sonnet 4.5 $3/$15, Opus 4.5 $5/$25, Haiku 4.5 $1/$5 per million), as of
/// 2026-11-23 12:00 UTC: this month = $15 (Nov 3) + $0.25 (Nov 20) + $1 (Nov 22) + $0.30 (Nov 23) = $16.55.
/// </summary>
public sealed class DashboardBrowserTests : IClassFixture<ChromiumFixture>, IDisposable
{
    private const string Evil = "<img src=x onerror=alert(1)>";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly ChromiumFixture _chromium;
    private readonly TempFolder _logs = new();
    private readonly TempFolder _out = new();

    public DashboardBrowserTests(ChromiumFixture chromium)
    {
        _chromium = chromium;
        _logs.Write("projects/-home-u-webapp/s1.jsonl",
            ClaudeAssistant("2026-11-03T10:00:00.000Z", "m1", "r1", model: "claude-sonnet-4-5-20250929", output: 1_000_000, sessionId: "s1", cwd: "/home/u/webapp"),
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "m2", "r2", model: "claude-opus-4-5-20251101", output: 10_000, sessionId: "s1", cwd: "/home/u/webapp"),
            ClaudeAssistant("2026-11-23T09:00:00.000Z", "m3", "r3", model: "claude-sonnet-4-5-20250929", input: 100_000, sessionId: "s1", cwd: "/home/u/webapp"));
        _logs.Write("projects/evil/s2.jsonl",
            ClaudeAssistant("2026-11-22T10:00:00.000Z", "m4", "r4", model: "claude-haiku-4-5-20251001", input: 1_000_000, sessionId: "s2", cwd: "/home/u/" + Evil));
    }

    public void Dispose()
    {
        _logs.Dispose();
        _out.Dispose();
    }

    private (string Html, JsonDocument Json) Export(int refreshSeconds = 60, bool fixedTime = true)
    {
        string at = fixedTime ? "-At '2026-11-23T12:00:00Z'" : string.Empty;
        RunResult r = Run($"Export-ClaudeDashboard -Path {Q(_logs.Path)} -OutputDirectory {Q(_out.Path)} -TimeZone UTC -Days 14 -Monthly 10 -RefreshSeconds {refreshSeconds} {at}");
        Assert.Empty(r.Errors);
        string html = Path.Combine(_out.Path, "claude-usage.html");
        return (html, JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Path, "claude-usage.json"))));
    }

    private async Task<(IPage Page, List<string> Problems)> Open(string html, int width, ColorScheme scheme = ColorScheme.Light)
    {
        IBrowser browser = _chromium.Require();
        IBrowserContext context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, ColorScheme = scheme });
        var problems = new List<string>();
        // Any request other than the page itself is a failure: the page must work with no network at all.
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url != new Uri(html).AbsoluteUri)
            {
                problems.Add("request: " + route.Request.Url);
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });
        IPage page = await context.NewPageAsync();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                problems.Add($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.Dialog += async (_, d) =>
        {
            problems.Add("dialog: " + d.Message);
            await d.DismissAsync();
        };
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        return (page, problems);
    }

    private static string Money(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "n/a" : "$" + e.GetDecimal().ToString("N2", Inv);

    [SkippableFact]
    public async Task The_figures_shown_equal_the_json()
    {
        (string html, JsonDocument json) = Export();
        (IPage page, List<string> problems) = await Open(html, 1440);
        JsonElement periods = json.RootElement.GetProperty("periods");

        Assert.Equal(16.55m, periods.GetProperty("thisMonth").GetProperty("cost").GetDecimal());
        foreach (string period in new[] { "today", "thisWeek", "thisMonth" })
        {
            JsonElement p = periods.GetProperty(period);
            ILocator card = page.Locator($"[data-period='{period}']");
            Assert.Equal(Money(p.GetProperty("cost")), await card.Locator("[data-field='cost']").InnerTextAsync());
            Assert.Equal(p.GetProperty("tokens").GetProperty("total").GetInt64().ToString("N0", Inv), await card.Locator("[data-field='total']").InnerTextAsync());
            Assert.Equal(p.GetProperty("requests").GetInt32().ToString("N0", Inv), await card.Locator("[data-field='requests']").InnerTextAsync());
        }

        JsonElement budget = json.RootElement.GetProperty("budgets")[0];
        ILocator shown = page.Locator("[data-budget]").First;
        Assert.Equal(budget.GetProperty("percentUsed").GetDecimal().ToString("N1", Inv) + "%", await shown.Locator("[data-field='percentUsed']").InnerTextAsync());
        Assert.Equal("165.5%", await shown.Locator("[data-field='percentUsed']").InnerTextAsync()); // $16.55 of $10, not capped
        Assert.Equal(budget.GetProperty("status").GetString(), await shown.Locator("[data-field='status']").InnerTextAsync());

        // The chart: one segment per day and model with usage, whose costs add up to the day's cost in the JSON.
        foreach (JsonElement day in json.RootElement.GetProperty("daily").EnumerateArray())
        {
            string d = day.GetProperty("day").GetString()!;
            IReadOnlyList<string> costs = await page.Locator($"rect[data-day='{d}']").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-cost'))");
            Assert.Equal(day.GetProperty("models").GetArrayLength(), costs.Count);
            Assert.Equal(day.GetProperty("cost").GetDecimal(), costs.Sum(c => decimal.Parse(c, Inv)));
        }

        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task A_project_named_like_markup_shows_as_text_and_runs_nothing()
    {
        (string html, _) = Export();
        (IPage page, List<string> problems) = await Open(html, 1440);

        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Contains(Evil, await page.Locator("#table-projects").InnerTextAsync());
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task Pages_render_from_phone_to_wide_screen_in_both_themes()
    {
        (string html, _) = Export();
        string shots = Path.Combine(RepoRoot, "TestResults", "screenshots");
        Directory.CreateDirectory(shots);

        (IPage phone, List<string> phoneProblems) = await Open(html, 390);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(shots, "dashboard-390.png"), FullPage = true });
        int overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px screen");
        // The chart scrolls on a phone and opens on its latest day (2026-11-23), not cut off at the right edge.
        double right = await phone.EvaluateAsync<double>("() => { const r = document.querySelector(\"rect[data-day='2026-11-23']\").getBoundingClientRect(); return r.right; }");
        Assert.True(right <= 390, $"the latest day's bar ends at {right}px, off a 390px screen");

        (IPage wide, List<string> wideProblems) = await Open(html, 1440);
        await wide.ScreenshotAsync(new() { Path = Path.Combine(shots, "dashboard-1440.png"), FullPage = true });

        (IPage dark, _) = await Open(html, 1440, ColorScheme.Dark);
        await dark.ScreenshotAsync(new() { Path = Path.Combine(shots, "dashboard-1440-dark.png"), FullPage = true });
        string lightBg = await wide.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        string darkBg = await dark.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual(lightBg, darkBg);
        Assert.Empty(phoneProblems);
        Assert.Empty(wideProblems);
    }

    [SkippableFact]
    public async Task Chart_segments_show_their_values_on_hover_and_tables_sort()
    {
        (string html, _) = Export();
        (IPage page, List<string> problems) = await Open(html, 1440);

        ILocator segment = page.Locator("rect[data-day='2026-11-22']").First;
        await segment.HoverAsync(new() { Force = true });
        string tip = await page.Locator("#tooltip").InnerTextAsync();
        Assert.Contains("claude-haiku-4-5-20251001", tip);
        Assert.Contains("$1.00", tip);

        await page.Locator("#table-daily th", new() { HasTextString = "Cost" }).ClickAsync();
        Assert.Equal("2026-11-22", await page.Locator("#table-daily tbody tr").First.Locator("td").First.InnerTextAsync()); // $1.00, the costliest of the 14 days
        await page.Locator("#table-daily th", new() { HasTextString = "Cost" }).ClickAsync();
        Assert.Equal("$0.00", await page.Locator("#table-daily tbody tr").First.Locator("td").Last.InnerTextAsync());
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task Old_data_shows_a_stale_notice_and_fresh_data_does_not()
    {
        (string html, _) = Export(refreshSeconds: 60);
        (IPage old, _) = await Open(html, 1440);
        Assert.True(await old.Locator("#stale").IsVisibleAsync()); // generated at a fixed past time, refresh every 60 s
        // Its age in days, as a person says it (2026-11-23 12:00 UTC to now), not in thousands of minutes.
        int days = (int)Math.Floor((DateTimeOffset.UtcNow - DateTimeOffset.Parse("2026-11-23T12:00:00Z", Inv)).TotalDays);
        string notice = await old.Locator("#stale").InnerTextAsync();
        Assert.True(days >= 2, "the fixed time must be days old for the notice to count in days");
        // The page counted when it loaded, a moment before this: a day boundary may have passed since.
        Assert.True(notice.Contains($"generated {days} days ago", StringComparison.Ordinal) || notice.Contains($"generated {days - 1} days ago", StringComparison.Ordinal), notice);
        Assert.DoesNotContain("minute", notice);

        (html, _) = Export(refreshSeconds: 60, fixedTime: false);
        (IPage fresh, _) = await Open(html, 1440);
        Assert.False(await fresh.Locator("#stale").IsVisibleAsync());

        (html, _) = Export(refreshSeconds: 0);
        (IPage noRefresh, _) = await Open(html, 1440);
        Assert.False(await noRefresh.Locator("#stale").IsVisibleAsync());
    }
}
