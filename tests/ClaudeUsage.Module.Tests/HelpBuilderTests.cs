using System.Xml.Linq;
using ClaudeUsage.HelpBuilder;

namespace ClaudeUsage.Tests;

/// <summary>The markdown-to-MAML builder on small pages written here.</summary>
public class HelpBuilderTests
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private const string Page = """
        ---
        external help file: ClaudeUsage.dll-Help.xml
        Module Name: ClaudeUsage
        online version:
        schema: 2.0.0
        ---

        # Get-Thing

        ## SYNOPSIS
        Gets things.

        ## SYNTAX

        ### Name (Default)
        ```
        Get-Thing [[-Name] <String[]>] [-Mode <ThingMode>] [<CommonParameters>]
        ```

        ### Id
        ```
        Get-Thing -Id <Int32> [-Mode <ThingMode>] [<CommonParameters>]
        ```

        ## DESCRIPTION
        The first paragraph
        spans two lines and links to [Get-Other](Get-Other.md).

        - one item
        - another, see [the site](https://example.org/things)

        ## EXAMPLES

        ### Example 1: All things
        ```powershell
        PS> Get-Thing
        ```

        ```Output
        Name
        ----
        a
        ```

        Shows **every** thing.

        ## PARAMETERS

        ### -Id
        The id.

        ```yaml
        Type: Int32
        Parameter Sets: Id
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Mode
        The mode.

        ```yaml
        Type: ThingMode
        Parameter Sets: (All)
        Aliases: M
        Accepted values: Fast, Slow

        Required: False
        Position: Named
        Default value: Fast
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Name
        The names.

        ```yaml
        Type: String[]
        Parameter Sets: Name
        Aliases:

        Required: False
        Position: 0
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: True
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### None

        ## OUTPUTS

        ### Thing
        A thing.

        ## NOTES

        ## RELATED LINKS

        [Get-Other](Get-Other.md)

        [Online](https://example.org/get-thing)
        """;

    private static XElement BuildCommand(string markdown) =>
        XDocument.Parse(MamlWriter.Write([CommandPageReader.Read("Get-Thing.md", markdown)])).Root!.Element(Command + "command")!;

    [Fact]
    public void A_page_becomes_a_maml_command_with_every_section()
    {
        XElement command = BuildCommand(Page);

        XElement details = command.Element(Command + "details")!;
        Assert.Equal("Get-Thing", (string)details.Element(Command + "name")!);
        Assert.Equal("Get", (string)details.Element(Command + "verb")!);
        Assert.Equal("Thing", (string)details.Element(Command + "noun")!);
        Assert.Equal("Gets things.", (string)details.Element(Maml + "description")!.Element(Maml + "para")!);

        // Paragraph lines are joined; a link to another page keeps its text, an absolute link shows its address.
        Assert.Equal(
            ["The first paragraph spans two lines and links to Get-Other.", "- one item", "- another, see the site (https://example.org/things)"],
            command.Element(Maml + "description")!.Elements(Maml + "para").Select(p => (string)p));

        Assert.Equal(["Id", "Mode", "Name"], command.Element(Command + "parameters")!.Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!));
        XElement id = command.Element(Command + "parameters")!.Elements(Command + "parameter").First();
        Assert.Equal("true", (string)id.Attribute("required")!);
        Assert.Equal("named", (string)id.Attribute("position")!);
        Assert.Equal("True (ByPropertyName)", (string)id.Attribute("pipelineInput")!);
        Assert.Equal("none", (string)id.Attribute("aliases")!);
        Assert.Equal("Int32", (string)id.Element(Dev + "type")!.Element(Maml + "name")!);
        Assert.Equal("None", (string)id.Element(Dev + "defaultValue")!);

        Assert.Equal(["None"], command.Element(Command + "inputTypes")!.Descendants(Maml + "name").Select(n => (string)n));
        Assert.Equal(["Thing"], command.Element(Command + "returnValues")!.Descendants(Maml + "name").Select(n => (string)n));
        Assert.Empty(command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Elements());
        Assert.Equal(
            [("Get-Other", ""), ("Online", "https://example.org/get-thing")],
            command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").Select(l => ((string)l.Element(Maml + "linkText")!, (string)l.Element(Maml + "uri")!)));
    }

    [Fact]
    public void Each_parameter_set_is_a_syntax_item_in_its_syntax_line_order_with_accepted_values()
    {
        XElement[] items = BuildCommand(Page).Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToArray();

        Assert.Equal(2, items.Length);
        Assert.Equal(["Name", "Mode"], items[0].Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!));
        Assert.Equal(["Id", "Mode"], items[1].Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!));
        XElement mode = items[0].Elements(Command + "parameter").Last();
        Assert.Equal(["Fast", "Slow"], mode.Element(Command + "parameterValueGroup")!.Elements().Select(v => (string)v));
        Assert.Equal("M", (string)mode.Attribute("aliases")!);
    }

    [Fact]
    public void An_example_joins_its_code_blocks_and_centres_its_title_in_dashes()
    {
        XElement example = BuildCommand(Page).Element(Command + "examples")!.Element(Command + "example")!;

        // "Example 1: All things" is 21 characters: (64 - 21 - 2) / 2 = 20 dashes each side.
        Assert.Equal(new string('-', 20) + " Example 1: All things " + new string('-', 20), (string)example.Element(Maml + "title")!);
        Assert.Equal("PS> Get-Thing\n\nName\n----\na", (string)example.Element(Dev + "code")!);
        Assert.Equal("Shows **every** thing.", (string)example.Element(Dev + "remarks")!.Element(Maml + "para")!);
    }

    [Theory]
    [InlineData("## NOTES\n", "", "lacks the section(s) '## NOTES'")]
    [InlineData("Accept wildcard characters: True", "Accept wildcard characters: True\nGlobbing: yes", "unknown key 'Globbing'")]
    [InlineData("```powershell\nPS> Get-Thing\n```", "Text before the code.\n\n```powershell\nPS> Get-Thing\n```", "must start with a code block")]
    [InlineData("## SYNOPSIS\nGets things.", "## SYNOPSIS\nGets things.\n\n## SUMMARY\nMore.", "Unknown section '## SUMMARY'")]
    [InlineData("Required: True", "Required: Yes", "'Required' is True or False")]
    public void A_page_off_the_schema_is_rejected_with_the_file_and_line(string find, string replace, string message)
    {
        string broken = Page.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Page, broken);

        HelpSchemaException error = Assert.Throws<HelpSchemaException>(() => CommandPageReader.Read("Get-Thing.md", broken));

        Assert.Contains(message, error.Message);
        Assert.StartsWith("Get-Thing.md:", error.Message);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void An_about_topic_becomes_indented_text_wrapped_at_80_columns()
    {
        string markdown = "# Thing\n\n## about_Thing\n\n# SHORT DESCRIPTION\n\nShort.\n\n# LONG DESCRIPTION\n\n" + string.Join(' ', Enumerable.Repeat("word", 30)) + "\n\n- an item that is long enough to wrap onto a second line of the text, with a hanging indent\n\n```\ncode line\n```\n";

        (string topic, string text) = AboutTopicWriter.Write("about_Thing.md", markdown);

        Assert.Equal("about_Thing", topic);
        string[] lines = text.Split('\n');
        Assert.Equal(["TOPIC", "    about_thing", "", "SHORT DESCRIPTION", "    Short.", "", "LONG DESCRIPTION"], lines[..7]);
        // 30 × "word" with spaces: 4 + 15 × 5 - 1 = 78 columns fit 15 words on the first line.
        Assert.Equal("    " + string.Join(' ', Enumerable.Repeat("word", 15)), lines[7]);
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
        Assert.Contains("    - an item that is long enough to wrap onto a second line of the text, with a", lines);
        Assert.Contains("      hanging indent", lines);
        Assert.Contains("        code line", lines);
    }
}
