using ClaudeUsage.Benchmarks.Generation;

namespace ClaudeUsage.Benchmarks.Measuring;

/// <summary>One timed run: the command's own wall time, the whole process's, its peak memory, and what it counted.</summary>
internal sealed record Measurement
{
    public required string Name { get; init; }

    /// <summary>Wall time of the measured command alone (for the cmdlet: the Get-ClaudeUsage invocation).</summary>
    public double Seconds { get; init; }

    /// <summary>Wall time of the whole process, start-up included.</summary>
    public double ProcessSeconds { get; init; }

    /// <summary>Processor time the measured command used, all threads (less sensitive than wall time to other load on the machine).</summary>
    public double CpuSeconds { get; init; }

    public long PeakWorkingSetBytes { get; init; }

    /// <summary>Managed memory the measured command allocated, all threads (0 for ccusage). On a machine where first-touching a page is slow, this tracks time.</summary>
    public long AllocatedBytes { get; init; }

    public long BytesScanned { get; init; }

    public int Rows { get; init; }

    public TokenTotals Tokens { get; init; } = new();

    public string? Note { get; init; }

    public double MegabytesPerSecond => Seconds > 0 ? BytesScanned / 1e6 / Seconds : 0;
}
