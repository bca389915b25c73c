using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;
using ClaudeUsage.Benchmarks.Generation;

namespace ClaudeUsage.Benchmarks.Measuring;

/// <summary>
/// Runs <c>Get-ClaudeUsage -GroupBy Day,Model</c> through the staged module in the PowerShell engine hosted in
/// this process (the child side of the runner), and prints one JSON measurement per run.
/// </summary>
internal static class CmdletMeasurement
{
    public static int Run(string manifest, string home, long bytes, bool noCache, int repeat, string name, bool verbose = false)
    {
        var process = Stopwatch.StartNew();
        using Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        Invoke(runspace, $"Import-Module -Name {Quote(manifest)} -ErrorAction Stop", out _);

        // A first pipeline finishes the engine's own start-up, which is not the command's work. -NoCache is passed
        // when the module has it, so older builds can be measured with the same harness.
        bool hasNoCache = Invoke(runspace, "(Get-Command Get-ClaudeUsage).Parameters.ContainsKey('NoCache')", out _)[0].BaseObject is true;
        string noCacheSwitch = noCache && hasNoCache ? " -NoCache" : string.Empty;
        string script = $"Get-ClaudeUsage -LiteralPath {Quote(home)} -GroupBy Day,Model{noCacheSwitch}{(verbose ? " -Verbose" : string.Empty)}";

        for (int i = 0; i < repeat; i++)
        {
            if (i > 0)
            {
                // Each run's own peak: drop the previous run's garbage and reset the high-water mark (Linux).
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                ResetPeakWorkingSet();
            }

            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            List<PSObject> rows = Invoke(runspace, script, out int errors);
            double seconds = watch.Elapsed.TotalSeconds;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var tokens = new TokenTotals();
            foreach (PSObject row in rows)
            {
                tokens.Input += Long(row, "InputTokens");
                tokens.Output += Long(row, "OutputTokens");
                tokens.CacheWrite += Long(row, "CacheWrite5mTokens") + Long(row, "CacheWrite1hTokens");
                tokens.CacheRead += Long(row, "CacheReadTokens");
                tokens.Responses += Long(row, "Requests");
            }

            var measurement = new Measurement
            {
                Name = i == 0 ? name : name + " (again, same process)",
                Seconds = seconds,
                CpuSeconds = cpu.TotalSeconds,
                ProcessSeconds = process.Elapsed.TotalSeconds,
                PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
                AllocatedBytes = allocated,
                BytesScanned = bytes,
                Rows = rows.Count,
                Tokens = tokens,
                Note = errors > 0 ? $"{errors} error(s)" : null,
            };
            Console.WriteLine(JsonSerializer.Serialize(measurement));
        }

        return 0;
    }

    private static void ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static List<PSObject> Invoke(Runspace runspace, string script, out int errors)
    {
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        List<PSObject> output = [.. ps.Invoke()];
        errors = ps.Streams.Error.Count;
        foreach (VerboseRecord record in ps.Streams.Verbose)
        {
            // Stage timings (measure --verbose): on stderr, so the runner's JSON on stdout stays clean.
            Console.Error.WriteLine($"verbose: {record.Message}");
        }

        foreach (ErrorRecord error in ps.Streams.Error.Take(3))
        {
            Console.Error.WriteLine($"error: {error}");
        }

        return output;
    }

    private static long Long(PSObject row, string property) => row.Properties[property]?.Value is { } v ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
