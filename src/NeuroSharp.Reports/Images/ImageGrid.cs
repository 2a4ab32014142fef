using SkiaSharp;

namespace NeuroSharp.Reports.Images;

/// <summary>Renders a set of same-sized float images (row-major) as one PNG grid: centres, masks, reconstructions.</summary>
public static class ImageGrid
{
    /// <summary>Renders the images to PNG bytes.</summary>
    /// <param name="pixels">Count x Height x Width values, image after image, row-major.</param>
    /// <param name="count">The number of images.</param>
    /// <param name="height">Pixel rows per image.</param>
    /// <param name="width">Pixel columns per image.</param>
    /// <param name="options">Layout and colour; null for defaults.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] RenderPng(ReadOnlySpan<float> pixels, int count, int height, int width, ImageGridOptions? options = null)
    {
        using var bitmap = Render(pixels, count, height, width, options);
        return Png.Encode(bitmap);
    }

    /// <summary>Renders the images to a bitmap (the caller disposes it).</summary>
    /// <param name="pixels">Count x Height x Width values, image after image, row-major.</param>
    /// <param name="count">The number of images.</param>
    /// <param name="height">Pixel rows per image.</param>
    /// <param name="width">Pixel columns per image.</param>
    /// <param name="options">Layout and colour; null for defaults.</param>
    /// <returns>The bitmap.</returns>
    public static SKBitmap Render(ReadOnlySpan<float> pixels, int count, int height, int width, ImageGridOptions? options = null)
    {
        options ??= new ImageGridOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Scale, 1);
        if (pixels.Length != count * height * width)
            throw new ArgumentException($"{pixels.Length} values are not {count} images of {height}x{width}.", nameof(pixels));
        int columns = options.Columns > 0 ? Math.Min(options.Columns, count) : (int)Math.Ceiling(Math.Sqrt(count));
        int rows = (count + columns - 1) / columns;
        int s = options.Scale, pad = options.Padding;
        int cellW = width * s, cellH = height * s;
        var bitmap = new SKBitmap(columns * cellW + (columns + 1) * pad, rows * cellH + (rows + 1) * pad, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(new SKColor(255, 255, 255));
        (float globalLow, float globalHigh) = Range(pixels);
        int size = height * width;
        for (int n = 0; n < count; n++)
        {
            var image = pixels.Slice(n * size, size);
            (float lo, float hi) = options.SharedRange ? (globalLow, globalHigh) : Range(image);
            lo = options.Low ?? lo;
            hi = options.High ?? hi;
            float inv = hi > lo ? 1f / (hi - lo) : 0f;
            int x0 = pad + (n % columns) * (cellW + pad), y0 = pad + (n / columns) * (cellH + pad);
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    var colour = options.Colormap.Map((image[r * width + c] - lo) * inv);
                    for (int dy = 0; dy < s; dy++)
                    {
                        for (int dx = 0; dx < s; dx++) bitmap.SetPixel(x0 + c * s + dx, y0 + r * s + dy, colour);
                    }
                }
            }
        }
        return bitmap;
    }

    private static (float Low, float High) Range(ReadOnlySpan<float> values)
    {
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) continue;
            lo = MathF.Min(lo, v);
            hi = MathF.Max(hi, v);
        }
        return float.IsFinite(lo) ? (lo, hi) : (0f, 1f);
    }
}
