using System.Text;

namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>
/// Ready-escaped JSON string fragments (prose, code, shell output) to fill content fields with. Every fragment is
/// valid inside a JSON string on its own, so any concatenation of them is too; escapes (\n, \", \\, \t) and
/// non-ASCII text appear at the rates real transcripts have them.
/// </summary>
internal sealed class TextPool
{
    private static readonly string[] Words =
    [
        "the", "file", "function", "return", "value", "const", "let", "await", "async", "import", "export", "class",
        "interface", "type", "string", "number", "boolean", "null", "undefined", "error", "throw", "catch", "try",
        "module", "test", "expect", "describe", "it", "should", "render", "component", "props", "state", "hook",
        "effect", "memo", "callback", "promise", "resolve", "reject", "config", "options", "default", "index",
        "path", "join", "read", "write", "sync", "buffer", "stream", "pipe", "json", "parse", "stringify", "map",
        "filter", "reduce", "forEach", "length", "push", "pop", "slice", "splice", "concat", "keys", "values",
        "entries", "object", "array", "set", "get", "delete", "has", "size", "clear", "update", "create", "remove",
        "build", "compile", "lint", "format", "deploy", "server", "client", "request", "response", "header", "body",
        "status", "query", "params", "route", "handler", "middleware", "database", "schema", "migration", "table",
        "column", "row", "insert", "select", "where", "order", "limit", "offset", "commit", "branch", "merge",
        "rebase", "diff", "patch", "review", "refactor", "rename", "extract", "inline", "method", "variable",
        "I'll", "let's", "now", "check", "look", "at", "this", "that", "we", "need", "to", "and", "or", "with",
        "from", "in", "on", "for", "of", "is", "are", "be", "it's", "here", "there", "because", "so", "then",
    ];

    private static readonly string[] Extras =
    [
        "\\n", "\\n", "\\n", "\\n\\n", "\\t", "\\\"quoted\\\"", "\\\\path\\\\to", "café", "naïve", "→", "日本語のテキスト",
        "größer", "✓ passed", "✗ failed", "{", "}", "();", "=>", "===", "!==", "&&", "||", "<div>", "</div>",
    ];

    private readonly string[] _fragments;

    /// <summary>
    /// The share of the usual length each content text is given: 1 for the harness corpus, less for a denser one
    /// (more responses per byte, as in heavy users' logs, whose turns are shorter).
    /// </summary>
    public double Scale { get; }

    public TextPool(int seed, double scale = 1.0, int count = 8192)
    {
        Scale = scale;
        var rng = new Random(seed);
        _fragments = new string[count];
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            sb.Clear();
            int words = rng.Next(4, 40);
            for (int w = 0; w < words; w++)
            {
                sb.Append(rng.Next(12) == 0 ? Extras[rng.Next(Extras.Length)] : Words[rng.Next(Words.Length)]);
                sb.Append(rng.Next(10) == 0 ? ". " : " ");
            }

            _fragments[i] = sb.ToString();
        }
    }

    /// <summary>Appends about <paramref name="chars"/> characters of escaped text.</summary>
    public void Append(StringBuilder sb, Random rng, int chars)
    {
        int target = sb.Length + Scaled(chars);
        while (sb.Length < target)
        {
            sb.Append(_fragments[rng.Next(_fragments.Length)]);
        }
    }

    /// <summary>
    /// <paramref name="chars"/> at the pool's <see cref="Scale"/>, at least one; at scale 1 every length is as it was, so
    /// the harness corpus keeps its bytes.
    /// </summary>
    public int Scaled(int chars) => Scale == 1.0 ? chars : Math.Max(1, (int)(chars * Scale));

    public string Text(Random rng, int chars)
    {
        var sb = new StringBuilder(chars + 256);
        Append(sb, rng, chars);
        return sb.ToString();
    }
}
