using System.IO.Hashing;
using System.Text;
using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Caching;

/// <summary>
/// The usage cache on disk: one file per set of log locations (the default roots, or the paths a command named),
/// holding what each log file gave when it was last read. Written atomically (a temporary file in the cache folder,
/// then a rename), so a reader always sees a whole cache; two processes never wait on each other, and when both
/// write, the last one wins. A missing, foreign or damaged cache is simply rebuilt.
/// </summary>
internal sealed class ScanCache
{
    private const string Prefix = "usage-";
    private const string Extension = ".bin";
    private const string TempExtension = ".tmp";

    /// <summary>How many scopes' caches are kept; older ones are removed when a cache is written.</summary>
    private const int MaxCacheFiles = 16;

    public ScanCache(string folder) => Folder = folder;

    public string Folder { get; }

    public static ScanCache ForUser(UserEnvironment env) => new(CacheLocation.Resolve(env));

    /// <summary>The scope key: the locations searched, in order.</summary>
    public static string ScopeOf(IReadOnlyList<string> searched) => string.Join("\n", searched);

    public string FileFor(string scope) =>
        Path.Combine(Folder, $"{Prefix}{XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(scope)):x16}{Extension}");

    /// <summary>
    /// The largest cache file read: a hundred times what years of heavy use make. A larger one is damage (or not
    /// the module's), and reading it would cost seconds and gigabytes before it could be refused.
    /// </summary>
    internal const long MaxBytes = 1L << 30;

    /// <summary>The cached files by path; empty when there is no usable cache (and <paramref name="verbose"/> hears why).</summary>
    public Dictionary<string, CachedFile> Load(string scope, Action<string> verbose)
    {
        var byPath = new Dictionary<string, CachedFile>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        string path = FileFor(scope);
        byte[] bytes;
        try
        {
            using FileStream stream = Parsing.TranscriptFileReader.OpenShared(path); // no lock, and a FIFO in its place is not waited on
            if (stream.Length > MaxBytes)
            {
                verbose($"The usage cache '{path}' is not used because it is {stream.Length:N0} bytes, more than a cache can be; it is rebuilt.");
                return byPath;
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            verbose($"No usage cache yet at '{path}': every log file is read.");
            return byPath;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            verbose($"Cannot read the usage cache '{path}' ({ex.Message}): every log file is read.");
            return byPath;
        }

        try
        {
            foreach (CachedFile file in ScanCacheSerializer.Deserialize(bytes, scope))
            {
                byPath[file.File.Path] = file;
            }
        }
        catch (InvalidDataException ex)
        {
            verbose($"The usage cache '{path}' is not used because {ex.Message}; it is rebuilt.");
            byPath.Clear();
        }

        return byPath;
    }

    /// <summary>Writes the cache for <paramref name="scope"/>; a failure is reported, never thrown.</summary>
    public void Save(string scope, IReadOnlyCollection<CachedFile> files, Action<string> verbose)
    {
        string path = FileFor(scope);
        string temp = Path.Combine(Folder, $"{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}{TempExtension}");
        try
        {
            CreateFolder();
            long bytes;
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                bytes = ScanCacheSerializer.Serialize(stream, scope, files);
            }

            MoveIntoPlace(temp, path);
            verbose($"Wrote the usage cache '{path}' ({files.Count:N0} file(s), {bytes:N0} bytes).");
            Prune(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            verbose($"Could not write the usage cache '{path}' ({ex.Message}); the next run reads the logs again.");
        }
    }

    /// <summary>The cache files in the folder (completed and left-over temporary ones).</summary>
    public IEnumerable<string> Files() => Directory.Exists(Folder)
        ? Directory.EnumerateFiles(Folder, Prefix + "*").Where(f => f.EndsWith(Extension, StringComparison.Ordinal) || f.EndsWith(TempExtension, StringComparison.Ordinal))
        : [];

    /// <summary>Deletes every cache file; returns the ones deleted, and tells <paramref name="failed"/> of each one that could not be.</summary>
    public List<string> Clear(Action<string, Exception> failed)
    {
        var deleted = new List<string>();
        foreach (string file in Files().ToList())
        {
            try
            {
                File.Delete(file);
                deleted.Add(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failed(file, ex);
            }
        }

        return deleted;
    }

    private void CreateFolder()
    {
        if (Directory.Exists(Folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            // The cache names projects and sessions: readable by its owner only.
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Renames over the old cache; on Windows a reader holding it open can make that fail for a moment.</summary>
    private static void MoveIntoPlace(string temp, string path)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(temp, path, overwrite: true);
                return;
            }
            catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && attempt < 5)
            {
                Thread.Sleep(10 * attempt);
            }
        }
    }

    /// <summary>Keeps the most recently written caches, and removes temporary files a crashed writer left.</summary>
    private void Prune(string current)
    {
        try
        {
            var caches = new List<FileInfo>();
            foreach (string file in Files())
            {
                var info = new FileInfo(file);
                if (file.EndsWith(TempExtension, StringComparison.Ordinal))
                {
                    if (info.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1))
                    {
                        TryDelete(file);
                    }
                }
                else if (!string.Equals(file, current, StringComparison.Ordinal))
                {
                    caches.Add(info);
                }
            }

            foreach (FileInfo old in caches.OrderByDescending(f => f.LastWriteTimeUtc).Skip(MaxCacheFiles - 1))
            {
                TryDelete(old.FullName);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Pruning is housekeeping; the next write tries again.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Housekeeping only: a file that stays is tried again next time.
        }
    }
}
