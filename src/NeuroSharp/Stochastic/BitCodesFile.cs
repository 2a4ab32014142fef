using System.Globalization;
using System.Runtime.InteropServices;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Bits;

namespace NeuroSharp.Stochastic;

/// <summary>
/// Binary codes (hash codes, cluster maps) in a safetensors file: one U8 tensor of shape
/// [rows, bytes per row] holding each row's 64-bit words little-endian, so bit i of a row is bit (i mod 8)
/// of byte (i div 8): <c>numpy.unpackbits(codes, axis=1, bitorder="little")[:, :bits]</c> reads them.
/// Metadata: <c>format</c> = neurosharp.bit-codes, integer <c>version</c>, <c>bits</c>, plus the caller's entries.
/// </summary>
public static class BitCodesFile
{
    /// <summary>The format name stored in the metadata.</summary>
    public const string Format = "neurosharp.bit-codes";

    /// <summary>The version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Writes codes (and any extra tensors) atomically.</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="codes">The codes.</param>
    /// <param name="metadata">Extra metadata entries (format, version and bits are added), or null.</param>
    /// <param name="extraTensors">Tensors stored beside the codes, or null.</param>
    /// <param name="rowCount">Rows of <paramref name="codes"/> to write (the first ones); null for all.</param>
    public static void Save(string path, BitMatrix codes, IReadOnlyDictionary<string, string>? metadata = null,
        IEnumerable<SafetensorsTensor>? extraTensors = null, int? rowCount = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        int rows = rowCount ?? codes.RowCount;
        if (rows < 0 || rows > codes.RowCount) throw new ArgumentOutOfRangeException(nameof(rowCount), $"Cannot write {rows} of {codes.RowCount} rows.");
        var bytes = MemoryMarshal.AsBytes(codes.Words[..(rows * codes.WordsPerRow)]).ToArray();
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Bit codes are written little-endian.");
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is not null)
        {
            foreach (var (k, v) in metadata) meta[k] = v;
        }
        meta["format"] = Format;
        meta["version"] = Version.ToString(CultureInfo.InvariantCulture);
        meta["bits"] = codes.ColumnCount.ToString(CultureInfo.InvariantCulture);
        var tensors = new List<SafetensorsTensor> { new("codes", SafetensorsDataType.U8, [rows, codes.WordsPerRow * 8L], bytes) };
        if (extraTensors is not null) tensors.AddRange(extraTensors);
        SafetensorsFile.Write(path, tensors, meta);
    }

    /// <summary>Reads codes written by <see cref="Save"/>.</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <returns>The codes and the whole file content (metadata and extra tensors).</returns>
    /// <exception cref="InvalidInputException">The file is not bit codes of a known version, or the codes tensor is malformed.</exception>
    public static (BitMatrix Codes, SafetensorsContent Content) Load(string path)
    {
        var content = SafetensorsFile.Read(path);
        string format = content.RequireMetadata("format");
        if (format != Format) throw new InvalidInputException($"{path}: metadata 'format' is '{format}', expected '{Format}'.");
        string version = content.RequireMetadata("version");
        if (version != "1") throw new InvalidInputException($"{path}: metadata 'version' is '{version}'; this NeuroSharp reads version {Version}.");
        string bitsText = content.RequireMetadata("bits");
        if (!int.TryParse(bitsText, NumberStyles.None, CultureInfo.InvariantCulture, out int bits))
            throw new InvalidInputException($"{path}: metadata 'bits' is '{bitsText}', not a non-negative integer.");
        if (!content.Tensors.TryGetValue("codes", out var t) || t.Shape.Length != 2)
            throw new InvalidInputException($"{path}: tensor 'codes' is missing or not two-dimensional.");
        int rows = checked((int)t.Shape[0]);
        var codes = new BitMatrix(rows, bits);
        content.Require("codes", SafetensorsDataType.U8, rows, codes.WordsPerRow * 8L);
        var words = MemoryMarshal.Cast<byte, ulong>(t.Data.AsSpan());
        ulong tail = BitVector.TailMaskFor(bits);
        for (int r = 0; r < rows; r++)
        {
            var row = words.Slice(r * codes.WordsPerRow, codes.WordsPerRow);
            if (row.Length > 0 && (row[^1] & ~tail) != 0)
                throw new InvalidInputException($"{path}: row {r} of 'codes' has bits set past bit {bits}.");
            row.CopyTo(codes.Row(r));
        }
        return (codes, content);
    }
}
