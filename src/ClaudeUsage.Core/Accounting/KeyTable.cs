using System.Numerics;
using System.Runtime.CompilerServices;

namespace ClaudeUsage.Core.Accounting;

/// <summary>
/// Maps non-zero 128-bit id keys (<see cref="IdKey"/>) to integers: an open-addressing table with linear probing.
/// The keys are XxHash128 values, already evenly spread, so their low bits index the table as they are.
/// </summary>
/// <remarks>
/// Written out instead of using <c>Dictionary&lt;UInt128, int&gt;</c> because the framework ships no precompiled
/// code for that instantiation: a fresh process (every scheduled run) would do most of a scan's lookups in the
/// JIT's unoptimised first tier. These methods are compiled optimised at their first call.
/// </remarks>
internal sealed class KeyTable
{
    private UInt128[] _keys;
    private int[] _values;
    private int _mask;

    /// <param name="capacity">About how many keys to expect.</param>
    public KeyTable(int capacity = 0)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _keys = new UInt128[size];
        _values = new int[size];
        _mask = size - 1;
    }

    /// <summary>How many keys the table holds.</summary>
    public int Count { get; private set; }

    /// <summary>The value stored for <paramref name="key"/>, added as 0 when the key is new (<paramref name="exists"/> false).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ref int GetValueRefOrAddDefault(UInt128 key, out bool exists)
    {
        if (key == UInt128.Zero)
        {
            throw new ArgumentException("Zero stands for no id and cannot be a key.", nameof(key));
        }

        if (Count * 2 >= _keys.Length)
        {
            Grow();
        }

        int i = (int)(ulong)key & _mask;
        while (true)
        {
            UInt128 at = _keys[i];
            if (at == key)
            {
                exists = true;
                return ref _values[i];
            }

            if (at == UInt128.Zero)
            {
                _keys[i] = key;
                Count++;
                exists = false;
                return ref _values[i];
            }

            i = (i + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        UInt128[] keys = _keys;
        int[] values = _values;
        _keys = new UInt128[keys.Length * 2];
        _values = new int[keys.Length * 2];
        _mask = _keys.Length - 1;
        for (int j = 0; j < keys.Length; j++)
        {
            if (keys[j] != UInt128.Zero)
            {
                int i = (int)(ulong)keys[j] & _mask;
                while (_keys[i] != UInt128.Zero)
                {
                    i = (i + 1) & _mask;
                }

                _keys[i] = keys[j];
                _values[i] = values[j];
            }
        }
    }
}
