using System.Runtime.InteropServices;

namespace NeuroSharp.Formats;

/// <summary>One named tensor of a safetensors file: element type, shape and little-endian bytes.</summary>
/// <param name="Name">The tensor's name in the file.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="Data">The elements in row-major order, little-endian.</param>
public sealed record SafetensorsTensor(string Name, SafetensorsDataType DataType, long[] Shape, byte[] Data)
{
    /// <summary>The number of elements (the product of the shape).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>The size of one element in bytes.</summary>
    public int ElementSize => SizeOf(DataType);

    /// <summary>Makes a float32 tensor.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <returns>The tensor.</returns>
    public static SafetensorsTensor FromSingle(string name, ReadOnlySpan<float> values, params long[] shape) =>
        Create(name, SafetensorsDataType.F32, MemoryMarshal.AsBytes(values), values.Length, shape);

    /// <summary>Makes a float64 tensor.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <returns>The tensor.</returns>
    public static SafetensorsTensor FromDouble(string name, ReadOnlySpan<double> values, params long[] shape) =>
        Create(name, SafetensorsDataType.F64, MemoryMarshal.AsBytes(values), values.Length, shape);

    /// <summary>Makes an int64 tensor.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <returns>The tensor.</returns>
    public static SafetensorsTensor FromInt64(string name, ReadOnlySpan<long> values, params long[] shape) =>
        Create(name, SafetensorsDataType.I64, MemoryMarshal.AsBytes(values), values.Length, shape);

    /// <summary>Makes an int32 tensor.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <returns>The tensor.</returns>
    public static SafetensorsTensor FromInt32(string name, ReadOnlySpan<int> values, params long[] shape) =>
        Create(name, SafetensorsDataType.I32, MemoryMarshal.AsBytes(values), values.Length, shape);

    /// <summary>The elements as float32 (the tensor must be F32).</summary>
    /// <returns>A new array.</returns>
    public float[] ToSingleArray() => Cast<float>(SafetensorsDataType.F32);

    /// <summary>The elements as float64 (the tensor must be F64).</summary>
    /// <returns>A new array.</returns>
    public double[] ToDoubleArray() => Cast<double>(SafetensorsDataType.F64);

    /// <summary>The elements as int64 (the tensor must be I64).</summary>
    /// <returns>A new array.</returns>
    public long[] ToInt64Array() => Cast<long>(SafetensorsDataType.I64);

    /// <summary>The elements as int32 (the tensor must be I32).</summary>
    /// <returns>A new array.</returns>
    public int[] ToInt32Array() => Cast<int>(SafetensorsDataType.I32);

    /// <summary>The size in bytes of one element of a type.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>1, 4 or 8.</returns>
    public static int SizeOf(SafetensorsDataType type) => type switch
    {
        SafetensorsDataType.F32 or SafetensorsDataType.I32 => 4,
        SafetensorsDataType.F64 or SafetensorsDataType.I64 => 8,
        SafetensorsDataType.U8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown safetensors data type."),
    };

    private T[] Cast<T>(SafetensorsDataType expected) where T : unmanaged
    {
        if (DataType != expected)
            throw new InvalidOperationException($"Tensor '{Name}' holds {DataType}, not {expected}.");
        return MemoryMarshal.Cast<byte, T>(Data).ToArray();
    }

    private static SafetensorsTensor Create(string name, SafetensorsDataType type, ReadOnlySpan<byte> bytes, int count, long[] shape)
    {
        long product = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor '{name}' has a negative dimension ({d}).", nameof(shape));
            product *= d;
        }
        if (product != count)
            throw new ArgumentException($"Tensor '{name}' has {count} values but its shape [{string.Join(", ", shape)}] holds {product}.", nameof(shape));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors needs a little-endian machine.");
        return new SafetensorsTensor(name, type, shape, bytes.ToArray());
    }
}
