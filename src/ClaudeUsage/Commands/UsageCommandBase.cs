using System.Management.Automation;
using ClaudeUsage.Completers;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;
using ClaudeUsage.Core.Time;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// The parameters every reading cmdlet shares (where to read, what to keep, how to price, which calendar) and
/// the one scan they all run in EndProcessing, after the pipeline has delivered every path and session id.
/// </summary>
public abstract class UsageCommandBase : PSCmdlet, IDisposable
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";

    private readonly List<string> _paths = [];
    private readonly List<string> _pipelineSessionIds = [];
    private readonly Dictionary<string, List<string>> _pipelineAttribution = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ScanIssue> _issues = [];
    private UsageFilter? _filter;
    private PriceTable? _prices;
    private ILedgerStore? _ledger;
    private bool _pathsGiven;
    private DateTime? _pipelineSince;
    private DateTime? _pipelineUntil;

    /// <summary>Log files or folders to read instead of the default locations. Wildcards are expanded.</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Log files or folders to read, taken literally. Binds PSPath from Get-ChildItem and FilePath from Get-ClaudeSession.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FilePath")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Which agents' logs to read; all of them by default.</summary>
    [Parameter]
    public UsageSource[]? Source { get; set; }

    /// <summary>
    /// Keep responses from this time on. A time without a zone is read in -TimeZone; a DateTimeOffset is the instant
    /// it is. Binds Start from piped objects (a spike, a billing block), so a spike drills down in one pipe.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Start")]
    [InstantTransformation]
    public DateTime? Since { get; set; }

    /// <summary>Keep responses before this time. A bare date includes that whole day. Binds End from piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("End")]
    [InstantTransformation]
    public DateTime? Until { get; set; }

    /// <summary>A named calendar range in -TimeZone. Without -Period, -Since or -Until: the last 30 days, or all time when -Path or -LiteralPath is given.</summary>
    [Parameter]
    public UsagePeriod? Period { get; set; }

    /// <summary>The time zone for day, week and month boundaries (IANA or Windows id); the local zone by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    /// <summary>The day weeks start on.</summary>
    [Parameter]
    public DayOfWeek WeekStart { get; set; } = DayOfWeek.Monday;

    /// <summary>Keep only these models (wildcards allowed).</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string[]? Model { get; set; }

    /// <summary>Keep only these projects, matched on name, path or folder slug (wildcards allowed).</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ProjectCompleter))]
    public string[]? Project { get; set; }

    /// <summary>Keep only these sessions (wildcards allowed). Binds SessionId from piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SessionIdCompleter))]
    public string[]? SessionId { get; set; }

    /// <summary>
    /// Keep only responses caused by these Claude Code skills (<c>attributionSkill</c>; wildcards allowed);
    /// <c>(none)</c> keeps those no skill caused. Binds Skill from piped objects.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SkillCompleter))]
    public string[]? Skill { get; set; }

    /// <summary>Keep only responses caused by these Claude Code plugins (<c>attributionPlugin</c>; wildcards allowed); <c>(none)</c> for none. Binds Plugin from piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PluginCompleter))]
    public string[]? Plugin { get; set; }

    /// <summary>Keep only responses made by these Claude Code subagents (type or <c>agent &lt;id&gt;</c>; wildcards allowed); <c>(none)</c> for the main thread. Binds Subagent from piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SubagentCompleter))]
    public string[]? Subagent { get; set; }

    /// <summary>Keep only responses that called these MCP servers (any one of them; wildcards allowed); <c>(none)</c> for those that called none. Binds McpServer from piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(McpServerCompleter))]
    public string[]? McpServer { get; set; }

    /// <summary>Auto calculates from the list price in effect at each response for every model the price table covers, using a cost the log recorded only for other models (a recorded zero for a response with tokens counts as no cost); Calculate uses the price table alone; Recorded only the costs the logs recorded.</summary>
    [Parameter]
    public CostMode CostMode { get; set; } = CostMode.Auto;

    /// <summary>A JSON price file whose models and price periods are laid over the built-in prices.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PricingPath { get; set; }

    /// <summary>
    /// Read the log files themselves, in full: neither the usage ledger nor the usage cache is read or written.
    /// -NoCache is an alias, kept for a release.
    /// </summary>
    [Parameter]
    [Alias("NoCache")]
    public SwitchParameter LogsOnly { get; set; }

    /// <summary>Count only the responses the log files on disk still hold (the ledger is still brought up to date first).</summary>
    [Parameter]
    public SwitchParameter LiveOnly { get; set; }

    /// <summary>The usage ledger to bring up to date and report from, instead of the one in the user's data folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LedgerPath { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LiteralPathSet && LiteralPath is not null)
        {
            _pathsGiven = true;
            foreach (string literal in LiteralPath)
            {
                LogPaths.AddLiteral(this, literal, _paths);
            }
        }
        else if (Path is not null)
        {
            _pathsGiven = true;
            foreach (string pattern in Path)
            {
                LogPaths.AddWildcard(this, pattern, _paths);
            }
        }

        if (SessionId is not null && MyInvocation.ExpectingInput)
        {
            _pipelineSessionIds.AddRange(SessionId);
        }

        if (MyInvocation.ExpectingInput)
        {
            // Piped rows (a summary grouped by Skill, a record) add their values up, as session ids do; a row without
            // one (a summary not grouped by it) adds nothing.
            foreach ((string name, string[]? values) in new[] { (nameof(Skill), Skill), (nameof(Plugin), Plugin), (nameof(Subagent), Subagent), (nameof(McpServer), McpServer) })
            {
                if (values is { Length: > 0 })
                {
                    if (!_pipelineAttribution.TryGetValue(name, out List<string>? piped))
                    {
                        _pipelineAttribution[name] = piped = [];
                    }

                    piped.AddRange(values);
                }
            }

            // Several piped spikes or blocks: the span from the earliest start to the latest end.
            _pipelineSince = Since is { } since && (_pipelineSince is not { } s || since < s) ? since : _pipelineSince;
            _pipelineUntil = Until is { } until && (_pipelineUntil is not { } u || until > u) ? until : _pipelineUntil;
        }
    }

    /// <summary>
    /// False for a command that must read every response and apply -Skill, -Plugin, -Subagent and -McpServer to
    /// what it reports (<see cref="ReportedAttribution"/>): a cache miss is judged against the request before it,
    /// whatever caused that one.
    /// </summary>
    private protected virtual bool FiltersAttributionOnRead => true;

    /// <summary>The attribution filters, when <see cref="FiltersAttributionOnRead"/> is false and one was given; else null.</summary>
    private protected UsageFilter? ReportedAttribution { get; private set; }

    /// <summary>True for a command that needs <see cref="SessionFiles"/>.</summary>
    private protected virtual bool NeedsSessionFiles => false;

    /// <summary>Each session's log files when the responses are sums from the ledger and <see cref="NeedsSessionFiles"/>; set before <see cref="Emit"/>.</summary>
    private protected IReadOnlyList<SessionFile>? SessionFiles { get; private set; }

    /// <summary>True for a command that needs <see cref="FirstResponse"/>.</summary>
    private protected virtual bool NeedsFirstResponse => false;

    /// <summary>When the first response of the sources read was written, before the selection or in it (set before <see cref="Emit"/> when <see cref="NeedsFirstResponse"/>).</summary>
    private protected DateTimeOffset? FirstResponse { get; private set; }

    /// <summary>True when -Model, -Project, -SessionId, -Skill, -Plugin, -Subagent or -McpServer narrow the responses.</summary>
    private protected bool NarrowsResponses =>
        Model is { Length: > 0 } || Project is { Length: > 0 } || SessionId is { Length: > 0 } || _pipelineSessionIds.Count > 0
        || Skill is { Length: > 0 } || Plugin is { Length: > 0 } || Subagent is { Length: > 0 } || McpServer is { Length: > 0 } || _pipelineAttribution.Count > 0;

    /// <summary>The moment the command runs as of: named periods and the default range are resolved relative to it.</summary>
    private protected DateTimeOffset Now { get; private set; }

    /// <summary>The range the caller asked for (-Period, -Since, -Until, or the default); set before <see cref="Emit"/>.</summary>
    private protected TimeRange RequestedRange { get; private set; }

    protected override void EndProcessing()
    {
        (Since, Until) = (_pipelineSince ?? Since, _pipelineUntil ?? Until);
        ZonedCalendar calendar = ResolveCalendar();
        Now = ResolveNow(calendar);
        TimeRange range = ResolveRange(calendar);
        RequestedRange = range;
        PriceTable prices = ResolvePrices();
        TimeRange selection = SelectionRange(range, calendar);
        var attribution = new UsageFilter
        {
            Skill = NameMatcher.CreateAttribution(this, nameof(Skill), Attribution(nameof(Skill), Skill)),
            Plugin = NameMatcher.CreateAttribution(this, nameof(Plugin), Attribution(nameof(Plugin), Plugin)),
            Subagent = NameMatcher.CreateAttribution(this, nameof(Subagent), Attribution(nameof(Subagent), Subagent)),
            McpServer = NameMatcher.CreateAttribution(this, nameof(McpServer), Attribution(nameof(McpServer), McpServer)),
        };
        bool readAll = !FiltersAttributionOnRead && attribution.ByAttribution;
        ReportedAttribution = readAll ? attribution : null;
        var filter = new UsageFilter
        {
            Range = selection,
            Sources = Source is { Length: > 0 } ? Source.ToHashSet() : null,
            Model = NameMatcher.Create(this, nameof(Model), Model),
            Project = NameMatcher.Create(this, nameof(Project), Project),
            Session = NameMatcher.Create(this, nameof(SessionId), _pipelineSessionIds.Count > 0 ? _pipelineSessionIds : SessionId),
            Skill = readAll ? null : attribution.Skill,
            Plugin = readAll ? null : attribution.Plugin,
            Subagent = readAll ? null : attribution.Subagent,
            McpServer = readAll ? null : attribution.McpServer,
        };

        // The ledger's sums are not kept by what caused the responses: a filter on it reads the responses.
        ZonedCalendar sumsCalendar = SumsCalendar(calendar);
        bool sums = CanSumInLedger && !filter.ByAttribution && LedgerSums.AreExact(sumsCalendar, prices);
        ScanResult scan = Scan(selection, sums ? prices.LongContextThresholds : null, sums ? new SumBuckets(sumsCalendar, SumsByHour, prices) : null);
        FirstResponse = scan.FirstResponse;
        SessionFiles = scan.SessionFiles;
        if (scan.FileCount == 0 && !_pathsGiven && !scan.HasLedgerHistory)
        {
            WriteWarning($"No agent logs were found. Looked in: {string.Join(", ", scan.SearchedLocations)}. Use -Path to read logs from another folder.");
        }
        else if (scan.FileCount == 0 && _paths.Count > 0)
        {
            WriteWarning($"No log files (*.jsonl, openclaw-agent.sqlite) were found in: {string.Join(", ", _paths)}.");
        }

        (_filter, _prices) = (filter, prices);
        var costs = new CostCalculator(prices, CostMode);
        var stage = System.Diagnostics.Stopwatch.StartNew();
        List<CountedResponse>? reused = DoneWithResponsesAfterEmit ? SelectionBuffer.Take() : null;
        List<CountedResponse> responses = UsageReport.Select(scan.Responses, filter, costs, NeedsTimeOrder, reused);
        WriteVerbose($"Selected and priced {responses.Count:N0} response(s) ({stage.Elapsed.TotalMilliseconds:N0} ms).");
        foreach ((string model, int count) in costs.UnpricedModels)
        {
            string message = $"No price is known for model '{model}' ({count:N0} response(s)) at their time, and the logs recorded no usable cost (none, or zero for a response that used tokens): their cost is left empty. Add the model with -PricingPath, or see Get-ClaudeModelPrice -All.";
            _issues.Add(new ScanIssue(ScanIssueKind.UnpricedModel, message, model));
            WriteWarning(message);
        }

        stage.Restart();
        bool emitted = false;
        try
        {
            Emit(responses, calendar);
            WriteVerbose($"Wrote the output ({stage.Elapsed.TotalMilliseconds:N0} ms).");
            emitted = true;
        }
        finally
        {
            CloseLedger();
            if (reused is not null)
            {
                SelectionBuffer.Give(responses);
            }

            // Waited for also when the pipeline stops early (Select-Object -First), so the cache is finished.
            if (scan.CacheWrite is { } write)
            {
                IReadOnlyList<string> messages = write.GetAwaiter().GetResult();
                if (emitted)
                {
                    foreach (string message in messages)
                    {
                        WriteVerbose(message);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The ledger's responses from <paramref name="from"/> to before <paramref name="until"/> one by one, filtered and
    /// priced as the report's, in time order: for a report made of the ledger's sums that needs the responses of one
    /// hour of them (when a budget's limit was reached). Only during <see cref="Emit"/> of a report that read the
    /// ledger, which stays open until then.
    /// </summary>
    private protected IReadOnlyList<CountedResponse> LedgerResponses(DateTimeOffset from, DateTimeOffset until)
    {
        UsageFilter filter = _filter ?? throw new InvalidOperationException("No report is being made.");
        ILedgerStore store = _ledger ?? throw new InvalidOperationException("The report did not read the ledger.");
        try
        {
            // Only what the report selected: a spike's day that holds -At ends at -At.
            var stage = System.Diagnostics.Stopwatch.StartNew();
            UsageFilter within = filter.Within(new TimeRange(from, until));
            List<UsageEntry> rows = store.ReadCounted(within.Range.Start, within.Range.End, filter.Sources, withIds: false);
            List<CountedResponse> responses = UsageReport.Select(rows, within, new CostCalculator(_prices!, CostMode));
            WriteVerbose(FormattableString.Invariant($"Read the {responses.Count:N0} response(s) from {within.Range.Start?.UtcDateTime:yyyy-MM-dd HH:mm:ss} to {within.Range.End?.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC one by one ({stage.Elapsed.TotalMilliseconds:N0} ms)."));
            return responses;
        }
        catch (LedgerException ex)
        {
            ThrowTerminatingError(LedgerOpener.Error(ex, store.Description));
            throw; // not reached
        }
    }

    private void CloseLedger()
    {
        _ledger?.Dispose();
        _ledger = null;
        YoungGeneration.Bound(); // a session of reports keeps no more touched than one collection's worth
    }

    /// <summary>The values of a filter on what caused a response: those piped in, else the parameter's.</summary>
    private IEnumerable<string>? Attribution(string parameter, string[]? given) =>
        _pipelineAttribution.TryGetValue(parameter, out List<string>? piped) ? piped : given;

    /// <summary>The unreadable files, malformed lines and unpriced models met; set before <see cref="Emit"/>.</summary>
    private protected IReadOnlyList<ScanIssue> Issues => _issues;

    /// <summary>Whether <see cref="Emit"/> needs the responses in time order (summaries do not).</summary>
    private protected virtual bool NeedsTimeOrder => true;

    /// <summary>
    /// Whether nothing <see cref="Emit"/> writes refers to its list of responses, so the list can be filled again by
    /// the next report in the session (<see cref="SelectionBuffer"/>).
    /// </summary>
    private protected virtual bool DoneWithResponsesAfterEmit => false;

    /// <summary>
    /// Whether <see cref="Emit"/> can take responses summed in the ledger's database (<see cref="ResponseGroup"/>)
    /// instead of one object per response: true for reports made only of sums.
    /// </summary>
    private protected virtual bool CanSumInLedger => false;

    /// <summary>Whether sums the ledger adds up may span a local day (false) or only a local hour (true).</summary>
    private protected virtual bool SumsByHour => false;

    /// <summary>The calendar whose days or hours the ledger's sums may span: the report's, unless its units are another zone's.</summary>
    private protected virtual ZonedCalendar SumsCalendar(ZonedCalendar calendar) => calendar;

    /// <summary>Whether <see cref="Emit"/> shows response ids; other commands leave them out of the scan, which saves memory and time.</summary>
    private protected virtual bool NeedsResponseIds => false;

    /// <summary>Writes the command's objects for the selected, priced responses.</summary>
    private protected abstract void Emit(List<CountedResponse> responses, ZonedCalendar calendar);

    /// <summary>The moment "now" means for this command: the current time unless the command lets the caller choose.</summary>
    private protected virtual DateTimeOffset ResolveNow(ZonedCalendar calendar) => DateTimeOffset.UtcNow;

    /// <summary>The range used when -Period, -Since and -Until are all absent: the last 30 days, or all time when paths were given.</summary>
    private protected virtual TimeRange DefaultRange(ZonedCalendar calendar, DateTimeOffset now) =>
        _pathsGiven ? TimeRange.All : PeriodResolver.Resolve(UsagePeriod.Last30Days, now, calendar);

    /// <summary>
    /// The responses <see cref="Emit"/> receives: those in the requested range, unless the command needs more
    /// (history before the range for a baseline, a window begun before it).
    /// </summary>
    private protected virtual TimeRange SelectionRange(TimeRange requested, ZonedCalendar calendar) => requested;

    /// <summary>
    /// Set to read from the ledger, instead of a time range, every response of the log files that have one from
    /// this moment on, each file whole; null (the default) for the time range.
    /// </summary>
    private protected virtual DateTimeOffset? LedgerFilesActiveFrom => null;

    /// <summary>Where the ledger is read from: the selection's start, unless the store can tell a later point that gives the same result.</summary>
    private protected virtual DateTimeOffset? LedgerReadFrom(ILedgerStore store, TimeRange selection, IReadOnlySet<UsageSource>? sources) => selection.Start;

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose()
    {
        CloseLedger();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The range implied by -Period, -Since and -Until, or the default one.</summary>
    private protected TimeRange ResolveRange(ZonedCalendar calendar)
    {
        DateTimeOffset now = Now;
        TimeRange range = Period is { } period
            ? PeriodResolver.Resolve(period, now, calendar)
            : Since is null && Until is null
                ? DefaultRange(calendar, now)
                : TimeRange.All;

        DateTimeOffset? start = range.Start, end = range.End;
        // A bound beyond any usage timestamp (-Since 0001-01-01, -Until 9999-12-31) is no bound: taken as one, it
        // would fall off the calendar in a zone east or west of UTC.
        if (Since is { } since && since > MinimumBound)
        {
            DateTimeOffset s = ToInstant(since, calendar);
            start = start is null || s > start ? s : start;
        }

        if (Until is { } until && until < MaximumBound)
        {
            DateTimeOffset u = until.Kind != DateTimeKind.Utc && until.TimeOfDay == TimeSpan.Zero
                ? calendar.StartOfDay(until.Date.AddDays(1)) // a bare date means the whole of that day
                : ToInstant(until, calendar);
            end = end is null || u < end ? u : end;
        }

        if (start is not null && end is not null && start >= end && (Since is not null || Until is not null))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-Since ({start:u}) must be earlier than -Until ({end:u})."),
                ErrorIds.InvalidTimeRange,
                ErrorCategory.InvalidArgument,
                null));
        }

        return new TimeRange(start, end);
    }

    /// <summary>Parameter times at or before this (in any zone) are before every usage timestamp.</summary>
    private protected static readonly DateTime MinimumBound = new(1970, 1, 2);

    /// <summary>Parameter times at or after this (in any zone) are after every usage timestamp.</summary>
    private protected static readonly DateTime MaximumBound = new(8999, 12, 30);

    /// <summary>A time given as a parameter: UTC and local times as they are, a time without a zone read in -TimeZone.</summary>
    private protected static DateTimeOffset ToInstant(DateTime value, ZonedCalendar calendar) => value.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(value, TimeSpan.Zero),
        DateTimeKind.Local => new DateTimeOffset(value),
        _ => calendar.ToInstant(value),
    };

    private protected ZonedCalendar ResolveCalendar()
    {
        try
        {
            return new ZonedCalendar(ZonedCalendar.ResolveZone(TimeZone), WeekStart);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{TimeZone}' is not a time zone this system knows. Use an IANA id such as 'Europe/Berlin' or a Windows id such as 'W. Europe Standard Time'.", ex),
                ErrorIds.InvalidTimeZone,
                ErrorCategory.InvalidArgument,
                TimeZone));
            throw; // not reached
        }
    }

    private protected PriceTable ResolvePrices() => PriceTableLoader.Load(this, PricingPath);

    /// <summary>
    /// The responses to report. The default sources are read through the usage ledger: it is brought up to date
    /// from the logs, then answers for everything it ever counted, so a deleted transcript still counts. -Path and
    /// -LiteralPath read just those files (with the usage cache), -LogsOnly reads the logs alone, and -LiveOnly
    /// counts what the logs still hold after updating the ledger.
    /// </summary>
    /// <param name="selection">The time range the report reads.</param>
    /// <param name="sumThresholds">
    /// Set when the report may take responses summed in the ledger: the price table's long-context thresholds the
    /// sums are cut by. Null to read one object per response.
    /// </param>
    /// <param name="sumBuckets">With <paramref name="sumThresholds"/>: how far the ledger may add its sums up.</param>
    private protected ScanResult Scan(TimeRange selection, IReadOnlyList<long>? sumThresholds = null, SumBuckets? sumBuckets = null)
    {
        var request = new ScanRequest
        {
            Paths = _pathsGiven ? _paths : null,
            Sources = Source is { Length: > 0 } ? Source.ToHashSet() : null,
            Cache = LogsOnly ? null : ScanCache.ForUser(UserEnvironment.Current),
            KeepIds = NeedsResponseIds,
            FindFirstResponse = NeedsFirstResponse,
            FindSessionFiles = NeedsSessionFiles,
        };

        using var observer = new PipelineScanObserver();
        ScanResult scan;
        if (_pathsGiven || LogsOnly)
        {
            scan = observer.Run(this, () => UsageScanner.Scan(request, observer, _stop.Token));
        }
        else
        {
            string ledgerPath = LedgerOpener.PathFor(this, LedgerPath);
            ILedgerStore store = _ledger = LedgerOpener.Open(this, ledgerPath); // open until the output is written (LedgerResponses)
            try
            {
                scan = observer.Run(this, () => LedgerScan.Run(store, request, () => LedgerReadFrom(store, selection, request.Sources), selection.End, sumThresholds, sumBuckets, LiveOnly, observer, _stop.Token, LedgerFilesActiveFrom));
            }
            catch (LedgerException ex)
            {
                ThrowTerminatingError(LedgerOpener.Error(ex, ledgerPath));
                throw; // not reached
            }
        }

        _issues.AddRange(observer.Issues);
        return scan;
    }
}
