using ClaudeUsage.Core.Accounting;

namespace ClaudeUsage.Tests;

public class KeyTableTests
{
    [Fact]
    public void Keys_map_to_their_values_through_growth_and_colliding_low_bits()
    {
        var table = new KeyTable(capacity: 1);
        // Keys that agree in their low 64 bits all land on one slot, and probe past each other.
        var keys = new List<UInt128>();
        for (ulong i = 1; i <= 200; i++)
        {
            keys.Add(new UInt128(i, 42));
            keys.Add(new UInt128(0, i * 7919));
        }

        for (int i = 0; i < keys.Count; i++)
        {
            ref int value = ref table.GetValueRefOrAddDefault(keys[i], out bool exists);
            Assert.False(exists);
            value = i + 1;
        }

        Assert.Equal(400, table.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            Assert.Equal(i + 1, table.GetValueRefOrAddDefault(keys[i], out bool exists));
            Assert.True(exists);
        }

        Assert.Equal(400, table.Count);
        Assert.Equal(0, table.GetValueRefOrAddDefault(new UInt128(9, 9), out bool added));
        Assert.False(added);
        Assert.Equal(401, table.Count);
    }

    [Fact]
    public void Zero_is_no_id_and_is_refused_as_a_key()
    {
        var table = new KeyTable();
        Assert.Throws<ArgumentException>(() => table.GetValueRefOrAddDefault(UInt128.Zero, out _));
    }
}
