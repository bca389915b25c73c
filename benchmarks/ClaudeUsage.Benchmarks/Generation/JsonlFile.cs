using System.Text;

namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>Writes one transcript file line by line, counting the UTF-8 bytes written.</summary>
internal sealed class JsonlFile : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly StreamWriter _writer;

    public JsonlFile(string path, bool append = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(path, Utf8, new FileStreamOptions
        {
            Mode = append ? FileMode.Append : FileMode.Create,
            Access = FileAccess.Write,
            BufferSize = 1 << 20,
        });
    }

    public long Bytes { get; private set; }

    public void Line(StringBuilder line)
    {
        foreach (ReadOnlyMemory<char> chunk in line.GetChunks())
        {
            Bytes += Utf8.GetByteCount(chunk.Span);
            _writer.Write(chunk.Span);
        }

        _writer.Write('\n');
        Bytes++;
    }

    public void Dispose() => _writer.Dispose();
}
