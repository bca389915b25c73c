using System.Globalization;
using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public class FindClaudeUsageSpikeTests
{
    private const string Sonnet = "claude-sonnet-4-6";        // $3 per million input tokens
    private const string Opus = "claude-opus-4-5-20251101";   // $5 per million input tokens
    private const string Planted = "99999999-dead-beef-0000-000000000009";

    /// <summary>
    /// UTC. A steady session spends $3 a day on Sonnet (1,000,000 input tokens), $6 on Nov 2 and 6, nothing on
    /// Nov 4. On Nov 9 a planted session spends $25 on Opus (5,000,000 tokens) in the rocket project and a helper
    /// session $3 on Sonnet. Daily totals: 3 6 3 0 3 6 3 3 31 3.
    /// </summary>
    private static TempFolder Fixture()
    {
        var dir = new TempFolder();
        long[] steady = [1, 2, 1, 0, 1, 2, 1, 1, 1, 1];
        var lines = new List<string>();
        for (int day = 1; day <= 10; day++)
        {
            if (steady[day - 1] > 0)
            {
                lines.Add(ClaudeAssistant($"2026-11-{day:00}T10:00:00.000Z", $"msg_s{day}", $"req_s{day}", model: Sonnet, input: steady[day - 1] * 1_000_000, sessionId: "steady"));
            }
        }

        dir.Write("projects/-home-user-work-demo/steady.jsonl", [.. lines]);
        dir.Write("projects/-home-user-work-rocket/planted.jsonl",
            ClaudeAssistant("2026-11-09T14:00:00.000Z", "msg_p", "req_p", model: Opus, input: 5_000_000, sessionId: Planted, cwd: "/home/user/work/rocket"));
        dir.Write("projects/-home-user-work-demo/helper.jsonl",
            ClaudeAssistant("2026-11-09T15:00:00.000Z", "msg_h", "req_h", model: Sonnet, input: 1_000_000, sessionId: "helper"));
        return dir;
    }

    [Fact]
    public void The_planted_spike_is_found_and_attributed_to_the_planted_session_model_and_project()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Find-ClaudeUsageSpike -Path {Q(dir.Path)} -TimeZone UTC -At '2026-11-11T00:00:00'");

        // Nov 9: $31 against the median of Nov 2..8 (6,3,0,3,6,3,3 → 3): 10.33 times, $28 up. No other day is
        // a spike; Nov 1..7 have less than 7 days of history.
        Assert.Empty(r.Errors);
        dynamic spike = Assert.Single(r.Output);
        Assert.Equal("ClaudeUsage.UsageSpike", r.Output[0].TypeNames[0]);
        Assert.Equal("Day", spike.Interval.ToString());
        Assert.Equal(DateTimeOffset.Parse("2026-11-09T00:00:00Z", CultureInfo.InvariantCulture), (DateTimeOffset)spike.Start);
        Assert.Equal("Cost", spike.Metric.ToString());
        Assert.Equal(31m, (decimal)spike.Amount);
        Assert.Equal(3m, (decimal)spike.Baseline);
        Assert.Equal(28m, (decimal)spike.Increase);
        Assert.Equal(10.33m, Math.Round((decimal)spike.Ratio, 2));
        Assert.Equal(7, (int)spike.BaselineIntervals);
        Assert.Equal(31m, (decimal)spike.Cost);
        Assert.Equal(7_000_000L, (long)spike.TotalTokens);
        Assert.Equal(3, (int)spike.Requests);

        // The planted session grew $25 from nothing, the helper $3: 25/28 = 89.29 %, 3/28 = 10.71 %; the steady
        // session spent its usual $3 and is no driver.
        var sessions = ((IEnumerable<object>)spike.Sessions).Cast<dynamic>().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal(Planted, (string)sessions[0].Name);
        Assert.Equal("rocket", (string)sessions[0].Project);
        Assert.Equal(25m, (decimal)sessions[0].Increase);
        Assert.Equal(89.29m, Math.Round((decimal)sessions[0].SharePercent, 2));
        Assert.Equal("helper", (string)sessions[1].Name);

        // Opus: $25 against 0; Sonnet: $6 against its median of $3.
        var models = ((IEnumerable<object>)spike.Models).Cast<dynamic>().ToList();
        Assert.Equal(Opus, (string)models[0].Name);
        Assert.Equal(89.29m, Math.Round((decimal)models[0].SharePercent, 2));
        Assert.Equal(Sonnet, (string)models[1].Name);
        Assert.Equal(3m, (decimal)models[1].Baseline);

        var projects = ((IEnumerable<object>)spike.Projects).Cast<dynamic>().ToList();
        Assert.Equal("rocket", (string)projects[0].Name);
        Assert.Equal("/home/user/work/rocket", (string)projects[0].Project);
    }

    [Fact]
    public void Since_and_until_choose_the_days_judged_and_at_hides_what_came_later()
    {
        using TempFolder dir = Fixture();
        string path = Q(dir.Path);

        RunResult r = Run($"""
            @(Find-ClaudeUsageSpike -Path {path} -TimeZone UTC -At '2026-11-11T00:00:00' -Since 2026-11-10).Count
            @(Find-ClaudeUsageSpike -Path {path} -TimeZone UTC -At '2026-11-11T00:00:00' -Since 2026-11-09 -Until 2026-11-09).Count
            @(Find-ClaudeUsageSpike -Path {path} -TimeZone UTC -At '2026-11-09T14:30:00').Count
            @(Find-ClaudeUsageSpike -Path {path} -TimeZone UTC -At '2026-11-09T13:00:00').Count
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(0, (int)r.Output[0].BaseObject); // Nov 10 is judged against Nov 3..9 and is no spike
        Assert.Equal(1, (int)r.Output[1].BaseObject); // a bare -Until date includes that day
        Assert.Equal(1, (int)r.Output[2].BaseObject); // by 14:30 the planted $25 is in: $28 against $3
        Assert.Equal(0, (int)r.Output[3].BaseObject); // at 13:00 Nov 9 has only the steady $3
    }

    [Fact]
    public void Tokens_and_thresholds_are_parameters()
    {
        using TempFolder dir = Fixture();
        string path = Q(dir.Path);

        RunResult r = Run($"""
            Find-ClaudeUsageSpike -Path {path} -TimeZone UTC -At '2026-11-11T00:00:00' -Metric Tokens
            @(Find-ClaudeUsageSpike -Path {path} -TimeZone UTC -At '2026-11-11T00:00:00' -Factor 11).Count
            @(Find-ClaudeUsageSpike -Path {path} -TimeZone UTC -At '2026-11-11T00:00:00' -MinimumIncrease 30).Count
            """);

        // Tokens on Nov 9: 7,000,000 against a median of 1,000,000 (6M up, over the default 1,000,000 minimum).
        Assert.Empty(r.Errors);
        Assert.Equal(3, r.Output.Count);
        dynamic spike = r.Output[0];
        Assert.Equal("Tokens", spike.Metric.ToString());
        Assert.Equal(7_000_000m, (decimal)spike.Amount);
        Assert.Equal(1_000_000m, (decimal)spike.Baseline);
        Assert.Equal(0, (int)r.Output[1].BaseObject); // 31 is not above 3 × 11 = 33
        Assert.Equal(0, (int)r.Output[2].BaseObject); // 28 up is below a $30 minimum
    }

    [Fact]
    public void A_spike_piped_to_the_reading_cmdlets_drills_down_to_its_own_interval()
    {
        using TempFolder dir = Fixture();
        string spike = $"Find-ClaudeUsageSpike -Path {Q(dir.Path)} -TimeZone UTC -At '2026-11-11T00:00:00'";

        RunResult r = Run($"{spike} | Get-ClaudeSession -Path {Q(dir.Path)} -TimeZone UTC | ForEach-Object SessionId; ({spike} | Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total).Cost");

        // Nov 9 (UTC) alone: the steady session ($3), the planted one ($25) and the helper ($3) = $31.
        Assert.Empty(r.Errors);
        Assert.Equal(["steady", Planted, "helper"], r.Output.Take(3).Select(o => (string)o.BaseObject));
        Assert.Equal(31m, (decimal)r.Output[3].BaseObject);
    }

    [Fact]
    public void Since_and_until_take_the_instant_of_a_date_time_offset()
    {
        using TempFolder dir = Fixture();

        // 2026-11-09T15:30+05:00 is 10:30 UTC: from then to the end of Nov 9 UTC, the planted ($25) and helper ($3) sessions.
        RunResult r = Run($"(Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total -Since ([DateTimeOffset]'2026-11-09T15:30:00+05:00') -Until ([DateTimeOffset]'2026-11-10T00:00:00Z')).Cost");

        Assert.Empty(r.Errors);
        Assert.Equal(28m, (decimal)Assert.Single(r.Output).BaseObject);
    }

    [Theory]
    [InlineData("-Factor 0.5")]
    [InlineData("-BaselineIntervals 0")]
    [InlineData("-BaselineIntervals 2147483647")] // once a request for 2^31 intervals of memory
    [InlineData("-BaselineIntervals 8785")]
    [InlineData("-MinimumIncrease -1")]
    public void Bad_settings_are_terminating_invalid_argument_errors(string arguments)
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"try {{ Find-ClaudeUsageSpike -Path {Q(dir.Path)} {arguments}; 'not reached' }} catch {{ $_ }}");

        var record = (ErrorRecord)Assert.Single(r.Output).BaseObject;
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.StartsWith("InvalidSpikeSettings,", record.FullyQualifiedErrorId);
    }

    [Fact]
    public void The_default_view_names_the_largest_factor_and_each_driver_reads_as_its_name_and_share()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"$s = Find-ClaudeUsageSpike -Path {Q(dir.Path)} -TimeZone UTC -At '2026-11-11T00:00:00'; $s | Out-Default; \"$($s.Sessions[0])\"; \"$($s.Models[0])\"");

        Assert.Contains("LargestFactor", r.HostText);
        Assert.Contains("2026-11-09", r.HostText);
        Assert.Contains("31.00", r.HostText);
        Assert.Contains("10.3x", r.HostText);
        Assert.Contains("NewWork (89%)", r.HostText);
        Assert.Equal([Planted + " (89.3%)", Opus + " (89.3%)"], r.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void The_spike_explains_itself_through_the_module()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Find-ClaudeUsageSpike -Path {Q(dir.Path)} -TimeZone UTC -At '2026-11-11T00:00:00'");

        // New work: project rocket, absent from Nov 2..8, $25. The rest: the steady and helper sessions, 2 requests
        // of 1M input on Sonnet ($3 each) against the baseline's $3. The baseline pool (Nov 2..8) is 6 requests for
        // $24, $4 a request, so the $3 baseline stands for 0.75 requests at 8M / 6 prompt tokens a request.
        // Shapley of A = V × c: V 0.75 → 2, c $4 → $3.
        // Volume = ½[(2 - 0.75) × 4 + (2 - 0.75) × 3] = 4.375; ContextSize = ½[0.75 × (3 - 4) + 2 × (3 - 4)] = -1.375.
        // 25 + 4.375 - 1.375 = 28, the increase.
        Assert.Empty(r.Errors);
        dynamic spike = Assert.Single(r.Output);
        Assert.Equal("NewWork", (string)spike.LargestFactor);
        var factors = ((IEnumerable<object>)spike.Factors).Cast<dynamic>().ToDictionary(f => (string)f.Factor, f => (decimal)f.Increase);
        Assert.Equal(25m, factors["NewWork"]);
        Assert.Equal(4.375m, Math.Round(factors["Volume"], 10));
        Assert.Equal(-1.375m, Math.Round(factors["ContextSize"], 10));
        Assert.Equal(28m, factors.Values.Sum());
        Assert.Equal("+$28.00 over a $3.00 baseline: new project rocket (+$25.00); requests ×2.67 (1 → 2), mostly project demo (+$4.38)", (string)spike.Explanation);
    }

    /// <summary>
    /// UTC. claude-sonnet-5: $2 input, $2.50 cache write (5m), $0.20 cache read, $10 output per million.
    /// Nov 1..9: one webapp session a day at an irregular time, 20 requests of 100 input, 2,000 write, 40,000 read
    /// and 500 output: 200 + 5,000 + 8,000 + 5,000 = 18,200 per million = $0.0182, $0.364 a day.
    /// Nov 9 also: 24 sessions in /srv/inbox-triage, one an hour at :00:05, 5 requests of 100 input, 5,000 write,
    /// 20,000 read, 800 output: 200 + 12,500 + 4,000 + 8,000 = 24,700 per million = $0.0247, $2.964 in all.
    /// </summary>
    internal static void WriteHourlyJob(TempFolder dir, string projects)
    {
        string[] times = ["09:13", "10:47", "08:05", "14:30", "11:11", "16:40", "07:55", "12:20", "13:02"];
        static string At(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        for (int day = 1; day <= 9; day++)
        {
            DateTimeOffset start = DateTimeOffset.Parse($"2026-11-{day:00}T{times[day - 1]}:00Z", CultureInfo.InvariantCulture);
            dir.Write($"{projects}/-home-user-work-webapp/web{day}.jsonl", [.. Enumerable.Range(0, 20).Select(i =>
                ClaudeAssistant(At(start.AddMinutes(i)), $"w{day}-{i}", $"rw{day}-{i}", model: "claude-sonnet-5", input: 100, output: 500, cacheWrite5m: 2_000, cacheRead: 40_000, sessionId: $"web{day}", cwd: "/home/user/work/webapp"))]);
        }

        for (int hour = 0; hour < 24; hour++)
        {
            DateTimeOffset start = DateTimeOffset.Parse($"2026-11-09T{hour:00}:00:05Z", CultureInfo.InvariantCulture);
            dir.Write($"{projects}/-srv-inbox-triage/run{hour}.jsonl", [.. Enumerable.Range(0, 5).Select(i =>
                ClaudeAssistant(At(start.AddSeconds(30 * i)), $"t{hour}-{i}", $"rt{hour}-{i}", model: "claude-sonnet-5", input: 100, output: 800, cacheWrite5m: 5_000, cacheRead: 20_000, sessionId: $"run{hour}", cwd: "/srv/inbox-triage"))]);
        }
    }

    [Fact]
    public void A_new_hourly_job_read_from_its_transcripts_is_named_in_the_explanation()
    {
        using var dir = new TempFolder();
        WriteHourlyJob(dir, "projects");

        RunResult r = Run($"Find-ClaudeUsageSpike -Path {Q(dir.Path)} -TimeZone UTC -At '2026-11-10T00:00:00'");

        Assert.Empty(r.Errors);
        dynamic spike = Assert.Single(r.Output);
        Assert.Equal(2.964m, (decimal)spike.Increase);
        Assert.Equal("+$2.96 over a $0.36 baseline: a new hourly automation in project inbox-triage (+$2.96)", (string)spike.Explanation);
        dynamic top = ((IEnumerable<object>)spike.Sessions).Cast<dynamic>().First();
        Assert.Equal(("Automation", "inbox-triage (hourly)"), ((string)top.Kind, (string)top.Name));
    }

    [Fact]
    public void Through_the_ledger_each_spike_is_what_reading_the_logs_gives()
    {
        // The default folders go through the ledger: its sums per day (per hour with -Interval Hour) say which
        // intervals are spikes, and the responses of each spike and of its baseline days are read one by one.
        using var home = new TempFolder();
        WriteHourlyJob(home, ".claude/projects");
        string logs = Q(Path.Combine(home.Path, ".claude", "projects"));
        (int exit, string stdout, string stderr) = ModuleTests.RunHost(
            $$"""
            Import-Module {{Q(ManifestPath)}}
            {{ModuleTests.ShowFunction}}
            $days = @{ Interval = 'Day'; At = '2026-11-10T00:00:00Z' }
            $hours = @{ Interval = 'Hour'; BaselineIntervals = 3; MinimumIncrease = 0.01; At = '2026-11-10T00:00:00Z' }
            $during = @{ Interval = 'Day'; At = '2026-11-09T18:30:00Z' } # the spike's day holds later responses: left out
            foreach ($how in @($days, $hours, $during)) {
                $ledger = @(Find-ClaudeUsageSpike -TimeZone UTC -Since '2026-11-03' @how | ForEach-Object { Show $_ })
                $fromLogs = @(Find-ClaudeUsageSpike -Path {{logs}} -TimeZone UTC -Since '2026-11-03' @how | ForEach-Object { Show $_ })
                if (($ledger -join "`n") -ceq ($fromLogs -join "`n")) { "same $($ledger.Count)" } else { $ledger; '----'; $fromLogs }
            }
            (Find-ClaudeUsageSpike -TimeZone UTC -At '2026-11-10T00:00:00Z').Explanation
            (Find-ClaudeUsageSpike -TimeZone UTC -At '2026-11-09T18:30:00Z').Increase.ToString([cultureinfo]::InvariantCulture)
            @(Find-ClaudeUsageSpike -TimeZone UTC -At '2026-11-10T00:00:00Z' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'The ledger summed*' }).Count
            """,
            ModuleTests.OwnHome(home.Path));

        Assert.True(exit == 0, stderr);
        string[] lines = stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 6, stdout);
        Assert.Equal("same 1", lines[0]);
        Assert.StartsWith("same ", lines[1], StringComparison.Ordinal);
        Assert.True(int.Parse(lines[1]["same ".Length..], CultureInfo.InvariantCulture) >= 2, lines[1]);
        Assert.Equal("same 1", lines[2]);
        // As of 18:30 on Nov 9: 19 runs of the job (00:00 to 18:00), 19 × $0.1235 = $2.3465, above a $0.364 day's
        // baseline, the webapp session of that day being in both.
        Assert.Equal(["+$2.96 over a $0.36 baseline: a new hourly automation in project inbox-triage (+$2.96)", "2.3465", "1"], lines[3..]);
    }
}
