using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClaudeUsage.Benchmarks.Generation;
using ClaudeUsage.Benchmarks.Measuring;

namespace ClaudeUsage.Benchmarks;

/// <summary>
/// The usage ledger as a user lives it: every figure is a whole pwsh process
/// (<c>dotnet pwsh -NoProfile -NonInteractive -File</c>) on the agents' default folders, HOME pointed at a corpus
/// home, beside ccusage's whole process in alternating runs; medians of <c>--fresh</c> rounds. Each round runs, in
/// order: ccusage, a <c>-LogsOnly</c> full scan, a first ingest into an empty ledger, a re-run with no changes, pwsh
/// start-up with and without <c>Import-Module</c>, then 1% appended, a re-run, and ccusage again. Then one pwsh
/// session repeats the command, and (with <c>--responses</c>, default one million) a generated ledger of that many
/// responses is reported from through <c>-LedgerPath</c>. Every run's totals are checked against the ground truth.
/// </summary>
internal sealed class LedgerBenchmark(Options options, int seed)
{
    private readonly Report _report = new();
    private readonly int _fresh = Math.Max(1, options.Int("fresh", 3));
    private readonly int _repeat = Math.Max(1, options.Int("repeat", 10));
    private readonly List<ProcessRun> _all = [];
    private bool _allTotalsGood = true;

    public int Run()
    {
        string repo = BenchmarkRunner.FindRepoRoot();
        string manifest = Path.Combine(repo, "out", "ClaudeUsage", "ClaudeUsage.psd1");
        if (!File.Exists(manifest))
        {
            Console.Error.WriteLine($"The staged module is missing: {manifest}. Build the solution first (dotnet build -c Release).");
            return 2;
        }

        CcusageRunner? ccusage = CcusageRunner.Find(options.Get("ccusage") ?? Environment.GetEnvironmentVariable("CCUSAGE")) is { } exe ? new CcusageRunner(exe) : null;
        Say($"Machine: {Environment.ProcessorCount} cores (nproc), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Say($"Module: {manifest} (commit {Git(repo, "rev-parse --short HEAD")})");
        try
        {
            Say(ccusage is null ? "ccusage: not given (--ccusage PATH or CCUSAGE=PATH); skipped." : $"ccusage: {ccusage.Executable} ({ccusage.Version()})");
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        Say($"Processes: `dotnet pwsh -NoProfile -NonInteractive -File measure.ps1` (PowerShell {new PwshRunner(repo, manifest, Path.Combine(Path.GetTempPath(), "claudeusage-bench", "scripts")).PwshVersionText} local tool){(PwshRunner.MeasuresResources ? " under /usr/bin/time" : "; /usr/bin/time is not installed, so no processor times")}; {_fresh} rounds; warm session {_repeat} repeats after a first call.");
        Say($"Load average at the start: {LoadAverage.Text()}");

        bool ok = true;
        var peaks = new List<(long Size, Dictionary<string, long> Peaks)>();
        string sizes = options.Get("size", "1GB");
        if (!string.Equals(sizes, "none", StringComparison.OrdinalIgnoreCase))
        {
            foreach (string sizeText in sizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                long size = Options.ParseSize(sizeText);
                (bool good, Dictionary<string, long> p) = RunCorpus(repo, manifest, size, ccusage);
                ok &= good;
                peaks.Add((size, p));
            }
        }

        if (peaks.Count > 1)
        {
            Say(string.Empty);
            Say("### Peak working set against corpus size");
            Say(string.Empty);
            Say($"| Run | {string.Join(" | ", peaks.Select(p => $"{p.Size / 1e9:0.#} GB (MB)"))} | Spread |");
            Say($"|---|{string.Concat(peaks.Select(_ => "---:|"))}---:|");
            foreach (string scenario in peaks[0].Peaks.Keys)
            {
                long[] values = peaks.Select(p => p.Peaks.GetValueOrDefault(scenario)).ToArray();
                double spread = values.Min() > 0 ? (double)values.Max() / values.Min() - 1 : double.NaN;
                Say($"| {scenario} | {string.Join(" | ", values.Select(v => (v / 1e6).ToString("N0", CultureInfo.InvariantCulture)))} | {spread * 100:0}% |");
            }
        }

        long responses = options.Int("responses", 1_000_000);
        if (responses > 0)
        {
            ok &= RunMillion(repo, manifest, responses);
        }

        Say(string.Empty);
        Say($"Load average at the end: {LoadAverage.Text()}");
        if (options.Get("markdown") is { } path)
        {
            File.WriteAllText(path, _report.Markdown);
        }

        return ok ? 0 : 1;
    }

    private (bool Ok, Dictionary<string, long> Peaks) RunCorpus(string repo, string manifest, long size, CcusageRunner? ccusage)
    {
        double textScale = BenchmarkRunner.TextScale(options);
        string corpus = options.Get("corpus") ?? BenchmarkRunner.DefaultCorpus(size, seed, textScale);
        CorpusManifest truth = CorpusGenerator.LoadOrGenerate(corpus, size, seed, textScale, options.Flag("regenerate"));

        string home = CorpusGenerator.Home(corpus);
        string scratch = Path.Combine(corpus, "scratch-ledger");
        string data = Path.Combine(scratch, "data"), cache = Path.Combine(scratch, "cache");
        var pwsh = new PwshRunner(repo, manifest, scratch);
        long bytes = truth.Bytes;

        Say(string.Empty);
        Say($"## Corpus {corpus}");
        Say($"{truth.Files:N0} files, {bytes:N0} bytes ({bytes / 1e6:N0} MB), {truth.Tokens.Responses:N0} responses; ground truth {truth.Tokens}");
        Say(string.Empty);
        Say($"Load average before: {LoadAverage.Text()}");

        // Not reported: the files into the page cache, pwsh's start-up profile written into HOME (as on any machine
        // pwsh has run on before), ccusage's binary into the page cache.
        PageCache.Warm(home);
        pwsh.Run("warm-up", PwshMode.Import, home, data, cache);
        ccusage?.Measure("warm-up", home, bytes);

        Say(string.Empty);
        Say("| Round | Run | Load (1 min) | Process wall (s) | Command in process (s) | CPU (s) | Peak RSS (MB) | Tokens |");
        Say("|---:|---|---:|---:|---:|---:|---:|---|");

        var runs = new Dictionary<string, List<ProcessRun>>();
        void Add(string key, ProcessRun run, int round, TokenTotals? expected)
        {
            (runs.TryGetValue(key, out var list) ? list : runs[key] = []).Add(run);
            _all.Add(run);
            string tokens;
            if (run.Note is not null)
            {
                tokens = "FAILED: " + run.Note;
                _allTotalsGood = false;
            }
            else if (expected is null)
            {
                tokens = "";
            }
            else
            {
                bool same = run.Tokens is { } t && t.SameTokens(expected);
                _allTotalsGood &= same;
                tokens = same ? "= ground truth" : $"DIFFERENT: {run.Tokens}";
            }

            Say($"| {round} | {run.Name} | {run.LoadBefore:0.00} | {run.WallSeconds:0.000} | {(run.CommandSeconds > 0 ? run.CommandSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "")} | {(run.CpuSeconds > 0 ? run.CpuSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "")} | {run.PeakBytes / 1e6:N0} | {tokens} |");
        }

        TokenTotals afterTruth = truth.Tokens;
        for (int round = 1; round <= _fresh; round++)
        {
            if (ccusage is not null)
            {
                Add("ccusage", Ccusage(() => ccusage.Measure("ccusage daily --json --offline", home, bytes)), round, truth.Tokens);
            }

            Add("full", pwsh.Run("-LogsOnly full scan", PwshMode.LogsOnly, home, data, cache), round, truth.Tokens);
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            Add("first", pwsh.Run("first ingest + report (empty ledger)", PwshMode.Ledger, home, data, cache), round, truth.Tokens);
            Add("unchanged", pwsh.Run("re-run, no changes", PwshMode.Ledger, home, data, cache), round, truth.Tokens);
            Add("import", pwsh.Run("pwsh start + Import-Module, no command", PwshMode.Import, home, data, cache), round, null);
            Add("start", pwsh.Run("pwsh start alone", PwshMode.Start, home, data, cache), round, null);
            if (pwsh.PwshDll is not null)
            {
                Add("direct", pwsh.Run("pwsh.dll started directly + Import-Module", PwshMode.Import, home, data, cache, launch: PwshLaunch.Direct), round, null);
            }

            (TokenTotals added, long addedBytes, int addedFiles) = CorpusAppender.Append(corpus, 0.01, seed + 1);
            afterTruth = truth.Tokens with { };
            afterTruth.Add(added);
            if (round == 1)
            {
                Say($"| | *appended {addedBytes:N0} bytes ({addedBytes * 100.0 / bytes:0.00}%) to {addedFiles} files: {added.Responses:N0} new responses (every round)* | | | | | | |");
            }

            Add("append", pwsh.Run("re-run after 1% appended", PwshMode.Ledger, home, data, cache), round, afterTruth);
            if (ccusage is not null)
            {
                Add("ccusage-append", Ccusage(() => ccusage.Measure("ccusage after 1% appended", home, bytes + addedBytes)), round, afterTruth);
            }

            CorpusAppender.Restore(corpus);
        }

        // One session: the first call ingests into an empty ledger, the next ones find nothing new.
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        ProcessRun session = pwsh.Run($"one pwsh session: first call (empty ledger), then {_repeat} repeats", PwshMode.Ledger, home, data, cache, repeat: 1 + _repeat);
        Add("session", session, 0, truth.Tokens);
        List<PwshCall> calls = session.Report?.Calls ?? [];
        foreach (PwshCall call in calls.Skip(1))
        {
            bool same = call.Tokens.SameTokens(truth.Tokens);
            _allTotalsGood &= same;
            if (!same)
            {
                Say($"| 0 | session repeat: DIFFERENT totals {call.Tokens} | | | | | | |");
            }
        }

        double[] repeats = calls.Skip(1).Select(c => c.Milliseconds).ToArray();
        Say($"| 0 | session repeats, {repeats.Length} calls (ms): {string.Join(", ", repeats.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} | | | | | | {(calls.Skip(1).All(c => c.Tokens.SameTokens(truth.Tokens)) ? "all = ground truth" : "DIFFERENT")} |");

        // Where the time goes: the module's -Verbose stage timings of a first ingest, an unchanged re-run and an append re-run.
        var staged = new List<ProcessRun>();
        Directory.Delete(data, recursive: true);
        staged.Add(pwsh.Run("first ingest + report, -Verbose", PwshMode.Ledger, home, data, cache, stages: true));
        Add("stages", staged[^1], 0, truth.Tokens);
        staged.Add(pwsh.Run("re-run, no changes, -Verbose", PwshMode.Ledger, home, data, cache, stages: true));
        Add("stages", staged[^1], 0, truth.Tokens);
        CorpusAppender.Append(corpus, 0.01, seed + 1);
        staged.Add(pwsh.Run("re-run after 1% appended, -Verbose", PwshMode.Ledger, home, data, cache, stages: true));
        Add("stages", staged[^1], 0, afterTruth);
        CorpusAppender.Restore(corpus);
        Say(string.Empty);
        Say($"Load average after: {LoadAverage.Text()}");
        foreach (ProcessRun run in staged)
        {
            Say(string.Empty);
            Say($"Stage timings, {run.Name} (process {run.WallSeconds:0.000} s, command {run.CommandSeconds:0.000} s):");
            Say(string.Empty);
            foreach (string line in run.Messages.Where(m => m.StartsWith("VERBOSE:", StringComparison.Ordinal)))
            {
                Say($"    {line}");
            }
        }

        // The headline: medians of the whole processes.
        double M(string key, Func<ProcessRun, double> of) => runs.TryGetValue(key, out var l) && l.Count > 0 ? Median(l.Select(of)) : double.NaN;
        long P(string key) => runs.TryGetValue(key, out var l) && l.Count > 0 ? l.Max(r => r.PeakBytes) : 0;
        double full = M("full", r => r.WallSeconds), cc = M("ccusage", r => r.WallSeconds), ccApp = M("ccusage-append", r => r.WallSeconds);
        double first = M("first", r => r.WallSeconds), unchanged = M("unchanged", r => r.WallSeconds), append = M("append", r => r.WallSeconds);
        double import = M("import", r => r.WallSeconds), start = M("start", r => r.WallSeconds), direct = M("direct", r => r.WallSeconds);
        double repeat = repeats.Length > 0 ? Median(repeats) / 1000 : double.NaN;
        string S(double v) => double.IsNaN(v) ? "" : v.ToString("0.000", CultureInfo.InvariantCulture);
        string Mb(long v) => v > 0 ? (v / 1e6).ToString("N0", CultureInfo.InvariantCulture) : "";
        string Of(double v) => double.IsNaN(v) || double.IsNaN(full) ? "" : (v / full * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

        Say(string.Empty);
        Say($"### Medians, {size / 1e9:0.#} GB ({_fresh} rounds; load {runs.Values.SelectMany(l => l).Min(r => r.LoadBefore):0.0}–{runs.Values.SelectMany(l => l).Max(r => r.LoadBefore):0.0} before the runs)");
        Say(string.Empty);
        Say("| Scenario | ClaudeUsage process (s) | Of the full scan | Target | Command in process (s) | ccusage process (s) | Peak RSS (MB) |");
        Say("|---|---:|---:|---|---:|---:|---:|");
        Say($"| `-LogsOnly` full scan | {S(full)} | 100% | | {S(M("full", r => r.CommandSeconds))} | {S(cc)} | {Mb(P("full"))} |");
        Say($"| first ingest + report, empty ledger | {S(first)} | {Of(first)} | ≤ 130% | {S(M("first", r => r.CommandSeconds))} | {S(cc)} | {Mb(P("first"))} |");
        Say($"| re-run, no changes | {S(unchanged)} | {Of(unchanged)} | ≤ 10% | {S(M("unchanged", r => r.CommandSeconds))} | {S(cc)} | {Mb(P("unchanged"))} |");
        Say($"| re-run after 1% appended | {S(append)} | {Of(append)} | ≤ 15% | {S(M("append", r => r.CommandSeconds))} | {S(ccApp)} | {Mb(P("append"))} |");
        Say($"| warm session, repeated call (median of {repeats.Length}) | | | < 50 ms | {S(repeat)} | | {Mb(session.PeakBytes)} (session) |");
        Say($"| pwsh start + `Import-Module`, no command | {S(import)} | {Of(import)} | | {S(M("import", r => r.Report?.ImportMilliseconds / 1000 ?? 0))} (import) | | {Mb(P("import"))} |");
        Say($"| pwsh start alone | {S(start)} | {Of(start)} | | | | {Mb(P("start"))} |");
        if (!double.IsNaN(direct))
        {
            Say($"| pwsh.dll started directly (no `dotnet pwsh` tool look-up) + `Import-Module` | {S(direct)} | {Of(direct)} | | | | {Mb(P("direct"))} |");
        }

        long treePeak = runs.Where(kv => !kv.Key.StartsWith("ccusage", StringComparison.Ordinal)).SelectMany(kv => kv.Value).Select(r => r.TreePeakBytes).DefaultIfEmpty(0).Max();
        long peakAll = new[] { "full", "first", "unchanged", "append", "session" }.Max(P);
        Say(string.Empty);
        bool ok = Check("totals of every run (ClaudeUsage and ccusage) equal the ground truth", _allTotalsGood);
        ok &= Check($"first ingest + report {S(first)} s = {Of(first)} of the full scan ({S(full)} s), target ≤ 130%", first <= 1.3 * full);
        ok &= Check($"re-run with no changes {S(unchanged)} s = {Of(unchanged)} of the full scan, target ≤ 10% (pwsh start + Import-Module alone: {S(import)} s = {Of(import)})", unchanged <= 0.10 * full);
        ok &= Check($"re-run after 1% appended {S(append)} s = {Of(append)} of the full scan, target ≤ 15%", append <= 0.15 * full);
        ok &= Check($"warm session repeat {repeat * 1000:0} ms (median of {repeats.Length}), target < 50 ms", repeat < 0.050);
        ok &= Check($"peak RSS of the pwsh process {Mb(peakAll)} MB (largest: full {Mb(P("full"))}, first {Mb(P("first"))}, unchanged {Mb(P("unchanged"))}, append {Mb(P("append"))}, session {Mb(session.PeakBytes)}), target < 200 MB; largest process of a `dotnet pwsh` tree {Mb(treePeak)} MB", peakAll < 200_000_000);
        if (!double.IsNaN(cc))
        {
            Say($"- ccusage whole process {S(cc)} s ({S(ccApp)} s after the append), peak {Mb(P("ccusage"))} MB. ClaudeUsage's time as a multiple of ccusage's: full scan {full / cc:0.00}x, first ingest {first / cc:0.00}x, unchanged re-run {unchanged / cc:0.00}x, append re-run {append / ccApp:0.00}x");
        }

        var peaks = new Dictionary<string, long>
        {
            ["-LogsOnly full scan"] = P("full"),
            ["first ingest + report"] = P("first"),
            ["re-run, no changes"] = P("unchanged"),
            ["re-run after 1% appended"] = P("append"),
            ["warm session"] = session.PeakBytes,
        };
        return (ok, peaks);
    }

    private bool RunMillion(string repo, string manifest, long responses)
    {
        string folder = options.Get("ledger-folder") ?? MillionLedger.DefaultFolder(responses, seed);
        string ledger = MillionLedger.LedgerFile(folder);
        string home = MillionLedger.EmptyHome(folder);
        string scratch = Path.Combine(folder, "scratch");
        string data = Path.Combine(scratch, "data"), cache = Path.Combine(scratch, "cache");
        LedgerManifest? truth = LedgerManifest.Load(folder);
        if (truth is null || truth.Responses != responses || options.Flag("regenerate")
            || truth.FirstUtc < DateTimeOffset.UtcNow.AddYears(-1).AddMinutes(10))
        {
            Console.WriteLine($"Generating a ledger of {responses:N0} responses in {folder} ...");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            foreach (string agent in new[] { Path.Combine(".claude", "projects"), Path.Combine(".pi", "agent", "sessions"), ".openclaw" })
            {
                Directory.CreateDirectory(Path.Combine(home, agent));
            }

            var create = new PwshRunner(repo, manifest, scratch).Run("create", PwshMode.Update, home, data, cache, ledgerPath: ledger);
            if (create.Note is not null)
            {
                Console.Error.WriteLine($"Update-ClaudeUsageLedger -LedgerPath failed: {create.Note}");
                return false;
            }

            truth = MillionLedger.Fill(folder, responses, DateTimeOffset.UtcNow);

            // The rows were written by sqlite3, not by an ingest: one update sums them per quarter, as an ingest does.
            var sum = new PwshRunner(repo, manifest, scratch).Run("sum", PwshMode.Update, home, data, cache, ledgerPath: ledger);
            if (sum.Note is not null)
            {
                Console.Error.WriteLine($"Update-ClaudeUsageLedger -LedgerPath failed: {sum.Note}");
                return false;
            }

            Console.WriteLine($"Summed the rows per quarter hour in one Update-ClaudeUsageLedger: {sum.WallSeconds:0.00} s whole process.");
        }

        var pwsh = new PwshRunner(repo, manifest, scratch);
        DateTimeOffset since = DateTimeOffset.UtcNow.AddYears(-1);
        Say(string.Empty);
        Say($"## A ledger of {truth.Responses:N0} responses ({ledger})");
        Say($"{truth.Sessions:N0} sessions of {MillionLedger.PerSession} responses, 40 projects, six models, {truth.FirstUtc:yyyy-MM-dd} to {truth.LastUtc:yyyy-MM-dd}; {truth.Bytes / 1e6:N0} MB; rows written by sqlite3 in {truth.GenerateSeconds:0.0} s; ground truth {truth.Tokens}");
        Say($"Command: `Get-ClaudeUsage -GroupBy Day,Model -Since '{since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}' -LedgerPath {ledger}`, HOME with empty agent folders.");
        Say(string.Empty);
        Say($"Load average before: {LoadAverage.Text()}");

        pwsh.Run("warm-up", PwshMode.Import, home, data, cache);
        Say(string.Empty);
        Say("| Round | Run | Load (1 min) | Process wall (s) | Command in process (s) | CPU (s) | Peak RSS (MB) | Allocated by the command (MB) | Tokens |");
        Say("|---:|---|---:|---:|---:|---:|---:|---:|---|");
        var fresh = new List<ProcessRun>();
        void Add(ProcessRun run, int round)
        {
            _all.Add(run);
            bool same = run.Note is null && run.Tokens is { } t && t.SameTokens(truth.Tokens) && t.Responses == truth.Tokens.Responses;
            _allTotalsGood &= same;
            long alloc = run.Report is { Calls.Count: > 0 } r ? r.Calls[0].AllocatedBytes : 0;
            Say($"| {round} | {run.Name} | {run.LoadBefore:0.00} | {run.WallSeconds:0.000} | {run.CommandSeconds:0.000} | {run.CpuSeconds:0.00} | {run.PeakBytes / 1e6:N0} | {alloc / 1e6:N0} | {(run.Note is not null ? "FAILED: " + run.Note : same ? "= ground truth" : $"DIFFERENT: {run.Tokens}")} |");
        }

        for (int round = 1; round <= _fresh; round++)
        {
            ProcessRun run = pwsh.Run("report, fresh process", PwshMode.LedgerPath, home, data, cache, ledgerPath: ledger, since: since);
            Add(run, round);
            fresh.Add(run);
        }

        ProcessRun stages = pwsh.Run("report, fresh process, -Verbose", PwshMode.LedgerPath, home, data, cache, ledgerPath: ledger, since: since, stages: true);
        Add(stages, 0);
        ProcessRun session = pwsh.Run($"one pwsh session: first call, then {_repeat} repeats", PwshMode.LedgerPath, home, data, cache, repeat: 1 + _repeat, ledgerPath: ledger, since: since);
        Add(session, 0);
        List<PwshCall> calls = session.Report?.Calls ?? [];
        bool repeatsGood = calls.Skip(1).All(c => c.Tokens.SameTokens(truth.Tokens));
        _allTotalsGood &= repeatsGood;
        double[] repeats = calls.Skip(1).Select(c => c.Milliseconds).ToArray();
        Say($"| 0 | session repeats, {repeats.Length} calls (ms): {string.Join(", ", repeats.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} | | | | | | {(calls.Count > 1 ? Median(calls.Skip(1).Select(c => (double)c.AllocatedBytes)) / 1e6 : 0):N0} (median) | {(repeatsGood ? "all = ground truth" : "DIFFERENT")} |");

        // What SQLite alone takes to sum the same rows per day and model (a whole sqlite3 process).
        (double sqlSeconds, long sqlPeak) = SqliteAggregate(ledger, since, aggregate: true);
        (double selectSeconds, long selectPeak) = SqliteAggregate(ledger, since, aggregate: false);
        Say(string.Empty);
        Say($"Load average after: {LoadAverage.Text()}");
        Say(string.Empty);
        Say("Stage timings (`-Verbose`, fresh process):");
        Say(string.Empty);
        foreach (string line in stages.Messages.Where(m => m.StartsWith("VERBOSE:", StringComparison.Ordinal)))
        {
            Say($"    {line}");
        }

        double median = Median(fresh.Select(r => r.WallSeconds)), medianCommand = Median(fresh.Select(r => r.CommandSeconds));
        double repeat = repeats.Length > 0 ? Median(repeats) / 1000 : double.NaN;
        Say(string.Empty);
        Say($"- the same sums per day and model in SQL (`sqlite3`, GROUP BY over the counted rows in range, whole process): {sqlSeconds:0.000} s, peak {sqlPeak / 1e6:N0} MB");
        Say($"- SQLite stepping through the rows the module reads (its SELECT, every column, printed to /dev/null by `sqlite3`): {selectSeconds:0.000} s, peak {selectPeak / 1e6:N0} MB");
        bool ok = Check($"{truth.Responses:N0}-response report, whole process {median:0.000} s (median of {fresh.Count}; the command itself {medianCommand:0.000} s), target < 1 s", median < 1.0);
        ok &= Check($"{truth.Responses:N0}-response report, warm session {repeat:0.000} s (median of {repeats.Length} repeats), target < 1 s", repeat < 1.0);
        Say($"- peak RSS {fresh.Append(session).Max(r => r.PeakBytes) / 1e6:N0} MB; the command allocates {(fresh.Count > 0 && fresh[0].Report is { Calls.Count: > 0 } rr ? rr.Calls[0].AllocatedBytes / 1e6 : 0):N0} MB per call");
        ok &= Check("totals of every run equal the ground truth", _allTotalsGood);
        ok &= RunReports(pwsh, home, data, cache, ledger, scratch, truth);
        return ok;
    }

    /// <summary>
    /// The other report cmdlets on the same ledger, each in fresh processes, the commands taking turns round by round:
    /// the moment is the ledger's last response (the budgets: the last second of the last whole month, their heaviest
    /// case), so every report has a month and more behind it. The sessions of all time must add up to the ground truth.
    /// </summary>
    private bool RunReports(PwshRunner pwsh, string home, string data, string cache, string ledger, string scratch, LedgerManifest truth)
    {
        string Q(string text) => "'" + text.Replace("'", "''") + "'";
        string At(DateTimeOffset at) => Q(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        DateTimeOffset last = truth.LastUtc;
        DateTimeOffset monthEnd = new DateTimeOffset(last.Year, last.Month, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(-1);
        string on = $" -LedgerPath {Q(ledger)}", dashboard = Path.Combine(scratch, "dashboard");
        (string Name, string Command)[] reports =
        [
            ("Get-ClaudeSession, all time", "Get-ClaudeSession -Period AllTime" + on),
            ("Get-ClaudeBillingBlock, 6 months", $"Get-ClaudeBillingBlock -Since {At(last.AddDays(-183))}" + on),
            ("Test-ClaudeBudget, a whole month", $"Test-ClaudeBudget -Daily 50 -Weekly 300 -Monthly 1000 -Detailed -At {At(monthEnd)}" + on),
            ("Find-ClaudeUsageSpike (hours, the default baseline)", $"Find-ClaudeUsageSpike -At {At(last)}" + on),
            ("Export-ClaudeDashboard (30 days, all formats)", $"Export-ClaudeDashboard -OutputDirectory {Q(dashboard)} -At {At(last)}" + on),
            ("Get-ClaudeUsageRecord, the last day", $"Get-ClaudeUsageRecord -Since {At(last.AddDays(-1))}" + on),
        ];
        var runs = reports.ToDictionary(r => r.Name, _ => new List<ProcessRun>());
        for (int round = 1; round <= _fresh; round++)
        {
            foreach ((string name, string command) in reports)
            {
                runs[name].Add(pwsh.Run(name, PwshMode.Report, home, data, cache, command: command));
            }
        }

        Say(string.Empty);
        Say($"### The other reports on this ledger (fresh processes, medians of {_fresh}, the commands taking turns; the last response at {last.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
        Say(string.Empty);
        Say("| Report | Process wall (s) | Command in process (s) | CPU (s) | Peak RSS (MB) | Objects | Note |");
        Say("|---|---:|---:|---:|---:|---:|---|");
        bool ok = true, sessionsGood = false;
        foreach ((string name, string command) in reports)
        {
            List<ProcessRun> r = runs[name];
            _all.AddRange(r);
            string? failed = r.Select(x => x.Note).FirstOrDefault(n => n is not null);
            string note = failed is not null ? "FAILED: " + failed : "";
            if (name.StartsWith("Get-ClaudeSession", StringComparison.Ordinal) && failed is null)
            {
                sessionsGood = r.All(x => x.Tokens is { } t && t.SameTokens(truth.Tokens));
                note = sessionsGood ? "tokens = ground truth" : $"DIFFERENT: {r[0].Tokens}";
            }

            ok &= failed is null;
            int objects = r.Count > 0 && r[0].Report is { Calls.Count: > 0 } rep ? rep.Calls[0].Rows : 0;
            Say($"| `{command.Replace(on, " -LedgerPath …", StringComparison.Ordinal).Replace(Q(dashboard), "…", StringComparison.Ordinal)}` | {Median(r.Select(x => x.WallSeconds)):0.000} | {Median(r.Select(x => x.CommandSeconds)):0.000} | {Median(r.Select(x => x.CpuSeconds)):0.00} | {r.Max(x => x.PeakBytes) / 1e6:N0} | {objects:N0} | {note} |");
        }

        Say(string.Empty);
        Say($"Load average after: {LoadAverage.Text()}");
        return Check("sessions of all time add up to the ground truth", sessionsGood) && ok;
    }

    /// <summary>The same report as a SQL aggregate in a sqlite3 process: how long SQLite alone takes over the rows.</summary>
    private static (double Seconds, long PeakBytes) SqliteAggregate(string ledger, DateTimeOffset since, bool aggregate)
    {
        string sql = aggregate ? $"""
            SELECT date((r.at_utc_ticks - 621355968000000000) / 10000000, 'unixepoch') AS day, k.model, COUNT(*), SUM(r.input_tokens), SUM(r.output_tokens),
                   SUM(r.cache_write_5m_tokens + r.cache_write_1h_tokens), SUM(r.cache_read_tokens)
            FROM responses r JOIN log_files f ON f.file_id = r.file_id JOIN response_keys k ON k.key_id = r.key_id
            WHERE r.counted = 1 AND r.at_utc_ticks >= {since.UtcTicks.ToString(CultureInfo.InvariantCulture)}
            GROUP BY day, k.model;
            """ : $"""
            .output /dev/null
            SELECT r.response_key_hi, r.response_key_lo, r.request_key_hi, r.request_key_lo, r.message_id, r.request_id, r.step, r.step_number,
                   r.at_utc_ticks, r.key_id, r.input_tokens, r.output_tokens, r.cache_write_5m_tokens, r.cache_write_1h_tokens,
                   r.cache_read_tokens, r.web_search_requests, r.web_fetch_requests, r.code_execution_requests, r.service_tier,
                   r.is_sidechain, r.copy_rank, r.recorded_cost, f.path, r.line_number, f.present, r.skill, r.plugin, r.subagent, r.mcp_servers
            FROM responses r JOIN log_files f ON f.file_id = r.file_id
            WHERE r.counted = 1 AND r.at_utc_ticks >= {since.UtcTicks.ToString(CultureInfo.InvariantCulture)} AND r.at_utc_ticks < 9223372036854775807;
            """;
        string timeOutput = Path.GetTempFileName();
        bool hasTime = File.Exists("/usr/bin/time");
        var psi = new ProcessStartInfo(hasTime ? "/usr/bin/time" : "sqlite3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in hasTime ? new[] { "-f", "%e %M", "-o", timeOutput, "sqlite3", "-batch", "-bail", "-readonly", ledger } : ["-batch", "-bail", "-readonly", ledger])
        {
            psi.ArgumentList.Add(a);
        }

        var watch = Stopwatch.StartNew();
        using Process p = Process.Start(psi)!;
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        p.StandardInput.Write(sql);
        p.StandardInput.Close();
        p.WaitForExit();
        _ = output.Result;
        double seconds = watch.Elapsed.TotalSeconds;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"sqlite3 failed (exit {p.ExitCode}) on the ledger's own query: the harness's SQL is not the schema's.");
        }

        long peak = hasTime && long.TryParse(File.ReadAllText(timeOutput).Trim().Split('\n')[^1].Split(' ')[^1], CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : 0;
        File.Delete(timeOutput);
        return (seconds, peak);
    }

    /// <summary>A ccusage run as a row, with the load average before it.</summary>
    private static ProcessRun Ccusage(Func<Measurement> measure)
    {
        double load = LoadAverage.OneMinute();
        Measurement m = measure();
        return new ProcessRun
        {
            Name = m.Name,
            WallSeconds = m.Seconds,
            CpuSeconds = m.CpuSeconds,
            PeakBytes = m.PeakWorkingSetBytes,
            TreePeakBytes = m.PeakWorkingSetBytes,
            LoadBefore = load,
            Tokens = m.Note is null ? m.Tokens : null,
            Note = m.Note,
        };
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Git(string repo, string args)
    {
        try
        {
            var psi = new ProcessStartInfo("git", args) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private bool Check(string text, bool met) => _report.Check(text, met);

    private void Say(string line) => _report.Say(line);
}
