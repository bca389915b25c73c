namespace ClaudeUsage;

/// <summary>Why a request of a conversation thread missed the prompt cache its previous request had left.</summary>
public enum CacheMissCause
{
    /// <summary>
    /// More time passed since the previous request of the thread than the cache lifetime it was written with
    /// (5 minutes, or 1 hour for 1-hour writes): the cached prefix expired.
    /// </summary>
    IdleGap,

    /// <summary>The request ran on another model than the previous one: each model has a cache of its own.</summary>
    ModelChanged,

    /// <summary>Neither: the beginning of the prompt changed (system prompt, tools, or early context).</summary>
    PrefixChanged,
}
