using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// What this process knows of the default log folders since it last brought a ledger up to date from them: while a
/// <see cref="FolderChangeWatch"/> has seen no change in any folder listed (nor in the folders above each root) and
/// the ledger's sums are of the same generation, the logs and the ledger are as that ingest left them, so a repeated
/// report in one session need not list and check every file again. Each folder is watched before it is listed, so a
/// change made while an ingest runs is seen by the next one. Where there is no watch (not Linux, a network file
/// system, out of inotify watches, events lost) every ingest looks at the files, as a new process does.
/// </summary>
internal static class WatchedIngest
{
    private static readonly object Gate = new();

    /// <summary>Scopes watched at once: a session normally has one; each holds an inotify instance, of which a user has few.</summary>
    private const int Capacity = 4;

    private static readonly Dictionary<string, Watched> ByScope = [];

    private static long _uses;

    /// <summary>
    /// The last complete ingest of this scope (a ledger and its log folders) as a result with nothing read, when
    /// nothing changed since it began and the ledger's sums are of the same <paramref name="generation"/> (asked only
    /// when there is such an ingest); else null. The problems it met are reported again, as re-reading would.
    /// </summary>
    public static LedgerIngestResult? Unchanged(string scope, Func<string?> generation, IScanObserver observer)
    {
        LedgerIngestResult clean;
        IReadOnlyList<Action<IScanObserver>> problems;
        lock (Gate)
        {
            if (!ByScope.TryGetValue(scope, out Watched? watched) || watched.Clean is null)
            {
                return null;
            }

            watched.LastUse = ++_uses;

            if (generation() is not { } now || now != watched.Generation || watched.Watch.Changed())
            {
                watched.Clean = null;
                watched.Epoch++;
                return null;
            }

            (clean, problems) = (watched.Clean, watched.Problems);
        }

        foreach (Action<IScanObserver> problem in problems)
        {
            problem(observer);
        }

        return clean;
    }

    /// <summary>
    /// Starts watching for an ingest that lists <paramref name="locations"/> (on a local file system, see
    /// <see cref="LocalFileSystem"/>): the folders above each one now, each folder it lists just before it is listed
    /// (through the returned ticket). Null where there is no watch.
    /// </summary>
    public static Ticket? Begin(string scope, IReadOnlyList<string> locations)
    {
        lock (Gate)
        {
            if (ByScope.TryGetValue(scope, out Watched? known) && known.GaveUp)
            {
                return null; // its folders are more than a watch may hold: trying again would only take and give back watches
            }

            if (!ByScope.TryGetValue(scope, out Watched? watched) || !watched.Watch.IsWorking)
            {
                watched?.Watch.Dispose();
                ByScope.Remove(scope);
                if (ByScope.Count >= Capacity)
                {
                    KeyValuePair<string, Watched> oldest = ByScope.MinBy(w => w.Value.LastUse);
                    oldest.Value.Watch.Dispose();
                    ByScope.Remove(oldest.Key);
                }

                if (FolderChangeWatch.TryCreate() is not { } watch)
                {
                    return null;
                }

                ByScope[scope] = watched = new Watched(watch);
            }

            watched.LastUse = ++_uses;

            // What changed before the listing begins, the listing sees.
            _ = watched.Watch.Changed();
            watched.Clean = null;
            watched.Epoch++;
            foreach (string location in locations)
            {
                WatchAbove(watched.Watch, location);
            }

            return new Ticket(watched, watched.Epoch);
        }
    }

    /// <summary>
    /// Remembers a complete ingest begun with <paramref name="ticket"/>, the ledger's generation after it, and the
    /// problems it reported, unless another ingest of the scope began meanwhile.
    /// </summary>
    public static void Complete(Ticket ticket, LedgerIngestResult result, string? generation, IReadOnlyList<Action<IScanObserver>> problems)
    {
        lock (Gate)
        {
            Watched watched = ticket.Watched;
            if (!watched.Watch.IsWorking)
            {
                // It stopped while the folders were listed: more of them than it may hold, or inotify out of watches.
                watched.GaveUp = true;
                return;
            }

            if (watched.Epoch != ticket.Epoch || generation is null)
            {
                return;
            }

            watched.Clean = result with { FilesUnchanged = result.FileCount, FilesAppended = 0, FilesReadWhole = 0, FilesGone = 0, CopiesRead = 0, Counts = default };
            watched.Generation = generation;
            watched.Problems = problems;
        }
    }

    /// <summary>Each folder above <paramref name="location"/> that exists, for a change of the entry that leads to it.</summary>
    private static void WatchAbove(FolderChangeWatch watch, string location)
    {
        string path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(location));
        for (string? parent = Path.GetDirectoryName(path); parent is not null; path = parent, parent = Path.GetDirectoryName(parent))
        {
            if (Directory.Exists(parent))
            {
                watch.WatchEntry(parent, Path.GetFileName(path));
            }
        }
    }

    /// <summary>One ingest's hold on the watch: the lister that watches each folder before listing it.</summary>
    internal sealed class Ticket(Watched watched, long epoch)
    {
        internal Watched Watched { get; } = watched;

        internal long Epoch { get; } = epoch;

        public FolderLister Watching(FolderLister list) => folder =>
        {
            Watched.Watch.WatchFolder(folder);
            return list(folder);
        };
    }

    /// <summary>Passes everything on, and keeps the problems reported (files and folders that could not be read, malformed lines) to report again.</summary>
    internal sealed class ProblemRecorder(IScanObserver inner) : IScanObserver
    {
        private readonly List<Action<IScanObserver>> _problems = [];

        public IReadOnlyList<Action<IScanObserver>> Problems => _problems;

        public void Progress(ScanProgress progress) => inner.Progress(progress);

        public void FileUnreadable(LogFile file, Exception error) => Keep(o => o.FileUnreadable(file, error));

        public void FolderUnreadable(string folder, Exception error) => Keep(o => o.FolderUnreadable(folder, error));

        public void MalformedLines(LogFile file, int count, long firstLine, string reason) => Keep(o => o.MalformedLines(file, count, firstLine, reason));

        public void Verbose(string message) => inner.Verbose(message);

        private void Keep(Action<IScanObserver> problem)
        {
            lock (_problems)
            {
                _problems.Add(problem);
            }

            problem(inner);
        }
    }

    internal sealed class Watched(FolderChangeWatch watch)
    {
        public FolderChangeWatch Watch { get; } = watch;

        /// <summary>Counts the ingests begun and the changes seen, so an ingest that overlapped another is not remembered.</summary>
        public long Epoch { get; set; }

        public LedgerIngestResult? Clean { get; set; }

        public string? Generation { get; set; }

        public IReadOnlyList<Action<IScanObserver>> Problems { get; set; } = [];

        public long LastUse { get; set; }

        /// <summary>True once a listing of the scope's folders was more than the watch could hold: the scope is not watched again.</summary>
        public bool GaveUp { get; set; }
    }
}
