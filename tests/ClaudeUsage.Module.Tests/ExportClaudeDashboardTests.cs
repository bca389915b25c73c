using System.Management.Automation;
using System.Text.Json;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public sealed class ExportClaudeDashboardTests : IDisposable
{
    private const string At = "-At '2026-11-23T12:00:00Z' -TimeZone UTC";
    private readonly TempFolder _logs = new();
    private readonly TempFolder _out = new();

    /// <summary>
    /// Sonnet 4.5 ($3 in, $15 out per million), as of Monday 2026-11-23 12:00 UTC:
    /// Nov 3: 1,000,000 out = $15; Nov 22 (Sunday): 200,000 in = $0.60; Nov 23: 100,000 in = $0.30.
    /// Month $15.90, week (from Monday 23rd) $0.30, today $0.30.
    /// </summary>
    public ExportClaudeDashboardTests() => _logs.Write("projects/p/s.jsonl",
        ClaudeAssistant("2026-11-03T10:00:00.000Z", "m1", "r1", output: 1_000_000),
        ClaudeAssistant("2026-11-22T10:00:00.000Z", "m2", "r2", input: 200_000),
        ClaudeAssistant("2026-11-23T09:00:00.000Z", "m3", "r3", input: 100_000));

    public void Dispose()
    {
        _logs.Dispose();
        _out.Dispose();
    }

    private string Export(string extra = "") => $"Export-ClaudeDashboard -Path {Q(_logs.Path)} -OutputDirectory {Q(_out.Path)} {At} {extra}";

    [Fact]
    public void The_json_agrees_with_get_claude_usage_and_test_claude_budget_on_the_same_data()
    {
        RunResult r = Run($"""
            {Export("-Monthly 10 -Days 7")}
            Get-ClaudeUsage -Path {Q(_logs.Path)} -TimeZone UTC -Since '2026-11-01' -Until '2026-11-30' -GroupBy Total
            Get-ClaudeUsage -Path {Q(_logs.Path)} -TimeZone UTC -Since '2026-11-17' -Until '2026-11-23' -GroupBy Day
            Test-ClaudeBudget -Path {Q(_logs.Path)} -Monthly 10 {At} -Detailed
            """);

        Assert.Empty(r.Errors);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Path, "claude-usage.json")));
        JsonElement root = json.RootElement;
        dynamic month = r.Output[0];
        JsonElement jsonMonth = root.GetProperty("periods").GetProperty("thisMonth");
        Assert.Equal(15.9m, jsonMonth.GetProperty("cost").GetDecimal());
        Assert.Equal((decimal)month.Cost, jsonMonth.GetProperty("cost").GetDecimal());
        Assert.Equal((long)month.TotalTokens, jsonMonth.GetProperty("tokens").GetProperty("total").GetInt64());
        Assert.Equal((int)month.Requests, jsonMonth.GetProperty("requests").GetInt32());
        Assert.Equal(0.3m, root.GetProperty("periods").GetProperty("thisWeek").GetProperty("cost").GetDecimal());
        Assert.Equal(0.3m, root.GetProperty("periods").GetProperty("today").GetProperty("cost").GetDecimal());

        // The daily history: the two days with usage equal Get-ClaudeUsage's rows; the other five are zero.
        var days = r.Output.Skip(1).Take(2).ToDictionary(o => ((DateTime)o.Properties["Day"].Value).ToString("yyyy-MM-dd"), o => (decimal)o.Properties["Cost"].Value);
        JsonElement[] daily = root.GetProperty("daily").EnumerateArray().ToArray();
        Assert.Equal(7, daily.Length);
        foreach (JsonElement day in daily)
        {
            decimal expected = days.GetValueOrDefault(day.GetProperty("day").GetString()!);
            Assert.Equal(expected, day.GetProperty("cost").GetDecimal());
        }

        dynamic budget = r.Output[3];
        JsonElement jsonBudget = root.GetProperty("budgets")[0];
        Assert.Equal((decimal)budget.Spent, jsonBudget.GetProperty("spent").GetDecimal());
        Assert.Equal((decimal)budget.PercentUsed, jsonBudget.GetProperty("percentUsed").GetDecimal());
        Assert.Equal(159m, jsonBudget.GetProperty("percentUsed").GetDecimal()); // $15.90 of $10, uncapped
        Assert.Equal("Exceeded", jsonBudget.GetProperty("status").GetString());
        Assert.Equal((decimal)budget.ProjectedSpend, jsonBudget.GetProperty("projectedSpend").GetDecimal());
    }

    [Fact]
    public void WhatIf_writes_nothing_and_PassThru_returns_the_files_written()
    {
        string target = Path.Combine(_out.Path, "new-folder");

        RunResult whatIf = Run($"Export-ClaudeDashboard -Path {Q(_logs.Path)} -OutputDirectory {Q(target)} {At} -WhatIf -PassThru");
        Assert.Empty(whatIf.Output);
        Assert.False(Directory.Exists(target));

        RunResult r = Run($"Export-ClaudeDashboard -Path {Q(_logs.Path)} -OutputDirectory {Q(target)} {At} -PassThru");
        Assert.Empty(r.Errors);
        Assert.Equal(["claude-usage.json", "claude-usage.html", "claude-usage.md"], r.Output.Select(o => ((FileInfo)o.BaseObject).Name));
        Assert.Equal(3, Directory.GetFiles(target).Length); // no temporary file left behind
    }

    [Fact]
    public void Format_and_name_choose_the_files()
    {
        RunResult r = Run(Export("-Format Markdown -Name status"));

        Assert.Empty(r.Errors);
        Assert.Equal(["status.md"], Directory.GetFiles(_out.Path).Select(Path.GetFileName));
        string markdown = File.ReadAllText(Path.Combine(_out.Path, "status.md"));
        Assert.Contains("**Status: ℹ️ no budget set** — Today $0.30 · This week $0.30 · This month $15.90", markdown);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_a_terminating_error_naming_it()
    {
        string blocker = _out.WriteRaw("a-file", "x");
        string target = Path.Combine(blocker, "dashboards");

        RunResult r = Run($"try {{ Export-ClaudeDashboard -Path {Q(_logs.Path)} -OutputDirectory {Q(target)} {At} }} catch {{ $_ }}");

        var error = (ErrorRecord)Assert.Single(r.Output).BaseObject;
        Assert.StartsWith("OutputDirectoryUnwritable,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.Contains(target, error.Exception.Message);
    }

    [Fact]
    public void Unpriced_models_and_malformed_lines_are_listed_as_warnings()
    {
        _logs.Write("projects/p/t.jsonl",
            ClaudeAssistant("2026-11-23T08:00:00.000Z", "m9", "r9", model: "claude-imaginary-9", input: 5),
            "{\"usage\": broken");

        RunResult r = Run(Export("-Format Json"));

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Path, "claude-usage.json")));
        string[] kinds = json.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("kind").GetString()!).Order().ToArray();
        Assert.Equal(["MalformedLines", "UnpricedModel"], kinds);
        Assert.Equal(1, json.RootElement.GetProperty("periods").GetProperty("today").GetProperty("unpricedRequests").GetInt32());
        Assert.Equal(2, r.Warnings.Count);
    }

    [Fact]
    public void Through_the_ledger_the_dashboard_is_what_reading_the_logs_gives()
    {
        // The default folders go through the ledger's sums per local hour: the totals, days, models, sessions,
        // projects and sources come from them; the Nov 9 spike and its baseline days, and the hour in which each
        // budget's limit was reached, are read one by one.
        using var home = new TempFolder();
        FindClaudeUsageSpikeTests.WriteHourlyJob(home, ".claude/projects");
        string logs = Q(Path.Combine(home.Path, ".claude", "projects"));
        string viaLedger = Path.Combine(home.Path, "ledger-out"), viaLogs = Path.Combine(home.Path, "logs-out");
        string arguments = "-At '2026-11-09T23:59:59Z' -TimeZone UTC -Daily 1 -Weekly 4 -Monthly 5 -Format Json";
        (int exit, string stdout, string stderr) = ModuleTests.RunHost(
            $$"""
            Import-Module {{Q(ManifestPath)}}
            Export-ClaudeDashboard -OutputDirectory {{Q(viaLedger)}} {{arguments}}
            Export-ClaudeDashboard -Path {{logs}} -OutputDirectory {{Q(viaLogs)}} {{arguments}}
            @(Export-ClaudeDashboard -OutputDirectory {{Q(viaLedger)}} {{arguments}} -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'The ledger summed*' }).Count
            """,
            ModuleTests.OwnHome(home.Path));

        Assert.True(exit == 0, stderr);
        Assert.Equal("1", stdout.Trim());
        string fromLedger = File.ReadAllText(Path.Combine(viaLedger, "claude-usage.json"));
        Assert.Equal(ByValue(File.ReadAllText(Path.Combine(viaLogs, "claude-usage.json"))), ByValue(fromLedger));
        using JsonDocument json = JsonDocument.Parse(fromLedger);
        JsonElement spike = Assert.Single(json.RootElement.GetProperty("spikes").EnumerateArray());
        Assert.Equal("+$2.96 over a $0.36 baseline: a new hourly automation in project inbox-triage (+$2.96)", spike.GetProperty("explanation").GetString());
        // Nov 9: 24 runs of $0.1235 and the day's webapp session, $0.364: $3.328; November: 9 × $0.364 + $2.964 = $6.24.
        Dictionary<string, decimal> spent = json.RootElement.GetProperty("budgets").EnumerateArray()
            .ToDictionary(b => b.GetProperty("period").GetString()!, b => b.GetProperty("spent").GetDecimal());
        Assert.Equal(3.328m, spent["Daily"]);
        Assert.Equal(3.328m, spent["Weekly"]); // the week began on Monday, Nov 9
        Assert.Equal(6.24m, spent["Monthly"]);
    }

    /// <summary>The JSON with each number's trailing zeros after the point dropped: 0.3640 and 0.364 are one amount.</summary>
    private static string ByValue(string json) => System.Text.RegularExpressions.Regex.Replace(json, @"(\.\d*?[1-9])0+\b|\.0+\b", "$1");
}
