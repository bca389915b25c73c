using System.Globalization;
using System.Text;
using System.Xml.Linq;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Every default table view of the module, rendered by real pwsh with its output redirected: the 80 columns of
/// macOS Terminal's default window, and the width pwsh renders at when its output is not a terminal. The data has
/// the long names real logs have (dated model ids, a Bedrock model id, long project names, session UUIDs) and the
/// figures of a heavy day (billions of tokens, thousands of dollars), so a view that is too wide drops or wraps
/// columns here as it would on a user's screen.
/// </summary>
public class DefaultViewTests
{
    /// <summary>Columns whose values may be cut with '…' to fit: names. Every figure must show whole.</summary>
    private static readonly HashSet<string> Truncatable = new(StringComparer.Ordinal)
    {
        "Group", "SessionId", "Project", "Model", "Agent", "Provider", "Models", "TopProject",
    };

    /// <summary>The token kinds a Tokens view shows, as its column labels.</summary>
    private static readonly string[] TokenColumns = ["Input", "Output", "CacheWrite", "CacheRead", "TotalTokens", "Cost"];

    /// <summary>The figures a Cache view shows, as its column labels.</summary>
    private static readonly string[] CacheColumns = ["HitRate", "WriteCost", "Savings", "Cost"];

    private static readonly Lazy<Rendering> Rendered = new(Render);

    [Fact]
    public void Every_default_table_view_fits_80_columns_with_whole_costs_and_token_totals()
    {
        Rendering rendering = Rendered.Value;
        Assert.True(rendering.Width == 80, $"pwsh rendered at {rendering.Width} columns, not 80:\n{rendering.Raw}");
        var problems = new List<string>();
        foreach (View view in rendering.Views)
        {
            problems.AddRange(DefaultViewProblems(view));
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public void Every_usage_type_has_a_Tokens_view_with_each_token_kind()
    {
        var problems = new List<string>();
        foreach (View view in Rendered.Value.Views.Where(v => v.IsUsageTotals))
        {
            if (view.Tokens is null)
            {
                problems.Add($"{view.TypeName}: no table view named Tokens (Format-Table -View Tokens).");
                continue;
            }

            string[] lines = Lines(view.Tokens);
            string[] header = lines.Length > 0 ? lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            string[] missing = TokenColumns.Where(c => !header.Contains(c)).ToArray();
            if (missing.Length > 0)
            {
                problems.Add($"{view.TypeName}: the Tokens view lacks {string.Join(", ", missing)}:\n{view.Tokens}");
            }

            // It has the default view's leading columns, the keys that say what each row is, in their order.
            string[] keys = view.Columns.Select(c => c.Label).TakeWhile(l => l != "Requests" && !TokenColumns.Contains(l)).ToArray();
            if (!header.Where(keys.Contains).SequenceEqual(keys))
            {
                problems.Add($"{view.TypeName}: the Tokens view lacks the default view's keys ({string.Join(", ", keys)}):\n{view.Tokens}");
            }

            if (lines.Length - 2 != view.Objects.Count)
            {
                problems.Add($"{view.TypeName}: the Tokens view shows {lines.Length - 2} row(s) for {view.Objects.Count} object(s):\n{view.Tokens}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public void Every_summary_and_session_has_a_Cache_view_that_fits_80_columns_with_whole_figures()
    {
        var problems = new List<string>();
        foreach (View view in Rendered.Value.Views.Where(v => v.TypeName.StartsWith("ClaudeUsage.UsageSummary", StringComparison.Ordinal) || v.TypeName == "ClaudeUsage.UsageSession"))
        {
            if (view.Cache is not { } cache)
            {
                problems.Add($"{view.TypeName}: no table view named Cache (Format-Table -View Cache).");
                continue;
            }

            string[] missing = CacheColumns.Where(c => !cache.Columns.Any(k => k.Label == c)).ToArray();
            if (missing.Length > 0)
            {
                problems.Add($"{view.TypeName}: the Cache view lacks {string.Join(", ", missing)}:\n{cache.Text}");
            }

            problems.AddRange(TableProblems($"{view.TypeName} (Format-Table -View Cache)", cache.Columns, cache.Text, view.Objects));
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public void Format_List_shows_every_property_with_each_token_kind()
    {
        var problems = new List<string>();
        foreach (View view in Rendered.Value.Views)
        {
            string[] listed = Lines(view.List).Where(l => l.Contains(" : ", StringComparison.Ordinal) || l.EndsWith(" :", StringComparison.Ordinal))
                .Select(l => l[..l.IndexOf(" :", StringComparison.Ordinal)].Trim()).ToArray();
            string[] missing = view.Properties.Where(p => !listed.Contains(p)).ToArray();
            if (missing.Length > 0)
            {
                problems.Add($"{view.TypeName}: Format-List leaves out {string.Join(", ", missing)}:\n{view.List}");
            }

            if (view.IsUsageTotals && !new[] { "InputTokens", "OutputTokens", "CacheWrite5mTokens", "CacheWrite1hTokens", "CacheReadTokens", "TotalTokens", "Cost" }.All(listed.Contains))
            {
                problems.Add($"{view.TypeName}: Format-List does not show every token kind:\n{view.List}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    private static IEnumerable<string> DefaultViewProblems(View view)
    {
        string where = $"{view.TypeName} ({view.Command})";
        if (view.IsUsageTotals && !(view.Columns.Any(c => c.Label == "Cost") && view.Columns.Any(c => c.Label == "TotalTokens")))
        {
            yield return $"{where}: a usage view shows TotalTokens and Cost.";
        }

        foreach (string problem in TableProblems(where, view.Columns, view.Text, view.Objects))
        {
            yield return problem;
        }
    }

    /// <summary>What is wrong with a table as rendered at 80 columns: too wide, a column dropped or wrapped, a figure cut or wrong.</summary>
    private static IEnumerable<string> TableProblems(string where, List<Column> columns, string text, List<(decimal? Cost, long TotalTokens, bool IsGap)> objects)
    {
        if (columns.Any(c => c.Width is null))
        {
            yield return $"{where}: give every column a width, so the table is the same in every window.";
        }

        int declared = columns.Sum(c => c.Width ?? 0) + columns.Count - 1;
        if (declared > 79)
        {
            yield return $"{where}: the columns are {declared} characters wide; pwsh renders tables in 79 of 80 columns.";
        }

        string[] lines = Lines(text);
        foreach (string line in lines.Where(l => l.Length > 80))
        {
            yield return $"{where}: a line of {line.Length} characters:\n{line}";
        }

        if (lines.Length < 2)
        {
            yield return $"{where}: no table was rendered:\n{text}";
            yield break;
        }

        string[] header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] labels = columns.Select(c => c.Label).ToArray();
        if (!header.SequenceEqual(labels))
        {
            yield return $"{where}: the header shows [{string.Join(" ", header)}], not the view's columns [{string.Join(" ", labels)}] (a column dropped, cut or wrapped):\n{text}";
            yield break;
        }

        string[] rows = lines[2..];
        if (rows.Length != objects.Count)
        {
            yield return $"{where}: {rows.Length} row line(s) for {objects.Count} object(s): a row wrapped or was left out:\n{text}";
            yield break;
        }

        for (int i = 0; i < rows.Length; i++)
        {
            (decimal? cost, long totalTokens, bool isGap) = objects[i];
            int start = 0;
            foreach (Column column in columns)
            {
                int width = column.Width ?? 0;
                string cell = start >= rows[i].Length ? string.Empty : rows[i][start..Math.Min(rows[i].Length, start + width)].Trim();
                start += width + 1;
                if (cell.Contains('…', StringComparison.Ordinal) && !Truncatable.Contains(column.Label))
                {
                    yield return $"{where}: the {column.Label} value '{cell}' is cut:\n{text}";
                }
                else if (column.Label == "Cost" && !IsCost(cell, cost, isGap))
                {
                    yield return $"{where}: row {i + 1} shows Cost '{cell}' for {(cost is null ? "no cost" : cost.Value.ToString(CultureInfo.InvariantCulture))}:\n{text}";
                }
                else if (column.Label == "TotalTokens" && cell.Replace(",", string.Empty, StringComparison.Ordinal) != totalTokens.ToString(CultureInfo.InvariantCulture))
                {
                    yield return $"{where}: row {i + 1} shows TotalTokens '{cell}' for {totalTokens:N0}:\n{text}";
                }
            }
        }
    }

    /// <summary>A cost cell shows the whole amount to the decimals it has, n/a for no cost, and nothing for a gap.</summary>
    private static bool IsCost(string cell, decimal? cost, bool isGap)
    {
        if (isGap || cost is null)
        {
            return cell == (isGap ? string.Empty : "n/a");
        }

        if (!decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal shown))
        {
            return false;
        }

        int decimals = cell.Contains('.', StringComparison.Ordinal) ? cell.Length - cell.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        return decimals >= 2 && Math.Abs(shown - cost.Value) <= 0.5m * (decimal)Math.Pow(10, -decimals);
    }

    /// <summary>The non-blank lines of a rendering, without trailing spaces.</summary>
    private static string[] Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();

    /// <summary>
    /// The command that emits objects of each type name a default view is selected by. A view for a type this does
    /// not know fails the test until it is added here.
    /// </summary>
    private static string CommandFor(string typeName, string path)
    {
        string common = $"-Path {Q(path)} -TimeZone UTC";
        const string Summary = "ClaudeUsage.UsageSummary";
        return typeName switch
        {
            Summary => $"Get-ClaudeUsage {common} -GroupBy Day,Model,Project", // a grouping with no view of its own
            _ when typeName.StartsWith(Summary + "#", StringComparison.Ordinal) => $"Get-ClaudeUsage {common} -GroupBy {typeName[(Summary.Length + 1)..].Replace('-', ',')}",
            "ClaudeUsage.UsageSession" => $"Get-ClaudeSession {common}",
            "ClaudeUsage.UsageRecord" => $"Get-ClaudeUsageRecord {common} | Where-Object {{ $_.Model -notlike 'claude-opus-4-1*' -or $_.Timestamp.Minute -eq 0 }}",
            "ClaudeUsage.BudgetStatus" => $"Test-ClaudeBudget {common} -At '2026-11-21 10:00' -Detailed -Daily 100 -Weekly 20000 -Monthly 50000 -DailyTokens 100000000 -WeeklyTokens 3000000000 -MonthlyTokens 5000000000",
            "ClaudeUsage.UsageSpike" => $"@(Find-ClaudeUsageSpike {common} -At '2026-11-22' -BaselineIntervals 1 -Factor 1.2 -MinimumIncrease 0) + @(Find-ClaudeUsageSpike {common} -At '2026-11-22' -Interval Hour -Metric Tokens -BaselineIntervals 24 -MinimumIncrease 1000000)",
            "ClaudeUsage.SpikeFactor" => $"Find-ClaudeUsageSpike {common} -At '2026-11-22' -BaselineIntervals 1 -Factor 1.2 -MinimumIncrease 0 | ForEach-Object Factors",
            "ClaudeUsage.BillingBlock" => $"Get-ClaudeBillingBlock {common} -At '2026-11-21 10:00' -TokenLimit Max -IncludeGaps",
            "ClaudeUsage.ModelPrice" => "Get-ClaudeModelPrice -All",
            "ClaudeUsage.CacheMiss" => $"Find-ClaudeCacheMiss {common} -At '2026-11-22'",
            "ClaudeUsage.CacheMissSummary" => $"@(Find-ClaudeCacheMiss {common} -At '2026-11-22' -Summary) + @(Find-ClaudeCacheMiss {common} -At '2026-11-22' -GroupBy Session) + @(Find-ClaudeCacheMiss {common} -At '2026-11-22' -GroupBy Model)",
            _ => throw new InvalidOperationException($"The format file has a view for {typeName}, which this test does not know how to emit: add it to {nameof(CommandFor)}."),
        };
    }

    private static Rendering Render()
    {
        XDocument format = XDocument.Load(Path.Combine(ModuleFolder, "ClaudeUsage.format.ps1xml"));
        var views = format.Descendants("View").Select(v => (
            Name: (string)v.Element("Name")!,
            TypeName: (string)v.Element("ViewSelectedBy")!.Element("TypeName")!,
            Table: v.Element("TableControl"))).ToList();

        // The default view of a type is the first one defined for it; Tokens views are chosen by name.
        var defaults = views.GroupBy(v => v.TypeName).Select(g => g.First()).Where(v => v.Table is not null).ToList();
        var tokens = views.Where(v => v.Name == "Tokens" && v.Table is not null).Select(v => v.TypeName).ToHashSet(StringComparer.Ordinal);
        var caches = views.Where(v => v.Name == "Cache" && v.Table is not null).ToDictionary(v => v.TypeName, v => Columns(v.Table!), StringComparer.Ordinal);

        using TempFolder logs = HeavyLogs();
        var script = new StringBuilder();
        script.AppendLine("$ErrorActionPreference = 'Stop'");
        script.AppendLine("$PSStyle.OutputRendering = 'PlainText'");
        script.AppendLine("[cultureinfo]::CurrentCulture = [cultureinfo]::InvariantCulture");
        script.AppendLine($"Import-Module {Q(ManifestPath)}");
        script.AppendLine("\"@@@ WIDTH $($Host.UI.RawUI.BufferSize.Width)\"");
        foreach (var view in defaults)
        {
            string command = CommandFor(view.TypeName, logs.Path);
            script.AppendLine($"$o = @({command})");
            script.AppendLine($"\"@@@ VIEW {view.TypeName}\"");
            script.AppendLine("$o | Out-Default");
            script.AppendLine("\"@@@ VALUES\"");
            script.AppendLine("foreach ($x in $o) { '{0}|{1}|{2}' -f $(if ($null -eq $x.Cost) { 'null' } else { ([decimal]$x.Cost).ToString([cultureinfo]::InvariantCulture) }), [long]$x.TotalTokens, [bool]$x.IsGap }");
            script.AppendLine("\"@@@ PROPERTIES $($o[0].PSObject.Properties.Name -join ',')\"");
            script.AppendLine("\"@@@ LIST\"");
            script.AppendLine("$o[0] | Format-List | Out-String -Width 400");
            if (tokens.Contains(view.TypeName))
            {
                script.AppendLine("\"@@@ TOKENS\"");
                script.AppendLine("$o | Format-Table -View Tokens | Out-String -Width 400");
            }

            if (CacheViewFor(view.TypeName, caches) is not null)
            {
                script.AppendLine("\"@@@ CACHE\"");
                script.AppendLine("$o | Format-Table -View Cache | Out-Default");
            }

            script.AppendLine("\"@@@ END\"");
        }

        (int code, string output) = PwshProcess.Run(script.ToString());
        Assert.True(code == 0, $"pwsh exited with {code}:\n{output}");
        return Parse(output, defaults.ToDictionary(v => v.TypeName, v => (CommandFor(v.TypeName, logs.Path), Columns(v.Table!), CacheViewFor(v.TypeName, caches))));
    }

    /// <summary>The columns of the Cache view a type's objects get: its own, or its base type's (a summary's grouping suffix dropped).</summary>
    private static List<Column>? CacheViewFor(string typeName, Dictionary<string, List<Column>> caches) =>
        caches.GetValueOrDefault(typeName) ?? caches.GetValueOrDefault(typeName.Split('#')[0]);

    private static List<Column> Columns(XElement table) =>
        table.Element("TableHeaders")!.Elements("TableColumnHeader")
            .Select(h => new Column((string)h.Element("Label")!, (int?)h.Element("Width")))
            .ToList();

    private static Rendering Parse(string output, Dictionary<string, (string Command, List<Column> Columns, List<Column>? CacheColumns)> defaults)
    {
        string[] lines = output.ReplaceLineEndings("\n").Split('\n');
        int width = int.Parse(lines.Single(l => l.StartsWith("@@@ WIDTH ", StringComparison.Ordinal))["@@@ WIDTH ".Length..], CultureInfo.InvariantCulture);
        var views = new List<View>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("@@@ VIEW ", StringComparison.Ordinal))
            {
                continue;
            }

            string typeName = lines[i]["@@@ VIEW ".Length..];
            var sections = new Dictionary<string, StringBuilder> { ["VIEW"] = new() };
            string section = "VIEW";
            string[] properties = [];
            for (i++; lines[i] != "@@@ END"; i++)
            {
                if (lines[i].StartsWith("@@@ PROPERTIES ", StringComparison.Ordinal))
                {
                    properties = lines[i]["@@@ PROPERTIES ".Length..].Split(',');
                }
                else if (lines[i].StartsWith("@@@ ", StringComparison.Ordinal))
                {
                    section = lines[i][4..];
                    sections[section] = new StringBuilder();
                }
                else
                {
                    sections[section].AppendLine(lines[i]);
                }
            }

            var objects = Lines(sections["VALUES"].ToString()).Select(l => l.Split('|')).Select(p => (
                Cost: p[0] == "null" ? (decimal?)null : decimal.Parse(p[0], CultureInfo.InvariantCulture),
                TotalTokens: long.Parse(p[1], CultureInfo.InvariantCulture),
                IsGap: bool.Parse(p[2]))).ToList();
            (string command, List<Column> columns, List<Column>? cacheColumns) = defaults[typeName];
            Table? cache = cacheColumns is null ? null : new Table(cacheColumns, sections["CACHE"].ToString());
            views.Add(new View(typeName, command, columns, sections["VIEW"].ToString(), objects, properties, sections["LIST"].ToString(), sections.GetValueOrDefault("TOKENS")?.ToString(), cache));
        }

        Assert.Equal(defaults.Keys.Order(), views.Select(v => v.TypeName).Order());
        return new Rendering(width, views, output);
    }

    /// <summary>
    /// Five days of logs from three agents. One Claude Opus 4.1 session works all day on 19 November: 2,500
    /// responses of 982,000 tokens each (2.5 billion tokens, about $12,800), the heaviest row any view shows. Another
    /// misses its cache four times, each miss re-writing some 900,000 tokens.
    /// </summary>
    private static TempFolder HeavyLogs()
    {
        var dir = new TempFolder();
        const string Payments = "/home/alex/work/payments-reconciliation-service";
        const string Audit = "/home/alex/work/mobile-app-accessibility-audit";

        var light = new List<string>();
        for (int day = 17; day <= 21; day++)
        {
            for (int n = 0; n < 6; n++)
            {
                light.Add(ClaudeAssistant($"2026-11-{day}T08:{n * 9:00}:00.000Z", $"msg_light_{day}_{n}", $"req_light_{day}_{n}",
                    input: 12 + n, output: 2_100 + n * 310, cacheWrite5m: 9_800, cacheRead: 148_000 + n * 1_000,
                    sessionId: "3f2a9c1e-7b4d-4e8a-9f21-0c6d5e4b3a21", cwd: Payments));
            }
        }

        dir.Write(".claude/projects/-home-alex-work-payments-reconciliation-service/3f2a9c1e-7b4d-4e8a-9f21-0c6d5e4b3a21.jsonl", [.. light]);

        var heavy = new List<string>();
        for (int n = 0; n < 2_500; n++)
        {
            DateTimeOffset at = new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero).AddSeconds(n * 14);
            heavy.Add(ClaudeAssistant(at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), $"msg_heavy_{n}", $"req_heavy_{n}",
                model: "claude-opus-4-1-20250805", input: 2_000, output: 30_000, cacheWrite1h: 50_000, cacheRead: 900_000,
                sessionId: "9d4c2b7e-3f1a-4e6b-8c5d-2a7f0e9b1c3d", cwd: Payments));
        }

        dir.Write(".claude/projects/-home-alex-work-payments-reconciliation-service/9d4c2b7e-3f1a-4e6b-8c5d-2a7f0e9b1c3d.jsonl", [.. heavy]);

        dir.Write(".claude/projects/-home-alex-work-mobile-app-accessibility-audit/c7e9a1b3-5d2f-4e6a-8c0b-9d1e2f3a4b5c.jsonl",
            [.. Enumerable.Range(0, 8).Select(n => ClaudeAssistant($"2026-11-20T12:{n * 7:00}:00.000Z", $"msg_audit_{n}", $"req_audit_{n}",
                model: n < 6 ? "claude-haiku-4-5-20251001" : "claude-opus-4-6", input: 40, output: 1_800, cacheWrite5m: 4_000, cacheRead: 61_000,
                sessionId: "c7e9a1b3-5d2f-4e6a-8c0b-9d1e2f3a4b5c", cwd: Audit, speed: n < 6 ? null : "fast"))]);

        const string Bedrock = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        const string OpenClawSession = "5b8e2f14-9c3d-4a7e-b1f6-0d2c8a4e6f91";
        dir.Write($".openclaw/agents/release-notes-writer/sessions/{OpenClawSession}.jsonl",
            [PiSession(OpenClawSession, "2026-11-20T15:00:00.000Z", cwd: "/home/alex/ops/release-notes"),
             PiModelChange("2026-11-20T15:00:00.010Z", "amazon-bedrock", Bedrock),
             .. Enumerable.Range(0, 5).Select(n => PiAssistant($"2026-11-20T15:{n * 5:00}:10.000Z", MixedLogs.Ms($"2026-11-20T15:{n * 5:00}:09.000Z"),
                 model: Bedrock, provider: "amazon-bedrock", input: 900, output: 2_400, cacheRead: 40_000, cacheWrite: 3_000, costTotal: 0.0612m,
                 responseId: $"msg_01OCBR{n}", entryId: $"e{n}e{n}e{n}e{n}"))]);

        const string PiSessionId = "019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90";
        dir.Write($".pi/agent/sessions/--home-alex-work-data-pipeline-orchestrator--/2026-11-21T08-00-00-000Z_{PiSessionId}.jsonl",
            [PiSession(PiSessionId, "2026-11-21T08:00:00.000Z", cwd: "/home/alex/work/data-pipeline-orchestrator"),
             PiModelChange("2026-11-21T08:00:00.010Z", "github-copilot", "claude-sonnet-4.5"),
             .. Enumerable.Range(0, 6).Select(n => PiAssistant($"2026-11-21T{8 + n / 4:00}:{n % 4 * 15:00}:30.000Z", MixedLogs.Ms($"2026-11-21T{8 + n / 4:00}:{n % 4 * 15:00}:29.000Z"),
                 model: "claude-sonnet-4.5", provider: "github-copilot", input: 60, output: 1_500, cacheRead: 52_000, cacheWrite: 2_500,
                 responseId: $"msg_01PIGH{n}", entryId: $"f{n}f{n}f{n}f{n}"))]);

        // A session whose 900,000-token prefix the cache loses: after 7 minutes and 2 hours idle (Opus 4.1, about
        // $15 a miss), to a Bedrock Sonnet 4.5 and back two days later.
        const string Misses = "6e1f3a5b-8c2d-4b7e-9a0f-1d3c5e7a9b2d";
        (string At, string Model, long Write)[] turns =
        [
            ("2026-11-18T10:00:00.000Z", "claude-opus-4-1-20250805", 900_000),
            ("2026-11-18T10:07:00.000Z", "claude-opus-4-1-20250805", 905_000),
            ("2026-11-18T12:30:00.000Z", "claude-opus-4-1-20250805", 910_000),
            ("2026-11-18T12:31:00.000Z", Bedrock, 915_000),
            ("2026-11-20T12:31:00.000Z", "claude-opus-4-1-20250805", 920_000),
        ];
        dir.Write($".claude/projects/-home-alex-work-payments-reconciliation-service/{Misses}.jsonl",
            [.. turns.Select((t, n) => ClaudeAssistant(t.At, $"msg_miss_{n}", $"req_miss_{n}", model: t.Model, input: 2_000, output: 30_000, cacheWrite5m: t.Write, sessionId: Misses, cwd: Payments))]);
        return dir;
    }

    private sealed record Column(string Label, int? Width);

    private sealed record View(
        string TypeName,
        string Command,
        List<Column> Columns,
        string Text,
        List<(decimal? Cost, long TotalTokens, bool IsGap)> Objects,
        string[] Properties,
        string List,
        string? Tokens,
        Table? Cache)
    {
        /// <summary>Token counts by kind and their cost: summaries, sessions, records and billing windows.</summary>
        public bool IsUsageTotals => TypeName.StartsWith("ClaudeUsage.UsageSummary", StringComparison.Ordinal)
            || TypeName is "ClaudeUsage.UsageSession" or "ClaudeUsage.UsageRecord" or "ClaudeUsage.BillingBlock";
    }

    /// <summary>A named view's columns and its rendering.</summary>
    private sealed record Table(List<Column> Columns, string Text);

    private sealed record Rendering(int Width, List<View> Views, string Raw);
}
