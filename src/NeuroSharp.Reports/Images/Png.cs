using NeuroSharp.Formats;
using SkiaSharp;

namespace NeuroSharp.Reports.Images;

/// <summary>PNG encoding and atomic saving of bitmaps.</summary>
public static class Png
{
    /// <summary>Encodes a bitmap as PNG.</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Encode(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes PNG bytes atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="png">The PNG bytes.</param>
    public static void Save(string path, byte[] png) => AtomicFile.WriteAllBytes(path, png);
}
