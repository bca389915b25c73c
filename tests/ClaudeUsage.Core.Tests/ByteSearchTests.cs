using System.Buffers;
using System.Text;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Tests;

/// <summary>The vectorised searches answer what <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, T)"/> answers.</summary>
public class ByteSearchTests
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
    public void Usage_and_model_id_names_are_found_anywhere_in_a_line_and_nothing_else_is()
    {
        var random = new Random(11);
        string[] pieces = ["\"usage\"", "\"modelId\"", "usage", "\"usag\"", "\"usagex\"", "\"model\"", "\"modelIdx\"", "\"u", "\"m", "x", "\"", "\"a\":1,", " ", "\u00e9"];
        for (int n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 30);
            for (int i = 0; i < count; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            byte[] line = Encoding.UTF8.GetBytes(text.ToString());
            bool expected = line.AsSpan().IndexOf("\"usage\""u8) >= 0 || line.AsSpan().IndexOf("\"modelId\""u8) >= 0;
            Assert.True(expected == ByteSearch.MentionsUsageOrModelId(line), text.ToString());
        }
    }
}
