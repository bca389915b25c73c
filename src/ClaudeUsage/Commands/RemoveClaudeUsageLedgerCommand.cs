using System.Management.Automation;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Deletes the usage ledger: every response it recorded, including those whose logs are gone.</para>
/// <para type="description">The ledger is user data, not a cache: usage whose transcripts the agents have deleted is only in the ledger, and is lost with it. Asks for confirmation unless -Confirm:$false. The logs themselves are never touched.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ClaudeUsageLedger", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(FileInfo))]
public sealed class RemoveClaudeUsageLedgerCommand : PSCmdlet
{
    /// <summary>The ledger to delete instead of the one in the user's data folder. Binds LedgerPath from the module's own objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? LedgerPath { get; set; }

    /// <summary>Emit the files deleted, as FileInfo objects (they no longer exist).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string ledgerPath = LedgerOpener.PathFor(this, LedgerPath);
        string[] files = [.. new[] { ledgerPath }.Concat(LedgerLocation.CompanionFiles(ledgerPath)).Where(File.Exists)];
        if (files.Length == 0)
        {
            WriteVerbose($"There is no usage ledger at '{ledgerPath}'.");
            return;
        }

        if (!ShouldProcess(ledgerPath, "Delete the usage ledger and every response it recorded"))
        {
            return;
        }

        foreach (string file in files)
        {
            try
            {
                File.Delete(file);
                WriteVerbose($"Deleted '{file}'.");
                if (PassThru)
                {
                    WriteObject(new FileInfo(file));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(
                    new IOException($"Cannot delete '{file}': {ex.Message}", ex),
                    ErrorIds.LedgerNotDeleted,
                    ErrorCategory.WriteError,
                    file));
            }
        }
    }
}
