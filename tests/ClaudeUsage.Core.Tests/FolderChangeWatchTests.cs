using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Tests;

/// <summary>The inotify watch itself (Linux only: elsewhere there is none, and these tests have nothing to check).</summary>
public class FolderChangeWatchTests
{
    [Fact]
    public void A_change_in_a_watched_folder_is_seen_by_the_next_look_and_only_by_it()
    {
        using var dir = new TempFolder();
        using FolderChangeWatch? watch = FolderChangeWatch.TryCreate();
        if (watch is null)
        {
            Assert.False(OperatingSystem.IsLinux());
            return;
        }

        watch.WatchFolder(dir.Path);
        Assert.False(watch.Changed());
        File.AppendAllText(Path.Combine(dir.Path, "s.jsonl"), "{}\n");
        Assert.True(watch.Changed()); // seen at once: the event was queued before the write returned
        Assert.False(watch.Changed());
        File.SetLastWriteTimeUtc(Path.Combine(dir.Path, "s.jsonl"), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.True(watch.Changed());
        Assert.True(watch.IsWorking);
    }

    [Fact]
    public void Above_a_root_only_the_entry_that_leads_to_it_counts()
    {
        using var home = new TempFolder();
        using FolderChangeWatch? watch = FolderChangeWatch.TryCreate();
        if (watch is null)
        {
            return;
        }

        watch.WatchEntry(home.Path, ".claude");
        File.WriteAllText(Path.Combine(home.Path, ".bash_history"), "ls\n");
        Directory.CreateDirectory(Path.Combine(home.Path, ".cache"));
        Assert.False(watch.Changed());
        Directory.CreateDirectory(Path.Combine(home.Path, ".claude"));
        Assert.True(watch.Changed());
    }

    [Fact]
    public void More_folders_than_its_budget_end_the_watch_and_give_its_watches_back()
    {
        using var dir = new TempFolder();
        using FolderChangeWatch? watch = FolderChangeWatch.TryCreate(budget: 2);
        if (watch is null)
        {
            return;
        }

        string[] folders = [.. Enumerable.Range(0, 3).Select(i => Directory.CreateDirectory(Path.Combine(dir.Path, $"p{i}")).FullName)];
        watch.WatchFolder(folders[0]);
        watch.WatchFolder(folders[1]);
        watch.WatchFolder(folders[0]); // the same folder again is the same watch
        Assert.True(watch.IsWorking);
        Assert.False(watch.Changed());

        watch.WatchFolder(folders[2]);
        Assert.False(watch.IsWorking);
        Assert.True(watch.Changed()); // it can no longer tell, so every look is a change
    }
}
