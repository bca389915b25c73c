using System.Diagnostics;
using System.Globalization;
using System.Text;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Two module processes bring one ledger up to date and report from it in a loop while transcripts are being
/// appended to: neither may fail on the other's lock, and every total either prints must be one the logs really had.
/// </summary>
public class LedgerConcurrencyTests
{
    private const int Files = 3;
    private const int LineCount = 200;
    private const int Iterations = 25;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    // Line k (1-based) is written to file (k - 1) % 3 with 10·k input and k output tokens: 11·k tokens.
    private static long TokensOf(int line) => 11L * line;

    private static int FileOf(int line) => (line - 1) % Files;

    private static string SessionOf(int file) => $"00000000-0000-0000-0000-00000000000{file + 1}";

    [Fact]
    public void Two_processes_ingesting_and_reporting_while_logs_grow_see_only_real_totals_and_no_error()
    {
        var clock = Stopwatch.StartNew();
        using var root = new TempFolder();
        string projects = Path.Combine(root.Path, "claude", "projects", "-home-user-work-demo");
        Directory.CreateDirectory(projects);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = root.Path,
            ["USERPROFILE"] = root.Path,
            ["XDG_CONFIG_HOME"] = Path.Combine(root.Path, ".config"),
            ["CLAUDE_CONFIG_DIR"] = Path.Combine(root.Path, "claude"),
            ["CLAUDEUSAGE_DATA_DIR"] = Path.Combine(root.Path, "data"),
        };
        foreach (string name in new[] { "PI_CODING_AGENT_DIR", "OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR" })
        {
            environment[name] = Directory.CreateDirectory(Path.Combine(root.Path, name.ToLowerInvariant())).FullName;
        }

        DateTime start = DateTime.UtcNow.AddHours(-2);
        string LineText(int k) => ClaudeAssistant(
            start.AddSeconds(k).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            $"msg_{k:D4}", $"req_{k:D4}", input: 10L * k, output: k, sessionId: SessionOf(FileOf(k)));

        var streams = new FileStream[Files];
        try
        {
            for (int f = 0; f < Files; f++)
            {
                streams[f] = new FileStream(Path.Combine(projects, SessionOf(f) + ".jsonl"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            }

            // One complete line in each file before the processes start, so there is always usage to report.
            for (int k = 1; k <= Files; k++)
            {
                Append(streams[FileOf(k)], LineText(k) + "\n");
            }

            string module = $"$ErrorActionPreference = 'Stop'; Import-Module {Q(ManifestPath)}";
            string ingestLoop = $$"""
                {{module}}
                foreach ($i in 1..{{Iterations}}) {
                    try {
                        $null = Update-ClaudeUsageLedger -ErrorVariable +ev -WarningVariable +wv
                        $t = @(Get-ClaudeUsage -Period AllTime -GroupBy Total -ErrorVariable +ev -WarningVariable +wv)
                        "U $i $($t.Count) $($t[0].TotalTokens) $($t[0].Requests)"
                    } catch {
                        "ERROR $i $($_.FullyQualifiedErrorId): $($_.Exception.Message)"
                    }
                    foreach ($e in $Error) { "ERROR $i record $($e.FullyQualifiedErrorId): $e" }
                    $Error.Clear()
                    [System.Threading.Thread]::Sleep(150)
                }
                foreach ($e in $ev) { if ($e) { "ERROR variable $($e.FullyQualifiedErrorId): $e" } }
                foreach ($w in $wv) { if ($w) { "WARNING $w" } }
                """;
            string reportLoop = $$"""
                {{module}}
                foreach ($i in 1..{{Iterations}}) {
                    try {
                        $t = @(Get-ClaudeUsage -Period AllTime -GroupBy Total -ErrorVariable +ev -WarningVariable +wv)
                        "U $i $($t.Count) $($t[0].TotalTokens) $($t[0].Requests)"
                        $s = @(Get-ClaudeSession -Period AllTime -ErrorVariable +ev -WarningVariable +wv)
                        "N $i $($s.Count)"
                        foreach ($x in $s) { "S $i $($x.SessionId) $($x.TotalTokens) $($x.Requests)" }
                    } catch {
                        "ERROR $i $($_.FullyQualifiedErrorId): $($_.Exception.Message)"
                    }
                    foreach ($e in $Error) { "ERROR $i record $($e.FullyQualifiedErrorId): $e" }
                    $Error.Clear()
                    [System.Threading.Thread]::Sleep(150)
                }
                foreach ($e in $ev) { if ($e) { "ERROR variable $($e.FullyQualifiedErrorId): $e" } }
                foreach ($w in $wv) { if ($w) { "WARNING $w" } }
                """;

            using var ingester = HostProcess.Start(ingestLoop, environment);
            using var reporter = HostProcess.Start(reportLoop, environment);

            // The processes take a few seconds to start; the writing begins once one of them has opened the ledger.
            string ledger = Path.Combine(environment["CLAUDEUSAGE_DATA_DIR"], "ledger.db");
            while (!File.Exists(ledger) && clock.Elapsed < Deadline && !(ingester.HasExited && reporter.HasExited))
            {
                Thread.Sleep(20);
            }

            // Appends the other lines while both loops run, every fourth one in two writes: the first half, a pause,
            // then the rest and its newline, so the processes also meet a line still being written.
            for (int k = Files + 1; k <= LineCount; k++)
            {
                string text = LineText(k) + "\n";
                FileStream stream = streams[FileOf(k)];
                if (k % 4 == 0)
                {
                    Append(stream, text[..(text.Length / 2)]);
                    Thread.Sleep(25);
                    Append(stream, text[(text.Length / 2)..]);
                }
                else
                {
                    Append(stream, text);
                }

                Thread.Sleep(25);
                Assert.True(clock.Elapsed < Deadline, "The writer ran past the deadline.");
            }

            (int ingestExit, string ingestOut, string ingestErr) = ingester.Wait(Deadline - clock.Elapsed);
            (int reportExit, string reportOut, string reportErr) = reporter.Wait(Deadline - clock.Elapsed);

            Assert.True(ingestExit == 0 && ingestErr.Length == 0, $"The ingesting process exited {ingestExit}:\n{ingestErr}\n{ingestOut}");
            Assert.True(reportExit == 0 && reportErr.Length == 0, $"The reporting process exited {reportExit}:\n{reportErr}\n{reportOut}");
            string problems = string.Join("\n", Lines(ingestOut).Where(IsProblem).Select(l => "ingesting: " + l).Concat(Lines(reportOut).Where(IsProblem).Select(l => "reporting: " + l)));
            Assert.True(problems.Length == 0, problems);

            var check = new TotalsCheck(LineCount);
            check.Process("ingesting", ingestOut, withSessions: false);
            check.Process("reporting", reportOut, withSessions: true);

            // After the writer stops, a fresh process reports every line exactly once.
            long expectedTokens = 11L * LineCount * (LineCount + 1) / 2; // 221,100
            Assert.Equal(expectedTokens, Enumerable.Range(1, LineCount).Sum(TokensOf));
            (int exit, string stdout, string stderr) = ModuleTests.RunHost($"{module}; Get-ClaudeUsage -Period AllTime -GroupBy Total", environment);
            Assert.True(exit == 0 && stderr.Length == 0, $"The final report exited {exit}:\n{stderr}");
            Assert.Contains($"TotalTokens={expectedTokens}", Lines(stdout));
            Assert.Contains($"InputTokens={10 * expectedTokens / 11}", Lines(stdout));
            Assert.Contains($"Requests={LineCount}", Lines(stdout));
        }
        finally
        {
            foreach (FileStream? stream in streams)
            {
                stream?.Dispose();
            }
        }
    }

    private static void Append(FileStream stream, string text)
    {
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.Flush();
    }

    private static bool IsProblem(string line) => line.StartsWith("ERROR", StringComparison.Ordinal) || line.StartsWith("WARNING", StringComparison.Ordinal);

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// What a printed total may be. The files are read one after another, so a report may see one file further
    /// along than another, but each file only ever as a whole prefix of its lines: a session's total must be a
    /// prefix of its file, the grand total a sum of one prefix per file, and neither may ever go down.
    /// </summary>
    private sealed class TotalsCheck
    {
        private readonly Dictionary<(long Tokens, int Requests), int>[] _prefixes = new Dictionary<(long, int), int>[Files];
        private readonly List<long>[] _prefixTokens = new List<long>[Files];

        public TotalsCheck(int lines)
        {
            for (int f = 0; f < Files; f++)
            {
                _prefixes[f] = [];
                _prefixTokens[f] = [0];
            }

            for (int k = 1; k <= lines; k++)
            {
                int f = FileOf(k);
                List<long> sums = _prefixTokens[f];
                sums.Add(sums[^1] + TokensOf(k));
                _prefixes[f][(sums[^1], sums.Count - 1)] = k;
            }
        }

        public void Process(string name, string output, bool withSessions)
        {
            long lastTokens = 0;
            int lastRequests = 0, totals = 0, sessionReports = 0;
            var lastSession = new Dictionary<string, (long Tokens, int Requests)>();
            var sessionsThisIteration = new List<(string Id, long Tokens, int Requests)>();
            int expectedSessions = -1;

            void Advance(long tokens, int requests, string what)
            {
                Assert.True(tokens >= lastTokens && requests >= lastRequests,
                    $"{name}: {what} ({tokens:N0} tokens, {requests} requests) is less than the {lastTokens:N0} tokens, {lastRequests} requests it reported before.");
                (lastTokens, lastRequests) = (tokens, requests);
            }

            void EndSessions()
            {
                if (expectedSessions < 0)
                {
                    return;
                }

                Assert.Equal(expectedSessions, sessionsThisIteration.Count);
                Assert.Equal(Files, sessionsThisIteration.Count);
                Advance(sessionsThisIteration.Sum(s => s.Tokens), sessionsThisIteration.Sum(s => s.Requests), "the sum of its sessions");
                sessionsThisIteration.Clear();
                expectedSessions = -1;
                sessionReports++;
            }

            foreach (string line in Lines(output))
            {
                string[] parts = line.Split(' ');
                switch (parts[0])
                {
                    case "U":
                        EndSessions();
                        Assert.True(parts.Length == 5 && parts[2] == "1", $"{name}: not one Total row: '{line}'");
                        long tokens = long.Parse(parts[3], CultureInfo.InvariantCulture);
                        int requests = int.Parse(parts[4], CultureInfo.InvariantCulture);
                        Assert.True(IsSumOfPrefixes(tokens, requests), $"{name}: '{line}' is not a total the logs ever had (no prefix of each file sums to it).");
                        Advance(tokens, requests, "its total");
                        totals++;
                        break;
                    case "N":
                        EndSessions();
                        expectedSessions = int.Parse(parts[2], CultureInfo.InvariantCulture);
                        break;
                    case "S":
                        Assert.True(expectedSessions >= 0, $"{name}: a session line outside a session report: '{line}'");
                        string id = parts[2];
                        long sessionTokens = long.Parse(parts[3], CultureInfo.InvariantCulture);
                        int sessionRequests = int.Parse(parts[4], CultureInfo.InvariantCulture);
                        int file = Enumerable.Range(0, Files).Single(f => SessionOf(f) == id);
                        Assert.True(_prefixes[file].ContainsKey((sessionTokens, sessionRequests)),
                            $"{name}: session {id} with {sessionTokens:N0} tokens, {sessionRequests} requests is no prefix of its file.");
                        if (lastSession.TryGetValue(id, out var before))
                        {
                            Assert.True(sessionTokens >= before.Tokens && sessionRequests >= before.Requests, $"{name}: session {id} went down: '{line}'");
                        }

                        lastSession[id] = (sessionTokens, sessionRequests);
                        sessionsThisIteration.Add((id, sessionTokens, sessionRequests));
                        break;
                    default:
                        Assert.Fail($"{name}: unexpected output line '{line}'");
                        break;
                }
            }

            EndSessions();
            Assert.Equal(Iterations, totals);
            Assert.Equal(withSessions ? Iterations : 0, sessionReports);
        }

        private bool IsSumOfPrefixes(long tokens, int requests)
        {
            // Every file has had its first line from the start.
            for (int a = 1; a < _prefixTokens[0].Count; a++)
            {
                for (int b = 1; b < _prefixTokens[1].Count; b++)
                {
                    int c = requests - a - b;
                    if (c >= 1 && c < _prefixTokens[2].Count && _prefixTokens[0][a] + _prefixTokens[1][b] + _prefixTokens[2][c] == tokens)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>A module host process started without waiting for it, its output read as it comes.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;

        private HostProcess(Process process)
        {
            _process = process;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public static HostProcess Start(string script, Dictionary<string, string> environment)
        {
            string hostDll = Directory.EnumerateFiles(Path.Combine(RepoRoot, "tests", "ClaudeUsage.ModuleHost", "bin"), "ClaudeUsage.ModuleHost.dll", SearchOption.AllDirectories)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .First();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(hostDll);
            start.ArgumentList.Add(script);
            start.Environment.Remove("XDG_DATA_HOME");
            foreach ((string name, string value) in environment)
            {
                start.Environment[name] = value;
            }

            return new HostProcess(Process.Start(start)!);
        }

        public bool HasExited => _process.HasExited;

        /// <summary>Waits for the process to end; past <paramref name="timeout"/> it is killed and the test fails.</summary>
        public (int Exit, string Stdout, string Stderr) Wait(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
                Assert.Fail($"A module host process did not finish before the deadline. Its output so far:\n{_stdout.Result}\n{_stderr.Result}");
            }

            _process.WaitForExit(); // the output is read to its end
            return (_process.ExitCode, _stdout.Result, _stderr.Result);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
