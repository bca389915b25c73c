using System.Management.Automation;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Brings the usage ledger up to date from the agents' logs, or imports archived log folders into it.</para>
/// <para type="description">Reads only what is new in each log file since the ledger last read it and records every response once, keeping the largest copy. Nothing is ever removed: a transcript the agent deleted still counts. For a scheduled job, or to import a backup of old logs with -Path.</para>
/// </summary>
[Cmdlet(VerbsData.Update, "ClaudeUsageLedger", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(LedgerUpdate))]
public sealed class UpdateClaudeUsageLedgerCommand : PSCmdlet
{
    private const string DefaultSet = "Default";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly List<string> _paths = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Log files or folders to import instead of the agents' default locations (an archived ~/.claude, for example). Wildcards are expanded.</summary>
    [Parameter(Position = 0, Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Log files or folders to import, taken literally. Binds PSPath from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Which agents' default log folders to read; all of them by default.</summary>
    [Parameter(ParameterSetName = DefaultSet)]
    public UsageSource[]? Source { get; set; }

    /// <summary>The ledger to update instead of the one in the user's data folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LedgerPath { get; set; }

    /// <summary>Emit what was read and recorded, as a LedgerUpdate object.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string literal in LiteralPath ?? [])
        {
            LogPaths.AddLiteral(this, literal, _paths);
        }

        foreach (string pattern in Path ?? [])
        {
            LogPaths.AddWildcard(this, pattern, _paths);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != DefaultSet && _paths.Count == 0)
        {
            return; // every path was an error already
        }

        string ledgerPath = LedgerOpener.PathFor(this, LedgerPath);
        bool write = ShouldProcess(ledgerPath, _paths.Count > 0 ? $"Record the usage in {string.Join(", ", _paths)}" : "Record new usage from the agents' logs");
        if (!write && !PassThru && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            return; // declined at -Confirm
        }

        var request = new ScanRequest
        {
            Paths = _paths.Count > 0 ? _paths : null,
            Sources = Source is { Length: > 0 } ? Source.ToHashSet() : null,
        };

        // -WhatIf reads the logs to say what would be recorded, but never creates or changes the ledger.
        using ILedgerStore store = write || File.Exists(ledgerPath) ? LedgerOpener.Open(this, ledgerPath) : new EmptyLedgerStore(ledgerPath);
        using var observer = new PipelineScanObserver();
        try
        {
            LedgerIngestResult ingest = observer.Run(this, () => LedgerIngest.Run(store, request, observer, _stop.Token, whatIf: !write));
            if (PassThru)
            {
                WriteObject(new LedgerUpdate
                {
                    LedgerPath = ledgerPath,
                    SearchedLocations = ingest.SearchedLocations,
                    FilesFound = ingest.FileCount,
                    FilesUnchanged = ingest.FilesUnchanged,
                    FilesAppended = ingest.FilesAppended,
                    FilesReadWhole = ingest.FilesReadWhole,
                    FilesGone = ingest.FilesGone,
                    CopiesRead = ingest.CopiesRead,
                    ResponsesAdded = ingest.Counts.Added,
                    ResponsesReplaced = ingest.Counts.Replaced,
                    MalformedLines = ingest.MalformedLines,
                    UnreadableFiles = ingest.UnreadableFiles,
                    CountedResponses = store.Statistics().CountedRows,
                    WhatIf = ingest.WhatIf,
                });
            }
        }
        catch (LedgerException ex)
        {
            ThrowTerminatingError(LedgerOpener.Error(ex, ledgerPath));
        }
    }

    protected override void StopProcessing() => _stop.Cancel();
}
