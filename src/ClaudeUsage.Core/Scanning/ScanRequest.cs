using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Scanning;

/// <summary>What to scan.</summary>
internal sealed class ScanRequest
{
    /// <summary>Files or folders to read instead of the default roots; null for the defaults.</summary>
    public IReadOnlyList<string>? Paths { get; init; }

    /// <summary>The sources to read; null for all of them.</summary>
    public IReadOnlySet<UsageSource>? Sources { get; init; }

    public UserEnvironment Environment { get; init; } = UserEnvironment.Current;

    /// <summary>
    /// Whether the responses must carry their ids as strings (for output that shows them). Without, a scan with no
    /// cache keeps only the ids' keys, which is all de-duplication needs. A cache always stores the ids.
    /// </summary>
    public bool KeepIds { get; init; } = true;

    /// <summary>Whether to find when the first response was written (<see cref="ScanResult.FirstResponse"/>); only a baseline needs it.</summary>
    public bool FindFirstResponse { get; init; }

    /// <summary>Whether responses summed in the ledger come with each session's files (<see cref="ScanResult.SessionFiles"/>); only a session report needs them.</summary>
    public bool FindSessionFiles { get; init; }

    /// <summary>The usage cache to read unchanged files from and to update; null to read every file.</summary>
    public ScanCache? Cache { get; init; }

    public int MaxDegreeOfParallelism { get; init; } = System.Environment.ProcessorCount;

    /// <summary>
    /// Lists one folder of the logs; null for the file system's listing. Tests set it to make one folder fail as a
    /// folder the user may not list does (root lists every folder).
    /// </summary>
    public FolderLister? ListFolder { get; init; }
}
