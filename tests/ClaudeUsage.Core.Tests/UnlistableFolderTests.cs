using ClaudeUsage.Core;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// A folder that cannot be listed is reported by name, and the rest of the tree is still searched. Tests run as
/// root, who may list every folder, so the listing is made to fail for one folder as it fails for a user who may
/// not list it (UnauthorizedAccessException, or an IOException for a read error); the module tests check a real
/// folder with no permissions, as an unprivileged user.
/// </summary>
public class UnlistableFolderTests
{
    private const string Projects = ".claude/projects/";

    /// <summary>The file system's listing, except that <paramref name="locked"/> fails with <paramref name="error"/>.</summary>
    private static FolderLister FailingAt(string locked, Exception error) =>
        folder => folder == locked ? throw error : FolderListing.SubfoldersAndLogs(folder);

    /// <summary>Three projects of 15, 30 and 45 tokens; the second one's folder is the one that fails.</summary>
    private static (TempFolder Dir, string Locked) ThreeProjects()
    {
        var dir = new TempFolder();
        dir.Write(Projects + "-a/s1.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));
        dir.Write(Projects + "-b/s2.jsonl", ClaudeAssistant("2026-11-20T11:00:00Z", "msg_2", "req_2", input: 20, output: 10));
        dir.Write(Projects + "-b/deeper/s4.jsonl", ClaudeAssistant("2026-11-20T11:30:00Z", "msg_4", "req_4", input: 1, output: 1));
        dir.Write(Projects + "-c/s3.jsonl", ClaudeAssistant("2026-11-20T12:00:00Z", "msg_3", "req_3", input: 30, output: 15));
        return (dir, Path.Combine(dir.Path, ".claude", "projects", "-b"));
    }

    public static TheoryData<string> Errors => ["permission", "read error"];

    private static Exception ErrorFor(string kind, string folder) => kind == "permission"
        ? new UnauthorizedAccessException($"Access to the path '{folder}' is denied.")
        : new IOException($"Input/output error : '{folder}'");

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_sub_folder_that_cannot_be_listed_is_reported_by_name_and_the_rest_of_the_tree_is_counted(string kind)
    {
        (TempFolder dir, string locked) = ThreeProjects();
        using TempFolder cleanup = dir;
        Exception error = ErrorFor(kind, locked);
        var observer = new CollectingObserver();

        ScanResult scan = UsageScanner.Scan(new ScanRequest { Paths = [dir.Path], ListFolder = FailingAt(locked, error) }, observer, CancellationToken.None);

        (string folder, Exception reported) = Assert.Single(observer.UnreadableFolders);
        Assert.Equal(locked, folder);
        Assert.Same(error, reported);
        Assert.Empty(observer.Unreadable);
        // -a and -c (15 + 45); nothing below -b, which could not be listed.
        Assert.Equal(["msg_1", "msg_3"], scan.Responses.Select(e => e.ResponseId).Order());
        Assert.Equal(60, scan.Responses.Sum(e => e.Tokens.Total));
        Assert.Equal(2, scan.FileCount);
    }

    [Fact]
    public void A_folder_named_with_Path_that_cannot_be_listed_is_reported()
    {
        (TempFolder dir, string locked) = ThreeProjects();
        using TempFolder cleanup = dir;
        var observer = new CollectingObserver();

        ScanResult scan = UsageScanner.Scan(
            new ScanRequest { Paths = [locked], ListFolder = FailingAt(locked, ErrorFor("permission", locked)) }, observer, CancellationToken.None);

        Assert.Equal(locked, Assert.Single(observer.UnreadableFolders).Folder);
        Assert.Empty(scan.Responses);
        Assert.Equal([locked], scan.SearchedLocations);
    }

    [Fact]
    public void A_default_root_that_cannot_be_listed_is_reported()
    {
        using TempFolder dir = ThreeProjects().Dir;
        string projects = Path.Combine(dir.Path, ".claude", "projects");
        var observer = new CollectingObserver();
        var request = new ScanRequest
        {
            Environment = new UserEnvironment(dir.Path, name => null),
            Sources = new HashSet<UsageSource> { UsageSource.ClaudeCode },
            ListFolder = FailingAt(projects, ErrorFor("permission", projects)),
        };

        ScanResult scan = UsageScanner.Scan(request, observer, CancellationToken.None);

        Assert.Equal(projects, Assert.Single(observer.UnreadableFolders).Folder);
        Assert.Empty(scan.Responses);
    }

    [Fact]
    public void The_ledger_reports_the_folder_and_does_not_take_the_files_it_knew_there_as_gone()
    {
        (TempFolder dir, string locked) = ThreeProjects();
        using TempFolder cleanup = dir;
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var observer = new CollectingObserver();

        LedgerIngestResult later = LedgerIngest.Run(
            store, new ScanRequest { Paths = [dir.Path], ListFolder = FailingAt(locked, ErrorFor("permission", locked)) }, observer, CancellationToken.None);

        Assert.Equal(locked, Assert.Single(observer.UnreadableFolders).Folder);
        Assert.Equal(0, later.FilesGone);
        Assert.Equal(2, later.FileCount);
        // Every response still counts, none of them as a deleted log: 15 + 30 + 2 + 45.
        List<UsageEntry> counted = store.ReadCounted(null, null, null, withIds: false);
        Assert.Equal(92, counted.Sum(e => e.Tokens.Total));
        Assert.All(counted, e => Assert.False(e.IsLogDeleted));
    }
}
