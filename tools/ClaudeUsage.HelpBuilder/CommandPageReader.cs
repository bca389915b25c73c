using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace ClaudeUsage.HelpBuilder;

/// <summary>
/// Reads a cmdlet page written in platyPS 0.14 markdown (schema 2.0.0), the same grammar New-ExternalHelp reads:
/// front matter; <c># Verb-Noun</c>; then the <c>##</c> sections SYNOPSIS, SYNTAX, DESCRIPTION, EXAMPLES,
/// PARAMETERS, INPUTS, OUTPUTS, NOTES and RELATED LINKS.
/// </summary>
public sealed class CommandPageReader
{
    public static readonly string[] Sections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    private const string DefaultSetSuffix = " (Default)";

    internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private static readonly string[] MetadataKeys =
    [
        "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value",
        "Accept pipeline input", "Accept wildcard characters",
    ];

    private readonly string _path;
    private readonly List<Block> _blocks;
    private int _next;

    private CommandPageReader(string path, List<Block> blocks)
    {
        _path = path;
        _blocks = blocks;
    }

    /// <summary>Reads the front matter of a markdown file: its <c>key: value</c> lines.</summary>
    public static Dictionary<string, string> ReadFrontMatter(string markdown)
    {
        MarkdownDocument document = Markdown.Parse(markdown, Pipeline);
        return document.FirstOrDefault() is YamlFrontMatterBlock yaml ? ParseKeyValues(yaml.Lines.ToString()) : [];
    }

    public static CommandHelp Read(string path, string markdown)
    {
        MarkdownDocument document = Markdown.Parse(markdown, Pipeline);
        if (document.FirstOrDefault() is not YamlFrontMatterBlock yaml)
        {
            throw new HelpSchemaException(path, 1, "The page has no front matter (--- external help file: ... ---).");
        }

        Dictionary<string, string> frontMatter;
        try
        {
            frontMatter = ParseKeyValues(yaml.Lines.ToString());
        }
        catch (FormatException ex)
        {
            throw new HelpSchemaException(path, 1, $"Front matter: {ex.Message}");
        }

        var reader = new CommandPageReader(path, document.Where(b => b is not YamlFrontMatterBlock).ToList());
        return reader.ReadCommand(frontMatter);
    }

    private CommandHelp ReadCommand(Dictionary<string, string> frontMatter)
    {
        if (Take() is not HeadingBlock { Level: 1 } title)
        {
            throw Error(_blocks.FirstOrDefault(), "The page must start with '# Verb-Noun', the cmdlet's name.");
        }

        string name = MarkdownText.Inline(title.Inline);

        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        IReadOnlyList<string> synopsis = [], description = [], notes = [];
        List<SyntaxHelp> syntax = [];
        List<ExampleHelp> examples = [];
        List<ParameterHelp> parameters = [];
        List<TypeHelp> inputs = [], outputs = [];
        List<LinkHelp> links = [];
        bool common = false;

        while (Peek() is not null)
        {
            Block block = Take()!;
            if (block is not HeadingBlock { Level: 2 } heading)
            {
                throw Error(block, $"Expected a '## SECTION' heading ({string.Join(", ", Sections)}), found a {MarkdownText.Describe(block)}.");
            }

            string section = MarkdownText.Inline(heading.Inline).ToUpperInvariant();
            if (!Sections.Contains(section))
            {
                throw Error(heading, $"Unknown section '## {section}'. A cmdlet page has exactly these sections: {string.Join(", ", Sections)}.");
            }

            if (!found.TryAdd(section, heading.Line + 1))
            {
                throw Error(heading, $"Section '## {section}' appears twice (first at line {found[section]}).");
            }

            switch (section)
            {
                case "SYNOPSIS": synopsis = ReadText(heading); break;
                case "DESCRIPTION": description = ReadText(heading); break;
                case "NOTES": notes = ReadText(heading, allowEmpty: true); break;
                case "SYNTAX": ReadSyntax(heading, syntax); break;
                case "EXAMPLES": ReadExamples(examples); break;
                case "PARAMETERS": common = ReadParameters(parameters); break;
                case "INPUTS": ReadTypes(heading, inputs); break;
                case "OUTPUTS": ReadTypes(heading, outputs); break;
                case "RELATED LINKS": ReadLinks(links); break;
            }
        }

        string[] missing = Sections.Where(s => !found.ContainsKey(s)).ToArray();
        if (missing.Length > 0)
        {
            throw new HelpSchemaException(_path, title.Line + 1, $"The page of {name} lacks the section(s) {string.Join(", ", missing.Select(s => "'## " + s + "'"))}.");
        }

        return new CommandHelp
        {
            Name = name,
            FrontMatter = frontMatter,
            Synopsis = synopsis,
            Description = description,
            Syntax = syntax,
            Examples = examples,
            Parameters = parameters,
            SupportsCommonParameters = common,
            Inputs = inputs,
            Outputs = outputs,
            Notes = notes,
            RelatedLinks = links,
            SourcePath = _path,
        };
    }

    /// <summary>Paragraphs and lists up to the next heading.</summary>
    private List<string> ReadText(Block owner, bool allowEmpty = false)
    {
        var paragraphs = new List<string>();
        while (Peek() is { } block and not HeadingBlock)
        {
            MarkdownText.Paragraphs(Take()!, paragraphs, _path);
        }

        if (paragraphs.Count == 0 && !allowEmpty)
        {
            throw Error(owner, $"'{Describe(owner)}' has no text.");
        }

        return paragraphs;
    }

    private void ReadSyntax(HeadingBlock section, List<SyntaxHelp> syntax)
    {
        while (Peek() is { } block && block is not HeadingBlock { Level: <= 2 })
        {
            Take();
            if (block is FencedCodeBlock unnamed)
            {
                // platyPS writes a single parameter set as a bare code block.
                syntax.Add(new SyntaxHelp(null, true, MarkdownText.Code(unnamed)));
                continue;
            }

            if (block is not HeadingBlock { Level: 3 } setHeading)
            {
                throw Error(block, $"In SYNTAX, expected '### SetName' or '### SetName (Default)' followed by a code block, found a {MarkdownText.Describe(block)}.");
            }

            string setName = MarkdownText.Inline(setHeading.Inline);
            bool isDefault = setName.EndsWith(DefaultSetSuffix, StringComparison.Ordinal);
            if (isDefault)
            {
                setName = setName[..^DefaultSetSuffix.Length];
            }

            FencedCodeBlock code = Take() as FencedCodeBlock ?? throw Error(setHeading, $"The syntax of parameter set '{setName}' needs a code block right after its heading.");
            syntax.Add(new SyntaxHelp(setName, isDefault, MarkdownText.Code(code)));
        }

        if (syntax.Count == 0)
        {
            throw Error(section, "SYNTAX has no syntax line.");
        }

        if (syntax.Count > 1 && syntax.Any(s => s.SetName is null))
        {
            throw Error(section, "With more than one parameter set, every syntax line needs a '### SetName' heading.");
        }
    }

    private void ReadExamples(List<ExampleHelp> examples)
    {
        while (Peek() is HeadingBlock { Level: 3 } heading)
        {
            Take();
            string title = MarkdownText.Inline(heading.Inline);
            var code = new List<CodeBlockHelp>();
            while (Peek() is FencedCodeBlock block)
            {
                Take();
                code.Add(new CodeBlockHelp(block.Info ?? string.Empty, MarkdownText.Code(block)));
            }

            if (code.Count == 0)
            {
                throw Error(heading, $"Example '{title}' must start with a code block (the command, then its output); put the explanation after the code.");
            }

            var remarks = new List<string>();
            while (Peek() is { } block and not HeadingBlock)
            {
                MarkdownText.Paragraphs(Take()!, remarks, _path);
            }

            examples.Add(new ExampleHelp(title, code, remarks));
        }

        if (Peek() is { } other and not HeadingBlock { Level: <= 2 })
        {
            throw Error(other, $"In EXAMPLES, expected '### Example N: title', found a {MarkdownText.Describe(other)}.");
        }
    }

    /// <summary>Reads the parameters; true when the page has the CommonParameters entry.</summary>
    private bool ReadParameters(List<ParameterHelp> parameters)
    {
        bool common = false;
        while (Peek() is HeadingBlock { Level: 3 } heading)
        {
            Take();
            string title = MarkdownText.Inline(heading.Inline);
            if (title == "CommonParameters")
            {
                ReadText(heading);
                common = true;
                continue;
            }

            if (!title.StartsWith('-'))
            {
                throw Error(heading, $"A parameter heading is '### -Name' (or '### CommonParameters'), found '### {title}'.");
            }

            string name = title[1..];
            var description = new List<string>();
            while (Peek() is { } block and not HeadingBlock and not FencedCodeBlock)
            {
                MarkdownText.Paragraphs(Take()!, description, _path);
            }

            var metadata = new List<ParameterMetadata>();
            while (Peek() is FencedCodeBlock yaml)
            {
                Take();
                if (yaml.Info != "yaml")
                {
                    throw Error(yaml, $"Parameter -{name}: only ```yaml metadata blocks may follow its description.");
                }

                metadata.Add(ReadMetadata(yaml, name));
            }

            if (description.Count == 0)
            {
                throw Error(heading, $"Parameter -{name} has no description.");
            }

            if (metadata.Count == 0)
            {
                throw Error(heading, $"Parameter -{name} needs a ```yaml block (Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters).");
            }

            if (Peek() is { } extra and not HeadingBlock)
            {
                throw Error(extra, $"Parameter -{name}: nothing may follow its ```yaml block(s); put the text before them.");
            }

            parameters.Add(new ParameterHelp(name, description, metadata));
        }

        if (Peek() is { } other and not HeadingBlock { Level: <= 2 })
        {
            throw Error(other, $"In PARAMETERS, expected '### -Name', found a {MarkdownText.Describe(other)}.");
        }

        return common;
    }

    private ParameterMetadata ReadMetadata(FencedCodeBlock yaml, string parameter)
    {
        Dictionary<string, string> values;
        try
        {
            values = ParseKeyValues(MarkdownText.Code(yaml));
        }
        catch (FormatException ex)
        {
            throw Error(yaml, $"Parameter -{parameter}: {ex.Message}");
        }

        foreach (string key in values.Keys)
        {
            if (!MetadataKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw Error(yaml, $"Parameter -{parameter}: unknown key '{key}'. The keys are: {string.Join(", ", MetadataKeys)}.");
            }
        }

        string Get(string key) => values.TryGetValue(key, out string? value)
            ? value
            : key == "Accepted values"
                ? string.Empty
                : throw Error(yaml, $"Parameter -{parameter}: the ```yaml block lacks '{key}:'.");

        return new ParameterMetadata(
            Type: Get("Type"),
            ParameterSets: SplitList(Get("Parameter Sets")),
            Aliases: SplitList(Get("Aliases")),
            AcceptedValues: SplitList(Get("Accepted values")),
            Required: ParseBool(Get("Required"), "Required", yaml, parameter),
            Position: Get("Position"),
            DefaultValue: Get("Default value"),
            PipelineInput: Get("Accept pipeline input"),
            Wildcards: ParseBool(Get("Accept wildcard characters"), "Accept wildcard characters", yaml, parameter));
    }

    private void ReadTypes(HeadingBlock section, List<TypeHelp> types)
    {
        while (Peek() is HeadingBlock { Level: 3 } heading)
        {
            Take();
            types.Add(new TypeHelp(MarkdownText.Inline(heading.Inline), ReadText(heading, allowEmpty: true)));
        }

        if (Peek() is { } other and not HeadingBlock { Level: <= 2 })
        {
            throw Error(other, $"In {Describe(section)}, expected '### TypeName' (or '### None'), found a {MarkdownText.Describe(other)}.");
        }

        if (types.Count == 0)
        {
            throw Error(section, $"{Describe(section)} names no type; write '### None' when there is none.");
        }
    }

    private void ReadLinks(List<LinkHelp> links)
    {
        while (Peek() is ParagraphBlock paragraph)
        {
            Take();
            for (Markdig.Syntax.Inlines.Inline? inline = paragraph.Inline?.FirstChild; inline is not null; inline = inline.NextSibling)
            {
                switch (inline)
                {
                    case Markdig.Syntax.Inlines.LinkInline { IsImage: false } link:
                        string text = MarkdownText.LinkText(link);
                        links.Add(new LinkHelp(text, MarkdownText.IsAbsoluteUri(link.Url) ? link.Url! : string.Empty));
                        break;
                    case Markdig.Syntax.Inlines.LineBreakInline:
                        break;
                    case Markdig.Syntax.Inlines.LiteralInline literal when literal.Content.IsEmptyOrWhitespace():
                        break;
                    default:
                        throw Error(paragraph, $"RELATED LINKS holds only links, one per paragraph: [Text](address or Page.md). Found '{MarkdownText.Inline(paragraph.Inline)}'.");
                }
            }
        }

        if (Peek() is { } other)
        {
            throw Error(other, $"RELATED LINKS must be the last section and hold only links; found a {MarkdownText.Describe(other)}.");
        }
    }

    private static string Describe(Block block) => block is HeadingBlock h ? MarkdownText.Inline(h.Inline) : MarkdownText.Describe(block);

    /// <summary>The simple <c>Key: Value</c> lines platyPS writes (not general YAML: an empty value is allowed).</summary>
    internal static Dictionary<string, string> ParseKeyValues(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.Trim() == "---")
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"Expected 'Key: value', found '{line}'.");
            }

            values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return values;
    }

    private static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private bool ParseBool(string value, string key, Block block, string parameter) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw Error(block, $"Parameter -{parameter}: '{key}' is True or False, found '{value}'."),
    };

    private Block? Peek() => _next < _blocks.Count ? _blocks[_next] : null;

    private Block? Take() => _next < _blocks.Count ? _blocks[_next++] : null;

    private HelpSchemaException Error(Block? block, string message) =>
        new(_path, block is null ? (_blocks.Count > 0 ? _blocks[^1].Line + 1 : 1) : block.Line + 1, message);
}
