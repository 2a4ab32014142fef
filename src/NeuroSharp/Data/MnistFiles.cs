namespace NeuroSharp.Data;

/// <summary>Loads MNIST from a folder of the four IDX files (plain or .gz, with either the dash or dot naming).</summary>
public static class MnistFiles
{
    /// <summary>The canonical file names of the four IDX files.</summary>
    public static readonly string[] FileNames =
    [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ];

    /// <summary>The largest label accepted: IDX label files hold one unsigned byte per label.</summary>
    public const int MaxLabel = 255;

    /// <summary>Loads one split from a folder, pixels scaled to [0, 1].</summary>
    /// <param name="directory">The folder holding the IDX files.</param>
    /// <param name="split">Train or test.</param>
    /// <returns>A dataset of 28 x 28 images with labels 0..9.</returns>
    /// <param name="budget">The memory budget the images must fit; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <param name="name">The dataset's name; null for <c>mnist</c> or <c>mnist:test</c> (Fashion-MNIST has the same layout).</param>
    /// <exception cref="InvalidInputException">A file is missing or malformed, a label is not a whole number from 0 to 255, or images and labels disagree.</exception>
    public static Dataset Load(string directory, MnistSplit split, MemoryBudget? budget = null, string? name = null)
    {
        string prefix = split == MnistSplit.Train ? "train" : "t10k";
        string imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var images = IdxFile.Read(imagesPath, budget);
        var labels = IdxFile.Read(labelsPath, budget);
        if (images.Dimensions.Length != 3)
            throw new InvalidInputException($"{imagesPath}: expected 3 dimensions (count, rows, columns), got {images.Dimensions.Length}.");
        if (labels.Dimensions.Length != 1 || labels.Dimensions[0] != images.Dimensions[0])
            throw new InvalidInputException($"{labelsPath}: expected {images.Dimensions[0]} labels to match {imagesPath}, got shape [{string.Join(", ", labels.Dimensions)}].");
        int count = images.Dimensions[0], h = images.Dimensions[1], w = images.Dimensions[2];
        if (h < 1 || w < 1 || (long)h * w > int.MaxValue)
            throw new InvalidInputException($"{imagesPath}: images of {h} x {w} pixels are not images (each side at least 1, at most {int.MaxValue} pixels in all).");
        var values = images.Values;
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, 1f / 255f, values);
        var y = new int[count];
        for (int i = 0; i < count; i++)
        {
            float label = labels.Values[i];
            if (!(label >= 0 && label <= MaxLabel && label == MathF.Floor(label)))
                throw new InvalidInputException($"{labelsPath}: label {i} is {label}; MNIST labels are whole numbers from 0 to {MaxLabel}.");
            y[i] = (int)label;
        }
        name ??= split == MnistSplit.Train ? "mnist" : "mnist:test";
        return new Dataset(name, values, count, h * w, y, new ImageShape(h, w));
    }

    /// <summary>True when the folder holds all four files under a recognised name.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>Whether MNIST can be loaded from it.</returns>
    public static bool Exists(string directory) =>
        Directory.Exists(directory) && FileNames.All(f => TryFind(directory, f) is not null);

    private static string Find(string directory, string canonical) =>
        TryFind(directory, canonical)
        ?? throw new InvalidInputException($"{directory}: MNIST file {canonical} (or {canonical}.gz, or the dotted name) is missing.");

    private static string? TryFind(string directory, string canonical)
    {
        // "train-images-idx3-ubyte" is also distributed as "train-images.idx3-ubyte".
        int dash = canonical.IndexOf("-idx", StringComparison.Ordinal);
        string dotted = canonical[..dash] + "." + canonical[(dash + 1)..];
        foreach (string name in new[] { canonical, canonical + ".gz", dotted, dotted + ".gz" })
        {
            string p = Path.Combine(directory, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
