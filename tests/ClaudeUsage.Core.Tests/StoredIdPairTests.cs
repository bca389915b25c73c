using System.Text;
using ClaudeUsage.Core;

namespace ClaudeUsage.Tests;

public class StoredIdPairTests
{
    [Theory]
    [InlineData("msg_01ABC", "req_01XYZ")]
    [InlineData("msg_only", null)]
    [InlineData(null, null)]
    [InlineData("pi:r:openai:caf\u00e9-\u4e2d:1732000000000", "")]
    public void A_pair_reads_back_as_written_with_the_keys_of_its_ids(string? response, string? request)
    {
        byte[] bytes = Written(response, request, out int at, out int length);

        var pair = new StoredIdPair(bytes, at);
        Assert.Equal((response, request), pair.Decode());
        byte[] direct = new byte[StoredIdPair.SizeOf(response, request)];
        Assert.Equal(direct.Length, StoredIdPair.Write(direct, response, request));
        Assert.Equal(bytes.AsSpan(at, length).ToArray(), direct); // the same layout both ways
        Assert.Equal(length, pair.Span.Length);
        (UInt128 responseKey, UInt128 requestKey, int read) = StoredIdPair.Keys(bytes.AsSpan(at));
        Assert.Equal(IdKey.Of(response), responseKey);
        Assert.Equal(IdKey.Of(request), requestKey);
        Assert.Equal(length, read);
    }

    [Fact]
    public void An_id_longer_than_127_bytes_has_a_two_byte_length()
    {
        string response = new('m', 300);
        byte[] bytes = Written(response, "r", out int at, out int length);

        Assert.Equal(1 + 2 + 300 + 1 + 1 + 1, length);
        byte[] direct = new byte[StoredIdPair.SizeOf(response, "r")];
        StoredIdPair.Write(direct, response, "r");
        Assert.Equal(bytes.AsSpan(at, length).ToArray(), direct);
        Assert.Equal((response, "r"), new StoredIdPair(bytes, at).Decode());
    }

    [Fact]
    public void Bytes_cut_short_are_a_format_error()
    {
        byte[] bytes = Written("msg_01ABC", "req_01XYZ", out int at, out int length);

        Assert.Throws<FormatException>(() => StoredIdPair.Keys(bytes.AsSpan(at, length - 3)));
        Assert.Throws<FormatException>(() => StoredIdPair.Keys(bytes.AsSpan(at, 0)));
    }

    [Fact]
    public void A_block_keeps_every_pair_it_was_given_across_its_growth()
    {
        var block = new StoredIdBlock();
        var stored = new List<(StoredIdPair Pair, string Response, string? Request)>();
        for (int i = 0; i < 3_000; i++)
        {
            // Mostly short ids, some longer than a first block, some without a request id.
            string response = i % 500 == 7 ? new string('r', 700) + i : $"msg_{i:D24}";
            string? request = i % 3 == 0 ? null : $"req_{i}";
            stored.Add((block.Add(response, request), response, request));
        }

        foreach ((StoredIdPair pair, string response, string? request) in stored)
        {
            Assert.Equal((response, request), pair.Decode());
        }
    }

    /// <summary>The pair written after some other bytes, as in a cache record.</summary>
    private static byte[] Written(string? response, string? request, out int at, out int length)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write("record before"u8);
        writer.Flush();
        at = (int)stream.Length;
        StoredIdPair.Write(writer, response, request);
        writer.Write((byte)0xEE); // the record goes on
        writer.Flush();
        length = (int)stream.Length - at - 1;
        return stream.ToArray();
    }
}
