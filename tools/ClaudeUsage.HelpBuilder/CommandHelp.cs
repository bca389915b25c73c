namespace ClaudeUsage.HelpBuilder;

/// <summary>One cmdlet's help page as read from platyPS markdown (schema 2.0.0).</summary>
public sealed class CommandHelp
{
    public required string Name { get; init; }

    /// <summary>The page's front matter (external help file, Module Name, online version, schema).</summary>
    public required IReadOnlyDictionary<string, string> FrontMatter { get; init; }

    public required IReadOnlyList<string> Synopsis { get; init; }

    public required IReadOnlyList<string> Description { get; init; }

    /// <summary>The SYNTAX section: one entry per parameter set, in page order.</summary>
    public required IReadOnlyList<SyntaxHelp> Syntax { get; init; }

    public required IReadOnlyList<ExampleHelp> Examples { get; init; }

    public required IReadOnlyList<ParameterHelp> Parameters { get; init; }

    /// <summary>True when the page has the <c>### CommonParameters</c> entry.</summary>
    public required bool SupportsCommonParameters { get; init; }

    public required IReadOnlyList<TypeHelp> Inputs { get; init; }

    public required IReadOnlyList<TypeHelp> Outputs { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public required IReadOnlyList<LinkHelp> RelatedLinks { get; init; }

    /// <summary>The markdown file the page was read from.</summary>
    public required string SourcePath { get; init; }

    public string? OnlineVersion => FrontMatter.TryGetValue("online version", out string? uri) && uri.Length > 0 ? uri : null;
}

/// <summary>
/// One parameter set's syntax line. <see cref="SetName"/> is null when the page has a single, unnamed set
/// (a code block without a <c>###</c> heading, as platyPS writes it for a cmdlet with one parameter set).
/// </summary>
public sealed record SyntaxHelp(string? SetName, bool IsDefault, string Code)
{
    /// <summary>The parameter names in the order the syntax line lists them.</summary>
    public IReadOnlyList<string> ParameterOrder { get; } = SyntaxLine.ParameterNames(Code);
}

/// <summary>An example: its code blocks (the command, then usually its output) and the remarks after them.</summary>
public sealed record ExampleHelp(string Title, IReadOnlyList<CodeBlockHelp> Code, IReadOnlyList<string> Remarks);

/// <summary>A fenced code block and its language (<c>powershell</c>, <c>Output</c>, ...).</summary>
public sealed record CodeBlockHelp(string Language, string Text);

public sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterMetadata> Metadata);

/// <summary>One <c>```yaml</c> block of a parameter: how it behaves in the parameter sets it names.</summary>
public sealed record ParameterMetadata(
    string Type,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool Required,
    string Position,
    string DefaultValue,
    string PipelineInput,
    bool Wildcards)
{
    /// <summary>The moniker platyPS writes for a parameter that is in every parameter set.</summary>
    public const string AllSets = "(All)";

    public bool IsSwitch => Type is "SwitchParameter" or "Switch" or "switch";

    public bool AppliesTo(string? setName) =>
        ParameterSets.Contains(AllSets, StringComparer.OrdinalIgnoreCase)
        || (setName is not null && ParameterSets.Contains(setName, StringComparer.OrdinalIgnoreCase));
}

/// <summary>An INPUTS or OUTPUTS entry: a type name and what it means.</summary>
public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

/// <summary>A RELATED LINKS entry. <see cref="Uri"/> is empty for a link to another page of these docs.</summary>
public sealed record LinkHelp(string Text, string Uri);
