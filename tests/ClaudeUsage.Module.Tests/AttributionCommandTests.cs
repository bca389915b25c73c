using static ClaudeUsage.Tests.AttributedLogs;
using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>
/// -GroupBy Subagent and McpServer, and the -Skill, -Plugin, -Subagent and -McpServer filters with their
/// completion and pipeline binding, on <see cref="AttributedLogs.Write"/> (Sonnet 4.5, $3 in and $15 out per
/// million): msg_main 1,000 + 100 and msg_b1 (subagent b2) 4,000 + 400 call no server; msg_M 10,000 + 300 calls
/// github and my_server; msg_G 20,000 + 1,000 and msg_e1 (the Explore subagent) 100,000 + 2,000 call github.
/// </summary>
public class AttributionCommandTests
{
    private static decimal TotalCost(string script)
    {
        RunResult r = Run(script);
        Assert.Empty(r.Errors);
        return (decimal)Assert.Single(r.Output).Properties["Cost"].Value;
    }

    [Fact]
    public void Get_ClaudeUsage_groups_by_subagent_and_mcp_server_in_their_own_table_views()
    {
        using TempFolder dir = Write();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Subagent; Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy McpServer | Out-Default");

        Assert.Empty(r.Errors);
        Assert.Equal([("(none)", SonnetCost(31_000, 1_400)), ("agent b2", SonnetCost(4_000, 400)), ("Explore", SonnetCost(100_000, 2_000))],
            r.Output.Select(o => ((string)o.Properties["Subagent"].Value, (decimal)o.Properties["Cost"].Value)));
        string table = System.Text.RegularExpressions.Regex.Replace(r.HostText, "\u001b\\[[0-9;]*m", string.Empty);
        Assert.Matches(@"McpServer\s+Requests\s+TotalTokens\s+Cost", table);
        Assert.Matches(@"github, my_server\s+1\s+10,300\s+0\.03", table); // $0.0345
        Assert.Matches(@"github\s+2\s+123,000\s+0\.41", table); // $0.405
    }

    [Theory]
    [InlineData("-McpServer github", 130_000, 3_300)]
    [InlineData("-McpServer 'my*'", 10_000, 300)]
    [InlineData("-McpServer 'github, my_server'", 10_000, 300)]
    [InlineData("-McpServer '(none)'", 5_000, 500)]
    [InlineData("-McpServer *", 130_000, 3_300)]
    [InlineData("-McpServer '(NONE)', linear", 5_000, 500)]
    [InlineData("-Subagent Explore, 'agent *'", 104_000, 2_400)]
    [InlineData("-Subagent '(none)'", 31_000, 1_400)]
    [InlineData("-Subagent '(none)' -McpServer github", 30_000, 1_300)]
    [InlineData("-Skill '(none)' -Plugin '(none)'", 135_000, 3_800)]
    public void Filters_match_names_with_wildcards_and_none_for_the_responses_without_one(string filter, long input, long output)
    {
        using TempFolder dir = Write();

        Assert.Equal(SonnetCost(input, output), TotalCost($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total {filter}"));
    }

    [Fact]
    public void A_filter_no_response_matches_gives_no_row()
    {
        using TempFolder dir = Write();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total -Skill pdf; Get-ClaudeUsageRecord -Path {Q(dir.Path)} -Plugin *");

        Assert.Empty(r.Errors);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Rows_grouped_by_a_cause_pipe_into_the_reading_cmdlets_and_rows_without_one_add_no_filter()
    {
        using TempFolder dir = Write();
        string path = Q(dir.Path);

        RunResult records = Run($"Get-ClaudeUsage -Path {path} -GroupBy McpServer | Where-Object McpServer -EQ 'github' | Get-ClaudeUsageRecord -Path {path} | ForEach-Object MessageId");
        Assert.Empty(records.Errors);
        // The github row holds msg_G and msg_e1; -McpServer github also keeps msg_M, which called github and my_server.
        Assert.Equal(["msg_M", "msg_G", "msg_e1"], records.Output.Select(o => (string)o.BaseObject));

        Assert.Equal(SonnetCost(31_000, 1_400), TotalCost($"Get-ClaudeUsage -Path {path} -GroupBy Subagent | Where-Object Subagent -EQ '(none)' | Get-ClaudeUsage -Path {path} -GroupBy Total"));
        Assert.Equal(SonnetCost(100_000, 2_000), TotalCost($"Get-ClaudeUsageRecord -Path {path} -Subagent Explore | Get-ClaudeUsage -Path {path} -GroupBy Total"));
        Assert.Equal(SonnetCost(135_000, 3_800), TotalCost($"Get-ClaudeUsage -Path {path} -GroupBy Day | Get-ClaudeUsage -Path {path} -GroupBy Total"));
    }

    [Theory]
    [InlineData("-McpServer ", new[] { "github", "my_server", "'(none)'" })]
    [InlineData("-McpServer m", new[] { "my_server" })]
    [InlineData("-Subagent ", new[] { "'agent b2'", "Explore", "'(none)'" })]
    [InlineData("-Skill ", new[] { "'(none)'" })]
    public void Completion_offers_the_names_in_the_logs_and_none(string typed, string[] expected)
    {
        using TempFolder dir = Write();
        string line = $"Get-ClaudeUsage -Path {Q(dir.Path)} {typed}";

        RunResult r = Run($"(TabExpansion2 -inputScript {Q(line)} -cursorColumn {line.Length}).CompletionMatches.CompletionText");

        Assert.Equal(expected, r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Theory]
    [InlineData("-Skill", "Get-ClaudeUsage")]
    [InlineData("-McpServer", "Get-ClaudeUsageRecord")]
    [InlineData("-Subagent", "Get-ClaudeSession")]
    public void An_invalid_wildcard_is_an_error_that_names_the_parameter(string parameter, string cmdlet)
    {
        using TempFolder dir = Write();

        RunResult r = Run($"try {{ {cmdlet} -Path {Q(dir.Path)} {parameter} '[' -ErrorAction Stop }} catch {{ $_ }}");

        var error = (System.Management.Automation.ErrorRecord)Assert.Single(r.Output).BaseObject;
        Assert.StartsWith("InvalidWildcardPattern,", error.FullyQualifiedErrorId);
        Assert.Contains($"{parameter} '['", error.Exception.Message);
    }
}
