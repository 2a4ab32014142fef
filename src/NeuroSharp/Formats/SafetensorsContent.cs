namespace NeuroSharp.Formats;

/// <summary>What a safetensors file holds: its tensors by name and its string metadata.</summary>
public sealed class SafetensorsContent
{
    internal SafetensorsContent(string path, IReadOnlyDictionary<string, SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors { get; }

    /// <summary>The string metadata (<c>__metadata__</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Returns a tensor that must exist with the given type and shape.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="type">The expected element type.</param>
    /// <param name="shape">The expected shape.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="InvalidInputException">It is missing or has another type or shape.</exception>
    public SafetensorsTensor Require(string name, SafetensorsDataType type, params long[] shape)
    {
        if (!Tensors.TryGetValue(name, out var t))
            throw new InvalidInputException($"{Path}: tensor '{name}' is missing.");
        if (t.DataType != type)
            throw new InvalidInputException($"{Path}: tensor '{name}' is {t.DataType}, expected {type}.");
        if (!t.Shape.AsSpan().SequenceEqual(shape))
            throw new InvalidInputException($"{Path}: tensor '{name}' has shape [{string.Join(", ", t.Shape)}], expected [{string.Join(", ", shape)}].");
        return t;
    }

    /// <summary>Returns a metadata entry that must exist.</summary>
    /// <param name="key">The metadata key.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="InvalidInputException">The entry is missing.</exception>
    public string RequireMetadata(string key) =>
        Metadata.TryGetValue(key, out var v) ? v : throw new InvalidInputException($"{Path}: metadata entry '{key}' is missing.");
}
