using System.Text.Json;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Decides from the first bytes of an over-long line whether it can be skipped unread. Reads the line's
/// top-level properties as far as the bytes go: a <c>type</c> other than assistant/message that comes before
/// any <c>message</c> property means the line carries no usage (file-history snapshots, user tool results).
/// </summary>
internal static class LongLineProbe
{
    public static bool IsSkippable(ReadOnlySpan<byte> prefix)
    {
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("message"u8))
                {
                    return false;
                }

                if (reader.ValueTextEquals("type"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    return !(reader.ValueTextEquals("assistant"u8) || reader.ValueTextEquals("message"u8));
                }

                if (!reader.TrySkip())
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
