using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NeuroSharp.Formats;

/// <summary>The two fields every model file's JSON metadata starts with, which <see cref="ModelFile{TMeta}"/> checks.</summary>
public interface IModelMetadata
{
    /// <summary>The format name, e.g. "neurosharp.mlp".</summary>
    string Format { get; }

    /// <summary>The format version, a whole number.</summary>
    int Version { get; }
}

/// <summary>
/// One kind of model file: tensors in a safetensors file with <typeparamref name="TMeta"/> as JSON under the
/// header's <c>neurosharp</c> metadata entry, and the same JSON beside it as a sidecar (<c>model.json</c>
/// beside <c>model.safetensors</c>) for people and scripts. Saving writes both files atomically; loading
/// checks the JSON (through a source-generated context, so nulls where the type allows none are refused with
/// their JSON path), the format name, the version and, when asked, the model type, once for every model, as
/// ML.NET's <c>ModelLoadContext</c> does. Every refusal is an <see cref="InvalidInputException"/> with one
/// sentence naming the file; the tensors' own checks stay with <see cref="SafetensorsFile"/> and
/// <see cref="SafetensorsContent.Require"/>.
/// </summary>
/// <typeparam name="TMeta">The metadata record.</typeparam>
public sealed class ModelFile<TMeta> where TMeta : class, IModelMetadata
{
    /// <summary>The safetensors metadata entry that holds the JSON.</summary>
    public const string MetadataKey = "neurosharp";

    private const long MaxSidecarBytes = 100_000_000;

    private readonly JsonTypeInfo<TMeta> _json;
    private readonly string[] _formats;
    private readonly string? _family;

    /// <summary>Describes one kind of model file.</summary>
    /// <param name="json">The source-generated JSON of the metadata (indented, camelCase, RespectNullableAnnotations).</param>
    /// <param name="currentVersion">The only version written and read.</param>
    /// <param name="what">What the JSON is called in messages: "metadata", "model metadata", "network metadata".</param>
    /// <param name="formats">The format names of this kind (one per model type).</param>
    /// <param name="family">For several formats, what they are together in a message ("a NeuroSharp clustering model"); null for one format.</param>
    public ModelFile(JsonTypeInfo<TMeta> json, int currentVersion, string what, IReadOnlyList<string> formats, string? family = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(what);
        ArgumentNullException.ThrowIfNull(formats);
        if (formats.Count == 0) throw new ArgumentException("At least one format name is needed.", nameof(formats));
        if (formats.Count > 1 && family is null) throw new ArgumentException("Several formats need a family name for messages.", nameof(family));
        _json = json;
        CurrentVersion = currentVersion;
        What = what;
        _formats = [.. formats];
        _family = family;
    }

    /// <summary>The only version written and read.</summary>
    public int CurrentVersion { get; }

    /// <summary>What the JSON is called in messages.</summary>
    public string What { get; }

    /// <summary>The sidecar of a model file: the same name with the extension .json (model.safetensors -> model.json).</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <returns>The .json path.</returns>
    public static string SidecarPath(string path) => Path.ChangeExtension(path, ".json");

    /// <summary>The metadata as the JSON text written (indented, no trailing newline).</summary>
    /// <param name="metadata">The metadata.</param>
    /// <returns>The JSON.</returns>
    public string ToJson(TMeta metadata) => JsonSerializer.Serialize(metadata, _json);

    /// <summary>
    /// Writes the tensors with the metadata in the header, atomically, and when <paramref name="sidecar"/> is
    /// set the same JSON and a newline to <see cref="SidecarPath"/>, atomically too (after the model, so a
    /// sidecar never describes a model that was not written).
    /// </summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="metadata">The metadata.</param>
    /// <param name="tensors">The tensors, in the order they are stored.</param>
    /// <param name="sidecar">Whether to write the .json beside it.</param>
    /// <returns>The metadata JSON.</returns>
    public string Save(string path, TMeta metadata, IEnumerable<SafetensorsTensor> tensors, bool sidecar = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string json = ToJson(metadata);
        SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { [MetadataKey] = json });
        if (sidecar) AtomicFile.WriteAllText(SidecarPath(path), json + "\n");
        return json;
    }

    /// <summary>Reads a model file and checks its metadata (format, version and, when given, the model type).</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="expectedFormat">The one format the caller can load, or null for any of this kind.</param>
    /// <returns>The tensors and the checked metadata.</returns>
    /// <exception cref="InvalidInputException">The file is missing, malformed, or not a model of this kind, version and type.</exception>
    public (SafetensorsContent Content, TMeta Metadata) Read(string path, string? expectedFormat = null)
    {
        var content = SafetensorsFile.Read(path);
        return (content, ReadMetadata(content, expectedFormat));
    }

    /// <summary>Checks the metadata of a safetensors file already read.</summary>
    /// <param name="content">The file's content.</param>
    /// <param name="expectedFormat">The one format the caller can load, or null for any of this kind.</param>
    /// <returns>The checked metadata.</returns>
    /// <exception cref="InvalidInputException">The metadata entry is missing or not of this kind, version and type.</exception>
    public TMeta ReadMetadata(SafetensorsContent content, string? expectedFormat = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Parse(content.Path, content.RequireMetadata(MetadataKey), expectedFormat);
    }

    /// <summary>Reads and checks the sidecar (<see cref="SidecarPath"/>) of a model file alone, without its tensors.</summary>
    /// <param name="path">The .safetensors file whose sidecar is read.</param>
    /// <param name="expectedFormat">The one format the caller can load, or null for any of this kind.</param>
    /// <returns>The checked metadata.</returns>
    /// <exception cref="InvalidInputException">The sidecar is missing, too large, or not metadata of this kind, version and type.</exception>
    public TMeta ReadSidecar(string path, string? expectedFormat = null)
    {
        string sidecar = SidecarPath(path);
        string json;
        using (var stream = InputFile.OpenRead(sidecar))
        {
            if (stream.Length > MaxSidecarBytes)
                throw new InvalidInputException($"{sidecar}: is {stream.Length} bytes; a model's {What} holds at most {MaxSidecarBytes}.");
            var bytes = new byte[stream.Length];
            InputFile.ReadExactly(stream, bytes, sidecar, "the JSON");
            InputFile.RequireEnd(stream, sidecar, bytes.Length);
            try
            {
                json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidInputException($"{sidecar}: is not UTF-8 text (byte {e.Index} is invalid).", e);
            }
        }
        return Parse(sidecar, json, expectedFormat);
    }

    private TMeta Parse(string path, string json, string? expectedFormat)
    {
        TMeta? meta;
        try
        {
            meta = JsonSerializer.Deserialize(json, _json);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: {What} is invalid at {e.Path ?? "$"} ({JsonErrorText.FirstSentence(e.Message)}).", e);
        }
        if (meta is null) throw new InvalidInputException($"{path}: {What} is null.");
        if (Array.IndexOf(_formats, meta.Format) < 0)
        {
            throw new InvalidInputException(_family is null
                ? $"{path}: format is '{meta.Format}', expected '{_formats[0]}'."
                : $"{path}: format '{meta.Format}' is not {_family}.");
        }
        if (meta.Version != CurrentVersion)
            throw new InvalidInputException($"{path}: version {meta.Version} of {meta.Format} is not supported (this build reads version {CurrentVersion}).");
        if (expectedFormat is not null && meta.Format != expectedFormat)
            throw new InvalidInputException($"{path}: format is '{meta.Format}', expected '{expectedFormat}'.");
        return meta;
    }
}
