namespace ClaudeUsage;

/// <summary>How the cost of a response is found.</summary>
public enum CostMode
{
    /// <summary>
    /// Calculate from the price in effect at the response for every model the price table covers; use the cost the log
    /// recorded only for models it does not (a recorded zero for a response that used tokens counts as no cost).
    /// </summary>
    Auto,

    /// <summary>Calculate every cost from the price table; a response whose model it lacks has no cost.</summary>
    Calculate,

    /// <summary>Use only costs the logs recorded (the agents' own estimates); responses without one have no cost.</summary>
    Recorded,
}
