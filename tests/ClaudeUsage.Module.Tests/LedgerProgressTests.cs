using System.Management.Automation;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>What Update-ClaudeUsageLedger shows with Write-Progress: the reading, then the writing and summing after it.</summary>
public class LedgerProgressTests
{
    [Fact]
    public void An_ingest_shows_its_reading_then_its_writing_and_summing_and_ends_its_progress()
    {
        using var logs = new TempFolder();
        using var data = new TempFolder();
        logs.Write("projects/-home-user-work-demo/s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));
        string ledger = Path.Combine(data.Path, "ledger.db");

        RunResult run = ModuleRunner.Run($"Update-ClaudeUsageLedger -Path {ModuleRunner.Q(logs.Path)} -LedgerPath {ModuleRunner.Q(ledger)}");

        Assert.Empty(run.Errors);
        Assert.Contains(run.Progress, p => p.Activity == "Reading agent logs" && p.RecordType == ProgressRecordType.Completed);
        List<ProgressRecord> after = [.. run.Progress.SkipWhile(p => p.Activity == "Reading agent logs")];
        Assert.Equal(
            [("Writing the last responses read", ProgressRecordType.Processing), ("Summing the responses per quarter hour", ProgressRecordType.Processing), ("Summing the responses per quarter hour", ProgressRecordType.Completed)],
            after.Select(p => (p.StatusDescription, p.RecordType)).ToList());
        Assert.All(after, p => Assert.Equal("Updating the usage ledger", p.Activity));
    }
}
