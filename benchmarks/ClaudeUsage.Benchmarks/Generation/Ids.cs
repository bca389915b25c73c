namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>Identifiers in the shapes the agents write, drawn from a seeded generator.</summary>
internal static class Ids
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Chars(Random rng, int length)
    {
        return string.Create(length, rng, static (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = Base62[r.Next(Base62.Length)];
            }
        });
    }

    public static string Hex(Random rng, int length)
    {
        return string.Create(length, rng, static (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = "0123456789abcdef"[r.Next(16)];
            }
        });
    }

    public static string Uuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    public static string MessageId(Random rng) => "msg_01" + Chars(rng, 22);

    public static string RequestId(Random rng) => "req_011C" + Chars(rng, 21);

    /// <summary>A log-normal draw around <paramref name="median"/>: many small values, a long tail of large ones.</summary>
    public static double LogNormal(Random rng, double median, double sigma)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return median * Math.Exp(sigma * normal);
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
