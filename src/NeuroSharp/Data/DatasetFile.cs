using NeuroSharp.Formats;

namespace NeuroSharp.Data;

/// <summary>Reads a dataset from a file, choosing the reader by extension: .npy, .csv, or IDX (-ubyte, .idx, .gz).</summary>
public static class DatasetFile
{
    /// <summary>Reads the file.</summary>
    /// <param name="path">A .npy (2-D float32/float64/uint8 ...), .csv or IDX file.</param>
    /// <returns>The dataset (square IDX images keep their image shape).</returns>
    /// <param name="budget">The memory budget the data must fit; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <exception cref="InvalidInputException">Not a regular file, unknown extension, or the reader's own errors.</exception>
    public static Dataset Read(string path, MemoryBudget? budget = null)
    {
        InputFile.CheckRegular(path);
        string lower = path.ToLowerInvariant();
        if (lower.EndsWith(".npy", StringComparison.Ordinal)) return ReadNpy(path, budget);
        if (lower.EndsWith(".csv", StringComparison.Ordinal)) return CsvDatasetReader.Read(path, budget);
        if (lower.Contains("ubyte", StringComparison.Ordinal) || lower.EndsWith(".idx", StringComparison.Ordinal) || lower.EndsWith(".gz", StringComparison.Ordinal))
            return ReadIdx(path, budget);
        throw new InvalidInputException($"{path}: unknown data file type; use .npy, .csv or an IDX file (-ubyte, .idx, .gz).");
    }

    private static Dataset ReadNpy(string path, MemoryBudget? budget)
    {
        var a = NpyFile.Read(path, budget);
        if (a.Shape.Count != 2)
            throw new InvalidInputException($"{path}: expected a 2-D array (samples x inputs), got shape ({string.Join(", ", a.Shape)}).");
        return new Dataset(path, a.ToSingleArray(), a.Shape[0], a.Shape[1]);
    }

    private static Dataset ReadIdx(string path, MemoryBudget? budget)
    {
        var a = IdxFile.Read(path, budget);
        int n = a.Dimensions[0];
        if (a.Dimensions.Length == 1)
            throw new InvalidInputException($"{path}: a 1-D IDX file holds labels, not samples.");
        long cols = MemoryBudget.Times([.. a.Dimensions.Skip(1).Select(d => (long)d)]);
        if (cols < 1 || cols > int.MaxValue)
            throw new InvalidInputException($"{path}: dimensions [{string.Join(", ", a.Dimensions)}] give {cols} values per sample; a sample needs 1 to {int.MaxValue}.");
        ImageShape? shape = a.Dimensions.Length == 3 ? new ImageShape(a.Dimensions[1], a.Dimensions[2]) : null;
        return new Dataset(path, a.Values, n, (int)cols, null, shape);
    }
}
