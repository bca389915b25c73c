namespace ClaudeUsage;

/// <summary>How a response's cost was arrived at.</summary>
public enum CostBasis
{
    /// <summary>No cost: the model has no known price and the log recorded none.</summary>
    None,

    /// <summary>Tokens times the list price.</summary>
    Calculated,

    /// <summary>The cost the writer recorded in the log.</summary>
    Recorded,
}
