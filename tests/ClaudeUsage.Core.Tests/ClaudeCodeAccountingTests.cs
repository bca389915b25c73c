using System.Text;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public class ClaudeCodeAccountingTests
{
    private const string T0 = "2026-11-20T09:15:06.512Z";

    [Fact]
    public void Streamed_lines_of_one_response_count_once_with_the_largest_output()
    {
        using var dir = new TempFolder();
        // One response written as three content-block lines; output_tokens grows 10 → 50 → 120.
        dir.Write("projects/-home-user-work-demo/s1.jsonl",
            ClaudeAssistant(T0, "msg_A", "req_A", input: 5, output: 10, cacheWrite1h: 1000, cacheRead: 2000),
            ClaudeAssistant(T0, "msg_A", "req_A", input: 5, output: 50, cacheWrite1h: 1000, cacheRead: 2000),
            ClaudeAssistant(T0, "msg_A", "req_A", input: 5, output: 120, cacheWrite1h: 1000, cacheRead: 2000));

        ScanResult scan = CollectingObserver.Scan(dir.Path);

        UsageEntry only = Assert.Single(scan.Responses);
        Assert.Equal(new TokenCounts(5, 120, 0, 1000, 2000, 0), only.Tokens);
        Assert.Equal(3125, only.Tokens.Total); // 5 + 120 + 1000 + 2000
    }

    [Fact]
    public void Duplicates_across_files_and_roots_count_once()
    {
        using var dir = new TempFolder();
        string line = ClaudeAssistant(T0, "msg_A", "req_A", input: 7, output: 70);
        dir.Write("root1/projects/p/s1.jsonl", line);
        dir.Write("root2/projects/p/s1.jsonl", line);

        ScanResult scan = CollectingObserver.Scan(dir.Path);

        Assert.Single(scan.Responses);
        Assert.Equal(2, scan.FileCount);
    }

    [Fact]
    public void A_sidechain_replay_of_a_parent_response_is_not_counted_again()
    {
        using var dir = new TempFolder();
        dir.Write("projects/p/s1.jsonl", ClaudeAssistant(T0, "msg_A", "req_parent", input: 10, output: 100));
        // The subagent transcript replays the parent's message under another request id.
        dir.Write("projects/p/s1/subagents/agent-x.jsonl",
            ClaudeAssistant(T0, "msg_A", "req_side", input: 10, output: 100, sidechain: true),
            ClaudeAssistant("2026-11-20T09:16:00.000Z", "msg_B", "req_B", input: 1, output: 9, sidechain: true));

        ScanResult scan = CollectingObserver.Scan(dir.Path);

        Assert.Equal(2, scan.Responses.Count);
        UsageEntry a = Assert.Single(scan.Responses, r => r.ResponseId == "msg_A");
        Assert.False(a.IsSidechain);
        Assert.Equal("req_parent", a.RequestId);
        // The subagent's own response counts toward the parent session (same sessionId).
        Assert.All(scan.Responses, r => Assert.Equal("11111111-1111-1111-1111-111111111111", r.SessionId));
        Assert.Equal(10 + 100 + 1 + 9, scan.Responses.Sum(r => r.Tokens.Total));
    }

    [Fact]
    public void The_same_message_id_under_two_request_ids_without_a_sidechain_counts_twice()
    {
        using var dir = new TempFolder();
        dir.Write("projects/p/s1.jsonl",
            ClaudeAssistant(T0, "msg_A", "req_1", input: 10, output: 100),
            ClaudeAssistant(T0, "msg_A", "req_2", input: 10, output: 100));

        Assert.Equal(2, CollectingObserver.Scan(dir.Path).Responses.Count);
    }

    [Fact]
    public void Lines_that_carry_token_figures_but_are_not_assistant_usage_are_never_summed()
    {
        using var dir = new TempFolder();
        dir.Write("projects/p/s1.jsonl",
            ClaudeAssistant(T0, "msg_A", "req_A", input: 3, output: 30),
            // A user line quoting a subagent's usage in its tool result.
            """{"type":"user","sessionId":"s","timestamp":"2026-11-20T09:15:07.000Z","message":{"role":"user","content":[{"type":"tool_result","content":"x"}]},"toolUseResult":{"totalTokens":999,"usage":{"input_tokens":900,"output_tokens":99}}}""",
            // Cumulative cost state and per-attempt request lines.
            """{"type":"cost-state","timestamp":"2026-11-20T09:15:08.000Z","usage":{"input_tokens":5000,"output_tokens":5000}}""",
            """{"type":"api-request","timestamp":"2026-11-20T09:15:09.000Z","message":{"id":"msg_Z","usage":{"input_tokens":7000,"output_tokens":7000}}}""",
            // A synthetic placeholder with zero usage.
            """{"type":"assistant","sessionId":"s","timestamp":"2026-11-20T09:15:10.000Z","message":{"id":"msg_S","model":"<synthetic>","role":"assistant","content":[{"type":"text","text":"API Error: 529"}],"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}},"isApiErrorMessage":true}""");

        UsageEntry only = Assert.Single(CollectingObserver.Scan(dir.Path).Responses);
        Assert.Equal(33, only.Tokens.Total);
    }

    [Fact]
    public void A_malformed_line_is_reported_with_its_line_number_and_the_rest_is_counted()
    {
        using var dir = new TempFolder();
        string file = dir.Write("projects/p/s1.jsonl",
            ClaudeAssistant(T0, "msg_A", "req_A", input: 1, output: 1),
            """{"type":"assistant","message":{"usage":{"input_tokens":5""",
            ClaudeAssistant(T0, "msg_B", "req_B", input: 2, output: 2),
            "not json at all \"usage\"");
        var observer = new CollectingObserver();

        ScanResult scan = CollectingObserver.Scan(dir.Path, observer);

        Assert.Equal(2, scan.Responses.Count);
        var report = Assert.Single(observer.Malformed);
        Assert.Equal(file, report.Path);
        Assert.Equal(2, report.Count);
        Assert.Equal(2, report.FirstLine);
    }

    [Fact]
    public void A_line_whose_ids_or_folder_cannot_be_decoded_is_malformed_and_the_rest_is_counted()
    {
        using var dir = new TempFolder();
        string good = ClaudeAssistant(T0, "msg_A", "req_A", input: 1, output: 1);
        string loneSurrogate = ClaudeAssistant(T0, "msg_B", "req_B", input: 2, output: 2).Replace("req_B", "req_\\uDE00", StringComparison.Ordinal);
        byte[] badUtf8 = Encoding.UTF8.GetBytes(ClaudeAssistant(T0, "msg_C", "req_C", input: 4, output: 4, cwd: "/home/user/work/XX"));
        int at = badUtf8.AsSpan().IndexOf("XX"u8);
        badUtf8[at] = 0xC3;
        badUtf8[at + 1] = 0x28; // not a continuation byte
        string file = Path.Combine(dir.Path, "projects", "p", "s1.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, [.. Encoding.UTF8.GetBytes(good + "\n" + loneSurrogate + "\n"), .. badUtf8, .. "\n"u8, .. Encoding.UTF8.GetBytes(ClaudeAssistant(T0, "msg_D", "req_D", input: 8, output: 8) + "\n")]);
        var observer = new CollectingObserver();

        ScanResult scan = CollectingObserver.Scan(dir.Path, observer);

        Assert.Equal(9, scan.Responses.Sum(r => r.Tokens.Input));
        var report = Assert.Single(observer.Malformed);
        Assert.Equal(2, report.Count);
        Assert.Equal(2, report.FirstLine);
    }

    [Fact]
    public void A_last_line_still_being_written_is_neither_an_error_nor_counted()
    {
        using var dir = new TempFolder();
        string complete = ClaudeAssistant(T0, "msg_A", "req_A", input: 1, output: 1);
        string partial = ClaudeAssistant(T0, "msg_B", "req_B", input: 2, output: 2);
        dir.WriteRaw("projects/p/s1.jsonl", complete + "\n" + partial[..(partial.Length / 2)]);
        var observer = new CollectingObserver();

        ScanResult scan = CollectingObserver.Scan(dir.Path, observer);

        Assert.Equal("msg_A", Assert.Single(scan.Responses).ResponseId);
        Assert.Empty(observer.Malformed);
    }

    [Fact]
    public void A_whole_last_line_without_its_newline_yet_is_counted()
    {
        using var dir = new TempFolder();
        dir.WriteRaw("projects/p/s1.jsonl", ClaudeAssistant(T0, "msg_A", "req_A", input: 1, output: 1));

        Assert.Single(CollectingObserver.Scan(dir.Path).Responses);
    }

    [Fact]
    public void Usage_written_with_spaces_and_crlf_line_ends_is_read()
    {
        using var dir = new TempFolder();
        string spaced = ClaudeAssistant(T0, "msg_A", "req_A", input: 4, output: 6).Replace("\"usage\":{", "\"usage\": {");
        dir.WriteRaw("projects/p/s1.jsonl", spaced + "\r\n");

        Assert.Equal(10, Assert.Single(CollectingObserver.Scan(dir.Path).Responses).Tokens.Total);
    }

    [Fact]
    public void Cache_writes_without_a_ttl_split_are_5_minute_writes()
    {
        using var dir = new TempFolder();
        dir.Write("projects/p/s1.jsonl", ClaudeAssistant(T0, "msg_A", "req_A", cacheWrite5m: 1234, splitCache: false));

        UsageEntry only = Assert.Single(CollectingObserver.Scan(dir.Path).Responses);
        Assert.Equal(1234, only.Tokens.CacheWrite5m);
        Assert.Equal(0, only.Tokens.CacheWrite1h);
    }

    [Fact]
    public void Web_search_requests_are_kept()
    {
        using var dir = new TempFolder();
        dir.Write("projects/p/s1.jsonl", ClaudeAssistant(T0, "msg_A", "req_A", input: 1, webSearch: 3));

        Assert.Equal(3, Assert.Single(CollectingObserver.Scan(dir.Path).Responses).Tokens.WebSearchRequests);
    }

    [Fact]
    public void Huge_lines_without_usage_are_skipped_and_huge_assistant_lines_are_read()
    {
        using var dir = new TempFolder();
        string blob = new('x', 3 * 1024 * 1024);
        dir.Write("projects/p/s1.jsonl",
            "{\"type\":\"file-history-snapshot\",\"messageId\":\"m\",\"snapshot\":{\"trackedFileBackups\":{\"a\":\"" + blob + "\"}},\"isSnapshotUpdate\":false}",
            ClaudeUser(T0, text: blob),
            ClaudeAssistant(T0, "msg_A", "req_A", input: 1, output: 2, content: blob),
            ClaudeAssistant(T0, "msg_B", "req_B", input: 3, output: 4));
        var observer = new CollectingObserver();

        ScanResult scan = CollectingObserver.Scan(dir.Path, observer);

        Assert.Equal(10, scan.Responses.Sum(r => r.Tokens.Total));
        Assert.Empty(observer.Malformed);
    }

    [Fact]
    public void Session_and_project_come_from_the_lines_and_the_folder()
    {
        using var dir = new TempFolder();
        dir.Write("projects/-home-user-work-demo/0f0e.jsonl",
            ClaudeAssistant(T0, "msg_A", "req_A", input: 1, sessionId: "abc", cwd: "/home/user/work/demo"));

        UsageEntry only = Assert.Single(CollectingObserver.Scan(dir.Path).Responses);
        Assert.Equal("abc", only.SessionId);
        Assert.Equal("/home/user/work/demo", only.ProjectPath);
        Assert.Equal("-home-user-work-demo", only.ProjectSlug);
        Assert.Equal(UsageSource.ClaudeCode, only.Source);
    }

    [Fact]
    public void The_log_file_is_not_locked_while_it_is_read()
    {
        using var dir = new TempFolder();
        string file = dir.Write("projects/p/s1.jsonl", ClaudeAssistant(T0, "msg_A", "req_A", input: 1));
        // An agent holding the file open for appending, as Claude Code does, must not stop the read.
        using var writer = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

        Assert.Single(CollectingObserver.Scan(dir.Path).Responses);
    }
}
