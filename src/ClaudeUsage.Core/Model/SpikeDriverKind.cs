namespace ClaudeUsage;

/// <summary>What a spike driver is: a session, a model or a project.</summary>
public enum SpikeDriverKind
{
    Session,
    Model,
    Project,
}
