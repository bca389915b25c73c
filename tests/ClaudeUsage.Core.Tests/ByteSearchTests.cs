using System.Buffers;
using System.Text;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Tests;

/// <summary>The vectorised searches answer what <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, T)"/> answers.</summary>
public partial class ByteSearchTests
{
    [Fact]
    public void Newlines_are_found_where_IndexOf_finds_them_at_every_length_and_offset()
    {
        var random = new Random(7);
        for (int n = 0; n < 5_000; n++)
        {
            byte[] bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n' && random.Next(4) != 0)
                {
                    bytes[i] = (byte)'x'; // fewer newlines, so long runs without one are tried too
                }
            }

            int from = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
            ReadOnlySpan<byte> span = bytes.AsSpan(from);
            Assert.Equal(span.IndexOf((byte)'\n'), ByteSearch.IndexOfNewline(span));
        }
    }

    [Fact]
    public void String_stops_are_found_where_IndexOfAny_finds_them_at_every_length_and_offset()
    {
        SearchValues<byte> stops = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 32).Select(b => (byte)b)]);
        var random = new Random(9);
        byte[] plain = "abc xyz {}[]:,/é"u8.ToArray();
        for (int n = 0; n < 5_000; n++)
        {
            byte[] bytes = new byte[random.Next(0, 200)];
            for (int i = 0; i < bytes.Length; i++)
            {
                // Mostly plain text, now and then a stop, including control bytes and the highest byte values.
                bytes[i] = random.Next(40) switch
                {
                    0 => (byte)'"',
                    1 => (byte)'\\',
                    2 => (byte)random.Next(0, 32),
                    3 => (byte)random.Next(0x7F, 0x100),
                    _ => plain[random.Next(plain.Length)],
                };
            }

            int from = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
            int expected = bytes.AsSpan(from).IndexOfAny(stops) is var at && at >= 0 ? from + at : -1;
            Assert.Equal(expected, ByteSearch.IndexOfStringStop(bytes, from));
        }
    }

    [Fact]
    public void Usage_and_model_id_names_and_escapes_of_their_letters_are_found_anywhere_in_a_line_and_nothing_else_is()
    {
        var random = new Random(11);
        string[] pieces =
        [
            "\"usage\"", "\"modelId\"", "usage", "\"usag\"", "\"usagex\"", "\"model\"", "\"modelIdx\"", "\"u", "\"m", "x", "\"", "\"a\":1,", " ", "\u00e9",
            // Escapes: of a letter of the names (either hex case), of other characters, and cut short.
            "\\u0075", "\\u006D", "\\u0049", "\\u0069", "\\u001b", "\\u0055", "\\u00", "\\u007", "\\u", "\\", "\\\\u0073",
        ];
        for (int n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 30);
            for (int i = 0; i < count; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            byte[] line = Encoding.UTF8.GetBytes(text.ToString());
            bool expected = line.AsSpan().IndexOf("\"usage\""u8) >= 0 || line.AsSpan().IndexOf("\"modelId\""u8) >= 0
                || EscapedNameLetter().IsMatch(text.ToString());
            Assert.True(expected == ByteSearch.MayNameUsageOrModelId(line), text.ToString());
        }
    }

    /// <summary>
    /// The early check never rules out a line in which the JSON reader finds a member named <c>usage</c> or
    /// <c>modelId</c>, however its letters are escaped.
    /// </summary>
    [Fact]
    public void No_line_whose_reader_finds_a_usage_or_model_id_member_is_ruled_out()
    {
        var random = new Random(13);
        int named = 0;
        for (int n = 0; n < 5_000; n++)
        {
            string name = random.Next(3) switch { 0 => "usage", 1 => "modelId", _ => "usager" };
            var written = new StringBuilder();
            foreach (char c in name)
            {
                written.Append(random.Next(3) == 0 ? (random.Next(2) == 0 ? $"\\u{(int)c:x4}" : $"\\u{(int)c:X4}") : c.ToString());
            }

            string json = $"{{\"pad\":\"{new string('x', random.Next(0, 70))}\",\"{written}\":{{\"input\":1}}}}";
            byte[] line = Encoding.UTF8.GetBytes(json);
            var reader = new System.Text.Json.Utf8JsonReader(line);
            bool hasMember = false;
            while (reader.Read())
            {
                hasMember |= reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && (reader.ValueTextEquals("usage"u8) || reader.ValueTextEquals("modelId"u8));
            }

            named += hasMember ? 1 : 0;
            Assert.True(!hasMember || ByteSearch.MayNameUsageOrModelId(line), json);
        }

        Assert.True(named > 2_500, $"{named} lines named one");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\\u00(75|73|61|67|65|6[dD]|6[fF]|64|6[cC]|49)")]
    private static partial System.Text.RegularExpressions.Regex EscapedNameLetter();

    [Fact]
    public void Mcp_prefixes_and_escapes_of_their_characters_are_found_anywhere_in_content_and_nothing_else_is()
    {
        var random = new Random(17);
        string[] pieces =
        [
            "mcp__", "mcp_", "mcp", "mc__", "m__", "mcp_x_", "\"name\":\"", "_", "__", "m", "x", " ", "\u00e9",
            // Escapes: of a character of the prefix (either hex case), of other characters, and cut short.
            "\\u006d", "\\u006D", "\\u0063", "\\u0070", "\\u005f", "\\u005F", "\\u0061", "\\u001b", "\\u0022", "\\u004d", "\\u007f",
            "\\u0080", "\\u0050", "\\u00", "\\u006", "\\u", "\\", "\\\\u006d",
        ];
        for (int n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 30);
            for (int i = 0; i < count; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            byte[] content = Encoding.UTF8.GetBytes(text.ToString());
            bool expected = content.AsSpan().IndexOf("mcp__"u8) >= 0 || EscapedMcpCharacter().IsMatch(text.ToString());
            Assert.True(expected == ByteSearch.MayNameMcpTool(content), text.ToString());
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\\u00(6[dD]|63|70|5[fF])")]
    private static partial System.Text.RegularExpressions.Regex EscapedMcpCharacter();
}
