using System.Management.Automation;
using System.Text;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Dashboard;
using ClaudeUsage.Core.Spikes;
using ClaudeUsage.Core.Time;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Writes a usage dashboard as JSON, a self-contained HTML page and Markdown, for a cron job to refresh and a person to read.</para>
/// <para type="description">Totals for today, this week and this month, each budget's state, the daily history by model, top sessions and projects, usage by source and agent, spikes and warnings. Every file is written atomically.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "ClaudeDashboard", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportClaudeDashboardCommand : BudgetCommandBase
{
    private string? _outputDirectory;

    /// <summary>The folder to write the dashboard files into; created when missing.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Which files to write: Json, Html, Markdown (all three by default).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public DashboardFormat[] Format { get; set; } = [DashboardFormat.Json, DashboardFormat.Html, DashboardFormat.Markdown];

    /// <summary>The files' base name: &lt;Name&gt;.json, &lt;Name&gt;.html, &lt;Name&gt;.md.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "claude-usage";

    /// <summary>Days of daily history to show (30 by default).</summary>
    [Parameter]
    [ValidateRange(1, 3660)]
    public int Days { get; set; } = 30;

    /// <summary>Seconds after which the HTML page reloads itself; 0 turns it off (60 by default).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int RefreshSeconds { get; set; } = 60;

    /// <summary>Emit the files written, as FileInfo objects.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override bool ReadsWholeHistory => false;

    // Every figure is a sum over local days, weeks or months, so the ledger's sums per local hour give it; a spike's
    // and its baseline's responses and the hour in which a budget's limit was reached are read one by one.
    private protected override bool CanSumInLedger => true;

    private protected override bool SumsByHour => true;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || Name.Contains('/') || Name.Contains('\\'))
        {
            Fail($"-Name '{Name}' must be a file name without a folder.", ErrorIds.InvalidFileName, Name);
        }

        _outputDirectory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputDirectory);
    }

    /// <summary>
    /// From the earliest of: the history window less a spike baseline, this week, this month, and each budget
    /// period; responses after -At are left out.
    /// </summary>
    private protected override TimeRange DefaultRange(ZonedCalendar calendar, DateTimeOffset now)
    {
        var options = new SpikeOptions();
        DateTime today = calendar.DayOf(now);
        DateTimeOffset start = Min(
            calendar.StartOfDay(today.AddDays(-(Days - 1) - options.BaselineIntervals)),
            PeriodResolver.Resolve(UsagePeriod.ThisWeek, now, calendar).Start!.Value,
            PeriodResolver.Resolve(UsagePeriod.ThisMonth, now, calendar).Start!.Value,
            EarliestBudgetStart(calendar, now));
        return new TimeRange(start, null);
    }

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        DashboardModel model = DashboardBuilder.Build(
            responses,
            calendar,
            Now,
            Days,
            RefreshSeconds,
            EvaluateBudgets(responses, calendar).ConvertAll(DashboardMapping.Budget),
            DashboardBuilder.Spikes(responses, calendar, Now, Days, LedgerResponses),
            Issues.Select(DashboardMapping.Warning).ToList());

        string folder = _outputDirectory!;
        if (!Directory.Exists(folder))
        {
            if (!ShouldProcess(folder, "Create dashboard folder"))
            {
                return;
            }

            Attempt(folder, () => Directory.CreateDirectory(folder));
        }

        foreach (DashboardFormat format in Format.Distinct())
        {
            string path = System.IO.Path.Combine(folder, Name + Extension(format));
            if (!ShouldProcess(path, $"Write {format} dashboard"))
            {
                continue;
            }

            Attempt(folder, () => AtomicFile.Write(path, stream => Render(format, model, stream)));
            if (PassThru)
            {
                WriteObject(new FileInfo(path));
            }
        }
    }

    private static void Render(DashboardFormat format, DashboardModel model, Stream stream)
    {
        switch (format)
        {
            case DashboardFormat.Json:
                DashboardJsonWriter.Write(stream, model);
                break;
            case DashboardFormat.Html:
                stream.Write(Encoding.UTF8.GetBytes(DashboardHtmlWriter.Render(model)));
                break;
            default:
                stream.Write(Encoding.UTF8.GetBytes(DashboardMarkdownWriter.Render(model)));
                break;
        }
    }

    private static string Extension(DashboardFormat format) => format switch
    {
        DashboardFormat.Json => ".json",
        DashboardFormat.Html => ".html",
        _ => ".md",
    };

    /// <summary>Runs a write; a folder that cannot be created or written is a terminating error naming it.</summary>
    private void Attempt(string folder, Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"Cannot write the dashboard to '{folder}': {ex.Message}", ex),
                ErrorIds.OutputDirectoryUnwritable,
                ErrorCategory.WriteError,
                folder));
        }
    }

    private static DateTimeOffset Min(params DateTimeOffset?[] values) => values.OfType<DateTimeOffset>().Min();
}
