using System.Globalization;

namespace NeuroSharp.Data;

/// <summary>
/// Reads a CSV file of numbers into a <see cref="Dataset"/>: comma-separated, an optional header (a
/// first line with any non-numeric field), and an optional column named <c>label</c> holding integer
/// labels. Blank lines and lines starting with <c>#</c> are skipped.
/// </summary>
public static class CsvDatasetReader
{
    /// <summary>Reads the file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="InvalidInputException">Missing file, ragged rows, a non-number, a non-finite value or a bad label, with line and column.</exception>
    public static Dataset Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found.");
        var values = new List<float>();
        var labels = new List<int>();
        int columns = -1, labelColumn = -1, rows = 0, lineNumber = 0;
        bool first = true;
        foreach (string rawLine in File.ReadLines(path))
        {
            lineNumber++;
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] fields = line.Split(',');
            for (int i = 0; i < fields.Length; i++) fields[i] = fields[i].Trim().Trim('"');
            if (first)
            {
                first = false;
                if (fields.Any(f => !float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    labelColumn = Array.FindIndex(fields, f => f.Equals("label", StringComparison.OrdinalIgnoreCase));
                    columns = fields.Length;
                    continue;
                }
            }
            if (columns < 0) columns = fields.Length;
            if (fields.Length != columns)
                throw new InvalidInputException($"{path} line {lineNumber}: {fields.Length} fields where the file has {columns}.");
            for (int c = 0; c < fields.Length; c++)
            {
                if (!float.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw new InvalidInputException($"{path} line {lineNumber}, column {c + 1}: '{fields[c]}' is not a number.");
                if (!float.IsFinite(v))
                    throw new InvalidInputException($"{path} line {lineNumber}, column {c + 1}: '{fields[c]}' is not finite.");
                if (c == labelColumn)
                {
                    if (v < 0 || v != MathF.Floor(v))
                        throw new InvalidInputException($"{path} line {lineNumber}, column {c + 1}: label '{fields[c]}' is not a non-negative integer.");
                    labels.Add((int)v);
                }
                else
                {
                    values.Add(v);
                }
            }
            rows++;
        }
        if (rows == 0) throw new InvalidInputException($"{path}: no data rows.");
        int featureCount = labelColumn >= 0 ? columns - 1 : columns;
        if (featureCount < 1) throw new InvalidInputException($"{path}: no feature columns besides 'label'.");
        return new Dataset(path, values.ToArray(), rows, featureCount, labelColumn >= 0 ? labels.ToArray() : null);
    }
}
