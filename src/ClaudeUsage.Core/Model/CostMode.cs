namespace ClaudeUsage;

/// <summary>How the cost of a response is found.</summary>
public enum CostMode
{
    /// <summary>Use the cost the log itself recorded where there is one, else calculate it from the price table.</summary>
    Auto,

    /// <summary>Calculate every cost from the price table; a model the table lacks falls back to a recorded cost.</summary>
    Calculate,

    /// <summary>Use only costs the logs recorded; responses without one have no cost.</summary>
    Recorded,
}
