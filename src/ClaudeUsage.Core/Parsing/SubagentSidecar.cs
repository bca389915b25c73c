using System.Text.Json;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// What a Claude Code subagent transcript's file says about its subagent. The transcript is
/// <c>projects/&lt;slug&gt;/&lt;session&gt;/subagents/agent-&lt;id&gt;.jsonl</c>, and Claude Code writes
/// <c>agent-&lt;id&gt;.meta.json</c> beside it when it starts the subagent, with the subagent's type
/// (<c>{"agentType":"Explore","description":"…"}</c>); older versions write no such file.
/// </summary>
internal sealed class SubagentSidecar
{
    /// <summary>A sidecar larger than this is not one (it holds a type and a short description).</summary>
    private const int MaxBytes = 64 * 1024;

    private const string FilePrefix = "agent-";

    private SubagentSidecar(string agentId, string? agentType)
    {
        AgentId = agentId;
        AgentType = agentType;
    }

    /// <summary>The id the file name gives (<c>agent-&lt;id&gt;.jsonl</c>).</summary>
    public string AgentId { get; }

    /// <summary>The subagent's type from the sidecar; null when there is none, or it names none.</summary>
    public string? AgentType { get; }

    /// <summary>
    /// What the file at <paramref name="transcriptPath"/> says: null unless it is named <c>agent-&lt;id&gt;.jsonl</c>.
    /// The sidecar is read as the logs are (no lock, regular files only); one that is missing, unreadable, too large
    /// or not JSON gives no type.
    /// </summary>
    public static SubagentSidecar? For(string transcriptPath)
    {
        string name = Path.GetFileName(transcriptPath);
        if (!name.StartsWith(FilePrefix, StringComparison.Ordinal) || !name.EndsWith(".jsonl", StringComparison.Ordinal) || name.Length <= FilePrefix.Length + ".jsonl".Length)
        {
            return null;
        }

        string stem = name[..^".jsonl".Length];
        return new SubagentSidecar(stem[FilePrefix.Length..], ReadType(Path.Combine(Path.GetDirectoryName(transcriptPath) ?? string.Empty, stem + ".meta.json")));
    }

    /// <summary>The name a subagent is reported by: its type when known, else <c>agent &lt;id&gt;</c>.</summary>
    public static string NameOf(string agentId, string? agentType) => agentType ?? "agent " + agentId;

    private static string? ReadType(string path)
    {
        byte[] bytes;
        try
        {
            using FileStream stream = UnlockedFile.OpenRead(path);
            if (stream.Length > MaxBytes)
            {
                return null;
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // none (older Claude Code), or not to be read: the id stands for the subagent
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? type = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isType = reader.ValueTextEquals("agentType"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return string.IsNullOrWhiteSpace(type) ? null : type.Trim();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
