namespace ClaudeUsage.Core;

/// <summary>
/// Where the entries read from one file keep their ids when the ids are wanted (for the usage cache, or for output
/// that shows them): as <see cref="StoredIdPair"/> bytes in a few growing blocks rather than two strings per entry,
/// about a third of the memory. The cache copies the bytes as they are; an entry decodes them only when asked.
/// </summary>
internal sealed class StoredIdBlock
{
    private const int FirstBlockSize = 512;
    private const int LargestBlockSize = 64 * 1024;

    private byte[] _block = [];
    private int _used;

    /// <summary>Stores a pair and returns where it is.</summary>
    public StoredIdPair Add(string? responseId, string? requestId)
    {
        int size = StoredIdPair.SizeOf(responseId, requestId);
        if (_used + size > _block.Length)
        {
            // A new block; entries keep referring to the old one. Blocks grow, so a file with few entries uses little.
            _block = new byte[Math.Max(size, Math.Min(LargestBlockSize, Math.Max(FirstBlockSize, _block.Length * 2)))];
            _used = 0;
        }

        int at = _used;
        _used += StoredIdPair.Write(_block.AsSpan(at), responseId, requestId);
        return new StoredIdPair(_block, at);
    }
}
