using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using NeuroSharp.Formats;

namespace NeuroSharp.Data;

/// <summary>
/// Reads IDX files (LeCun's MNIST format), plain or gzip-compressed (detected from the content):
/// two zero bytes, a type code, the number of dimensions, big-endian 32-bit dimensions, then data.
/// </summary>
/// <remarks>
/// The size the header declares (the product of the dimensions times the element size) must equal the
/// data the file holds: a plain file is checked against its length before anything is allocated; a
/// gzip stream is decompressed a piece at a time and refused as soon as it expands past the declared
/// size, so a decompression bomb costs no more memory than its header asks for. A declared size is
/// also refused when a gzip file of that length could not hold it (deflate expands at most 1032 times)
/// or when it passes <see cref="MaxDataBytes"/> or the memory budget.
/// </remarks>
public static class IdxFile
{
    /// <summary>The most data bytes one IDX file may declare: 2 GiB, forty times the MNIST training images.</summary>
    public const long MaxDataBytes = 1L << 31;

    /// <summary>The most a deflate stream can expand: 1032 output bytes per input byte.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads an IDX file.</summary>
    /// <param name="path">The file (plain or .gz; a symbolic link must lead to a regular file).</param>
    /// <param name="budget">The memory budget the float32 values must fit; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The array.</returns>
    /// <exception cref="InvalidInputException">The file is missing, not a regular file, has a bad magic number or an unknown
    /// type, or holds (or expands to) another number of bytes than its header declares.</exception>
    public static IdxArray Read(string path, MemoryBudget? budget = null)
    {
        using var file = InputFile.OpenRead(path);
        long fileLength = file.Length;
        Span<byte> magic = stackalloc byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        if (!gzip) return ReadStream(path, file, fileLength, gzip: false, budget);
        using var gz = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            return ReadStream(path, gz, fileLength, gzip: true, budget);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{path}: the gzip stream is corrupt ({e.Message.TrimEnd('.')}).", e);
        }
    }

    private static IdxArray ReadStream(string path, Stream stream, long fileLength, bool gzip, MemoryBudget? budget)
    {
        Span<byte> head = stackalloc byte[4];
        if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || head[0] != 0 || head[1] != 0)
            throw new InvalidInputException($"{path}: not an IDX file (the first two bytes must be zero).");
        byte type = head[2];
        int rank = head[3];
        int size = type switch
        {
            0x08 or 0x09 => 1,
            0x0B => 2,
            0x0C or 0x0D => 4,
            0x0E => 8,
            _ => throw new InvalidInputException($"{path}: IDX type code 0x{type:X2} is not one of 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E."),
        };
        if (rank < 1) throw new InvalidInputException($"{path}: the IDX header declares 0 dimensions.");
        var dimBytes = new byte[4 * rank];
        if (stream.ReadAtLeast(dimBytes, dimBytes.Length, throwOnEndOfStream: false) < dimBytes.Length)
            throw new InvalidInputException($"{path}: the IDX header for {rank} dimensions is truncated.");
        var dims = new int[rank];
        var factors = new long[rank + 1];
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (dims[i] < 0)
                throw new InvalidInputException($"{path}: dimension {i} is {(uint)dims[i]}, over the IDX limit of {int.MaxValue}.");
            factors[i] = dims[i];
        }
        factors[rank] = size;
        long count = MemoryBudget.Times(factors.AsSpan(0, rank));
        long declared = MemoryBudget.Times(factors);
        string dimsText = $"[{string.Join(", ", dims)}]";
        string declaredText = declared == long.MaxValue ? "more than 2^63" : declared.ToString(CultureInfo.InvariantCulture);
        long headerLength = 4 + 4L * rank;
        if (!gzip && declared != fileLength - headerLength)
            throw new InvalidInputException($"{path}: dimensions {dimsText} need {declaredText} data bytes but the file has {fileLength - headerLength}.");
        if (gzip && declared > MemoryBudget.Times(fileLength, MaxDeflateRatio))
            throw new InvalidInputException($"{path}: dimensions {dimsText} need {declaredText} data bytes, more than a gzip file of {fileLength} bytes can expand to.");
        if (declared > MaxDataBytes)
            throw new InvalidInputException($"{path}: dimensions {dimsText} need {declaredText} data bytes, more than the {MaxDataBytes} an IDX file may hold here.");
        (budget ?? MemoryBudget.Default).Require(path, MemoryBudget.Times(count, sizeof(float)));
        var values = new float[count];
        var chunk = new byte[1 << 16];
        long done = 0;
        while (done < count)
        {
            int elements = (int)Math.Min(count - done, chunk.Length / size);
            int bytes = elements * size;
            int read = stream.ReadAtLeast(chunk.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
            if (read < bytes)
            {
                long have = done * size + read;
                throw new InvalidInputException(gzip
                    ? $"{path}: the gzip stream ends after {have} of the {declared} data bytes that dimensions {dimsText} need."
                    : $"{path}: the file ends after {have} of the {declared} data bytes that dimensions {dimsText} need.");
            }
            Convert(type, chunk.AsSpan(0, bytes), values.AsSpan((int)done, elements));
            done += elements;
        }
        if (stream.ReadByte() != -1)
        {
            throw new InvalidInputException(gzip
                ? $"{path}: the gzip stream expands to more than the {declared} data bytes that dimensions {dimsText} need."
                : $"{path}: holds more than the {declared} data bytes that dimensions {dimsText} need (it grew while being read, or is not a regular file).");
        }
        return new IdxArray(path, dims, values);
    }

    private static void Convert(byte type, ReadOnlySpan<byte> data, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = type switch
            {
                0x08 => data[i],
                0x09 => (sbyte)data[i],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(data[(2 * i)..]),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(data[(4 * i)..]),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(data[(4 * i)..]),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(data[(8 * i)..]),
            };
        }
    }
}
