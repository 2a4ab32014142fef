using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuroSharp.Data;

/// <summary>
/// Reads IDX files (LeCun's MNIST format), plain or gzip-compressed (detected from the content):
/// two zero bytes, a type code, the number of dimensions, big-endian 32-bit dimensions, then data.
/// </summary>
public static class IdxFile
{
    /// <summary>Reads an IDX file.</summary>
    /// <param name="path">The file (plain or .gz).</param>
    /// <returns>The array.</returns>
    /// <exception cref="InvalidInputException">The file is missing, has a bad magic number, an unknown type or is truncated.</exception>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found.");
        byte[] bytes = ReadMaybeGzip(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidInputException($"{path}: not an IDX file (the first two bytes must be zero).");
        byte type = bytes[2];
        int rank = bytes[3];
        int size = type switch
        {
            0x08 or 0x09 => 1,
            0x0B => 2,
            0x0C or 0x0D => 4,
            0x0E => 8,
            _ => throw new InvalidInputException($"{path}: IDX type code 0x{type:X2} is not one of 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E."),
        };
        if (rank < 1 || bytes.Length < 4 + 4 * rank)
            throw new InvalidInputException($"{path}: the IDX header for {rank} dimensions is truncated.");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dims[i] < 0) throw new InvalidInputException($"{path}: dimension {i} is negative ({dims[i]}).");
            count *= dims[i];
        }
        int start = 4 + 4 * rank;
        if (bytes.Length - start != count * size)
            throw new InvalidInputException($"{path}: dimensions [{string.Join(", ", dims)}] need {count * size} data bytes but the file has {bytes.Length - start}.");
        var values = new float[count];
        var data = bytes.AsSpan(start);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = type switch
            {
                0x08 => data[i],
                0x09 => (sbyte)data[i],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(data.Slice(2 * i)),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(data.Slice(4 * i)),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(data.Slice(4 * i)),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(data.Slice(8 * i)),
            };
        }
        return new IdxArray(path, dims, values);
    }

    private static byte[] ReadMaybeGzip(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B) return raw;
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gz.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{path}: the gzip stream is corrupt ({e.Message}).", e);
        }
    }
}
