namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Runs an ingest's transactions on another thread, one after another in the order given, while the caller goes on
/// reading the logs: a transaction no longer stops the reading, and the reading no longer waits for it. At most one
/// transaction is in flight and one is gathered, so what is held stays small.
/// </summary>
internal sealed class WriteBehind : IDisposable
{
    private Task<LedgerWriteCounts>? _inFlight;
    private LedgerWriteCounts _written;

    /// <summary>Starts <paramref name="write"/> once the one before has finished; a failure of the one before is thrown here.</summary>
    public void Start(Func<LedgerWriteCounts> write)
    {
        Wait();
        _inFlight = Task.Run(write);
    }

    /// <summary>Waits for every transaction started, and returns what they wrote; a failure is thrown here.</summary>
    public LedgerWriteCounts Finish()
    {
        Wait();
        return _written;
    }

    private void Wait()
    {
        if (_inFlight is { } task)
        {
            _inFlight = null;
            _written += task.GetAwaiter().GetResult();
        }
    }

    /// <summary>On an early end (a failure, Ctrl+C), waits for the transaction in flight so nothing writes after.</summary>
    public void Dispose()
    {
        try
        {
            _inFlight?.Wait(CancellationToken.None);
        }
        catch (AggregateException)
        {
            // Ended early for another reason, which is the one reported.
        }
    }
}
