using System.Reflection;
using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>
/// The module in real pwsh, in processes of their own: the Pester suite in tests/pester, and the gallery package
/// that build.ps1 makes, installed and imported. pwsh is the PowerShell global tool pinned in
/// .config/dotnet-tools.json (restored here when needed), and Pester comes from NuGet (see the project file).
/// </summary>
public class PwshTests
{
    private static string PesterManifest => typeof(PwshTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterManifest").Value!;

    [Fact]
    public void The_pester_suite_passes_in_pwsh()
    {
        Assert.True(File.Exists(PesterManifest), $"Pester is not in the NuGet package cache at {PesterManifest}: run dotnet restore.");
        string results = Path.Combine(RepoRoot, "TestResults", "pester.xml");
        string script = $$"""
            Import-Module -Name {{Q(PesterManifest)}} -ErrorAction Stop
            $c = New-PesterConfiguration
            $c.Run.Path = {{Q(Path.Combine(RepoRoot, "tests", "pester"))}}
            $c.Run.PassThru = $true
            $c.Output.Verbosity = 'Normal'
            $c.Output.RenderMode = 'Plaintext'
            $c.TestResult.Enabled = $true
            $c.TestResult.OutputFormat = 'NUnitXml'
            $c.TestResult.OutputPath = {{Q(results)}}
            $r = Invoke-Pester -Configuration $c
            "PESTER passed=$($r.PassedCount) failed=$($r.FailedCount) skipped=$($r.SkippedCount) notrun=$($r.NotRunCount)"
            exit $r.FailedCount
            """;

        (int code, string output) = Pwsh(script);

        Assert.True(code == 0, $"pwsh exited with {code}:\n{output}");
        // Every test ran: a suite that found nothing to run would pass too.
        string summary = output.Split('\n').Single(l => l.StartsWith("PESTER ", StringComparison.Ordinal)).Trim();
        int passed = int.Parse(summary.Split(' ')[1]["passed=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(passed >= 100 && summary.EndsWith("failed=0 skipped=0 notrun=0", StringComparison.Ordinal), summary);
    }

    [Fact]
    public void The_package_build_ps1_makes_installs_with_PSResourceGet_and_imports_in_pwsh()
    {
        using var work = new TempFolder();
        string packages = Path.Combine(work.Path, "package"), installed = Path.Combine(work.Path, "modules");
        string repository = "ClaudeUsageTest" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(installed);
        string script = $$"""
            $ErrorActionPreference = 'Stop'
            & {{Q(Path.Combine(RepoRoot, "build.ps1"))}} -Task Package -SkipBuild -PackageDirectory {{Q(packages)}} -ProjectUri 'https://example.org/claudeusage' | Out-Null
            Register-PSResourceRepository -Name {{repository}} -Uri {{Q(packages)}} -Trusted
            try { Save-PSResource -Name ClaudeUsage -Repository {{repository}} -Path {{Q(installed)}} -TrustRepository }
            finally { Unregister-PSResourceRepository -Name {{repository}} }
            $env:PSModulePath = {{Q(installed)}}
            Import-Module ClaudeUsage
            $m = Get-Module ClaudeUsage
            "VERSION $($m.Version)"
            "PROJECT $($m.ProjectUri)"
            "CMDLETS $(@($m.ExportedCmdlets.Keys | Sort-Object) -join ',')"
            "TOKENS $((Get-ClaudeUsage -Path {{Q(Path.Combine(RepoRoot, "samples"))}} -GroupBy Total).TotalTokens)"
            "HELP $((Get-Help Get-ClaudeUsage).Synopsis)"
            """;

        (int code, string output) = Pwsh(script);

        Assert.True(code == 0, $"pwsh exited with {code}:\n{output}");
        string Line(string tag) => output.Split('\n').Single(l => l.StartsWith(tag + " ", StringComparison.Ordinal))[(tag.Length + 1)..].Trim();
        Assert.Equal(StagedManifestVersion(), Line("VERSION"));
        Assert.Equal("https://example.org/claudeusage", Line("PROJECT"));
        Assert.Equal(
            "Clear-ClaudeUsageCache,Export-ClaudeDashboard,Find-ClaudeCacheMiss,Find-ClaudeUsageSpike,Get-ClaudeBillingBlock,Get-ClaudeModelPrice,Get-ClaudeSession,Get-ClaudeUsage,Get-ClaudeUsageLedger,Get-ClaudeUsageRecord,Remove-ClaudeUsageLedger,Test-ClaudeBudget,Update-ClaudeUsageLedger",
            Line("CMDLETS"));
        // The samples folder's total, counted by the test's own plain reader of the logs.
        long expected = IndependentCount.ByModel(Path.Combine(RepoRoot, "samples")).Values.Sum(t => t.Input + t.Output + t.Write5m + t.Write1h + t.Read);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Line("TOKENS"));
        Assert.StartsWith("Summarises agent token usage and cost", Line("HELP"), StringComparison.Ordinal);
        // The staged module is left as it was: the address goes into the package's copy only.
        Assert.DoesNotContain("example.org", File.ReadAllText(ManifestPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("50", 0, "spent 5.00 of 50.00 USD (10.0 pct, Ok)")]
    [InlineData("4", 1, "spent 5.00 of 4.00 USD (125.0 pct, Exceeded)")]
    public void The_readme_cron_budget_check_logs_a_line_and_exits_1_when_over(string monthly, int exitCode, string logged)
    {
        // One Claude Opus 4.5 response of 1,000,000 input tokens at $5 per million: $5.00 spent in November.
        using var logs = new TempFolder();
        logs.Write("projects/-home-user-work-demo/s1.jsonl",
            Transcript.ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", model: "claude-opus-4-5-20251101", input: 1_000_000));
        string log = Path.Combine(logs.Path, "claude-budget.log");

        // The command exactly as the README gives it for cron, pointed at the fixture, a fixed time and a scratch log.
        string readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));
        string cron = readme.Split('\n').Single(l => l.StartsWith("0 * * * * /usr/bin/pwsh -NoProfile -Command '", StringComparison.Ordinal));
        string command = cron[(cron.IndexOf("-Command '", StringComparison.Ordinal) + "-Command '".Length)..^1]
            .Replace("Test-ClaudeBudget -Monthly 50", $"Test-ClaudeBudget -Monthly {monthly} -LiteralPath {Q(logs.Path)} -At '2026-11-21 12:00' -TimeZone UTC", StringComparison.Ordinal)
            .Replace("~/claude-budget.log", Q(log), StringComparison.Ordinal);

        (int code, string output) = Pwsh($"Import-Module {Q(ManifestPath)}; {command}");

        Assert.True(code == exitCode, $"exit code {code}, expected {exitCode}:\n{output}");
        string line = Assert.Single(File.ReadAllLines(log));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\S+ Monthly ", line); // the time of the check, then which budget
        Assert.EndsWith(logged, line, StringComparison.Ordinal);
    }

    private static string StagedManifestVersion()
    {
        RunResult r = Run("(Get-Module ClaudeUsage).Version.ToString()");
        return (string)r.Output.Single().BaseObject;
    }

    private static (int ExitCode, string Output) Pwsh(string script) => PwshProcess.Run(script);
}
