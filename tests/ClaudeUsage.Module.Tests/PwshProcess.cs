using System.Diagnostics;
using System.Text;
using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>
/// Runs scripts in real pwsh, the PowerShell global tool pinned in .config/dotnet-tools.json (restored here when
/// needed), in a process of its own with its output redirected, as a scheduled job or a pipe would run it.
/// </summary>
public static class PwshProcess
{
    private static readonly Lazy<string?> ToolRestore = new(() =>
    {
        (int code, string output) = Dotnet(["tool", "restore"], TimeSpan.FromMinutes(5));
        return code == 0 ? null : output;
    });

    /// <summary>Runs a script in a new pwsh process from the repository root (no profile, plain output).</summary>
    public static (int ExitCode, string Output) Run(string script)
    {
        Assert.True(ToolRestore.Value is null, $"dotnet tool restore failed:\n{ToolRestore.Value}");
        return Dotnet(["tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-Command", script], TimeSpan.FromMinutes(10));
    }

    private static (int ExitCode, string Output) Dotnet(string[] arguments, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["CLAUDEUSAGE_CACHE_DIR"] = CacheFolder;
        psi.Environment["CLAUDEUSAGE_DATA_DIR"] = Path.Combine(CacheFolder, "data-" + Guid.NewGuid().ToString("N"));
        using Process process = Process.Start(psi)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
