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
    public const string SupportedTypes = "float16, float32, float64, uint8, int8, int16, uint16, int32, uint32, int64, uint64, bool";

    /// <summary>The longest header read; NumPy writes a few hundred bytes and itself refuses more than 10 000 by default.</summary>
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>Reads a .npy file: C or Fortran order (returned in C order), any <see cref="SupportedTypes"/> in either byte order.</summary>
    /// <param name="path">The file (a symbolic link must lead to a regular file).</param>
    /// <param name="budget">The memory budget the data (and its float32 copy) must fit; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The array.</returns>
    /// <exception cref="InvalidInputException">The file is missing, not a regular file, not .npy, truncated, longer than its header
    /// declares, of an unsupported dtype, or too large for the budget; checked before the data is allocated.</exception>
    public static NpyArray Read(string path, MemoryBudget? budget = null)
    {
        using var stream = InputFile.OpenRead(path);
        long fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[12];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < 10 || !prefix[..6].SequenceEqual(Magic))
            throw new InvalidInputException($"{path}: not a NumPy .npy file (the magic string \\x93NUMPY is missing).");
        byte major = prefix[6];
        long headerLength;
        int headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
                headerStart = 10;
                break;
            case 2:
            case 3:
                if (got < 12) throw new InvalidInputException($"{path}: the .npy header is truncated ({fileLength} bytes in all).");
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                headerStart = 12;
                break;
            default:
                throw new InvalidInputException($"{path}: .npy format version {major} is not supported (1, 2 or 3).");
        }
        if (headerStart + headerLength > fileLength)
            throw new InvalidInputException($"{path}: the .npy header length {headerLength} does not fit in a file of {fileLength} bytes.");
        if (headerLength > MaxHeaderBytes)
            throw new InvalidInputException($"{path}: the .npy header length {headerLength} is over the {MaxHeaderBytes} bytes this reader accepts (NumPy writes a few hundred).");
        var headerBytes = new byte[headerLength];
        int inPrefix = Math.Min(got - headerStart, (int)headerLength);
        prefix.Slice(headerStart, inPrefix).CopyTo(headerBytes);
        InputFile.ReadExactly(stream, headerBytes.AsSpan(inPrefix), path, "the .npy header");
        string header;
        try
        {
            header = (major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true) : Encoding.Latin1).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException($"{path}: the version 3 .npy header is not valid UTF-8.");
        }
        var h = ParseHeader(path, header);
        int size = ElementSize(h.Descr);
        long count = MemoryBudget.Times([.. h.Shape.Select(v => (long)v)]);
        if (h.Shape.Length == 0) count = 1;
        long needed = MemoryBudget.Times(count, size);
        long available = fileLength - headerStart - headerLength;
        string shapeText = $"shape ({string.Join(", ", h.Shape)}) of '{h.Descr}'";
        if (needed != available)
        {
            throw new InvalidInputException(needed > available
                ? $"{path}: {shapeText} needs {Bytes(needed)} data bytes but the file holds {available}."
                : $"{path}: the file holds {available} data bytes but {shapeText} needs only {needed}; it is not one .npy array.");
        }
        (budget ?? MemoryBudget.Default).Require(path, MemoryBudget.Plus(needed, MemoryBudget.Times(count, sizeof(float))));
        if (needed > Array.MaxLength)
            throw new InvalidInputException($"{path}: {shapeText} holds {needed} data bytes, more than this reader takes in one array ({Array.MaxLength}).");
        var data = new byte[needed];
        InputFile.ReadExactly(stream, data, path, "the .npy data");
        InputFile.RequireEnd(stream, path, fileLength);
        if (h.Fortran && h.Shape.Length > 1) data = FortranToC(data, h.Shape, size);
        return new NpyArray(path, h.Descr, h.Shape, data);
    }

    /// <summary>The number as text, or "more than 2^63" for a saturated product.</summary>
    private static string Bytes(long n) => n == long.MaxValue ? "more than 2^63" : n.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Header(string Descr, bool Fortran, int[] Shape);

    private static Header ParseHeader(string path, string header)
    {
        string trimmed = header.TrimEnd(' ', '\n', '\r', '\t');
        if (!trimmed.StartsWith('{') || !trimmed.EndsWith('}') || trimmed.Any(c => c < ' '))
            throw new InvalidInputException($"{path}: the .npy header is not a Python dict ({InputFile.Printable(trimmed.Trim(), 60)}).");
        var descr = DescrPattern().Match(trimmed);
        var fortran = FortranPattern().Match(trimmed);
        var shapeMatch = ShapePattern().Match(trimmed);
        if (!descr.Success)
        {
            throw new InvalidInputException(trimmed.Contains("descr", StringComparison.Ordinal)
                ? $"{path}: the .npy dtype is not a simple type (structured and object arrays are not data; supported: {SupportedTypes})."
                : $"{path}: the .npy header has no 'descr' ({InputFile.Printable(trimmed, 60)}).");
        }
        if (!fortran.Success || !shapeMatch.Success)
            throw new InvalidInputException($"{path}: the .npy header is malformed ({InputFile.Printable(trimmed, 60)}).");
        string d = Normalise(descr.Groups[1].Value);
        if (ElementSizeOrZero(d) == 0)
            throw new InvalidInputException($"{path}: dtype '{InputFile.Printable(descr.Groups[1].Value)}' is not supported (supported: {SupportedTypes}).");
        var shape = new List<int>();
        foreach (var part in shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int v))
                throw new InvalidInputException($"{path}: shape entry '{InputFile.Printable(part)}' is not a dimension (a whole number from 0 to {int.MaxValue}).");
            shape.Add(v);
        }
        return new Header(d, fortran.Groups[1].Value == "True", [.. shape]);
    }

    /// <summary>'=' (native) becomes '&lt;' or '&gt;'; one-byte types take '|' whatever their prefix.</summary>
    private static string Normalise(string descr)
    {
        if (descr.Length != 3) return descr;
        if (descr[1..] is "u1" or "i1" or "b1") return descr[0] is '<' or '>' or '|' or '=' ? "|" + descr[1..] : descr;
        if (descr[0] == '=') return (BitConverter.IsLittleEndian ? "<" : ">") + descr[1..];
        return descr;
    }

    /// <summary>Reorders Fortran-ordered (first index fastest) elements into C order (last index fastest).</summary>
    private static byte[] FortranToC(byte[] data, int[] shape, int size)
    {
        int rank = shape.Length;
        long count = data.Length / size;
        var result = new byte[data.Length];
        var stride = new long[rank];
        long s = 1;
        for (int k = 0; k < rank; k++)
        {
            stride[k] = s;
            s *= shape[k];
        }
        var index = new int[rank];
        long from = 0;
        for (long c = 0; c < count; c++)
        {
            Buffer.BlockCopy(data, (int)(from * size), result, (int)(c * size), size);
            for (int k = rank - 1; k >= 0; k--)
            {
                index[k]++;
                from += stride[k];
                if (index[k] < shape[k]) break;
                from -= stride[k] * shape[k];
                index[k] = 0;
            }
        }
        return result;
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
        "f4" or "i4" or "u4" when descr[0] != '|' => 4,
        "f8" or "i8" or "u8" when descr[0] != '|' => 8,
        "f2" or "i2" or "u2" when descr[0] != '|' => 2,
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
