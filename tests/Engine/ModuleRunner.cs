using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Text;

namespace ClaudeUsage.Tests;

/// <summary>What a script run in a fresh runspace produced.</summary>
public sealed record RunResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    string HostText)
{
    /// <summary>The progress records written, in order.</summary>
    public IReadOnlyList<ProgressRecord> Progress { get; init; } = [];
}

/// <summary>
/// Runs scripts in the real PowerShell engine with the staged module (out/ClaudeUsage) imported, through a
/// host that captures what Out-Default renders, so default views can be checked.
/// </summary>
public static class ModuleRunner
{
    static ModuleRunner()
    {
        // The module's usage cache goes to a scratch folder, never the real user cache; child processes inherit it.
        Environment.SetEnvironmentVariable("CLAUDEUSAGE_CACHE_DIR", CacheFolder);
        // So is its usage ledger: a test never writes the user's.
        Environment.SetEnvironmentVariable("CLAUDEUSAGE_DATA_DIR", Path.Combine(CacheFolder, "data"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(CacheFolder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        };
    }

    /// <summary>Where the module under test keeps its usage cache.</summary>
    public static string CacheFolder { get; } = Path.Combine(Path.GetTempPath(), "claudeusage-tests", "cache-" + Environment.ProcessId);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModuleFolder => Path.Combine(RepoRoot, "out", "ClaudeUsage");

    public static string ManifestPath => Path.Combine(ModuleFolder, "ClaudeUsage.psd1");

    public static RunResult Run(string script, bool importModule = true)
    {
        var host = new CapturingHost();
        using Runspace runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = runspace;
        string prelude = importModule ? $"Import-Module -Name '{ManifestPath.Replace("'", "''")}' -ErrorAction Stop\n" : string.Empty;
        ps.AddScript(prelude + script);
        Collection<PSObject> output = ps.Invoke();
        return new RunResult(output, [.. ps.Streams.Error], ps.Streams.Warning.Select(w => w.Message).ToList(), host.Text) { Progress = [.. ps.Streams.Progress] };
    }

    /// <summary>
    /// Runs a script in the separate ClaudeUsage.ModuleHost process, whose only dependency is the engine, so the
    /// staged module must bring every managed and native library it needs, as it must in pwsh.
    /// </summary>
    public static (int ExitCode, string Output, string Errors) RunInSeparateProcess(string script, TimeSpan timeout)
    {
        // The host is built next to this project, in the same configuration: …/bin/<Configuration>/net10.0/.
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string host = Path.Combine(RepoRoot, "tests", "ClaudeUsage.ModuleHost", "bin", configuration, "net10.0", "ClaudeUsage.ModuleHost.dll");
        if (!File.Exists(host))
        {
            throw new FileNotFoundException($"The module host is not built: {host}");
        }

        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(script);
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The module host did not finish within {timeout}.");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>Quotes a value for use inside a single-quoted PowerShell string.</summary>
    public static string Q(string value) => "'" + value.Replace("'", "''") + "'";

    private static string FindRepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "ClaudeUsage.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Cannot find the repository root (ClaudeUsage.sln) above the test folder.");
    }

    private sealed class CapturingHost : PSHost
    {
        private readonly CapturingUi _ui = new();

        public string Text => _ui.Text.ToString();

        public override string Name => "ClaudeUsageTestHost";

        public override Version Version => new(1, 0);

        public override Guid InstanceId { get; } = Guid.NewGuid();

        public override PSHostUserInterface UI => _ui;

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        public override void EnterNestedPrompt() => throw new NotSupportedException();

        public override void ExitNestedPrompt() => throw new NotSupportedException();

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }

        public override void SetShouldExit(int exitCode)
        {
        }
    }

    private sealed class CapturingUi : PSHostUserInterface
    {
        public StringBuilder Text { get; } = new();

        public override PSHostRawUserInterface RawUI { get; } = new WideRawUi();

        public override void Write(string value) => Text.Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Text.Append(value);

        public override void WriteLine(string value) => Text.AppendLine(value);

        public override void WriteErrorLine(string value) => Text.AppendLine(value);

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        public override void WriteWarningLine(string message)
        {
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException();

        public override System.Security.SecureString ReadLineAsSecureString() => throw new NotSupportedException();
    }

    /// <summary>A 200-column console, so table views are not truncated.</summary>
    private sealed class WideRawUi : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; }

        public override Size BufferSize { get; set; } = new(200, 1000);

        public override Coordinates CursorPosition { get; set; }

        public override int CursorSize { get; set; }

        public override ConsoleColor ForegroundColor { get; set; }

        public override bool KeyAvailable => false;

        public override Size MaxPhysicalWindowSize => new(200, 1000);

        public override Size MaxWindowSize => new(200, 1000);

        public override Coordinates WindowPosition { get; set; }

        public override Size WindowSize { get; set; } = new(200, 50);

        public override string WindowTitle { get; set; } = string.Empty;

        public override void FlushInputBuffer()
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }
}
