using System.Text;
using Markdig;
using Markdig.Syntax;

namespace ClaudeUsage.HelpBuilder;

/// <summary>
/// Turns an about topic written in platyPS's about template (<c># Topic</c>, <c>## about_Name</c>, then
/// <c># SHORT DESCRIPTION</c>, <c># LONG DESCRIPTION</c>, ...) into the plain text Get-Help shows, laid out as
/// New-ExternalHelp lays it out: headings at the margin, text indented four spaces and wrapped at 80 columns.
/// </summary>
public static class AboutTopicWriter
{
    private const int Width = 80;
    private const string Indent = "    ";

    /// <summary>The help-system name of the topic (the second heading) and its text.</summary>
    public static (string TopicName, string Text) Write(string path, string markdown)
    {
        MarkdownDocument document = Markdown.Parse(markdown, CommandPageReader.Pipeline);
        List<Block> blocks = document.ToList();
        if (blocks.Count < 2 || blocks[0] is not HeadingBlock { Level: 1 } || blocks[1] is not HeadingBlock { Level: 2 } nameHeading)
        {
            throw new HelpSchemaException(path, 1, "An about topic starts with '# Topic title' and then '## about_Name', the name Get-Help looks it up by.");
        }

        string topicName = MarkdownText.Inline(nameHeading.Inline);
        if (!topicName.StartsWith("about_", StringComparison.Ordinal) || topicName.Contains(' ', StringComparison.Ordinal))
        {
            throw new HelpSchemaException(path, nameHeading.Line + 1, $"The second heading must be the topic's lookup name, 'about_Name' without spaces; found '{topicName}'.");
        }

        var text = new StringBuilder();
        text.Append("TOPIC\n").Append(Indent).Append(topicName.ToLowerInvariant()).Append("\n\n");
        foreach (Block block in blocks.Skip(2))
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 } h:
                    text.Append(MarkdownText.Inline(h.Inline).ToUpperInvariant()).Append('\n');
                    break;
                case HeadingBlock { Level: 2 } h:
                    text.Append(MarkdownText.Inline(h.Inline)).Append('\n');
                    break;
                case HeadingBlock h:
                    text.Append(Indent).Append(MarkdownText.Inline(h.Inline).ToUpperInvariant()).Append('\n');
                    break;
                case FencedCodeBlock code:
                    foreach (string line in MarkdownText.Code(code).Split('\n'))
                    {
                        text.Append((Indent + Indent + line.TrimEnd('\r')).TrimEnd()).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case ParagraphBlock or ListBlock:
                    var paragraphs = new List<string>();
                    MarkdownText.Paragraphs(block, paragraphs, path);
                    foreach (string paragraph in paragraphs)
                    {
                        Wrap(paragraph, text);
                    }

                    text.Append('\n');
                    break;
                default:
                    throw new HelpSchemaException(path, block.Line + 1, $"An about topic holds headings, paragraphs, lists and code blocks; found a {MarkdownText.Describe(block)}.");
            }
        }

        return (topicName, text.ToString().TrimEnd('\n') + "\n");
    }

    /// <summary>Wraps one paragraph at <see cref="Width"/> columns; list items keep a hanging indent under their text.</summary>
    private static void Wrap(string paragraph, StringBuilder text)
    {
        string leading = paragraph[..(paragraph.Length - paragraph.TrimStart().Length)];
        string body = paragraph.TrimStart();
        string hanging = string.Empty;
        if (body.StartsWith("- ", StringComparison.Ordinal))
        {
            hanging = "  ";
        }
        else if (body.Length > 2 && char.IsDigit(body[0]) && body.IndexOf(". ", StringComparison.Ordinal) is > 0 and < 4 and int dot)
        {
            hanging = new string(' ', dot + 2);
        }

        string first = Indent + leading;
        string rest = first + hanging;
        var line = new StringBuilder(first);
        bool empty = true;
        foreach (string word in body.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(rest);
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ');
            }

            line.Append(word);
            empty = false;
        }

        text.Append(line).Append('\n');
    }
}
