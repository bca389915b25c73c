using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Where the usage ledger lives: user data, not a cache, so in the platform's data folder —
/// <c>CLAUDEUSAGE_DATA_DIR</c> when set, else <c>%LOCALAPPDATA%</c> on Windows, <c>~/Library/Application Support</c>
/// on macOS, <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c> elsewhere — with a ClaudeUsage subfolder. Never next to
/// the logs, never in the cache folder.
/// </summary>
internal static class LedgerLocation
{
    public const string OverrideVariable = "CLAUDEUSAGE_DATA_DIR";

    public const string FileName = "ledger.db";

    /// <summary>The file beside the ledger that holds this machine's id.</summary>
    public const string MachineIdFileName = "machine-id";

    /// <summary>The ledger file of the user, as the environment says now.</summary>
    public static string DefaultPath(UserEnvironment env) => Path.Combine(Folder(env), FileName);

    public static string Folder(UserEnvironment env) => UserFolder.Resolve(env, UserFolderKind.Data, OverrideVariable);

    /// <summary>The files SQLite keeps beside a database in WAL mode, which belong to it.</summary>
    public static IEnumerable<string> CompanionFiles(string ledgerPath) => [ledgerPath + "-wal", ledgerPath + "-shm", ledgerPath + "-journal"];
}
