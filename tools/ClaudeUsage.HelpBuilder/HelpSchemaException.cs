namespace ClaudeUsage.HelpBuilder;

/// <summary>A help page that does not follow the platyPS schema, with the file and line to fix.</summary>
public sealed class HelpSchemaException(string path, int line, string message)
    : Exception($"{path}:{line}: {message}")
{
    public string SourcePath { get; } = path;

    public int Line { get; } = line;
}
