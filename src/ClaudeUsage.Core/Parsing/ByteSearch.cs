using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// The searches that run over every byte of every log: the next newline, the end of a run of plain string bytes
/// (for <see cref="JsonValueSkipper"/>), whether a line may name <c>"usage"</c> or <c>"modelId"</c>
/// (<see cref="TranscriptLineHandler"/> reads no other lines), and whether a response's content may name an MCP tool.
/// </summary>
/// <remarks>
/// Vectorised here instead of calling <c>Span.IndexOf</c> or <c>IndexOfAny(SearchValues)</c>: the framework's hot
/// search methods are recompiled with instrumentation first (the generic ones start unoptimised), and a fresh
/// process (every scheduled run) spends much of a scan in those tiers. These methods are compiled optimised at their
/// first call. Each answers exactly what the framework's search would; 256-bit vectors where the processor has them,
/// else 128-bit (ARM64), else a byte at a time.
/// </remarks>
internal static class ByteSearch
{
    /// <summary>The index of the first <c>\n</c> in <paramref name="span"/>, or -1.</summary>
    public static int IndexOfNewline(ReadOnlySpan<byte> span) => IndexOfFirst<Newline>(span, 0);

    /// <summary>
    /// The index of the first quote, backslash or control byte (what ends a run of plain bytes in a JSON string) at
    /// or after <paramref name="from"/>, or -1.
    /// </summary>
    public static int IndexOfStringStop(ReadOnlySpan<byte> span, int from) => IndexOfFirst<StringStop>(span, from);

    /// <summary>The first byte at or after <paramref name="i"/> that <typeparamref name="TStop"/> stops at, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int IndexOfFirst<TStop>(ReadOnlySpan<byte> span, int i)
        where TStop : struct, IStop
    {
        ref byte start = ref MemoryMarshal.GetReference(span);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= span.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                uint hits = TStop.Matches(Vector256.LoadUnsafe(ref start, (nuint)i)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= span.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                uint hits = TStop.Matches(Vector128.LoadUnsafe(ref start, (nuint)i)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }

        for (; i < span.Length; i++)
        {
            if (TStop.Matches(span[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The bytes a search stops at, tested a byte or a vector of bytes at a time.</summary>
    private interface IStop
    {
        static abstract bool Matches(byte b);

        static abstract Vector256<byte> Matches(Vector256<byte> v);

        static abstract Vector128<byte> Matches(Vector128<byte> v);
    }

    private readonly struct Newline : IStop
    {
        public static bool Matches(byte b) => b == (byte)'\n';

        public static Vector256<byte> Matches(Vector256<byte> v) => Vector256.Equals(v, Vector256.Create((byte)'\n'));

        public static Vector128<byte> Matches(Vector128<byte> v) => Vector128.Equals(v, Vector128.Create((byte)'\n'));
    }

    /// <summary>A quote, a backslash, or a control byte (which a JSON string may not hold raw).</summary>
    private readonly struct StringStop : IStop
    {
        public static bool Matches(byte b) => b == (byte)'"' || b == (byte)'\\' || b < (byte)' ';

        public static Vector256<byte> Matches(Vector256<byte> v) =>
            Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\')) | Vector256.LessThan(v, Vector256.Create((byte)' '));

        public static Vector128<byte> Matches(Vector128<byte> v) =>
            Vector128.Equals(v, Vector128.Create((byte)'"')) | Vector128.Equals(v, Vector128.Create((byte)'\\')) | Vector128.LessThan(v, Vector128.Create((byte)' '));
    }

    /// <summary>
    /// True when <paramref name="line"/> contains <c>"usage"</c> or <c>"modelId"</c> (quotes included), or a
    /// <c>\u00XX</c> escape of one of their letters, in one pass. A name may be written with escapes
    /// (<c>"\u0075sage"</c>); only the JSON reader can tell, so such a line is left to it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool MayNameUsageOrModelId(ReadOnlySpan<byte> line)
    {
        // Candidates are where a quote, the name's first letter and the closing quote all line up (7 bytes for
        // "usage", 9 for "modelId"), or where a backslash is followed by u; each is then compared in full.
        ref byte start = ref MemoryMarshal.GetReference(line);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> quote = Vector256.Create((byte)'"'), u = Vector256.Create((byte)'u'), m = Vector256.Create((byte)'m'), backslash = Vector256.Create((byte)'\\');
            for (; i <= line.Length - 8 - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                Vector256<byte> first = Vector256.LoadUnsafe(ref start, (nuint)i);
                Vector256<byte> second = Vector256.LoadUnsafe(ref start, (nuint)(i + 1));
                Vector256<byte> secondU = Vector256.Equals(second, u);
                Vector256<byte> usage = secondU & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + 6)), quote);
                Vector256<byte> modelId = Vector256.Equals(second, m) & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + 8)), quote);
                Vector256<byte> escape = Vector256.Equals(first, backslash) & secondU;
                uint hits = ((Vector256.Equals(first, quote) & (usage | modelId)) | escape).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    if (IsCandidateAt(line, i + BitOperations.TrailingZeroCount(hits)))
                    {
                        return true;
                    }

                    hits &= hits - 1;
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> quote = Vector128.Create((byte)'"'), u = Vector128.Create((byte)'u'), m = Vector128.Create((byte)'m'), backslash = Vector128.Create((byte)'\\');
            for (; i <= line.Length - 8 - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                Vector128<byte> first = Vector128.LoadUnsafe(ref start, (nuint)i);
                Vector128<byte> second = Vector128.LoadUnsafe(ref start, (nuint)(i + 1));
                Vector128<byte> secondU = Vector128.Equals(second, u);
                Vector128<byte> usage = secondU & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(i + 6)), quote);
                Vector128<byte> modelId = Vector128.Equals(second, m) & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(i + 8)), quote);
                Vector128<byte> escape = Vector128.Equals(first, backslash) & secondU;
                uint hits = ((Vector128.Equals(first, quote) & (usage | modelId)) | escape).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    if (IsCandidateAt(line, i + BitOperations.TrailingZeroCount(hits)))
                    {
                        return true;
                    }

                    hits &= hits - 1;
                }
            }
        }

        for (; i < line.Length; i++)
        {
            if ((line[i] == (byte)'"' || line[i] == (byte)'\\') && IsCandidateAt(line, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The letters of <c>usage</c> and <c>modelId</c>: an escape of any other character cannot spell them.</summary>
    private static ReadOnlySpan<byte> NameLetters => "usagemodlI"u8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsCandidateAt(ReadOnlySpan<byte> line, int at) => line[at] == (byte)'"' ? IsNameAt(line, at) : IsEscapedNameLetterAt(line, at);

    /// <summary>True for <c>\u00XX</c> at <paramref name="at"/> where XX (hex, either case) is a letter of the two names.</summary>
    private static bool IsEscapedNameLetterAt(ReadOnlySpan<byte> line, int at) => IsEscapeOfAnyAt(line, at, NameLetters);

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNameAt(ReadOnlySpan<byte> line, int at) =>
        line[at..].StartsWith("\"usage\""u8) || line[at..].StartsWith("\"modelId\""u8);

    /// <summary>
    /// True when <paramref name="content"/> (a message's content, as raw JSON) contains <c>mcp__</c>, or a
    /// <c>\u00XX</c> escape of one of its characters, in one pass: a tool name that reads <c>mcp__…</c> once decoded
    /// has one or the other, so content without either names no MCP tool and is not read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool MayNameMcpTool(ReadOnlySpan<byte> content)
    {
        // Candidates are where the five bytes from a position read mcp__, or \u00 and the first hex digit of one of
        // its characters (5, 6 or 7); an escape is then checked in full.
        ref byte start = ref MemoryMarshal.GetReference(content);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= content.Length - 5 - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                Vector256<byte> v0 = Vector256.LoadUnsafe(ref start, (nuint)i), v1 = Vector256.LoadUnsafe(ref start, (nuint)(i + 1));
                Vector256<byte> v2 = Vector256.LoadUnsafe(ref start, (nuint)(i + 2)), v3 = Vector256.LoadUnsafe(ref start, (nuint)(i + 3));
                Vector256<byte> v4 = Vector256.LoadUnsafe(ref start, (nuint)(i + 4));
                Vector256<byte> underscores = Vector256.Equals(v3, Vector256.Create((byte)'_')) & Vector256.Equals(v4, Vector256.Create((byte)'_'));
                Vector256<byte> prefix = Vector256.Equals(v0, Vector256.Create((byte)'m')) & Vector256.Equals(v1, Vector256.Create((byte)'c'))
                    & Vector256.Equals(v2, Vector256.Create((byte)'p')) & underscores;
                Vector256<byte> zeros = Vector256.Equals(v2, Vector256.Create((byte)'0')) & Vector256.Equals(v3, Vector256.Create((byte)'0'));
                Vector256<byte> escape = Vector256.Equals(v0, Vector256.Create((byte)'\\')) & Vector256.Equals(v1, Vector256.Create((byte)'u')) & zeros
                    & Vector256.LessThan(v4 - Vector256.Create((byte)'5'), Vector256.Create((byte)3));
                uint hits = (prefix | escape).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    if (IsMcpCandidateAt(content, i + BitOperations.TrailingZeroCount(hits)))
                    {
                        return true;
                    }

                    hits &= hits - 1;
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= content.Length - 5 - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                Vector128<byte> v0 = Vector128.LoadUnsafe(ref start, (nuint)i), v1 = Vector128.LoadUnsafe(ref start, (nuint)(i + 1));
                Vector128<byte> v2 = Vector128.LoadUnsafe(ref start, (nuint)(i + 2)), v3 = Vector128.LoadUnsafe(ref start, (nuint)(i + 3));
                Vector128<byte> v4 = Vector128.LoadUnsafe(ref start, (nuint)(i + 4));
                Vector128<byte> underscores = Vector128.Equals(v3, Vector128.Create((byte)'_')) & Vector128.Equals(v4, Vector128.Create((byte)'_'));
                Vector128<byte> prefix = Vector128.Equals(v0, Vector128.Create((byte)'m')) & Vector128.Equals(v1, Vector128.Create((byte)'c'))
                    & Vector128.Equals(v2, Vector128.Create((byte)'p')) & underscores;
                Vector128<byte> zeros = Vector128.Equals(v2, Vector128.Create((byte)'0')) & Vector128.Equals(v3, Vector128.Create((byte)'0'));
                Vector128<byte> escape = Vector128.Equals(v0, Vector128.Create((byte)'\\')) & Vector128.Equals(v1, Vector128.Create((byte)'u')) & zeros
                    & Vector128.LessThan(v4 - Vector128.Create((byte)'5'), Vector128.Create((byte)3));
                uint hits = (prefix | escape).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    if (IsMcpCandidateAt(content, i + BitOperations.TrailingZeroCount(hits)))
                    {
                        return true;
                    }

                    hits &= hits - 1;
                }
            }
        }

        for (; i < content.Length; i++)
        {
            if ((content[i] == (byte)'m' || content[i] == (byte)'\\') && IsMcpCandidateAt(content, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The characters of <c>mcp__</c>: an escape of any other character cannot spell it.</summary>
    private static ReadOnlySpan<byte> McpPrefixCharacters => "mcp_"u8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsMcpCandidateAt(ReadOnlySpan<byte> content, int at) =>
        content[at] == (byte)'m' ? content[at..].StartsWith("mcp__"u8) : IsEscapeOfAnyAt(content, at, McpPrefixCharacters);

    /// <summary>True for <c>\u00XX</c> at <paramref name="at"/> where XX (hex, either case) is one of <paramref name="characters"/>.</summary>
    private static bool IsEscapeOfAnyAt(ReadOnlySpan<byte> text, int at, ReadOnlySpan<byte> characters)
    {
        ReadOnlySpan<byte> rest = text[at..];
        return rest.Length >= 6 && rest.StartsWith("\\u00"u8)
            && HexDigit(rest[4]) is int high and >= 0 && HexDigit(rest[5]) is int low and >= 0
            && characters.Contains((byte)((high << 4) | low));
    }
}
