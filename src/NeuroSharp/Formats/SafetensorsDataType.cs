namespace NeuroSharp.Formats;

/// <summary>The element types NeuroSharp reads and writes in safetensors files (names as in the format).</summary>
public enum SafetensorsDataType
{
    /// <summary>32-bit IEEE float ("F32").</summary>
    F32,

    /// <summary>64-bit IEEE float ("F64").</summary>
    F64,

    /// <summary>32-bit signed integer ("I32").</summary>
    I32,

    /// <summary>64-bit signed integer ("I64").</summary>
    I64,

    /// <summary>Unsigned byte ("U8").</summary>
    U8,
}
