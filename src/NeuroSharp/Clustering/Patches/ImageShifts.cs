using NeuroSharp.Data;

namespace NeuroSharp.Clustering.Patches;

/// <summary>
/// Shifted copies of training images for a readout (docs/local-receptive-fields.md): besides each image, copies moved by
/// 1 to <see cref="Distance"/> pixels up, down, left and right (and diagonally when <see cref="Diagonals"/>), with zeros
/// shifted in. The stack is unchanged; the readout learns from more images of the same digits, so its weights generalise
/// over small displacements the 6x6 pooling does not absorb.
/// </summary>
public sealed record ImageShifts
{
    /// <summary>The most pixels a copy may move (a larger move leaves too little of a 28x28 digit to be worth reading).</summary>
    public const int MaxDistance = 4;

    /// <summary>No copies: the images alone.</summary>
    public static ImageShifts None { get; } = new();

    /// <summary>d, the largest move in pixels; 0 for none. Copies move by 1..d pixels along each axis.</summary>
    public int Distance { get; init; }

    /// <summary>Also the four diagonal moves (+-k, +-k) for k in 1..d.</summary>
    public bool Diagonals { get; init; }

    /// <summary>Copies per image, the image itself included: 1 + 4d, or 1 + 8d with diagonals.</summary>
    public int CopiesPerImage => 1 + Distance * (Diagonals ? 8 : 4);

    /// <summary>Checks the distance.</summary>
    /// <exception cref="InvalidOptionException">It is not in [0, <see cref="MaxDistance"/>].</exception>
    public void Validate()
    {
        if (Distance is < 0 or > MaxDistance)
            throw new InvalidOptionException(nameof(ImageShifts), nameof(Distance), $"must be an integer in [0, {MaxDistance}] pixels", Distance);
    }

    /// <summary>The move (down, right) in pixels of copy <paramref name="copy"/>; copy 0 is the image itself.</summary>
    /// <param name="copy">In [0, <see cref="CopiesPerImage"/>).</param>
    /// <returns>Rows and columns the content moves by (positive: down and right).</returns>
    public (int Down, int Right) Move(int copy)
    {
        if ((uint)copy >= (uint)CopiesPerImage) throw new ArgumentOutOfRangeException(nameof(copy), $"Copy {copy} is not in [0, {CopiesPerImage}).");
        if (copy == 0) return (0, 0);
        int k = (copy - 1) / (Diagonals ? 8 : 4) + 1, direction = (copy - 1) % (Diagonals ? 8 : 4);
        return direction switch
        {
            0 => (-k, 0),
            1 => (k, 0),
            2 => (0, -k),
            3 => (0, k),
            4 => (-k, -k),
            5 => (-k, k),
            6 => (k, -k),
            _ => (k, k),
        };
    }

    /// <summary>The labels of the encoded rows: copy c of image i is row c x N + i, so the labels repeat once per copy.</summary>
    /// <param name="labels">The N images' labels.</param>
    /// <returns>N x <see cref="CopiesPerImage"/> labels.</returns>
    public int[] RepeatLabels(ReadOnlySpan<int> labels)
    {
        var result = new int[labels.Length * CopiesPerImage];
        for (int c = 0; c < CopiesPerImage; c++) labels.CopyTo(result.AsSpan(c * labels.Length));
        return result;
    }

    /// <summary>Writes an image moved by (down, right) pixels into <paramref name="target"/>, zeros where nothing moves in.</summary>
    /// <param name="image">H x W x C values, row-major, channels last.</param>
    /// <param name="shape">H and W.</param>
    /// <param name="channels">C.</param>
    /// <param name="down">Rows the content moves down (negative: up).</param>
    /// <param name="right">Columns the content moves right (negative: left).</param>
    /// <param name="target">Receives H x W x C values.</param>
    public static void Shift(ReadOnlySpan<float> image, ImageShape shape, int channels, int down, int right, Span<float> target)
    {
        int h = shape.Height, w = shape.Width, rowLength = w * channels;
        if (image.Length != h * rowLength || target.Length != image.Length)
            throw new ArgumentException($"An image of {shape}x{channels} has {h * rowLength} values (got {image.Length} and a target of {target.Length}).", nameof(image));
        target.Clear();
        // The columns that stay inside: target column x reads source column x - right.
        int x0 = Math.Max(0, right), x1 = Math.Min(w, w + right);
        if (x1 <= x0) return;
        int length = (x1 - x0) * channels;
        for (int y = Math.Max(0, down); y < Math.Min(h, h + down); y++)
            image.Slice((y - down) * rowLength + (x0 - right) * channels, length).CopyTo(target.Slice(y * rowLength + x0 * channels, length));
    }
}
