using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClaudeUsage.Benchmarks.Generation;

namespace ClaudeUsage.Benchmarks.Measuring;

/// <summary>
/// Times ccusage (<c>ccusage daily --json --offline</c>) on a corpus whose <c>home</c> folder it is given as
/// HOME, under <c>/usr/bin/time</c> for its peak resident set, and reads the token totals from its JSON.
/// </summary>
internal sealed class CcusageRunner(string executable)
{
    public string Executable { get; } = executable;

    /// <summary>The native binary behind an npm install's wrapper script, when there is one: Node's start-up is not ccusage's work.</summary>
    public static string? Find(string? given)
    {
        if (given is null)
        {
            return null;
        }

        string full = Path.GetFullPath(given);
        if (Directory.Exists(full))
        {
            full = Path.Combine(full, "node_modules", ".bin", "ccusage");
        }

        if (!File.Exists(full))
        {
            return null;
        }

        // node_modules/.bin/ccusage -> node_modules/ccusage/src/cli.js, which starts @ccusage/ccusage-<os>-<arch>/bin/ccusage.
        string? modules = FindAncestor(Path.GetDirectoryName(full)!, "node_modules");
        if (modules is not null)
        {
            string os = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
            string arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "x64";
            string native = Path.Combine(modules, "@ccusage", $"ccusage-{os}-{arch}", "bin", OperatingSystem.IsWindows() ? "ccusage.exe" : "ccusage");
            if (File.Exists(native))
            {
                return native;
            }
        }

        return full;
    }

    /// <exception cref="InvalidOperationException">The binary cannot be started (not executable, wrong platform).</exception>
    public string Version()
    {
        var psi = new ProcessStartInfo(Executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using Process p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            // npm can unpack the native binary without its execute bit.
            throw new InvalidOperationException($"Cannot start ccusage at '{Executable}': {ex.Message}. If it is not executable, run: chmod +x '{Executable}'", ex);
        }
    }

    public Measurement Measure(string name, string home, long bytes)
    {
        string timeOutput = Path.GetTempFileName();
        var psi = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-f", "%e %M %U %S", "-o", timeOutput, Executable, "daily", "--json", "--offline" })
        {
            psi.ArgumentList.Add(arg);
        }

        // Only the corpus: no other agent's logs, no config from the real home.
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        psi.Environment["HOME"] = home;
        psi.Environment["TZ"] = "UTC";

        var watch = Stopwatch.StartNew();
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        double wall = watch.Elapsed.TotalSeconds;
        string json = stdout.Result;
        string[] time = File.ReadAllText(timeOutput).Trim().Split('\n')[^1].Split(' ');
        File.Delete(timeOutput);
        if (p.ExitCode != 0)
        {
            return new Measurement { Name = name, Seconds = wall, Note = $"exit {p.ExitCode}: {stderr.Result.Trim()}" };
        }

        JsonElement totals = JsonDocument.Parse(json).RootElement.GetProperty("totals");
        var tokens = new TokenTotals
        {
            Input = totals.GetProperty("inputTokens").GetInt64(),
            Output = totals.GetProperty("outputTokens").GetInt64(),
            CacheWrite = totals.GetProperty("cacheCreationTokens").GetInt64(),
            CacheRead = totals.GetProperty("cacheReadTokens").GetInt64(),
        };
        return new Measurement
        {
            Name = name,
            Seconds = wall,
            ProcessSeconds = wall,
            PeakWorkingSetBytes = long.Parse(time[1], CultureInfo.InvariantCulture) * 1024,
            CpuSeconds = double.Parse(time[2], CultureInfo.InvariantCulture) + double.Parse(time[3], CultureInfo.InvariantCulture),
            BytesScanned = bytes,
            Tokens = tokens,
        };
    }

    private static string? FindAncestor(string dir, string name)
    {
        for (string? d = dir; d is not null; d = Path.GetDirectoryName(d))
        {
            if (string.Equals(Path.GetFileName(d), name, StringComparison.Ordinal))
            {
                return d;
            }
        }

        return null;
    }
}
