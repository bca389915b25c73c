namespace ClaudeUsage;

/// <summary>
/// A sampling step inside one API response. Most responses are one step; with compaction, the advisor tool or a
/// model fallback, <c>usage.iterations</c> lists further steps, each billed at its own model.
/// </summary>
public enum SamplingStep
{
    /// <summary>The response itself (its top-level usage).</summary>
    Response,

    /// <summary>A compaction step: the conversation summarised before the response; its tokens are outside the top-level usage.</summary>
    Compaction,

    /// <summary>An advisor-tool step, billed at the advisor's model.</summary>
    Advisor,

    /// <summary>A fallback step, billed at the fallback model.</summary>
    Fallback,

    /// <summary>A step of a kind this version does not know, billed at its model.</summary>
    Other,
}
