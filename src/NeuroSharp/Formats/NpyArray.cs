using System.Buffers.Binary;
using System.Runtime.InteropServices;

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

    /// <summary>The NumPy dtype descriptor, e.g. <c>&lt;f4</c>, <c>&gt;f8</c>, <c>|u1</c> (one-byte types always with <c>|</c>, native <c>=</c> resolved).</summary>
    public string Descr { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The elements in C order (a Fortran-ordered file is reordered when read), in the file's byte order.</summary>
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

    /// <summary>Converts every element to float32 (from any of <see cref="NpyFile.SupportedTypes"/>, either byte order; bool as 0 or 1).</summary>
    /// <returns>A new array in C order.</returns>
    public float[] ToSingleArray()
    {
        int n = checked((int)ElementCount);
        var result = new float[n];
        ReadOnlySpan<byte> d = Data;
        bool little = Descr[0] != '>';
        string code = Descr[1..];
        if (code == "f4" && little == BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(d[..(4 * n)]).CopyTo(result);
            return result;
        }
        for (int i = 0; i < n; i++)
        {
            result[i] = code switch
            {
                "f4" => little ? BinaryPrimitives.ReadSingleLittleEndian(d[(4 * i)..]) : BinaryPrimitives.ReadSingleBigEndian(d[(4 * i)..]),
                "f8" => (float)(little ? BinaryPrimitives.ReadDoubleLittleEndian(d[(8 * i)..]) : BinaryPrimitives.ReadDoubleBigEndian(d[(8 * i)..])),
                "f2" => (float)(little ? BinaryPrimitives.ReadHalfLittleEndian(d[(2 * i)..]) : BinaryPrimitives.ReadHalfBigEndian(d[(2 * i)..])),
                "u1" => d[i],
                "b1" => d[i] != 0 ? 1f : 0f,
                "i1" => (sbyte)d[i],
                "i2" => little ? BinaryPrimitives.ReadInt16LittleEndian(d[(2 * i)..]) : BinaryPrimitives.ReadInt16BigEndian(d[(2 * i)..]),
                "u2" => little ? BinaryPrimitives.ReadUInt16LittleEndian(d[(2 * i)..]) : BinaryPrimitives.ReadUInt16BigEndian(d[(2 * i)..]),
                "i4" => little ? BinaryPrimitives.ReadInt32LittleEndian(d[(4 * i)..]) : BinaryPrimitives.ReadInt32BigEndian(d[(4 * i)..]),
                "u4" => little ? BinaryPrimitives.ReadUInt32LittleEndian(d[(4 * i)..]) : BinaryPrimitives.ReadUInt32BigEndian(d[(4 * i)..]),
                "i8" => little ? BinaryPrimitives.ReadInt64LittleEndian(d[(8 * i)..]) : BinaryPrimitives.ReadInt64BigEndian(d[(8 * i)..]),
                "u8" => little ? BinaryPrimitives.ReadUInt64LittleEndian(d[(8 * i)..]) : BinaryPrimitives.ReadUInt64BigEndian(d[(8 * i)..]),
                _ => throw new InvalidInputException($"{Source}: dtype '{Descr}' is not supported (supported: {NpyFile.SupportedTypes})."),
            };
        }
        return result;
    }
}
