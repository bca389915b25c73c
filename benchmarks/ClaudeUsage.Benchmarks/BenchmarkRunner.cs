using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ClaudeUsage.Benchmarks.Generation;
using ClaudeUsage.Benchmarks.Measuring;

namespace ClaudeUsage.Benchmarks;

/// <summary>
/// The whole benchmark for one or more corpus sizes: cold and warm full scans through the cmdlet (each in a fresh
/// process), the cache's first run, a re-run with no changes, a re-run after 1% new lines, and ccusage on the same
/// folder; checks every run's token totals against the generator's ground truth and prints the targets.
/// </summary>
/// <remarks>
/// A scheduled run is one command in a new process, so the targets are judged on fresh processes: each of the warm
/// full scan, the unchanged re-run and the re-run after an append is measured in <c>--fresh</c> processes (default
/// 3) and the median is taken, since one sample on a shared machine can be off by a third. <c>--repeat</c> runs the
/// command again in the first of those processes, to show the speed once the JIT has warmed up.
/// </remarks>
internal sealed class BenchmarkRunner(Options options, int seed)
{
    private readonly Report _report = new();
    private readonly int _repeat = options.Int("repeat", 3);
    private readonly int _fresh = Math.Max(1, options.Int("fresh", 3));

    public static string DefaultCorpus(long size, int seed, double textScale = 1.0) =>
        Path.Combine(Path.GetTempPath(), "claudeusage-bench", $"corpus-{size / 1_000_000}MB-seed{seed}{(textScale == 1.0 ? "" : "-dense")}");

    /// <summary><c>--dense</c>: the denser corpus (<see cref="CorpusGenerator.DenseTextScale"/>), else the harness corpus.</summary>
    public static double TextScale(Options options) => options.Flag("dense") ? CorpusGenerator.DenseTextScale : 1.0;

    public int Run()
    {
        string manifest = Path.Combine(FindRepoRoot(), "out", "ClaudeUsage", "ClaudeUsage.psd1");
        if (!File.Exists(manifest))
        {
            Console.Error.WriteLine($"The staged module is missing: {manifest}. Build the solution first.");
            return 2;
        }

        CcusageRunner? ccusage = CcusageRunner.Find(options.Get("ccusage") ?? Environment.GetEnvironmentVariable("CCUSAGE")) is { } exe ? new CcusageRunner(exe) : null;
        string machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        Say($"Machine: {machine}");
        Say($"Module: {manifest}");
        try
        {
            Say(ccusage is null ? "ccusage: not given (--ccusage PATH or CCUSAGE=PATH); skipped." : $"ccusage: {ccusage.Executable} ({ccusage.Version()})");
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var peaks = new List<(long Size, long Peak)>();
        bool allGood = true;
        foreach (string sizeText in options.Get("size", "1GB").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            long size = Options.ParseSize(sizeText);
            (bool ok, long peak) = RunOne(manifest, size, ccusage);
            allGood &= ok;
            peaks.Add((size, peak));
        }

        if (peaks.Count > 1)
        {
            long low = peaks.Min(p => p.Peak), high = peaks.Max(p => p.Peak);
            double spread = (double)high / low - 1;
            allGood &= Check($"peak working set flat in corpus size: {string.Join(" vs ", peaks.Select(p => $"{p.Size / 1e9:0.#} GB {p.Peak / 1e6:N0} MB"))} ({spread:P0} apart, target within 20%)", spread <= 0.20);
        }

        if (options.Get("markdown") is { } path)
        {
            File.WriteAllText(path, _report.Markdown);
        }

        return allGood ? 0 : 1;
    }

    private (bool Ok, long Peak) RunOne(string manifest, long size, CcusageRunner? ccusage)
    {
        double textScale = TextScale(options);
        string corpus = options.Get("corpus") ?? DefaultCorpus(size, seed, textScale);
        CorpusManifest truth = CorpusGenerator.LoadOrGenerate(corpus, size, seed, textScale, options.Flag("regenerate"));

        string home = CorpusGenerator.Home(corpus);
        long bytes = truth.Bytes;
        string cacheDir = Path.Combine(corpus, "cache");
        Say(string.Empty);
        Say($"## Corpus {corpus}");
        Say($"{truth.Files:N0} files, {bytes:N0} bytes ({bytes / 1e6:N0} MB), {truth.Tokens.Responses:N0} responses; ground truth {truth.Tokens}");
        Say(string.Empty);
        Say($"Load average before: {LoadAverage()}");
        Say(string.Empty);
        Say("| Run | Wall time (s) | MB/s | CPU time (s) | Allocated (MB) | Peak working set (MB) | Process total (s) | Tokens |");
        Say("|---|---:|---:|---:|---:|---:|---:|---|");

        var all = new List<Measurement>();
        void Report(Measurement m, TokenTotals expected)
        {
            all.Add(m);
            string tokens = m.Note is not null ? m.Note : m.Tokens.SameTokens(expected) ? "= ground truth" : $"DIFFERENT: {m.Tokens}";
            Say($"| {m.Name} | {m.Seconds:0.000} | {(m.BytesScanned > 0 ? m.MegabytesPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "")} | {(m.CpuSeconds > 0 ? m.CpuSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "")} | {(m.AllocatedBytes > 0 ? (m.AllocatedBytes / 1e6).ToString("N0", CultureInfo.InvariantCulture) : "")} | {m.PeakWorkingSetBytes / 1e6:N0} | {m.ProcessSeconds:0.00} | {tokens} |");
        }

        // Full scans without the cache.
        if (PageCache.CanEvict)
        {
            PageCache.Evict(home);
            Report(Child(manifest, home, bytes, "cmdlet -NoCache, cold page cache, fresh process", noCache: true, 1, cacheDir)[0], truth.Tokens);
        }

        PageCache.Warm(home);
        List<Measurement> warm = Fresh(manifest, home, bytes, "cmdlet -NoCache, warm page cache, fresh process", noCache: true, cacheDir);
        warm.ForEach(m => Report(m, truth.Tokens));

        // The same with dynamic PGO off, as a scheduled job can run pwsh (see docs/performance.md): not a target.
        List<Measurement> warmNoPgo = Fresh(manifest, home, bytes, "cmdlet -NoCache, warm page cache, fresh process, DOTNET_TieredPGO=0", noCache: true, cacheDir, noPgo: true);
        warmNoPgo.ForEach(m => Report(m, truth.Tokens));

        Measurement? ccWarm = null;
        if (ccusage is not null)
        {
            if (PageCache.CanEvict)
            {
                PageCache.Evict(home);
                Report(ccusage.Measure("ccusage daily --json --offline, cold page cache", home, bytes), truth.Tokens);
            }

            var ccRuns = new List<Measurement>();
            for (int i = 0; i < _repeat; i++)
            {
                Measurement m = ccusage.Measure("ccusage daily --json --offline, warm page cache", home, bytes);
                Report(m, truth.Tokens);
                ccRuns.Add(m);
            }

            ccWarm = ccRuns.OrderBy(m => m.Seconds).ElementAt(ccRuns.Count / 2);
        }

        // The cache: first run builds it, a re-run finds nothing changed, then 1% new lines.
        if (Directory.Exists(cacheDir))
        {
            Directory.Delete(cacheDir, recursive: true);
        }

        Report(Child(manifest, home, bytes, "cmdlet, cache empty (first run writes it), fresh process", noCache: false, 1, cacheDir)[0], truth.Tokens);
        List<Measurement> unchanged = Fresh(manifest, home, bytes, "cmdlet, cache, no changes, fresh process", noCache: false, cacheDir);
        unchanged.ForEach(m => Report(m, truth.Tokens));

        // Each sample: the cache up to date with the corpus as generated, then 1% appended, then the cached run.
        var appendedRuns = new List<Measurement>();
        TokenTotals afterTruth = truth.Tokens;
        long addedBytes = 0;
        for (int i = 0; i < _fresh; i++)
        {
            if (i > 0)
            {
                CorpusAppender.Restore(corpus);
                Child(manifest, home, bytes, "cmdlet, cache, bringing the cache back to the corpus as generated", noCache: false, 1, cacheDir);
            }

            (TokenTotals added, addedBytes, int addedFiles) = CorpusAppender.Append(corpus, 0.01, seed + 1);
            afterTruth = truth.Tokens with { };
            afterTruth.Add(added);
            if (i == 0)
            {
                Say($"| *appended {addedBytes:N0} bytes ({addedBytes * 100.0 / bytes:0.00}%) to {addedFiles} files: {added.Responses:N0} new responses* | | | | | | |");
            }

            Measurement m = Child(manifest, home, bytes + addedBytes, "cmdlet, cache, after 1% appended, fresh process", noCache: false, 1, cacheDir)[0];
            Report(m, afterTruth);
            appendedRuns.Add(m);
        }

        Report(Child(manifest, home, bytes + addedBytes, "cmdlet -NoCache after the append, fresh process", noCache: true, 1, cacheDir)[0], afterTruth);
        CorpusAppender.Restore(corpus);

        Say($"Load average after: {LoadAverage()}");

        // Targets: the median of the fresh-process samples.
        Measurement fullFresh = MedianFresh(warm);
        Measurement fullBest = warm.MinBy(m => m.Seconds)!;
        Measurement unchangedFresh = MedianFresh(unchanged);
        Measurement appended = MedianFresh(appendedRuns);
        // One invocation per process, as a scheduled run: the first run of each measuring process.
        long peak = all.Where(m => m.Name.StartsWith("cmdlet", StringComparison.Ordinal) && !m.Name.EndsWith("(again, same process)", StringComparison.Ordinal)).Max(m => m.PeakWorkingSetBytes);
        Say(string.Empty);
        bool ok = Check($"totals of every run equal the ground truth", all.All(m => m.Note is null && (m.Tokens.SameTokens(truth.Tokens) || m.Tokens.SameTokens(afterTruth))));
        ok &= Check($"warm full scan {fullFresh.MegabytesPerSecond:N0} MB/s in a fresh process, median of {_fresh} ({fullBest.MegabytesPerSecond:N0} MB/s best run), target >= 500 MB/s", fullFresh.MegabytesPerSecond >= 500);
        if (ccWarm is not null)
        {
            double ratio = ccWarm.Seconds / fullFresh.Seconds;
            ok &= Check($"{ratio:0.0}x faster than ccusage ({fullFresh.Seconds:0.00} s vs {ccWarm.Seconds:0.00} s, warm, medians), target >= 3x", ratio >= 3);
            Measurement noPgo = MedianFresh(warmNoPgo);
            Say($"- (with DOTNET_TieredPGO=0: {noPgo.Seconds:0.00} s, {noPgo.MegabytesPerSecond:N0} MB/s, {ccWarm.Seconds / noPgo.Seconds:0.0}x ccusage)");
        }

        ok &= Check($"peak working set {peak / 1e6:N0} MB (largest over the fresh-process runs), target < 200 MB", peak < 200_000_000);
        ok &= Check($"re-run with no changes {unchangedFresh.Seconds:0.000} s = {unchangedFresh.Seconds / fullFresh.Seconds:P1} of the full scan, target <= 5%", unchangedFresh.Seconds <= 0.05 * fullFresh.Seconds);
        ok &= Check($"re-run after 1% appended {appended.Seconds:0.000} s = {appended.Seconds / fullFresh.Seconds:P1} of the full scan, target <= 10%", appended.Seconds <= 0.10 * fullFresh.Seconds);
        return (ok, peak);
    }

    /// <summary>
    /// The command in <c>--fresh</c> new processes; the first also runs it <c>--repeat</c> times in all, except with
    /// <paramref name="noPgo"/> (DOTNET_TieredPGO=0), whose point is the first run of a process.
    /// </summary>
    private List<Measurement> Fresh(string manifest, string home, long bytes, string name, bool noCache, string cacheDir, bool noPgo = false)
    {
        List<Measurement> runs = Child(manifest, home, bytes, name, noCache, noPgo ? 1 : _repeat, cacheDir, noPgo);
        for (int i = 1; i < _fresh; i++)
        {
            runs.AddRange(Child(manifest, home, bytes, name, noCache, 1, cacheDir, noPgo));
        }

        return runs;
    }

    /// <summary>The median of the first runs of each process (the later runs of a process are marked "again").</summary>
    private static Measurement MedianFresh(List<Measurement> runs)
    {
        List<Measurement> fresh = runs.Where(m => !m.Name.EndsWith("(again, same process)", StringComparison.Ordinal)).OrderBy(m => m.Seconds).ToList();
        return fresh[fresh.Count / 2];
    }

    /// <summary>Runs the command in a new measuring process; <paramref name="noPgo"/> sets DOTNET_TieredPGO=0 for it.</summary>
    private List<Measurement> Child(string manifest, string home, long bytes, string name, bool noCache, int repeat, string cacheDir, bool noPgo = false)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "measure", "--manifest", manifest, "--home", home, "--bytes", bytes.ToString(CultureInfo.InvariantCulture), "--repeat", repeat.ToString(CultureInfo.InvariantCulture), "--name", name })
        {
            psi.ArgumentList.Add(arg);
        }

        if (noCache)
        {
            psi.ArgumentList.Add("--no-cache");
        }

        psi.Environment["CLAUDEUSAGE_CACHE_DIR"] = cacheDir;
        if (noPgo)
        {
            psi.Environment["DOTNET_TieredPGO"] = "0";
        }

        using Process p = Process.Start(psi)!;
        var results = new List<Measurement>();
        while (p.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith('{'))
            {
                results.Add(JsonSerializer.Deserialize<Measurement>(line)!);
            }
        }

        p.WaitForExit();
        if (results.Count == 0)
        {
            results.Add(new Measurement { Name = name, Note = $"the measuring process failed (exit {p.ExitCode})" });
        }

        return results;
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), to judge how much other work the timings shared the machine with.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private bool Check(string text, bool met) => _report.Check(text, met);

    private void Say(string line) => _report.Say(line);

    internal static string FindRepoRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "ClaudeUsage.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (ClaudeUsage.sln) above the harness.");
    }
}
