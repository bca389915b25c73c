using System.Text;

namespace ClaudeUsage.Benchmarks.Measuring;

/// <summary>What a benchmark run says: printed as it goes, and kept as Markdown for --markdown.</summary>
internal sealed class Report
{
    private readonly StringBuilder _markdown = new();

    public string Markdown => _markdown.ToString();

    public void Say(string line)
    {
        Console.WriteLine(line);
        _markdown.AppendLine(line);
    }

    /// <summary>Says whether a target was met, and returns it.</summary>
    public bool Check(string text, bool met)
    {
        Say($"- {(met ? "MET" : "NOT MET")}: {text}");
        return met;
    }
}
