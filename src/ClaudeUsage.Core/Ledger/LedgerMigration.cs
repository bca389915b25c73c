namespace ClaudeUsage.Core.Ledger;

/// <summary>An existing ledger taken from one schema version to another when it was opened, and how long that took.</summary>
internal sealed record LedgerMigration(int FromVersion, int ToVersion, TimeSpan Took);
