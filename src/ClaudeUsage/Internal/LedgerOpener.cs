using System.Management.Automation;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Ledger;

namespace ClaudeUsage.Internal;

/// <summary>Finds and opens the usage ledger for a cmdlet, and turns what can go wrong into its stable errors.</summary>
internal static class LedgerOpener
{
    /// <summary>The ledger file: -LedgerPath when given, else the data folder the environment names now.</summary>
    public static string PathFor(PSCmdlet cmdlet, string? ledgerPath) =>
        ledgerPath is null
            ? LedgerLocation.DefaultPath(UserEnvironment.Current)
            : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(ledgerPath);

    /// <summary>Opens the ledger, or ends the command with an error that names the file and how to recover.</summary>
    public static ILedgerStore Open(PSCmdlet cmdlet, string path)
    {
        try
        {
            // Every command that opens the ledger ingests before it reads: a new one is filled aside (AsideFill).
            SqliteLedgerStore store = SqliteLedgerStore.Open(path, firstFillAside: true);
            if (store.Migration is { } m)
            {
                cmdlet.WriteVerbose($"The usage ledger '{path}' was taken from schema {m.FromVersion} to {m.ToVersion} ({m.Took.TotalSeconds:N1} s), once; every response and sum it held is kept.");
            }

            return store;
        }
        catch (LedgerException ex)
        {
            cmdlet.ThrowTerminatingError(Error(ex, path));
            throw; // not reached
        }
    }

    public static ErrorRecord Error(LedgerException ex, string path) => ex.Problem switch
    {
        LedgerProblem.Damaged => new ErrorRecord(ex, ErrorIds.LedgerDamaged, ErrorCategory.InvalidData, path),
        LedgerProblem.TooNew => new ErrorRecord(ex, ErrorIds.LedgerTooNew, ErrorCategory.InvalidData, path),
        _ => new ErrorRecord(ex, ErrorIds.LedgerUnavailable, ErrorCategory.ResourceUnavailable, path),
    };
}
