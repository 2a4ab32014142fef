using System.Buffers.Binary;

namespace NeuroSharp.Formats;

/// <summary>An array read from a NumPy <c>.npy</c> file: its dtype descriptor, shape and raw bytes.</summary>
public sealed class NpyArray
{
    internal NpyArray(string source, string descr, int[] shape, byte[] data)
    {
        Source = source;
        Descr = descr;
        Shape = shape;
        Data = data;
    }

    /// <summary>Where it was read from (for messages).</summary>
    public string Source { get; }

    /// <summary>The NumPy dtype descriptor, e.g. <c>&lt;f4</c>, <c>&lt;f8</c>, <c>|u1</c>.</summary>
    public string Descr { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The elements in C order, as stored.</summary>
    public byte[] Data { get; }

    /// <summary>The number of elements.</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>Converts every element to float32 (from float32, float64, integers or bool).</summary>
    /// <returns>A new array in C order.</returns>
    public float[] ToSingleArray()
    {
        int n = checked((int)ElementCount);
        var result = new float[n];
        var d = Data.AsSpan();
        int size = NpyFile.ElementSize(Descr);
        bool little = Descr[0] != '>';
        for (int i = 0; i < n; i++)
        {
            var e = d.Slice(i * size, size);
            result[i] = Descr[1..] switch
            {
                "f4" => little ? BinaryPrimitives.ReadSingleLittleEndian(e) : BinaryPrimitives.ReadSingleBigEndian(e),
                "f8" => (float)(little ? BinaryPrimitives.ReadDoubleLittleEndian(e) : BinaryPrimitives.ReadDoubleBigEndian(e)),
                "u1" or "b1" => e[0],
                "i1" => (sbyte)e[0],
                "i2" => little ? BinaryPrimitives.ReadInt16LittleEndian(e) : BinaryPrimitives.ReadInt16BigEndian(e),
                "u2" => little ? BinaryPrimitives.ReadUInt16LittleEndian(e) : BinaryPrimitives.ReadUInt16BigEndian(e),
                "i4" => little ? BinaryPrimitives.ReadInt32LittleEndian(e) : BinaryPrimitives.ReadInt32BigEndian(e),
                "i8" => little ? BinaryPrimitives.ReadInt64LittleEndian(e) : BinaryPrimitives.ReadInt64BigEndian(e),
                _ => throw new InvalidInputException($"{Source}: dtype '{Descr}' is not supported."),
            };
        }
        return result;
    }
}
