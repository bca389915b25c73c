namespace ClaudeUsage.Tests;

/// <summary>Damages bytes the ways a log line gets damaged, for tests that hold a fast path against the reader.</summary>
internal static class Damage
{
    /// <summary>A copy of <paramref name="bytes"/> cut short, or with one byte replaced, inserted or removed, at random.</summary>
    public static byte[] Once(byte[] bytes, Random random, byte[] interesting)
    {
        var damaged = new List<byte>(bytes);
        int at = random.Next(damaged.Count + 1);
        switch (random.Next(4))
        {
            case 0:
                damaged.RemoveRange(at, damaged.Count - at);
                break;
            case 1 when at < damaged.Count:
                damaged[at] = interesting[random.Next(interesting.Length)];
                break;
            case 2:
                damaged.Insert(at, interesting[random.Next(interesting.Length)]);
                break;
            default:
                if (at < damaged.Count)
                {
                    damaged.RemoveAt(at);
                }

                break;
        }

        return [.. damaged];
    }
}
