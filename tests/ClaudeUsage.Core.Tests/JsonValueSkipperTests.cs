using System.Text;
using System.Text.Json;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Tests;

/// <summary>
/// The skipper against <see cref="Utf8JsonReader"/> itself: whatever it accepts, the reader accepts and ends at the
/// same byte; what the reader accepts, it accepts too unless nested deeper than it handles.
/// </summary>
public class JsonValueSkipperTests
{
    private static readonly byte[] Prefix = "{\"x\":"u8.ToArray();

    [Theory]
    [InlineData("\"plain\"")]
    [InlineData(" \"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\" ")]
    [InlineData("{\"a\":[1,-2.5e+10,0,0.0,-0,1E5,true,false,null,{},[],\"\"],\"b\":{\"c\":{\"d\":[[[]]]}}}")]
    [InlineData("[ 1 , { \"k\" : \"v\" } ,\t[\r\n] ]")]
    [InlineData("123")]
    [InlineData("\"caf\u00e9 \u4e2d\u6587 \ud83d\ude00\"")]
    public void Valid_values_end_where_the_reader_ends_them(string value)
    {
        byte[] json = Wrap(Encoding.UTF8.GetBytes(value));
        int expected = Reference(json);
        Assert.True(expected > 0);
        Assert.Equal(expected, JsonValueSkipper.Skip(json, Prefix.Length));
    }

    [Theory]
    [InlineData("\"unterminated")]
    [InlineData("\"bad \\x escape\"")]
    [InlineData("\"short \\u12\"")]
    [InlineData("\"raw \u0001 control\"")]
    [InlineData("\"raw \t tab\"")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{a:1}")]
    [InlineData("[01]")]
    [InlineData("[1.]")]
    [InlineData("[1e]")]
    [InlineData("[-]")]
    [InlineData("[tru]")]
    [InlineData("[nul")]
    [InlineData("{\"a\":[1,2}")]
    [InlineData("[1 2]")]
    [InlineData("'single'")]
    public void Invalid_values_are_refused_as_the_reader_refuses_them(string value)
    {
        byte[] json = Wrap(Encoding.UTF8.GetBytes(value));
        Assert.Equal(-1, Reference(json));
        Assert.Equal(-1, JsonValueSkipper.Skip(json, Prefix.Length));
    }

    [Fact]
    public void Nesting_deeper_than_it_handles_is_left_to_the_reader()
    {
        string deep = new string('[', JsonValueSkipper.MaxNesting + 1) + new string(']', JsonValueSkipper.MaxNesting + 1);
        byte[] json = Wrap(Encoding.UTF8.GetBytes(deep));
        Assert.True(Reference(json) > 0);
        Assert.Equal(-1, JsonValueSkipper.Skip(json, Prefix.Length));

        string handled = new string('[', JsonValueSkipper.MaxNesting) + new string(']', JsonValueSkipper.MaxNesting);
        byte[] ok = Wrap(Encoding.UTF8.GetBytes(handled));
        Assert.Equal(Reference(ok), JsonValueSkipper.Skip(ok, Prefix.Length));
    }

    [Fact]
    public void Random_values_and_their_mutations_agree_with_the_reader()
    {
        var random = new Random(20261130);
        int agreedValid = 0, mutated = 0, mutatedAccepted = 0;
        byte[] interesting = "\"\\{}[],: \t\r\n0-.eEtufnal1x/"u8.ToArray().Concat(new byte[] { 0x01, 0x1F, 0x7F, 0x80, 0xC3, 0xFF }).ToArray();
        for (int n = 0; n < 20_000; n++)
        {
            var value = new StringBuilder();
            WriteValue(value, random, depth: 0);
            byte[] valid = Encoding.UTF8.GetBytes(value.ToString());
            byte[] json = Wrap(valid);
            int expected = Reference(json);
            Assert.True(expected > 0, value.ToString());
            Assert.Equal(expected, JsonValueSkipper.Skip(json, Prefix.Length));
            agreedValid++;

            byte[] changed = Wrap(Damage.Once(valid, random, interesting));
            int skipped = JsonValueSkipper.Skip(changed, Prefix.Length);
            mutated++;
            if (skipped >= 0)
            {
                mutatedAccepted++;
                Assert.Equal(Reference(changed), skipped);
            }
        }

        Assert.Equal(20_000, agreedValid);
        Assert.InRange(mutatedAccepted, mutated / 10, mutated - mutated / 10); // both outcomes were exercised
    }

    /// <summary>Where the reader ends the value of "x" (just past it), or -1 when it throws first.</summary>
    private static int Reference(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 512 });
        try
        {
            reader.Read();
            reader.Read();
            reader.Read();
            reader.Skip();
            return (int)reader.BytesConsumed;
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    private static byte[] Wrap(byte[] value) => [.. Prefix, .. value, .. "}"u8];

    private static void WriteValue(StringBuilder s, Random random, int depth)
    {
        Whitespace(s, random);
        switch (random.Next(depth > 6 ? 4 : 7))
        {
            case 0:
                WriteString(s, random);
                break;
            case 1:
                s.Append(random.Next(4) switch { 0 => "0", 1 => "-12", 2 => "3.25", _ => "-6.02e+23" });
                break;
            case 2:
                s.Append(random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                break;
            case 3:
                WriteString(s, random);
                break;
            case 4 or 5:
                s.Append('{');
                int members = random.Next(4);
                for (int i = 0; i < members; i++)
                {
                    if (i > 0)
                    {
                        s.Append(',');
                    }

                    Whitespace(s, random);
                    WriteString(s, random);
                    Whitespace(s, random);
                    s.Append(':');
                    WriteValue(s, random, depth + 1);
                }

                Whitespace(s, random);
                s.Append('}');
                break;
            default:
                s.Append('[');
                int items = random.Next(4);
                for (int i = 0; i < items; i++)
                {
                    if (i > 0)
                    {
                        s.Append(',');
                    }

                    WriteValue(s, random, depth + 1);
                }

                Whitespace(s, random);
                s.Append(']');
                break;
        }

        Whitespace(s, random);
    }

    private static void WriteString(StringBuilder s, Random random)
    {
        string[] pieces = ["a", "text ", "\\n", "\\\"", "\\\\", "\\u00e9", "\\uD83D\\uDE00", "\u00e9", "\u4e2d", "\ud83d\ude00", "{", "]", ",", ":", "/", "\\/", "\\t"];
        s.Append('"');
        int count = random.Next(6);
        for (int i = 0; i < count; i++)
        {
            s.Append(pieces[random.Next(pieces.Length)]);
        }

        s.Append('"');
    }

    private static void Whitespace(StringBuilder s, Random random)
    {
        if (random.Next(4) == 0)
        {
            s.Append(random.Next(3) switch { 0 => " ", 1 => "\t", _ => "\r\n " });
        }
    }
}
