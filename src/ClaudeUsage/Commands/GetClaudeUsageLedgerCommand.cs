using System.Management.Automation;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Describes the usage ledger: where it is, how many responses and log files it holds, and how many of those logs are gone.</para>
/// <para type="description">Reads the ledger as it is, changing nothing: it does not read the logs first (Update-ClaudeUsageLedger does), does not migrate an older schema, and makes no file. For a scheduled job, LastRead says when the ledger last took in new usage.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClaudeUsageLedger")]
[OutputType(typeof(UsageLedger))]
public sealed class GetClaudeUsageLedgerCommand : PSCmdlet
{
    /// <summary>The ledger to describe instead of the one in the user's data folder. Binds LedgerPath from the module's own objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? LedgerPath { get; set; }

    protected override void ProcessRecord()
    {
        string path = LedgerOpener.PathFor(this, LedgerPath);
        try
        {
            if (LedgerDescription.Read(path) is { } ledger)
            {
                WriteObject(ledger);
                return;
            }

            WriteError(new ErrorRecord(
                new ItemNotFoundException($"There is no usage ledger at '{path}'. Update-ClaudeUsageLedger, or any reading cmdlet on the agents' default folders, makes one."),
                ErrorIds.LedgerNotFound,
                ErrorCategory.ObjectNotFound,
                path));
        }
        catch (LedgerException ex)
        {
            WriteError(LedgerOpener.Error(ex, path));
        }
    }
}
