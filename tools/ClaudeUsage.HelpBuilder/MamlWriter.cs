using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ClaudeUsage.HelpBuilder;

/// <summary>
/// Writes cmdlet help as MAML, element for element as platyPS's New-ExternalHelp does: per command the details
/// (name, verb, noun, synopsis), description, syntax (one item per parameter set), parameters, input types,
/// return values, notes (alertSet), examples and related links.
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>The MAML document, with LF line endings and no byte-order mark, so it is the same on every platform.</summary>
    public static string Write(IEnumerable<CommandHelp> commands)
    {
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(CommandElement)));

        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            document.Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static XElement CommandElement(CommandHelp command)
    {
        int dash = command.Name.IndexOf('-', StringComparison.Ordinal);
        string verb = dash > 0 ? command.Name[..dash] : command.Name;
        string noun = dash > 0 ? command.Name[(dash + 1)..] : string.Empty;

        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", command.Name),
                new XElement(Command + "verb", verb),
                new XElement(Command + "noun", noun),
                new XElement(Maml + "description", Paragraphs(command.Synopsis))),
            new XElement(Maml + "description", Paragraphs(command.Description)),
            new XElement(Command + "syntax", command.Syntax.Select(s => SyntaxItem(command, s))),
            new XElement(Command + "parameters", command.Parameters.Select(p => Parameter(p, p.Metadata[0], inSyntax: false))),
            new XElement(Command + "inputTypes", command.Inputs.Select(t => TypeEntry("inputType", t))),
            new XElement(Command + "returnValues", command.Outputs.Select(t => TypeEntry("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(command.Notes))),
            new XElement(Command + "examples", command.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", Links(command)));
    }

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) =>
        paragraphs.Select(p => new XElement(Maml + "para", p));

    /// <summary>
    /// One parameter set: the parameters that belong to it, in the order its syntax line lists them (which the
    /// consistency tests hold to the cmdlet's real syntax), then any the line leaves out, by position.
    /// </summary>
    private static XElement SyntaxItem(CommandHelp command, SyntaxHelp syntax)
    {
        var members = command.Parameters
            .Select(p => (Parameter: p, Metadata: p.Metadata.FirstOrDefault(m => m.AppliesTo(syntax.SetName) || (syntax.SetName is null && command.Syntax.Count == 1))))
            .Where(x => x.Metadata is not null)
            .Select(x => (x.Parameter, Metadata: x.Metadata!))
            .OrderBy(x => Rank(syntax.ParameterOrder, x.Parameter.Name))
            .ThenBy(x => int.TryParse(x.Metadata.Position, out int position) ? position : int.MaxValue)
            .ToList();

        return new XElement(Command + "syntaxItem",
            new XElement(Maml + "name", command.Name),
            members.Select(x => Parameter(x.Parameter, x.Metadata, inSyntax: true)));
    }

    private static int Rank(IReadOnlyList<string> order, string name)
    {
        for (int i = 0; i < order.Count; i++)
        {
            if (string.Equals(order[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static XElement Parameter(ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
    {
        string type = metadata.IsSwitch ? "SwitchParameter" : metadata.Type;
        string defaultValue = metadata.IsSwitch && metadata.DefaultValue is "" or "None" ? "False" : metadata.DefaultValue;
        return new XElement(Command + "parameter",
            new XAttribute("required", Bool(metadata.Required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Bool(metadata.Wildcards)),
            new XAttribute("pipelineInput", metadata.PipelineInput),
            new XAttribute("position", metadata.Position.ToLowerInvariant()),
            new XAttribute("aliases", metadata.Aliases.Count > 0 ? string.Join(", ", metadata.Aliases) : "none"),
            new XElement(Maml + "name", parameter.Name),
            new XElement(Maml + "description", Paragraphs(parameter.Description)),
            inSyntax && metadata.AcceptedValues.Count > 0
                ? new XElement(Command + "parameterValueGroup", metadata.AcceptedValues.Select(v =>
                    new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v)))
                : null,
            // As in platyPS: a switch shows no value in a syntax line.
            inSyntax && metadata.IsSwitch
                ? null
                : new XElement(Command + "parameterValue", new XAttribute("required", Bool(!metadata.IsSwitch)), new XAttribute("variableLength", "false"), type),
            new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", defaultValue));
    }

    private static XElement TypeEntry(string element, TypeHelp type) =>
        new(Command + element,
            new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
            new XElement(Maml + "description", Paragraphs(type.Description)));

    private static XElement Example(ExampleHelp example) =>
        new(Command + "example",
            new XElement(Maml + "title", PadTitle(example.Title)),
            new XElement(Dev + "code", string.Join("\n\n", example.Code.Select(c => c.Text))),
            new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

    private static IEnumerable<XElement> Links(CommandHelp command)
    {
        if (command.OnlineVersion is { } online)
        {
            yield return Link("Online Version:", online);
        }

        foreach (LinkHelp link in command.RelatedLinks)
        {
            yield return Link(link.Text, link.Uri);
        }
    }

    private static XElement Link(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    /// <summary>Centres an example title in dashes to 64 characters, as New-ExternalHelp does.</summary>
    internal static string PadTitle(string title)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length >= 62)
        {
            return title;
        }

        string dashes = new('-', (64 - title.Length - 2) / 2);
        return $"{dashes} {title} {dashes}";
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
