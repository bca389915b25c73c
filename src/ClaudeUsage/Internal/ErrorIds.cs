namespace ClaudeUsage.Internal;

/// <summary>Stable error ids: scripts match on these, so they never change once released.</summary>
internal static class ErrorIds
{
    public const string PathNotFound = "PathNotFound";
    public const string FileUnreadable = "FileUnreadable";
    public const string FolderUnreadable = "FolderUnreadable";
    public const string InvalidTimeZone = "InvalidTimeZone";
    public const string InvalidTimeRange = "InvalidTimeRange";
    public const string InvalidPriceFile = "InvalidPriceFile";
    public const string InvalidBudget = "InvalidBudget";
    public const string OutputDirectoryUnwritable = "OutputDirectoryUnwritable";
    public const string NoBudget = "NoBudget";
    public const string InvalidBudgetThreshold = "InvalidBudgetThreshold";
    public const string BudgetRangeNotSupported = "BudgetRangeNotSupported";
    public const string InvalidSpikeSettings = "InvalidSpikeSettings";
    public const string InvalidTokenLimit = "InvalidTokenLimit";
    public const string InvalidFileName = "InvalidFileName";
    public const string CacheFileNotDeleted = "CacheFileNotDeleted";
    public const string ModelPriceNotFound = "ModelPriceNotFound";
    public const string LedgerDamaged = "LedgerDamaged";
    public const string LedgerTooNew = "LedgerTooNew";
    public const string LedgerUnavailable = "LedgerUnavailable";
    public const string LedgerNotDeleted = "LedgerNotDeleted";
    public const string LedgerNotFound = "LedgerNotFound";
    public const string InvalidWildcardPattern = "InvalidWildcardPattern";
    public const string RecordedCostNotSupported = "RecordedCostNotSupported";
}
