namespace NeuroSharp.Spiking.Simulation;

/// <summary>An append-only array that doubles when full (amortised: no allocation on most steps; runs reserve ahead).</summary>
internal sealed class GrowableBuffer<T>
{
    private T[] _items = [];

    public int Count { get; private set; }

    /// <summary>Items held without growing.</summary>
    public int Capacity => _items.Length;

    public ReadOnlySpan<T> AsSpan() => _items.AsSpan(0, Count);

    public void Reserve(long additional)
    {
        long needed = Count + additional;
        if (needed <= _items.Length) return;
        if (needed > Array.MaxLength) throw new InvalidInputException($"A monitor would need {needed} values, more than an array can hold; record fewer neurons or steps.");
        Array.Resize(ref _items, (int)Math.Min(Array.MaxLength, Math.Max(needed, _items.Length * 2L)));
    }

    public void Add(T item)
    {
        if (Count == _items.Length) Reserve(Math.Max(16, Count));
        _items[Count++] = item;
    }

    public void AddRange(ReadOnlySpan<T> items)
    {
        if (Count + items.Length > _items.Length) Reserve(Math.Max(items.Length, Count));
        items.CopyTo(_items.AsSpan(Count));
        Count += items.Length;
    }

    /// <summary>Appends <paramref name="count"/> values and returns them to be written.</summary>
    public Span<T> Append(int count)
    {
        if (Count + count > _items.Length) Reserve(Math.Max(count, Count));
        var span = _items.AsSpan(Count, count);
        Count += count;
        return span;
    }

    /// <summary>Overwrites the item at <paramref name="index"/> (below <see cref="Count"/>).</summary>
    public void Set(int index, T item) => _items[index] = item;

    public void Clear() => Count = 0;

    /// <summary>Sorts the items from <paramref name="start"/> on, unless they are in order already.</summary>
    public void SortTail(int start)
    {
        var tail = _items.AsSpan(start, Count - start);
        for (int i = 1; i < tail.Length; i++)
        {
            if (Comparer<T>.Default.Compare(tail[i - 1], tail[i]) > 0)
            {
                tail.Sort();
                return;
            }
        }
    }
}
