using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeUsage.Tests;

/// <summary>Builds transcript lines in the exact shapes the agents write (compact JSON, one object per line).</summary>
public static class Transcript
{
    /// <summary>
    /// A Claude Code assistant line. Field order follows Claude Code's own (message before type), with the
    /// usage object nested in the message as the API returns it.
    /// </summary>
    public static string ClaudeAssistant(
        string timestamp,
        string messageId,
        string? requestId,
        string model = "claude-sonnet-4-5-20250929",
        long input = 0,
        long output = 0,
        long cacheWrite5m = 0,
        long cacheWrite1h = 0,
        long cacheRead = 0,
        long webSearch = 0,
        string sessionId = "11111111-1111-1111-1111-111111111111",
        string cwd = "/home/user/work/demo",
        bool sidechain = false,
        bool splitCache = true,
        decimal? costUsd = null,
        string content = "ok",
        string? speed = null,
        string? inferenceGeo = null,
        JsonArray? iterations = null)
    {
        var usage = new JsonObject
        {
            ["input_tokens"] = input,
            ["cache_creation_input_tokens"] = cacheWrite5m + cacheWrite1h,
            ["cache_read_input_tokens"] = cacheRead,
        };
        if (splitCache)
        {
            usage["cache_creation"] = new JsonObject { ["ephemeral_5m_input_tokens"] = cacheWrite5m, ["ephemeral_1h_input_tokens"] = cacheWrite1h };
        }

        usage["output_tokens"] = output;
        usage["service_tier"] = "standard";
        usage["server_tool_use"] = new JsonObject { ["web_search_requests"] = webSearch, ["web_fetch_requests"] = 0 };
        if (speed is not null)
        {
            usage["speed"] = speed;
        }

        if (inferenceGeo is not null)
        {
            usage["inference_geo"] = inferenceGeo;
        }

        if (iterations is not null)
        {
            usage["iterations"] = iterations;
        }

        var line = new JsonObject
        {
            ["parentUuid"] = "u-parent",
            ["isSidechain"] = sidechain,
            ["userType"] = "external",
            ["cwd"] = cwd,
            ["sessionId"] = sessionId,
            ["version"] = "2.0.76",
            ["gitBranch"] = "main",
            ["message"] = new JsonObject
            {
                ["id"] = messageId,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = content }),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = usage,
            },
            ["requestId"] = requestId,
            ["type"] = "assistant",
            ["uuid"] = Guid.NewGuid().ToString(),
            ["timestamp"] = timestamp,
        };
        if (costUsd is { } cost)
        {
            line["costUSD"] = cost;
        }

        return line.ToJsonString();
    }

    /// <summary>A Claude Code user line (no usage of its own).</summary>
    public static string ClaudeUser(string timestamp, string text = "hello", string sessionId = "11111111-1111-1111-1111-111111111111", string cwd = "/home/user/work/demo") =>
        new JsonObject
        {
            ["parentUuid"] = null,
            ["isSidechain"] = false,
            ["userType"] = "external",
            ["cwd"] = cwd,
            ["sessionId"] = sessionId,
            ["version"] = "2.0.76",
            ["type"] = "user",
            ["message"] = new JsonObject { ["role"] = "user", ["content"] = text },
            ["uuid"] = Guid.NewGuid().ToString(),
            ["timestamp"] = timestamp,
        }.ToJsonString();

    /// <summary>A pi / OpenClaw session header.</summary>
    public static string PiSession(string sessionId, string timestamp, string cwd = "/home/user/work/demo", string? parentSession = null)
    {
        var line = new JsonObject { ["type"] = "session", ["version"] = 3, ["id"] = sessionId, ["timestamp"] = timestamp, ["cwd"] = cwd };
        if (parentSession is not null)
        {
            line["parentSession"] = parentSession;
        }

        return line.ToJsonString();
    }

    public static string PiModelChange(string timestamp, string provider, string modelId) =>
        new JsonObject { ["type"] = "model_change", ["id"] = "a1b2c3d4", ["parentId"] = null, ["timestamp"] = timestamp, ["provider"] = provider, ["modelId"] = modelId }.ToJsonString();

    /// <summary>clawdbot's record of the model in use: a <c>custom</c> entry of type <c>model-snapshot</c>.</summary>
    public static string PiModelSnapshot(string timestamp, string provider, string modelId) =>
        new JsonObject
        {
            ["type"] = "custom",
            ["customType"] = "model-snapshot",
            ["data"] = new JsonObject { ["timestamp"] = DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), ["provider"] = provider, ["modelApi"] = "anthropic-messages", ["modelId"] = modelId },
            ["id"] = "b2c3d4e5",
            ["parentId"] = "a1b2c3d4",
            ["timestamp"] = timestamp,
        }.ToJsonString();

    /// <summary>clawdbot's zero-usage copy of a reply it delivered to a chat channel.</summary>
    public static string PiDeliveryMirror(string timestamp, long epochMs) =>
        PiAssistant(timestamp, epochMs, model: "delivery-mirror", provider: "clawdbot", costTotal: 0m, entryId: "e6f7a8b9");

    /// <summary>
    /// A pi / OpenClaw assistant message entry with camelCase usage and a recorded cost. A null
    /// <paramref name="timestamp"/> leaves out the entry's ISO time, so only the message's epoch milliseconds remain.
    /// </summary>
    public static string PiAssistant(
        string? timestamp,
        long epochMs,
        string? model = "claude-sonnet-4-5",
        string provider = "anthropic",
        long input = 0,
        long output = 0,
        long cacheRead = 0,
        long cacheWrite = 0,
        decimal? costTotal = null,
        string? responseId = null,
        string entryId = "d4e5f6a7",
        long? cacheWrite1h = null,
        (long FiveMinutes, long OneHour)? cttl = null)
    {
        var usage = new JsonObject
        {
            ["input"] = input,
            ["output"] = output,
            ["cacheRead"] = cacheRead,
            ["cacheWrite"] = cacheWrite,
            ["totalTokens"] = input + output + cacheRead + cacheWrite,
        };
        if (cacheWrite1h is { } oneHour)
        {
            usage["cacheWrite1h"] = oneHour; // OpenClaw 2026.9, pi 1.6: the 1-hour part of cacheWrite
        }

        if (cttl is { } split)
        {
            usage["cttl"] = new JsonObject { ["ephemeral5m"] = split.FiveMinutes, ["ephemeral1h"] = split.OneHour }; // Oh My Pi
        }

        if (costTotal is { } cost)
        {
            usage["cost"] = new JsonObject { ["input"] = 0, ["output"] = 0, ["cacheRead"] = 0, ["cacheWrite"] = 0, ["total"] = cost };
        }

        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "done" }),
            ["api"] = provider switch
            {
                "anthropic" => "anthropic-messages",
                "google" => "google-generative-ai",
                _ => "openai-responses",
            },
            ["provider"] = provider,
        };
        if (model is not null)
        {
            message["model"] = model;
        }

        if (responseId is not null)
        {
            message["responseId"] = responseId;
        }

        message["usage"] = usage;
        message["stopReason"] = "stop";
        message["timestamp"] = epochMs;
        var entry = new JsonObject { ["type"] = "message", ["id"] = entryId, ["parentId"] = "c3d4e5f6" };
        if (timestamp is not null)
        {
            entry["timestamp"] = timestamp;
        }

        entry["message"] = message;
        return entry.ToJsonString();
    }

    /// <summary>Parses a line back, for tests that tweak one field.</summary>
    public static JsonObject Parse(string line) => JsonNode.Parse(line)!.AsObject();

    public static string Serialize(JsonObject line) => line.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
