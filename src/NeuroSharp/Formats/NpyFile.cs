using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuroSharp.Formats;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1, 2 and 3): the magic string, a
/// Python-literal header with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, then the data.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The dtypes this reader converts (little- or big-endian where it matters).</summary>
    public const string SupportedTypes = "float32, float64, uint8, int8, int16, uint16, int32, int64, bool";

    /// <summary>Reads a .npy file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array.</returns>
    /// <exception cref="InvalidInputException">The file is missing, not .npy, Fortran-ordered, truncated or of an unsupported dtype.</exception>
    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found.");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidInputException($"{path}: not a NumPy .npy file (the magic string \\x93NUMPY is missing).");
        byte major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
                headerStart = 10;
                break;
            case 2:
            case 3:
                if (bytes.Length < 12) throw new InvalidInputException($"{path}: truncated .npy header.");
                headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
                headerStart = 12;
                break;
            default:
                throw new InvalidInputException($"{path}: .npy format version {major} is not supported (1, 2 or 3).");
        }
        if (headerStart + headerLength > bytes.Length) throw new InvalidInputException($"{path}: truncated .npy header.");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, headerLength);

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw new InvalidInputException($"{path}: the .npy header is malformed ({header.Trim()}).");
        string d = descr.Groups[1].Value;
        if (d.Length == 3 && d[0] == '=') d = (BitConverter.IsLittleEndian ? "<" : ">") + d[1..];
        if (ElementSizeOrZero(d) == 0)
            throw new InvalidInputException($"{path}: dtype '{descr.Groups[1].Value}' is not supported (supported: {SupportedTypes}).");
        if (fortran.Groups[1].Value == "True")
            throw new InvalidInputException($"{path}: Fortran-ordered arrays are not supported; save with numpy.ascontiguousarray first.");
        var shape = new List<int>();
        foreach (var part in shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int v))
                throw new InvalidInputException($"{path}: shape entry '{part}' is not a dimension.");
            shape.Add(v);
        }
        long count = 1;
        foreach (int v in shape) count *= v;
        int dataStart = headerStart + headerLength;
        long needed = count * ElementSize(d);
        if (bytes.Length - dataStart < needed)
            throw new InvalidInputException($"{path}: shape ({string.Join(", ", shape)}) needs {needed} data bytes but the file holds {bytes.Length - dataStart}.");
        return new NpyArray(path, d, shape.ToArray(), bytes.AsSpan(dataStart, (int)needed).ToArray());
    }

    /// <summary>Writes a float32 array atomically (format version 1, little-endian, C order).</summary>
    /// <param name="path">The target file.</param>
    /// <param name="values">The elements in C order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    public static void Write(string path, ReadOnlySpan<float> values, params int[] shape) =>
        Write(path, "<f4", MemoryMarshal.AsBytes(values), values.Length, shape);

    /// <summary>Writes an int32 array atomically (format version 1, little-endian, C order).</summary>
    /// <param name="path">The target file.</param>
    /// <param name="values">The elements in C order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    public static void Write(string path, ReadOnlySpan<int> values, params int[] shape) =>
        Write(path, "<i4", MemoryMarshal.AsBytes(values), values.Length, shape);

    internal static int ElementSize(string descr)
    {
        int size = ElementSizeOrZero(descr);
        return size > 0 ? size : throw new InvalidInputException($"dtype '{descr}' is not supported.");
    }

    private static int ElementSizeOrZero(string descr) => descr.Length != 3 || (descr[0] is not ('<' or '>' or '|')) ? 0 : descr[1..] switch
    {
        "f4" or "i4" => 4,
        "f8" or "i8" => 8,
        "i2" or "u2" => 2,
        "u1" or "i1" or "b1" => 1,
        _ => 0,
    };

    private static void Write(string path, string descr, ReadOnlySpan<byte> data, int count, int[] shape)
    {
        long product = 1;
        foreach (int d in shape) product *= d;
        if (product != count) throw new ArgumentException($"{count} values do not fill shape ({string.Join(", ", shape)}).", nameof(shape));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException(".npy writing needs a little-endian machine.");
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // Pad with spaces and a final newline so that the data starts on a 64-byte boundary.
        int total = Magic.Length + 4 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        string header = dict + new string(' ', pad) + "\n";
        byte[] headerBytes = Encoding.Latin1.GetBytes(header);
        byte[] copy = data.ToArray();
        AtomicFile.Write(path, s =>
        {
            s.Write(Magic);
            s.WriteByte(1);
            s.WriteByte(0);
            Span<byte> len = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)headerBytes.Length);
            s.Write(len);
            s.Write(headerBytes);
            s.Write(copy);
        });
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
