namespace NeuroSharp.Data;

/// <summary>The height and width of the images that a dataset's rows hold (row-major pixels).</summary>
/// <param name="Height">Rows of pixels.</param>
/// <param name="Width">Columns of pixels.</param>
public readonly record struct ImageShape(int Height, int Width)
{
    /// <summary>The number of pixels, Height x Width.</summary>
    public int PixelCount => Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Height}x{Width}";
}
