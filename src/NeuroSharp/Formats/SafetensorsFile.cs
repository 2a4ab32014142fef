using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

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

    /// <summary>Reads a safetensors file, validating the header against the file size.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tensors by name and the metadata.</returns>
    /// <exception cref="InvalidInputException">The file is missing, truncated or its header is malformed.</exception>
    public static SafetensorsContent Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found.");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InvalidInputException($"{path}: not a safetensors file (only {bytes.Length} bytes).");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || 8 + (long)headerLength > bytes.Length)
            throw new InvalidInputException($"{path}: header length {headerLength} does not fit in a file of {bytes.Length} bytes.");
        int dataStart = 8 + (int)headerLength;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: the header is not valid JSON ({e.Message}).", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidInputException($"{path}: the header must be a JSON object.");
            var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            long dataLength = bytes.Length - dataStart;
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == MetadataKey)
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object)
                        throw new InvalidInputException($"{path}: {MetadataKey} must be an object of strings.");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                            throw new InvalidInputException($"{path}: {MetadataKey}.{m.Name} must be a string.");
                        metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                tensors[prop.Name] = ReadTensor(path, prop, bytes, dataStart, dataLength);
            }
            return new SafetensorsContent(path, tensors, metadata);
        }
    }

    private static SafetensorsTensor ReadTensor(string path, JsonProperty prop, byte[] bytes, int dataStart, long dataLength)
    {
        string where = $"{path}: tensor '{prop.Name}'";
        var e = prop.Value;
        if (e.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{where} must be an object.");
        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new InvalidInputException($"{where} has no dtype.");
        if (!Enum.TryParse<SafetensorsDataType>(dt.GetString(), ignoreCase: false, out var type) || !Enum.IsDefined(type))
            throw new InvalidInputException($"{where} has unsupported dtype '{dt.GetString()}' (supported: F32, F64, I32, I64, U8).");
        if (!e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw new InvalidInputException($"{where} has no shape.");
        var shape = new List<long>();
        foreach (var d in sh.EnumerateArray())
        {
            if (!d.TryGetInt64(out long v) || v < 0) throw new InvalidInputException($"{where} has a bad dimension {d}.");
            shape.Add(v);
        }
        if (!e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new InvalidInputException($"{where} has no data_offsets pair.");
        long begin = off[0].GetInt64(), end = off[1].GetInt64();
        if (begin < 0 || end < begin || end > dataLength)
            throw new InvalidInputException($"{where} has data_offsets [{begin}, {end}] outside the {dataLength} data bytes.");
        long count = 1;
        foreach (long d in shape) count *= d;
        long expected = count * SafetensorsTensor.SizeOf(type);
        if (end - begin != expected)
            throw new InvalidInputException($"{where} has {end - begin} bytes but shape [{string.Join(", ", shape)}] of {type} needs {expected}.");
        var data = bytes.AsSpan(dataStart + (int)begin, (int)(end - begin)).ToArray();
        return new SafetensorsTensor(prop.Name, type, shape.ToArray(), data);
    }
}
