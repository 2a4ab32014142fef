using NeuroSharp.Formats;

namespace NeuroSharp.Data;

/// <summary>Reads a dataset from a file, choosing the reader by extension: .npy, .csv, or IDX (-ubyte, .idx, .gz).</summary>
public static class DatasetFile
{
    /// <summary>Reads the file.</summary>
    /// <param name="path">A .npy (2-D float32/float64/uint8 ...), .csv or IDX file.</param>
    /// <returns>The dataset (square IDX images keep their image shape).</returns>
    /// <exception cref="InvalidInputException">Unknown extension, or the reader's own errors.</exception>
    public static Dataset Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found.");
        string lower = path.ToLowerInvariant();
        if (lower.EndsWith(".npy", StringComparison.Ordinal)) return ReadNpy(path);
        if (lower.EndsWith(".csv", StringComparison.Ordinal)) return CsvDatasetReader.Read(path);
        if (lower.Contains("ubyte", StringComparison.Ordinal) || lower.EndsWith(".idx", StringComparison.Ordinal) || lower.EndsWith(".gz", StringComparison.Ordinal))
            return ReadIdx(path);
        throw new InvalidInputException($"{path}: unknown data file type; use .npy, .csv or an IDX file (-ubyte, .idx, .gz).");
    }

    private static Dataset ReadNpy(string path)
    {
        var a = NpyFile.Read(path);
        if (a.Shape.Count != 2)
            throw new InvalidInputException($"{path}: expected a 2-D array (samples x inputs), got shape ({string.Join(", ", a.Shape)}).");
        return new Dataset(path, a.ToSingleArray(), a.Shape[0], a.Shape[1]);
    }

    private static Dataset ReadIdx(string path)
    {
        var a = IdxFile.Read(path);
        int n = a.Dimensions[0];
        if (a.Dimensions.Length == 1)
            throw new InvalidInputException($"{path}: a 1-D IDX file holds labels, not samples.");
        int cols = 1;
        for (int i = 1; i < a.Dimensions.Length; i++) cols *= a.Dimensions[i];
        ImageShape? shape = a.Dimensions.Length == 3 ? new ImageShape(a.Dimensions[1], a.Dimensions[2]) : null;
        return new Dataset(path, a.Values, n, cols, null, shape);
    }
}
