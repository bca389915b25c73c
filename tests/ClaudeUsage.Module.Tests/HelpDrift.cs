using System.Text;
using System.Xml.Linq;
using ClaudeUsage.HelpBuilder;

namespace ClaudeUsage.Tests;

/// <summary>
/// Finds where a cmdlet's help has drifted from the cmdlet: its markdown page (docs/en-US) and its entry in the
/// committed MAML, each held against what the engine says the cmdlet declares. Every problem says what to change.
/// </summary>
public static class HelpDrift
{
    public const string DocsFolder = "docs/en-US";
    public const string MamlFile = "docs/maml/en-US/ClaudeUsage.dll-Help.xml";
    public const string RegenerateCommand = "./build.ps1 -Task Docs (or: dotnet run --project tools/ClaudeUsage.HelpBuilder -- docs/en-US docs/maml/en-US)";

    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>
    /// How many examples with run output a page needs, for cmdlets that act on the user's own files: an example run
    /// from the repository would change them (the ledger ones print paths of this machine, too). Others need three.
    /// </summary>
    private static readonly Dictionary<string, int> ExamplesWithOutputNeeded = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Clear-ClaudeUsageCache"] = 1,
        ["Get-ClaudeUsageLedger"] = 0,
        ["Update-ClaudeUsageLedger"] = 0,
        ["Remove-ClaudeUsageLedger"] = 0,
    };

    /// <summary>Problems between the cmdlet and its markdown page (null when there is no page).</summary>
    public static List<string> InPage(CmdletSignature cmdlet, CommandHelp? page)
    {
        string file = $"{DocsFolder}/{cmdlet.Name}.md";
        if (page is null)
        {
            return [$"{file} is missing: every exported cmdlet needs a page. Start from this one, fill in the text, then regenerate the MAML with {RegenerateCommand}:\n\n{Skeleton(cmdlet)}"];
        }

        var problems = new List<string>();
        Expect(page.FrontMatter, "external help file", "ClaudeUsage.dll-Help.xml", file, problems);
        Expect(page.FrontMatter, "Module Name", "ClaudeUsage", file, problems);
        Expect(page.FrontMatter, "schema", "2.0.0", file, problems);

        string expectedSyntax = SyntaxSection(cmdlet);
        string actualSyntax = SyntaxSection(page.Syntax.Select(s => (s.SetName, s.IsDefault, s.Code)).ToList());
        if (expectedSyntax != actualSyntax)
        {
            problems.Add($"{file}: SYNTAX does not match the cmdlet. Replace the section's body with:\n{expectedSyntax}\n(it now reads:\n{actualSyntax})");
        }

        var documented = page.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (ParameterSignature parameter in cmdlet.Parameters)
        {
            if (!documented.TryGetValue(parameter.Name, out ParameterHelp? help))
            {
                problems.Add($"{file}: parameter -{parameter.Name} is not documented. Add under PARAMETERS:\n### -{parameter.Name}\n{{{{ What it does }}}}\n\n{parameter.Yaml}");
                continue;
            }

            if (help.Name != parameter.Name)
            {
                problems.Add($"{file}: '### -{help.Name}' must be spelled '### -{parameter.Name}', as the cmdlet declares it.");
            }

            string actual = HelpYaml.Render(help);
            if (actual != parameter.Yaml)
            {
                problems.Add($"{file}: the ```yaml block of -{parameter.Name} does not match the cmdlet ({Differences(parameter, help)}). Replace it with:\n{parameter.Yaml}\n(it now reads:\n{actual})");
            }
        }

        foreach (ParameterHelp extra in page.Parameters.Where(p => !cmdlet.Parameters.Any(c => string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
        {
            string why = CmdletSignature.IsCommon(extra.Name) ? "it is a common parameter, covered by '### CommonParameters'" : "the cmdlet has no such parameter";
            problems.Add($"{file}: remove '### -{extra.Name}': {why}.");
        }

        if (!page.SupportsCommonParameters)
        {
            problems.Add($"{file}: PARAMETERS needs the '### CommonParameters' entry.");
        }

        CompareTypes(file, "INPUTS", cmdlet.InputTypes, page.Inputs, problems);
        CompareTypes(file, "OUTPUTS", cmdlet.OutputTypes, page.Outputs, problems);

        int withOutput = page.Examples.Count(e => e.Code.Any(c => c.Language.Equals("Output", StringComparison.OrdinalIgnoreCase)));
        int needed = ExamplesWithOutputNeeded.GetValueOrDefault(cmdlet.Name, 3);
        if (withOutput < needed)
        {
            problems.Add($"{file}: EXAMPLES needs at least {needed} example(s) that show their output (a ```powershell block, then an ```Output block made by running it); it has {withOutput}.");
        }

        return problems;
    }

    /// <summary>Problems between the cmdlet and its entry in the committed MAML (null when there is none).</summary>
    public static List<string> InMaml(CmdletSignature cmdlet, XElement? command)
    {
        string stale = $"Regenerate the MAML with {RegenerateCommand}, after fixing the page if it is wrong too.";
        if (command is null)
        {
            return [$"{MamlFile} has no help for {cmdlet.Name}. {stale}"];
        }

        var problems = new List<string>();
        var parameters = command.Element(Command + "parameters")!.Elements(Command + "parameter")
            .ToDictionary(p => (string)p.Element(Maml + "name")!, StringComparer.Ordinal);
        foreach (ParameterSignature parameter in cmdlet.Parameters)
        {
            if (!parameters.TryGetValue(parameter.Name, out XElement? maml))
            {
                problems.Add($"{MamlFile}: {cmdlet.Name} lacks parameter -{parameter.Name}. {stale}");
                continue;
            }

            (bool required, string position, string pipeline) = parameter.Sets.First().Value;
            var actual = (
                Type: (string?)maml.Element(Dev + "type")?.Element(Maml + "name"),
                Required: (string?)maml.Attribute("required"),
                Position: (string?)maml.Attribute("position"),
                Pipeline: (string?)maml.Attribute("pipelineInput"),
                Globbing: (string?)maml.Attribute("globbing"),
                Aliases: (string?)maml.Attribute("aliases"));
            var expected = (
                Type: (string?)parameter.TypeName,
                Required: (string?)(required ? "true" : "false"),
                Position: (string?)position.ToLowerInvariant(),
                Pipeline: (string?)pipeline,
                Globbing: (string?)(parameter.Wildcards ? "true" : "false"),
                Aliases: (string?)(parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none"));
            if (actual != expected)
            {
                problems.Add($"{MamlFile}: {cmdlet.Name} -{parameter.Name} reads {actual} but the cmdlet declares {expected}. {stale}");
            }
        }

        foreach (string extra in parameters.Keys.Where(n => !cmdlet.Parameters.Any(p => p.Name == n)))
        {
            problems.Add($"{MamlFile}: {cmdlet.Name} documents -{extra}, which the cmdlet does not have. {stale}");
        }

        int syntaxItems = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").Count();
        if (syntaxItems != cmdlet.Syntax.Count)
        {
            problems.Add($"{MamlFile}: {cmdlet.Name} has {syntaxItems} syntax item(s) but {cmdlet.Syntax.Count} parameter set(s). {stale}");
        }

        return problems;
    }

    /// <summary>The MAML command element for each cmdlet name in a help file.</summary>
    public static Dictionary<string, XElement> MamlCommands(XDocument maml) =>
        maml.Root!.Elements(Command + "command").ToDictionary(c => (string)c.Element(Command + "details")!.Element(Command + "name")!, StringComparer.Ordinal);

    /// <summary>A page to start from for a cmdlet that has none: every generated part filled in, the prose left to write.</summary>
    public static string Skeleton(CmdletSignature cmdlet)
    {
        var page = new StringBuilder();
        page.Append("---\nexternal help file: ClaudeUsage.dll-Help.xml\nModule Name: ClaudeUsage\nonline version:\nschema: 2.0.0\n---\n\n");
        page.Append("# ").Append(cmdlet.Name).Append("\n\n## SYNOPSIS\n{{ One sentence: what the cmdlet does }}\n\n## SYNTAX\n\n").Append(SyntaxSection(cmdlet)).Append("\n\n");
        page.Append("## DESCRIPTION\n{{ What it does, in a few paragraphs }}\n\n## EXAMPLES\n\n");
        for (int i = 1; i <= 3; i++)
        {
            page.Append("### Example ").Append(i).Append(": {{ Title }}\n\n```powershell\nPS> {{ A command on ./samples }}\n```\n\n```Output\n{{ Its real output }}\n```\n\n{{ What it shows }}\n\n");
        }

        page.Append("## PARAMETERS\n\n");
        foreach (ParameterSignature parameter in cmdlet.Parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            page.Append("### -").Append(parameter.Name).Append("\n{{ What it does }}\n\n").Append(parameter.Yaml).Append("\n\n");
        }

        page.Append("### CommonParameters\nThis cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).\n\n");
        page.Append("## INPUTS\n\n").Append(string.Join("\n\n", cmdlet.InputTypes.Select(t => $"### {t}\n{{{{ What can be piped in }}}}"))).Append("\n\n");
        page.Append("## OUTPUTS\n\n").Append(string.Join("\n\n", cmdlet.OutputTypes.Select(t => $"### {t}\n{{{{ What is written }}}}"))).Append("\n\n");
        page.Append("## NOTES\n\n## RELATED LINKS\n\n[about_ClaudeUsage](about_ClaudeUsage.md)\n");
        return page.ToString();
    }

    private static string SyntaxSection(CmdletSignature cmdlet) => SyntaxSection(cmdlet.Syntax);

    private static string SyntaxSection(IReadOnlyList<(string? SetName, bool IsDefault, string Line)> syntax) =>
        string.Join("\n\n", syntax.Select(s => (s.SetName is null ? string.Empty : $"### {s.SetName}{(s.IsDefault ? " (Default)" : string.Empty)}\n") + $"```\n{s.Line}\n```"));

    private static void Expect(IReadOnlyDictionary<string, string> frontMatter, string key, string value, string file, List<string> problems)
    {
        if (!frontMatter.TryGetValue(key, out string? actual) || actual != value)
        {
            problems.Add($"{file}: the front matter needs '{key}: {value}'.");
        }
    }

    private static void CompareTypes(string file, string section, IReadOnlyList<string> expected, IReadOnlyList<TypeHelp> actual, List<string> problems)
    {
        string[] names = actual.Select(t => t.TypeName).ToArray();
        if (!names.Order().SequenceEqual(expected.Order()))
        {
            problems.Add($"{file}: {section} must name exactly {string.Join(", ", expected.Select(t => "'### " + t + "'"))}; it names {string.Join(", ", names.Select(t => "'### " + t + "'"))}.");
        }
    }

    private static string Differences(ParameterSignature expected, ParameterHelp actual)
    {
        var differences = new List<string>();
        ParameterMetadata first = actual.Metadata[0];
        if (first.Type != expected.TypeName)
        {
            differences.Add($"Type is {expected.TypeName}, not {first.Type}");
        }

        if (!first.Aliases.SequenceEqual(expected.Aliases))
        {
            differences.Add($"Aliases are '{string.Join(", ", expected.Aliases)}'");
        }

        if (!first.AcceptedValues.SequenceEqual(expected.AcceptedValues))
        {
            differences.Add($"Accepted values are '{string.Join(", ", expected.AcceptedValues)}'");
        }

        if (first.DefaultValue != expected.DefaultValue)
        {
            differences.Add($"Default value is {expected.DefaultValue}, not {first.DefaultValue}");
        }

        if (first.Wildcards != expected.Wildcards)
        {
            differences.Add($"Accept wildcard characters is {expected.Wildcards}");
        }

        var pageSets = actual.Metadata.SelectMany(m => m.ParameterSets.Select(s => (Set: s, m.Required, m.Position, m.PipelineInput))).ToDictionary(x => x.Set, x => (x.Required, x.Position, x.PipelineInput));
        if (!pageSets.Keys.Order().SequenceEqual(expected.Sets.Keys.Order()))
        {
            differences.Add($"Parameter Sets are '{string.Join(", ", expected.Sets.Keys)}'");
        }
        else if (expected.Sets.Any(s => pageSets[s.Key] != s.Value))
        {
            differences.Add("Required, Position or Accept pipeline input differ");
        }

        return differences.Count > 0 ? string.Join("; ", differences) : "layout";
    }
}
