using ClaudeUsage.Core;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>What can stand before the first line that matters: a byte-order mark, blank lines, a title line.</summary>
public class FileStartTests
{
    [Fact]
    public void A_byte_order_mark_before_the_first_line_is_not_part_of_it()
    {
        using var dir = new TempFolder();
        // An editor saved the transcript with a BOM: line 1's usage (10 in + 5 out) still counts.
        dir.WriteRaw(".claude/projects/-home-user-work-demo/s.jsonl", "\uFEFF" + ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5) + "\n");
        var observer = new CollectingObserver();

        UsageEntry entry = Assert.Single(CollectingObserver.Scan(dir.Path, observer).Responses);

        Assert.Equal(15, entry.Tokens.Total);
        Assert.Empty(observer.Malformed);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\uFEFF\n  \n")]
    [InlineData("{\"type\":\"title\",\"title\":\"Fix the parser\"}\n")]
    public void The_pi_session_header_is_found_after_blank_lines_a_byte_order_mark_or_a_title_line(string before)
    {
        using var dir = new TempFolder();
        string lines = before
            + PiSession("019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90", "2026-11-20T10:00:00.000Z", cwd: "/home/user/work/parser") + "\n"
            + PiAssistant("2026-11-20T10:00:09.500Z", Ms("2026-11-20T10:00:09.400Z"), input: 12, output: 340, responseId: "msg_1") + "\n";
        dir.WriteRaw(".pi/agent/sessions/--home-user-work-parser--/2026-11-20T10-00-00-000Z_x.jsonl", lines);
        var observer = new CollectingObserver();

        UsageEntry entry = Assert.Single(CollectingObserver.Scan(dir.Path, observer).Responses);

        // The header's session id and working directory, not the file name and folder.
        Assert.Equal(("019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90", "/home/user/work/parser"), (entry.SessionId, entry.ProjectPath));
        Assert.Empty(observer.Malformed); // a blank line is nothing, not a malformed line
    }
}
