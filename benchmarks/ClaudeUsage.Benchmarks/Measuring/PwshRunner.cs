using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClaudeUsage.Benchmarks.Generation;

namespace ClaudeUsage.Benchmarks.Measuring;

/// <summary>How a whole pwsh process is started.</summary>
internal enum PwshLaunch
{
    /// <summary><c>dotnet pwsh</c>: the repository's local tool, as the README tells users to run it.</summary>
    DotnetTool,

    /// <summary><c>dotnet &lt;nuget&gt;/powershell/&lt;v&gt;/tools/net10.0/any/unix/pwsh.dll</c>: the same pwsh without the SDK's tool look-up.</summary>
    Direct,
}

/// <summary>What <see cref="PwshRunner.Script"/> was asked to do in its process.</summary>
internal enum PwshMode
{
    /// <summary>Start pwsh and exit: no module.</summary>
    Start,

    /// <summary><c>Import-Module</c> and exit.</summary>
    Import,

    /// <summary><c>Get-ClaudeUsage -GroupBy Day,Model -Period AllTime -LogsOnly</c>.</summary>
    LogsOnly,

    /// <summary><c>Get-ClaudeUsage -GroupBy Day,Model -Period AllTime</c> on the default folders: the ledger.</summary>
    Ledger,

    /// <summary><c>Get-ClaudeUsage -GroupBy Day,Model -Since &lt;a year ago&gt; -LedgerPath &lt;file&gt;</c>.</summary>
    LedgerPath,

    /// <summary><c>Update-ClaudeUsageLedger -LedgerPath &lt;file&gt;</c>: creates a ledger.</summary>
    Update,

    /// <summary>Any report command given as text (another cmdlet than Get-ClaudeUsage), timed and its objects counted.</summary>
    Report,
}

/// <summary>One call of the command inside a pwsh process, as the script reports it.</summary>
internal sealed record PwshCall
{
    [JsonPropertyName("ms")] public double Milliseconds { get; init; }

    [JsonPropertyName("alloc")] public long AllocatedBytes { get; init; }

    [JsonPropertyName("rows")] public int Rows { get; init; }

    [JsonPropertyName("i")] public long Input { get; init; }

    [JsonPropertyName("o")] public long Output { get; init; }

    [JsonPropertyName("w")] public long CacheWrite { get; init; }

    [JsonPropertyName("c")] public long CacheRead { get; init; }

    [JsonPropertyName("q")] public long Requests { get; init; }

    [JsonPropertyName("checkMs")] public double CheckMilliseconds { get; init; }

    public TokenTotals Tokens => new() { Input = Input, Output = Output, CacheWrite = CacheWrite, CacheRead = CacheRead, Responses = Requests };
}

/// <summary>What the script printed on its RESULT line.</summary>
internal sealed record PwshReport
{
    [JsonPropertyName("importMs")] public double ImportMilliseconds { get; init; }

    [JsonPropertyName("peak")] public long PeakBytes { get; init; }

    [JsonPropertyName("runs")] public List<PwshCall> Calls { get; init; } = [];
}

/// <summary>One whole pwsh process: its wall time and resources, and what the script inside reported.</summary>
internal sealed record ProcessRun
{
    public required string Name { get; init; }

    /// <summary>Wall time of the process, from start to exit, as the harness saw it.</summary>
    public double WallSeconds { get; init; }

    /// <summary>User + system processor time of the process tree (/usr/bin/time), 0 when unknown.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Peak resident set of the pwsh process itself (VmHWM), or of ccusage.</summary>
    public long PeakBytes { get; init; }

    /// <summary>Largest peak resident set of any process in the tree (/usr/bin/time %M; with <c>dotnet pwsh</c> that includes the SDK process that starts pwsh).</summary>
    public long TreePeakBytes { get; init; }

    /// <summary>The 1-minute load average just before the run.</summary>
    public double LoadBefore { get; init; }

    public PwshReport? Report { get; init; }

    /// <summary>ccusage's totals, or the first call's.</summary>
    public TokenTotals? Tokens { get; init; }

    /// <summary>Verbose and warning lines the process printed (stage timings with -Verbose).</summary>
    public List<string> Messages { get; init; } = [];

    public string? Note { get; init; }

    /// <summary>The first call's own time inside the process, in seconds (0 when there was none).</summary>
    public double CommandSeconds => Report is { Calls.Count: > 0 } r ? r.Calls[0].Milliseconds / 1000 : 0;
}

/// <summary>
/// Runs the staged module in whole pwsh processes, as a user or a scheduled job does
/// (<c>dotnet pwsh -NoProfile -NonInteractive -File &lt;script&gt;</c>), with HOME pointed at a corpus home and the
/// module's data and cache folders at scratch folders, under <c>/usr/bin/time</c> when it is installed. The script
/// times the command inside the process too, sums the rows it returned (so every run's totals can be checked
/// against the ground truth) and prints its own peak resident set.
/// </summary>
internal sealed class PwshRunner
{
    /// <summary>The measuring script. Prints one line: <c>RESULT {json}</c>.</summary>
    public const string Script = """
        param(
            [Parameter(Mandatory)] [string] $Manifest,
            [Parameter(Mandatory)] [string] $Mode,
            [int] $Repeat = 1,
            [string] $LedgerPath,
            [string] $SinceUtc,
            [string] $Command,
            [switch] $Stages
        )
        $ErrorActionPreference = 'Stop'
        $inv = [Globalization.CultureInfo]::InvariantCulture
        function Get-Peak {
            foreach ($line in [IO.File]::ReadAllLines('/proc/self/status')) {
                if ($line.StartsWith('VmHWM:')) { return [long]($line -replace '[^0-9]', '') * 1024 }
            }
            return 0
        }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        if ($Mode -ne 'Start') { Import-Module -Name $Manifest }
        $importMs = $clock.Elapsed.TotalMilliseconds
        $runs = [Collections.Generic.List[string]]::new()
        if ($Mode -eq 'Update') { Update-ClaudeUsageLedger -LedgerPath $LedgerPath | Out-Null }
        if ($Mode -notin 'Start', 'Import', 'Update') {
            $a = @{ GroupBy = 'Day', 'Model' }
            switch ($Mode) {
                'LogsOnly' { $a.Period = 'AllTime'; $a.LogsOnly = $true }
                'Ledger' { $a.Period = 'AllTime' }
                'LedgerPath' {
                    $a.Since = [datetime]::Parse($SinceUtc, $inv, [Globalization.DateTimeStyles]'AdjustToUniversal, AssumeUniversal')
                    $a.LedgerPath = $LedgerPath
                }
            }
            if ($Stages) { $PSStyle.OutputRendering = 'PlainText'; $a.Verbose = $true }
            for ($k = 0; $k -lt $Repeat; $k++) {
                $alloc = [GC]::GetTotalAllocatedBytes($true)
                $t = [Diagnostics.Stopwatch]::StartNew()
                $rows = if ($Mode -eq 'Report') { & ([scriptblock]::Create($Command)) } else { Get-ClaudeUsage @a }
                $ms = $t.Elapsed.TotalMilliseconds
                $alloc = [GC]::GetTotalAllocatedBytes($true) - $alloc
                $t.Restart()
                $i = 0L; $o = 0L; $w = 0L; $c = 0L; $q = 0L; $n = 0
                foreach ($x in $rows) { $n++; $i += $x.InputTokens; $o += $x.OutputTokens; $w += $x.CacheWrite5mTokens + $x.CacheWrite1hTokens; $c += $x.CacheReadTokens; $q += $x.Requests }
                $rows = $null
                $runs.Add('{"ms":' + $ms.ToString($inv) + ',"alloc":' + $alloc + ',"rows":' + $n + ',"i":' + $i + ',"o":' + $o + ',"w":' + $w + ',"c":' + $c + ',"q":' + $q + ',"checkMs":' + $t.Elapsed.TotalMilliseconds.ToString($inv) + '}')
            }
        }
        'RESULT {"importMs":' + $importMs.ToString($inv) + ',"peak":' + (Get-Peak) + ',"runs":[' + ($runs -join ',') + ']}'
        """;

    private readonly string _repoRoot;
    private readonly string _manifest;
    private readonly string _scriptPath;
    private readonly string _dotnet;
    private readonly string _nugetPackages;
    private readonly string _realHome;
    private readonly string? _pwshDll;
    private static readonly bool HasTime = File.Exists("/usr/bin/time");

    public PwshRunner(string repoRoot, string manifest, string scratch)
    {
        _repoRoot = repoRoot;
        _manifest = manifest;
        Directory.CreateDirectory(scratch);
        _scriptPath = Path.Combine(scratch, "measure.ps1");
        File.WriteAllText(_scriptPath, Script);
        _dotnet = FindOnPath("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH.");
        _realHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        _nugetPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } n ? n : Path.Combine(_realHome, ".nuget", "packages");
        string version = PwshVersion(repoRoot);
        string dll = Path.Combine(_nugetPackages, "powershell", version, "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
        _pwshDll = File.Exists(dll) ? dll : null;
    }

    public static bool MeasuresResources => HasTime;

    public string PwshVersionText => PwshVersion(_repoRoot);

    public string? PwshDll => _pwshDll;

    /// <summary>
    /// Runs the script in a new pwsh process. <paramref name="home"/> becomes HOME, <paramref name="dataDir"/> and
    /// <paramref name="cacheDir"/> the module's CLAUDEUSAGE_DATA_DIR and CLAUDEUSAGE_CACHE_DIR.
    /// </summary>
    public ProcessRun Run(string name, PwshMode mode, string home, string dataDir, string cacheDir, int repeat = 1,
        string? ledgerPath = null, DateTimeOffset? since = null, bool stages = false, PwshLaunch launch = PwshLaunch.DotnetTool,
        string? command = null)
    {
        var args = new List<string>();
        if (launch == PwshLaunch.DotnetTool)
        {
            args.Add("pwsh");
        }
        else
        {
            args.Add(_pwshDll ?? throw new InvalidOperationException($"pwsh.dll is not under {_nugetPackages}: run dotnet tool restore."));
        }

        args.AddRange(["-NoProfile", "-NonInteractive", "-File", _scriptPath, "-Manifest", _manifest, "-Mode", mode.ToString(), "-Repeat", repeat.ToString(CultureInfo.InvariantCulture)]);
        if (ledgerPath is not null)
        {
            args.AddRange(["-LedgerPath", ledgerPath]);
        }

        if (since is { } s)
        {
            args.AddRange(["-SinceUtc", s.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)]);
        }

        if (stages)
        {
            args.Add("-Stages");
        }

        if (command is not null)
        {
            args.AddRange(["-Command", command]);
        }

        string timeOutput = Path.GetTempFileName();
        var psi = new ProcessStartInfo(HasTime ? "/usr/bin/time" : _dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _repoRoot, // where .config/dotnet-tools.json is found
        };
        if (HasTime)
        {
            foreach (string a in new[] { "-f", "%e %M %U %S", "-o", timeOutput, _dotnet })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Only the corpus: no logs, settings or module folders of the real user. The SDK keeps finding the restored
        // local tool (its resolver cache and the NuGet folder are in the real home).
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        psi.Environment["HOME"] = home;
        psi.Environment["TZ"] = "UTC";
        psi.Environment["NUGET_PACKAGES"] = _nugetPackages;
        psi.Environment["DOTNET_CLI_HOME"] = _realHome;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        psi.Environment["CLAUDEUSAGE_DATA_DIR"] = dataDir;
        psi.Environment["CLAUDEUSAGE_CACHE_DIR"] = cacheDir;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            psi.Environment["DOTNET_ROOT"] = root;
        }

        double load = LoadAverage.OneMinute();
        var watch = Stopwatch.StartNew();
        using Process p = Process.Start(psi)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        var messages = new List<string>();
        PwshReport? report = null;
        while (p.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                report = JsonSerializer.Deserialize<PwshReport>(line["RESULT ".Length..]);
            }
            else if (line.Length > 0)
            {
                messages.Add(line);
            }
        }

        p.WaitForExit();
        double wall = watch.Elapsed.TotalSeconds;
        double cpu = 0;
        long treePeak = 0;
        if (HasTime && File.Exists(timeOutput))
        {
            string[] lines = File.ReadAllText(timeOutput).Trim().Split('\n');
            string[] time = lines[^1].Split(' ');
            if (time.Length >= 4 && long.TryParse(time[1], CultureInfo.InvariantCulture, out long kb))
            {
                treePeak = kb * 1024;
                cpu = double.Parse(time[2], CultureInfo.InvariantCulture) + double.Parse(time[3], CultureInfo.InvariantCulture);
            }
        }

        File.Delete(timeOutput);
        string? note = null;
        if (p.ExitCode != 0 || report is null)
        {
            string err = stderr.Result.Trim();
            note = $"exit {p.ExitCode}: {(err.Length > 300 ? err[..300] : err)} {string.Join(" / ", messages.TakeLast(3))}";
        }

        return new ProcessRun
        {
            Name = name,
            WallSeconds = wall,
            CpuSeconds = cpu,
            PeakBytes = report?.PeakBytes ?? 0,
            TreePeakBytes = treePeak,
            LoadBefore = load,
            Report = report,
            Tokens = report is { Calls.Count: > 0 } r ? r.Calls[0].Tokens : null,
            Messages = messages,
            Note = note,
        };
    }

    private static string PwshVersion(string repoRoot)
    {
        string manifest = Path.Combine(repoRoot, ".config", "dotnet-tools.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(manifest));
        return doc.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()!;
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>The machine's load averages (Linux), to judge how much other work a timing shared the machine with.</summary>
internal static class LoadAverage
{
    public static string Text() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static double OneMinute() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
}
