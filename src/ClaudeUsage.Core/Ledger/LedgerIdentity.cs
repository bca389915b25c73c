namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The ledger's primary key of a response copy: its response key and request key, as the in-memory count uses
/// them. A line with nothing to identify it (no message id, no pi identity) is counted once per place it stands in,
/// so its key is made from the machine, file, line and step: reading the file again does not count it twice.
/// </summary>
internal static class LedgerIdentity
{
    public static (UInt128 ResponseKey, UInt128 RequestKey) Of(UsageEntry entry, string machineId) =>
        entry.IsKeyed
            ? (entry.ResponseKey, entry.RequestKey)
            : (IdKey.Of(FormattableString.Invariant($"unkeyed\u0000{machineId}\u0000{entry.FilePath}\u0000{entry.LineNumber}\u0000{entry.StepNumber}")), UInt128.Zero);
}
