using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Clustering.Memory;

/// <summary>
/// A memory of important past examples (article 000's "memories of both winter and summer", docs/articles.md#article-000-clusterizers): a fixed
/// number of slots filled by weighted reservoir sampling, so that an example is kept with probability
/// growing with its importance (e.g. how badly the model explained it), and old examples are not
/// pushed out just for being old.
/// </summary>
/// <remarks>
/// Algorithm A-Res (Efraimidis and Spirakis 2006): each offered example gets the key u^(1/w) with
/// u uniform in (0, 1) and w its importance; the memory keeps the examples with the largest keys.
/// </remarks>
public sealed class ExampleMemory
{
    private readonly float[] _items;
    private readonly double[] _keys;
    private readonly int[] _labels;
    private readonly RandomStream _rng;

    /// <summary>Creates an empty memory.</summary>
    /// <param name="inputCount">D, values per example.</param>
    /// <param name="capacity">How many examples it holds, at least 1.</param>
    /// <param name="rng">The stream that draws the keys.</param>
    public ExampleMemory(int inputCount, int capacity, RandomStream rng)
    {
        OptionChecks.AtLeast(nameof(ExampleMemory), "InputCount", inputCount, 1);
        OptionChecks.AtLeast(nameof(ExampleMemory), "Capacity", capacity, 1);
        ArgumentNullException.ThrowIfNull(rng);
        InputCount = inputCount;
        Capacity = capacity;
        _items = new float[checked(inputCount * capacity)];
        _keys = new double[capacity];
        _labels = new int[capacity];
        _rng = rng;
    }

    /// <summary>D.</summary>
    public int InputCount { get; }

    /// <summary>How many examples it can hold.</summary>
    public int Capacity { get; }

    /// <summary>How many it holds now.</summary>
    public int Count { get; private set; }

    /// <summary>Examples offered so far.</summary>
    public long Offered { get; private set; }

    /// <summary>One remembered example.</summary>
    /// <param name="index">In [0, Count).</param>
    /// <returns>Its D values.</returns>
    public ReadOnlySpan<float> Item(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"Memory {index} is not in [0, {Count}).");
        return _items.AsSpan(index * InputCount, InputCount);
    }

    /// <summary>The tag stored with a remembered example (a label, a phase; -1 when none was given).</summary>
    /// <param name="index">In [0, Count).</param>
    /// <returns>The tag.</returns>
    public int Tag(int index) => (uint)index < (uint)Count ? _labels[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Offers an example; it is kept if its key is among the Capacity largest so far.</summary>
    /// <param name="x">The example.</param>
    /// <param name="importance">Its weight, &gt; 0 (larger: more likely kept). Non-positive or non-finite values count as a tiny weight.</param>
    /// <param name="tag">A tag to keep with it.</param>
    /// <returns>True when it was stored.</returns>
    public bool Offer(ReadOnlySpan<float> x, float importance, int tag = -1)
    {
        if (x.Length != InputCount) throw new ArgumentException($"An example needs {InputCount} values (got {x.Length}).", nameof(x));
        Offered++;
        double w = importance > 0 && float.IsFinite(importance) ? importance : 1e-9;
        double u = 1.0 - _rng.NextDouble(); // (0, 1]
        double key = Math.Log(u) / w;          // log of u^(1/w): same order, no underflow
        int slot;
        if (Count < Capacity)
        {
            slot = Count++;
        }
        else
        {
            slot = 0;
            for (int i = 1; i < Capacity; i++)
            {
                if (_keys[i] < _keys[slot]) slot = i;
            }
            if (key <= _keys[slot]) return false;
        }
        _keys[slot] = key;
        _labels[slot] = tag;
        x.CopyTo(_items.AsSpan(slot * InputCount, InputCount));
        return true;
    }

    /// <summary>A uniformly random remembered example.</summary>
    /// <param name="rng">The stream of the dream.</param>
    /// <returns>Its values.</returns>
    public ReadOnlySpan<float> Sample(RandomStream rng)
    {
        if (Count == 0) throw new InvalidOperationException("The memory is empty: nothing to dream of.");
        return Item(rng.NextInt(Count));
    }
}
