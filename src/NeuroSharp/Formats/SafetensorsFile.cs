using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace NeuroSharp.Formats;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length, a
/// JSON header naming each tensor's dtype, shape and byte range, optional string metadata under
/// <c>__metadata__</c>, then the raw bytes. Files written here load in Python with
/// <c>safetensors.numpy.load_file</c>.
/// </summary>
public static class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes tensors and metadata atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="tensors">The tensors; names must be distinct.</param>
    /// <param name="metadata">String metadata stored under <c>__metadata__</c>, or null.</param>
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in list)
        {
            if (t.Name == MetadataKey || !names.Add(t.Name))
                throw new ArgumentException($"Tensor name '{t.Name}' is reserved or used twice.", nameof(tensors));
        }

        var headerBuffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerBuffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in list)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.DataType.ToString());
                json.WriteStartArray("shape");
                foreach (long d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + t.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += t.Data.Length;
            }
            json.WriteEndObject();
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        int headerLength = (int)headerBuffer.Length;
        int padded = (headerLength + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)padded);
            stream.Write(lengthBytes);
            stream.Write(headerBuffer.GetBuffer(), 0, headerLength);
            for (int i = headerLength; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var t in list) stream.Write(t.Data);
        });
    }

    /// <summary>Reads a safetensors file, validating the header against the file: every tensor's dtype, shape and
    /// <c>data_offsets</c> (whole numbers, in bounds, matching dtype x shape), and the tensors together covering the
    /// data section exactly, without gaps or overlaps, as the reference reader requires.</summary>
    /// <param name="path">The file (a symbolic link must lead to a regular file).</param>
    /// <param name="budget">The memory budget the data section must fit; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The tensors by name and the metadata.</returns>
    /// <exception cref="InvalidInputException">The file is missing, not a regular file, truncated, or its header is malformed or disagrees with the file.</exception>
    public static SafetensorsContent Read(string path, MemoryBudget? budget = null)
    {
        using var stream = InputFile.OpenRead(path);
        long fileLength = stream.Length;
        if (fileLength < 8) throw new InvalidInputException($"{path}: not a safetensors file (only {fileLength} bytes).");
        Span<byte> lengthBytes = stackalloc byte[8];
        InputFile.ReadExactly(stream, lengthBytes, path, "the header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(fileLength - 8))
            throw new InvalidInputException($"{path}: header length {headerLength} does not fit in a file of {fileLength} bytes.");
        var header = new byte[headerLength];
        InputFile.ReadExactly(stream, header, path, "the header");
        if (!Utf8.IsValid(header)
            && Utf8.ToUtf16(header, new char[header.Length], out int validBytes, out _, replaceInvalidSequences: false) != OperationStatus.Done)
            throw new InvalidInputException($"{path}: the header holds invalid UTF-8 at byte {8 + validBytes}; the file is damaged or not safetensors.");
        long dataLength = fileLength - 8 - (long)headerLength;
        var entries = new List<Entry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: the header is not valid JSON ({JsonErrorText.FirstSentence(e.Message)}).", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidInputException($"{path}: the header must be a JSON object.");
            var names = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var prop in doc.RootElement.EnumerateObject())
                {
                    if (!names.Add(prop.Name))
                        throw new InvalidInputException($"{path}: the header names '{InputFile.Printable(prop.Name, 60)}' twice.");
                    if (prop.Name == MetadataKey)
                    {
                        if (prop.Value.ValueKind != JsonValueKind.Object)
                            throw new InvalidInputException($"{path}: {MetadataKey} must be an object of strings.");
                        foreach (var m in prop.Value.EnumerateObject())
                        {
                            if (m.Value.ValueKind != JsonValueKind.String)
                                throw new InvalidInputException($"{path}: {MetadataKey}.{InputFile.Printable(m.Name, 60)} must be a string.");
                            if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
                                throw new InvalidInputException($"{path}: {MetadataKey} names '{InputFile.Printable(m.Name, 60)}' twice.");
                        }
                        continue;
                    }
                    entries.Add(ReadEntry(path, prop, dataLength));
                }
            }
            catch (InvalidOperationException e)
            {
                // A string escape that is not valid UTF-16 (a lone surrogate), which JsonDocument accepts until the string is read.
                throw new InvalidInputException($"{path}: the header holds a string that is not valid Unicode ({JsonErrorText.FirstSentence(e.Message)}).", e);
            }
        }
        CheckCoverage(path, entries, dataLength);
        (budget ?? MemoryBudget.Default).Require(path, dataLength);
        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (e.End - e.Begin > Array.MaxLength)
                throw new InvalidInputException($"{path}: tensor '{e.Name}' has {e.End - e.Begin} bytes, more than this reader takes in one tensor ({Array.MaxLength}).");
            var data = new byte[e.End - e.Begin];
            InputFile.ReadExactly(stream, data, path, $"tensor '{e.Name}'");
            tensors[e.Name] = new SafetensorsTensor(e.Name, e.Type, e.Shape, data);
        }
        InputFile.RequireEnd(stream, path, fileLength);
        return new SafetensorsContent(path, tensors, metadata);
    }

    private sealed record Entry(string Name, SafetensorsDataType Type, long[] Shape, long Begin, long End);

    private static Entry ReadEntry(string path, JsonProperty prop, long dataLength)
    {
        string name = InputFile.Printable(prop.Name, 60);
        string where = $"{path}: tensor '{name}'";
        var e = prop.Value;
        if (e.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{where} must be an object.");
        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new InvalidInputException($"{where} has no dtype.");
        SafetensorsDataType type = dt.GetString() switch
        {
            "F32" => SafetensorsDataType.F32,
            "F64" => SafetensorsDataType.F64,
            "I32" => SafetensorsDataType.I32,
            "I64" => SafetensorsDataType.I64,
            "U8" => SafetensorsDataType.U8,
            var other => throw new InvalidInputException($"{where} has unsupported dtype '{InputFile.Printable(other!, 40)}' (supported: F32, F64, I32, I64, U8)."),
        };
        if (!e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw new InvalidInputException($"{where} has no shape.");
        var shape = new List<long>();
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long v) || v < 0)
                throw new InvalidInputException($"{where} has shape {Raw(sh)}; expected whole numbers of 0 or more.");
            shape.Add(v);
        }
        if (!e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2
            || off[0].ValueKind != JsonValueKind.Number || off[1].ValueKind != JsonValueKind.Number
            || !off[0].TryGetInt64(out long begin) || !off[1].TryGetInt64(out long end))
            throw new InvalidInputException($"{where} has data_offsets {(off.ValueKind == JsonValueKind.Undefined ? "missing" : Raw(off))}; expected two whole numbers.");
        if (begin < 0 || end < begin || end > dataLength)
            throw new InvalidInputException($"{where} has data_offsets [{begin}, {end}] outside the {dataLength} data bytes.");
        long expected = MemoryBudget.Times([.. shape, SafetensorsTensor.SizeOf(type)]);
        if (shape.Count == 0) expected = SafetensorsTensor.SizeOf(type);
        if (end - begin != expected)
            throw new InvalidInputException($"{where} has {end - begin} bytes but shape [{string.Join(", ", shape)}] of {type} needs {(expected == long.MaxValue ? "more than 2^63" : expected)}.");
        return new Entry(prop.Name, type, shape.ToArray(), begin, end);
    }

    /// <summary>The tensors, in offset order, must tile the data section: start at 0, no gaps, no overlaps, end at its length.</summary>
    private static void CheckCoverage(string path, List<Entry> entries, long dataLength)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long next = 0;
        Entry? previous = null;
        foreach (var e in entries)
        {
            if (e.Begin < next)
                throw new InvalidInputException($"{path}: tensor '{InputFile.Printable(e.Name, 60)}' at data_offsets [{e.Begin}, {e.End}] overlaps tensor '{InputFile.Printable(previous!.Name, 60)}' at [{previous.Begin}, {previous.End}].");
            if (e.Begin > next)
                throw new InvalidInputException($"{path}: tensor '{InputFile.Printable(e.Name, 60)}' starts at data byte {e.Begin}, leaving bytes {next} to {e.Begin} unused; the header and data disagree.");
            next = e.End;
            previous = e;
        }
        if (next != dataLength)
            throw new InvalidInputException($"{path}: the tensors cover {next} data bytes but the file holds {dataLength} after the header; the header length or the data is wrong.");
    }

    /// <summary>A JSON value as written, shortened for a message.</summary>
    private static string Raw(JsonElement e) => InputFile.Printable(e.GetRawText(), 40);
}
