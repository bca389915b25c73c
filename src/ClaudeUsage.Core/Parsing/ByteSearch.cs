using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// The two searches that run over every byte of every log: the next newline, and whether a line names
/// <c>"usage"</c> or <c>"modelId"</c> (<see cref="TranscriptLineHandler"/> reads no other lines).
/// </summary>
/// <remarks>
/// Vectorised here instead of calling <c>Span.IndexOf</c>: the framework's hot search methods are recompiled
/// with instrumentation first, and a fresh process (every scheduled run) spends much of a scan in that tier.
/// These methods are compiled optimised at their first call. Both answer exactly what <c>IndexOf</c> would.
/// </remarks>
internal static class ByteSearch
{
    /// <summary>The index of the first <c>\n</c> in <paramref name="span"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfNewline(ReadOnlySpan<byte> span)
    {
        ref byte start = ref MemoryMarshal.GetReference(span);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> newline = Vector256.Create((byte)'\n');
            for (; i <= span.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                uint hits = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), newline).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> newline = Vector128.Create((byte)'\n');
            for (; i <= span.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                uint hits = Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)i), newline).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }

        for (; i < span.Length; i++)
        {
            if (span[i] == (byte)'\n')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when <paramref name="line"/> contains <c>"usage"</c> or <c>"modelId"</c> (quotes included), in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool MentionsUsageOrModelId(ReadOnlySpan<byte> line)
    {
        // Candidates are where a quote, the name's first letter and the closing quote all line up (7 bytes for
        // "usage", 9 for "modelId"); each is then compared in full.
        ref byte start = ref MemoryMarshal.GetReference(line);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> quote = Vector256.Create((byte)'"'), u = Vector256.Create((byte)'u'), m = Vector256.Create((byte)'m');
            for (; i <= line.Length - 8 - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                Vector256<byte> open = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), quote);
                Vector256<byte> second = Vector256.LoadUnsafe(ref start, (nuint)(i + 1));
                Vector256<byte> usage = Vector256.Equals(second, u) & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + 6)), quote);
                Vector256<byte> modelId = Vector256.Equals(second, m) & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + 8)), quote);
                uint hits = (open & (usage | modelId)).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    if (IsNameAt(line, i + BitOperations.TrailingZeroCount(hits)))
                    {
                        return true;
                    }

                    hits &= hits - 1;
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> quote = Vector128.Create((byte)'"'), u = Vector128.Create((byte)'u'), m = Vector128.Create((byte)'m');
            for (; i <= line.Length - 8 - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                Vector128<byte> open = Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)i), quote);
                Vector128<byte> second = Vector128.LoadUnsafe(ref start, (nuint)(i + 1));
                Vector128<byte> usage = Vector128.Equals(second, u) & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(i + 6)), quote);
                Vector128<byte> modelId = Vector128.Equals(second, m) & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(i + 8)), quote);
                uint hits = (open & (usage | modelId)).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    if (IsNameAt(line, i + BitOperations.TrailingZeroCount(hits)))
                    {
                        return true;
                    }

                    hits &= hits - 1;
                }
            }
        }

        for (; i < line.Length; i++)
        {
            if (line[i] == (byte)'"' && IsNameAt(line, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNameAt(ReadOnlySpan<byte> line, int at) =>
        line[at..].StartsWith("\"usage\""u8) || line[at..].StartsWith("\"modelId\""u8);
}
