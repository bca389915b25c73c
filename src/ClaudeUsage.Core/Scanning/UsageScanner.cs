using System.Diagnostics;
using System.Runtime.CompilerServices;
using ClaudeUsage.Core.Accounting;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Core.Scanning;

/// <summary>
/// Finds the log files, reads them in parallel (with a cache: only what changed since the last run), and counts
/// each API response once across all of them.
/// </summary>
internal static class UsageScanner
{
    private static readonly UsageSource[] AllSources = Enum.GetValues<UsageSource>();

    public static ScanResult Scan(ScanRequest request, IScanObserver observer, CancellationToken cancellation)
    {
        DateTime startedUtc = DateTime.UtcNow;
        var stage = Stopwatch.StartNew();
        List<Location> locations = Locations(request);
        List<string> searched = locations.ConvertAll(l => l.Path);
        ScanCache? cache = request.Cache;
        string scope = ScanCache.ScopeOf(searched);

        // The cache is read while the folders are listed: two independent waits.
        Task<Dictionary<string, CachedFile>>? loading = cache is null ? null : Task.Run(() => cache.Load(scope, observer.Verbose));
        List<LogFile> files = Find(locations, observer, request.ListFolder);
        long totalBytes = files.Sum(f => f.Length);
        observer.Verbose($"Found {files.Count:N0} log file(s), {totalBytes:N0} bytes, in {string.Join(", ", searched.Select(s => $"'{s}'"))} ({Ms(stage)}).");

        Dictionary<string, CachedFile>? cached = loading?.GetAwaiter().GetResult();
        if (cached is not null)
        {
            observer.Verbose($"Loaded the usage cache: {cached.Count:N0} file(s) ({Ms(stage)}).");
        }

        (FileScanResult Result, CachedFile? Remember, CachedReadKind Kind)[] reads = FileReads.InParallel(files, index =>
        {
            LogFile file = files[index];
            if (cached is not null)
            {
                return CachedFileReader.Read(file, cached.GetValueOrDefault(file.Path), startedUtc);
            }

            FileScanResult result = ReadFile(file, request.KeepIds);
            result.CollapseEntries();
            return (result, null, CachedReadKind.Whole);
        }, request.MaxDegreeOfParallelism, observer, cancellation);
        FileScanResult[] results = Array.ConvertAll(reads, r => r.Result);
        CachedFile?[] remember = Array.ConvertAll(reads, r => r.Remember);
        CachedReadKind[] kindOf = Array.ConvertAll(reads, r => r.Kind);

        Task<IReadOnlyList<string>>? cacheWrite = null;
        if (cache is not null && cached is not null)
        {
            int unchanged = kindOf.Count(k => k == CachedReadKind.Unchanged), appended = kindOf.Count(k => k == CachedReadKind.Appended);
            int whole = files.Count - unchanged - appended;
            observer.Verbose($"Usage cache: {unchanged:N0} file(s) unchanged, {appended:N0} read from where they stopped, {whole:N0} read whole ({Ms(stage)}).");
            if (appended + whole > 0 || cached.Count != unchanged)
            {
                // Written while the caller de-duplicates and reports: the two share nothing they change.
                List<CachedFile> toSave = remember.OfType<CachedFile>().ToList();
                FileScanResult[]? readNow = request.KeepIds ? null : results.Where((_, i) => kindOf[i] != CachedReadKind.Unchanged).ToArray();
                cacheWrite = Task.Run(() => SaveCache(cache, scope, toSave, readNow));
            }
        }
        else
        {
            observer.Verbose($"Read {files.Count:N0} file(s) ({Ms(stage)}).");
        }

        var dedup = new ResponseDeduplicator(results.Sum(r => r.Entries.Count));
        int unreadable = 0, malformed = 0;
        foreach (FileScanResult result in results)
        {
            if (!FileReads.Report(result, observer, ref unreadable, ref malformed))
            {
                continue;
            }

            dedup.AddRange(result.Entries);
            dedup.AddRange(result.TailEntries);
        }

        List<UsageEntry> responses = dedup.Resolve();
        observer.Verbose($"Counted {responses.Count:N0} response(s) once each ({Ms(stage)}).");
        return new ScanResult
        {
            Responses = responses,
            SearchedLocations = searched,
            FileCount = files.Count,
            ByteCount = totalBytes,
            UnreadableFiles = unreadable,
            MalformedLines = malformed,
            CacheWrite = cacheWrite,
            FirstResponse = request.FindFirstResponse && responses.Count > 0 ? responses.Min(static r => r.Timestamp) : null,
        };
    }

    /// <summary>The time a stage took, for verbose output; restarts the watch for the next stage.</summary>
    internal static string Ms(Stopwatch stage)
    {
        string text = $"{stage.Elapsed.TotalMilliseconds:N0} ms";
        stage.Restart();
        return text;
    }

    /// <summary>
    /// Writes the cache, then drops the ids of what was read this time when the command does not show ids
    /// (<paramref name="forget"/>): the cache has them now, and the rest of the command needs only their keys.
    /// Returns the verbose messages, for the caller to pass on.
    /// </summary>
    private static IReadOnlyList<string> SaveCache(ScanCache cache, string scope, List<CachedFile> files, FileScanResult[]? forget)
    {
        var messages = new List<string>();
        var watch = Stopwatch.StartNew();
        cache.Save(scope, files, messages.Add);
        messages.Add($"Saved the usage cache alongside the report ({Ms(watch)}).");
        foreach (FileScanResult result in forget ?? [])
        {
            ForgetIds(result.Entries);
            ForgetIds(result.TailEntries);
        }

        return messages;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForgetIds(List<UsageEntry> entries)
    {
        foreach (UsageEntry entry in entries)
        {
            entry.ForgetIds();
        }
    }

    /// <summary>Reads a whole file; <paramref name="keepIds"/> as for <see cref="TranscriptLineHandler"/>.</summary>
    internal static FileScanResult ReadFile(LogFile file, bool keepIds = true) => file.Format switch
    {
        LogFileFormat.OpenClawDatabase => OpenClawDatabaseReader.Read(file, keepIds),
        _ => TranscriptFileReader.Read(file, resume: null, verify: false, keepIds),
    };

    /// <summary>A folder or file to search: a path the caller gave, or an agent's default root.</summary>
    internal readonly record struct Location(string Path, LogRoot? Root);

    /// <summary>
    /// The log files to read (each once), the locations searched, and the folders in them that could not be listed;
    /// each folder listed by <paramref name="list"/>, or when null by <see cref="ScanRequest.ListFolder"/>.
    /// </summary>
    internal static (List<LogFile> Files, List<string> Searched, List<string> Unlisted) Discover(ScanRequest request, IScanObserver observer, FolderLister? list = null)
    {
        List<Location> locations = Locations(request);
        var recorder = new UnlistedFolderRecorder(observer);
        return (Find(locations, recorder, list ?? request.ListFolder), locations.ConvertAll(l => l.Path), recorder.Folders);
    }

    /// <summary>Where to search: the paths given, else each selected agent's default roots, each once.</summary>
    internal static List<Location> Locations(ScanRequest request)
    {
        var locations = new List<Location>();
        if (request.Paths is { } paths)
        {
            locations.AddRange(paths.Select(p => new Location(p, null)));
            return locations;
        }

        foreach (UsageSource source in request.Sources is { } wanted ? AllSources.Where(wanted.Contains) : AllSources)
        {
            foreach (LogRoot root in DefaultRoots.For(source, request.Environment))
            {
                if (!locations.Exists(l => DefaultRoots.PathsEqual(l.Path, root.Path)))
                {
                    locations.Add(new Location(root.Path, root));
                }
            }
        }

        return locations;
    }

    /// <summary>The log files in <paramref name="locations"/>, each once.</summary>
    private static List<LogFile> Find(List<Location> locations, IScanObserver observer, FolderLister? list)
    {
        var files = new List<LogFile>();
        var seen = new HashSet<string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (Location location in locations)
        {
            try
            {
                foreach (LogFile file in location.Root is { } root ? LogFileDiscovery.FromRoot(root, observer, list) : LogFileDiscovery.FromPath(location.Path, observer, list))
                {
                    if (seen.Add(file.Path))
                    {
                        files.Add(file);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                observer.Verbose($"Could not list every file: {ex.Message}");
            }
        }

        return files;
    }
}
