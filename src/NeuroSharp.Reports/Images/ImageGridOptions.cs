namespace NeuroSharp.Reports.Images;

/// <summary>How <see cref="ImageGrid"/> lays out and colours a set of images.</summary>
public sealed record ImageGridOptions
{
    /// <summary>Images per row of the grid; 0 for about a square grid.</summary>
    public int Columns { get; init; }

    /// <summary>Screen pixels per image pixel (nearest-neighbour upscaling); at least 1.</summary>
    public int Scale { get; init; } = 3;

    /// <summary>Screen pixels between images.</summary>
    public int Padding { get; init; } = 2;

    /// <summary>The colour map.</summary>
    public Colormap Colormap { get; init; } = Colormap.Gray;

    /// <summary>The value shown as 0 (null: the minimum of each image, or of all with <see cref="SharedRange"/>).</summary>
    public float? Low { get; init; }

    /// <summary>The value shown as 1 (null: the maximum).</summary>
    public float? High { get; init; }

    /// <summary>True to use one range for all images; false to stretch each image to its own range.</summary>
    public bool SharedRange { get; init; } = true;
}
