using System.Text.Json;

namespace ClaudeUsage.Core;

/// <summary>
/// The MCP servers a Claude Code response called, as one value: the server names of its <c>tool_use</c> blocks named
/// <c>mcp__&lt;server&gt;__&lt;tool&gt;</c>, each once, sorted ordinally and joined by <see cref="Separator"/>
/// (<c>github, linear</c>); null for none. Claude Code writes a response as several lines, each with part of its
/// content, so the value of a response is the union of its lines' values, whatever order they are met in.
/// </summary>
internal static class McpServerList
{
    /// <summary>What joins the names. A name with a comma is not an MCP server name (Claude Code writes them with letters, digits, <c>_</c> and <c>-</c>) and is left out.</summary>
    public const string Separator = ", ";

    private const string Prefix = "mcp__";

    /// <summary>
    /// The server of an MCP tool name: the text between <c>mcp__</c> and the next double underscore, so a server
    /// name may hold single underscores (<c>mcp__my_server__search</c> is <c>my_server</c>). Null for any other name,
    /// and for one with no server or no tool part.
    /// </summary>
    public static string? ServerOf(string toolName)
    {
        if (!toolName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        int end = toolName.IndexOf("__", Prefix.Length + 1, StringComparison.Ordinal);
        if (end < 0 || end + 2 >= toolName.Length)
        {
            return null;
        }

        string server = toolName[Prefix.Length..end];
        return server.Contains(',', StringComparison.Ordinal) ? null : server;
    }

    /// <summary>The names in a value; empty for null.</summary>
    public static string[] Split(string? list) =>
        string.IsNullOrEmpty(list) ? [] : list.Split(Separator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value of a set of names: sorted, each once; null when there are none.</summary>
    public static string? Join(IEnumerable<string> servers)
    {
        string[] names = servers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 ? null : string.Join(Separator, names);
    }

    /// <summary>Every name in either value, as one value; one of the two themselves when it already holds them all.</summary>
    public static string? Union(string? a, string? b)
    {
        if (b is null || string.Equals(a, b, StringComparison.Ordinal))
        {
            return a;
        }

        if (a is null)
        {
            return b;
        }

        string? union = Join(Split(a).Concat(Split(b)));
        return string.Equals(union, a, StringComparison.Ordinal) ? a : string.Equals(union, b, StringComparison.Ordinal) ? b : union;
    }

    /// <summary>
    /// The servers named by the <c>tool_use</c> blocks of a message's <c>content</c> (its raw JSON, already read as
    /// valid by the line's parser): an array of blocks, each an object with <c>type</c> and <c>name</c>. Anything
    /// else (a string content, a block of another type, a name that cannot be decoded) names none.
    /// </summary>
    public static string? FromContent(ReadOnlySpan<byte> content)
    {
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { MaxDepth = 512 });
        List<string>? servers = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                if (ToolUseName(ref reader) is { } name && ServerOf(name) is { } server)
                {
                    (servers ??= []).Add(server);
                }
            }
        }
        catch (JsonException)
        {
            // Not reached for content the line's parser accepted; a value it cannot read names no server.
        }

        return servers is null ? null : Join(servers);
    }

    /// <summary>The name of the block the reader is at (its '{'), if it is a <c>tool_use</c> block; the reader ends on its '}'.</summary>
    private static string? ToolUseName(ref Utf8JsonReader reader)
    {
        bool toolUse = false;
        string? name = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                toolUse = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("tool_use"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.String ? Decode(ref reader) : null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return toolUse ? name : null;
    }

    private static string? Decode(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // not valid UTF-8, or a lone surrogate escape: no server name
        }
    }
}
