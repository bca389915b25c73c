using System.Runtime.CompilerServices;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Finds where one JSON value ends, checking it as strictly as <see cref="System.Text.Json.Utf8JsonReader"/> would,
/// without tokenising it: strings are crossed with a vectorised search for the next quote, backslash or control
/// byte (<see cref="ByteSearch.IndexOfStringStop"/>). This is how <see cref="RawLineParser"/> passes over message
/// content and tool results, which are most of every line's bytes.
/// </summary>
/// <remarks>
/// It only ever answers "valid, ends here" or "not sure": nesting deeper than 64, or anything it does not
/// accept, returns -1 and the caller lets <see cref="System.Text.Json.Utf8JsonReader"/> read the value instead, so
/// errors are still reported by the reader, with its message. Accepting means: RFC 8259 syntax (no comments, no
/// trailing commas), strings without raw control characters and with valid escapes.
/// </remarks>
internal static class JsonValueSkipper
{
    /// <summary>Deepest nesting handled here; deeper values are left to the reader.</summary>
    public const int MaxNesting = 64;

    /// <summary>
    /// The index just past the value that starts at <paramref name="at"/> (after any whitespace), or -1 when the
    /// value is not valid JSON or is one this class leaves to the reader.
    /// </summary>
    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Skip(ReadOnlySpan<byte> json, int at)
    {
        int i = SkipWhitespace(json, at);
        ulong objects = 0; // one bit per open container: 1 for an object, 0 for an array
        int depth = 0;

        while (true)
        {
            // A value starts at i.
            if ((uint)i >= (uint)json.Length)
            {
                return -1;
            }

            switch (json[i])
            {
                case (byte)'"':
                    i = SkipString(json, i);
                    break;

                case (byte)'{':
                case (byte)'[':
                    if (depth == MaxNesting)
                    {
                        return -1;
                    }

                    bool isObject = json[i] == (byte)'{';
                    objects = (objects << 1) | (isObject ? 1UL : 0UL);
                    depth++;
                    i = SkipWhitespace(json, i + 1);
                    if ((uint)i < (uint)json.Length && json[i] == (isObject ? (byte)'}' : (byte)']'))
                    {
                        // Empty container.
                        objects >>= 1;
                        depth--;
                        i++;
                        break;
                    }

                    if (isObject)
                    {
                        i = SkipMemberName(json, i);
                        if (i < 0)
                        {
                            return -1;
                        }
                    }

                    continue; // its first value

                case (byte)'t':
                    i = SkipLiteral(json, i, "true"u8);
                    break;

                case (byte)'f':
                    i = SkipLiteral(json, i, "false"u8);
                    break;

                case (byte)'n':
                    i = SkipLiteral(json, i, "null"u8);
                    break;

                default:
                    i = SkipNumber(json, i);
                    break;
            }

            // A value ended just before i; close containers and move to the next value.
            while (true)
            {
                if (i < 0)
                {
                    return -1;
                }

                if (depth == 0)
                {
                    return i;
                }

                i = SkipWhitespace(json, i);
                if ((uint)i >= (uint)json.Length)
                {
                    return -1;
                }

                bool inObject = (objects & 1) != 0;
                byte b = json[i];
                if (b == (byte)',')
                {
                    i = SkipWhitespace(json, i + 1);
                    if (inObject)
                    {
                        i = SkipMemberName(json, i);
                    }

                    break; // the next value
                }

                if (b != (inObject ? (byte)'}' : (byte)']'))
                {
                    return -1;
                }

                objects >>= 1;
                depth--;
                i++;
            }

            if (i < 0)
            {
                return -1;
            }
        }
    }

    /// <summary>Past <c>"name"</c>, whitespace, the colon and whitespace: where the member's value starts; -1 if malformed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SkipMemberName(ReadOnlySpan<byte> json, int i)
    {
        if ((uint)i >= (uint)json.Length || json[i] != (byte)'"')
        {
            return -1;
        }

        i = SkipString(json, i);
        if (i < 0)
        {
            return -1;
        }

        i = SkipWhitespace(json, i);
        if ((uint)i >= (uint)json.Length || json[i] != (byte)':')
        {
            return -1;
        }

        return SkipWhitespace(json, i + 1);
    }

    /// <summary>Past the string that opens at <paramref name="i"/> (a quote); -1 if it is unterminated or invalid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SkipString(ReadOnlySpan<byte> json, int i)
    {
        i++;
        while (true)
        {
            i = ByteSearch.IndexOfStringStop(json, i);
            if (i < 0)
            {
                return -1;
            }

            byte b = json[i];
            if (b == (byte)'"')
            {
                return i + 1;
            }

            if (b != (byte)'\\' || i + 1 >= json.Length)
            {
                return -1; // a raw control character, or a backslash at the very end
            }

            switch (json[i + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i += 2;
                    break;
                case (byte)'u':
                    if (i + 6 > json.Length || !IsHex(json[i + 2]) || !IsHex(json[i + 3]) || !IsHex(json[i + 4]) || !IsHex(json[i + 5]))
                    {
                        return -1;
                    }

                    i += 6;
                    break;
                default:
                    return -1;
            }
        }
    }

    /// <summary>Past a number in JSON's grammar; -1 if it is not one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SkipNumber(ReadOnlySpan<byte> json, int i)
    {
        if (json[i] == (byte)'-')
        {
            i++;
        }

        if ((uint)i >= (uint)json.Length)
        {
            return -1;
        }

        if (json[i] == (byte)'0')
        {
            i++;
        }
        else if (IsDigit(json[i]))
        {
            i = SkipDigits(json, i);
        }
        else
        {
            return -1;
        }

        if (i < json.Length && json[i] == (byte)'.')
        {
            i++;
            if (i >= json.Length || !IsDigit(json[i]))
            {
                return -1;
            }

            i = SkipDigits(json, i);
        }

        if (i < json.Length && (json[i] == (byte)'e' || json[i] == (byte)'E'))
        {
            i++;
            if (i < json.Length && (json[i] == (byte)'+' || json[i] == (byte)'-'))
            {
                i++;
            }

            if (i >= json.Length || !IsDigit(json[i]))
            {
                return -1;
            }

            i = SkipDigits(json, i);
        }

        return EndsAtDelimiter(json, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipLiteral(ReadOnlySpan<byte> json, int i, ReadOnlySpan<byte> literal) =>
        json[i..].StartsWith(literal) ? EndsAtDelimiter(json, i + literal.Length) : -1;

    /// <summary>As the reader demands, a number or literal must be followed by whitespace, a comma, a closer or the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EndsAtDelimiter(ReadOnlySpan<byte> json, int i) =>
        i >= json.Length || json[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)',' or (byte)'}' or (byte)']' ? i : -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipDigits(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && IsDigit(json[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Past JSON whitespace (space, tab, line feed, carriage return) from <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while ((uint)i < (uint)json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}
