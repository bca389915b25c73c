using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ClaudeUsage.HelpBuilder;

/// <summary>
/// Turns markdown blocks into the plain paragraphs help text is made of. Inline markup is kept as written
/// (`code`, **bold**), as platyPS keeps it; a link becomes its text, followed by the address in parentheses
/// when the address is absolute (a link to another page of these docs has no address outside them).
/// </summary>
public static class MarkdownText
{
    /// <summary>The text of a paragraph or heading on one line: soft and hard line breaks become spaces.</summary>
    public static string Inline(ContainerInline? inline)
    {
        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString().Trim();
    }

    /// <summary>The text of a link, without its address.</summary>
    public static string LinkText(LinkInline link)
    {
        var text = new StringBuilder();
        AppendChildren(link, text);
        return text.ToString().Trim();
    }

    /// <summary>
    /// The paragraphs of a run of text blocks: one per markdown paragraph, one per list item (with its
    /// bullet or number, so lists still read as lists in Get-Help).
    /// </summary>
    public static void Paragraphs(Block block, List<string> paragraphs, string path, string indent = "")
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                paragraphs.Add(indent + Inline(paragraph.Inline));
                break;
            case ListBlock list:
                int number = int.TryParse(list.OrderedStart, out int start) ? start : 1;
                foreach (ListItemBlock item in list.OfType<ListItemBlock>())
                {
                    string bullet = list.IsOrdered ? $"{number++}. " : "- ";
                    bool first = true;
                    foreach (Block child in item)
                    {
                        var itemParagraphs = new List<string>();
                        Paragraphs(child, itemParagraphs, path, first ? string.Empty : indent + "  ");
                        foreach (string line in itemParagraphs)
                        {
                            paragraphs.Add(first ? indent + bullet + line : line);
                            first = false;
                        }
                    }
                }

                break;
            default:
                throw new HelpSchemaException(path, block.Line + 1, $"A {Describe(block)} cannot be used here: help text is made of paragraphs and lists (code belongs in EXAMPLES).");
        }
    }

    public static string Describe(Block block) => block switch
    {
        HeadingBlock h => $"level-{h.Level} heading '{Inline(h.Inline)}'",
        FencedCodeBlock => "code block",
        CodeBlock => "indented code block",
        ListBlock => "list",
        QuoteBlock => "block quote",
        HtmlBlock => "HTML block",
        ThematicBreakBlock => "horizontal rule",
        ParagraphBlock => "paragraph",
        _ => block.GetType().Name,
    };

    /// <summary>The content of a fenced code block, without a trailing newline.</summary>
    public static string Code(FencedCodeBlock code) => code.Lines.ToString().TrimEnd('\n', '\r');

    public static bool IsAbsoluteUri(string? uri) =>
        uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) && parsed.Scheme is "http" or "https";

    private static void Append(Inline? inline, StringBuilder text)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append('`').Append(code.Content).Append('`');
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline html:
                text.Append(html.Tag);
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case LinkInline link:
                AppendChildren(link, text);
                if (IsAbsoluteUri(link.Url))
                {
                    text.Append(" (").Append(link.Url).Append(')');
                }

                break;
            case EmphasisInline emphasis:
                string delimiter = new(emphasis.DelimiterChar, emphasis.DelimiterCount);
                text.Append(delimiter);
                AppendChildren(emphasis, text);
                text.Append(delimiter);
                break;
            case ContainerInline container:
                AppendChildren(container, text);
                break;
            default:
                text.Append(inline.ToString());
                break;
        }
    }

    private static void AppendChildren(ContainerInline container, StringBuilder text)
    {
        for (Inline? child = container.FirstChild; child is not null; child = child.NextSibling)
        {
            Append(child, text);
        }
    }
}
