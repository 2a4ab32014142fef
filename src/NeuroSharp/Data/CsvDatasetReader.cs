using System.Globalization;
using System.Text;
using NeuroSharp.Formats;

namespace NeuroSharp.Data;

/// <summary>
/// Reads a CSV file of numbers into a <see cref="Dataset"/>: comma-separated with RFC 4180 quoting (a
/// field in double quotes is one field, even with commas or line breaks inside; <c>""</c> is a quote),
/// an optional header (a first line with any non-numeric field), and an optional column named
/// <c>label</c> holding whole-number labels from 0 to 2 147 483 647. Blank lines and lines starting with
/// <c>#</c> are skipped. Every refusal names the line and column and shows the field escaped.
/// </summary>
public static class CsvDatasetReader
{
    /// <summary>Reads the file.</summary>
    /// <param name="path">The CSV file (a symbolic link must lead to a regular file).</param>
    /// <param name="budget">The memory budget the values must fit; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="InvalidInputException">Missing or non-regular file, binary content, ragged rows, an unterminated quote,
    /// a non-number, a non-finite value or a bad label, with line and column.</exception>
    public static Dataset Read(string path, MemoryBudget? budget = null)
    {
        using var stream = InputFile.OpenRead(path);
        // Each value takes at least two characters ("1,"): at most length / 2 floats, held twice while the list grows.
        (budget ?? MemoryBudget.Default).Require(path, MemoryBudget.Times(stream.Length, 4));
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var values = new List<float>();
        var labels = new List<int>();
        int columns = -1, labelColumn = -1, rows = 0;
        bool first = true;
        var records = new RecordReader(reader, path);
        while (records.Next() is { } record)
        {
            var fields = record.Fields;
            int lineNumber = record.Line;
            if (first)
            {
                first = false;
                if (fields.Any(f => !float.TryParse(f.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    for (int c = 0; c < fields.Count; c++)
                    {
                        if (fields[c].Text.Any(ch => char.IsControl(ch) && ch != '\t' || ch == '\uFFFD'))
                            throw new InvalidInputException($"{path} line {lineNumber}, column {c + 1}: '{InputFile.Printable(fields[c].Text)}' is not text; the file is not a CSV file.");
                    }
                    labelColumn = fields.FindIndex(f => f.Text.Equals("label", StringComparison.OrdinalIgnoreCase));
                    columns = fields.Count;
                    continue;
                }
            }
            if (columns < 0) columns = fields.Count;
            if (fields.Count != columns)
                throw new InvalidInputException($"{path} line {lineNumber}: {fields.Count} fields where the file has {columns}.");
            for (int c = 0; c < fields.Count; c++)
            {
                string text = fields[c].Text;
                string shown = InputFile.Printable(text);
                if (c == labelColumn)
                {
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double label))
                        throw new InvalidInputException($"{path} line {lineNumber}, column {c + 1}: label '{shown}' is not a number.");
                    if (!(label >= 0 && label <= int.MaxValue && label == Math.Floor(label)))
                        throw new InvalidInputException($"{path} line {lineNumber}, column {c + 1}: label '{shown}' is not a non-negative integer up to {int.MaxValue}.");
                    labels.Add((int)label);
                    continue;
                }
                if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw new InvalidInputException($"{path} line {lineNumber}, column {c + 1}: '{shown}' is not a number.");
                if (!float.IsFinite(v))
                    throw new InvalidInputException($"{path} line {lineNumber}, column {c + 1}: '{shown}' is not finite.");
                values.Add(v);
            }
            rows++;
        }
        if (rows == 0) throw new InvalidInputException($"{path}: no data rows.");
        int featureCount = labelColumn >= 0 ? columns - 1 : columns;
        if (featureCount < 1) throw new InvalidInputException($"{path}: no feature columns besides 'label'.");
        return new Dataset(path, values.ToArray(), rows, featureCount, labelColumn >= 0 ? labels.ToArray() : null);
    }

    private readonly record struct Field(string Text);

    private sealed record Record(int Line, List<Field> Fields);

    /// <summary>Splits the text into records of fields (RFC 4180), skipping blank lines and lines starting with '#'.</summary>
    private sealed class RecordReader(TextReader reader, string path)
    {
        private int _line;

        public Record? Next()
        {
            while (true)
            {
                string? raw = reader.ReadLine();
                if (raw is null) return null;
                _line++;
                string trimmed = raw.Trim();
                if (trimmed.Length == 0 || trimmed[0] == '#') continue;
                return Split(raw);
            }
        }

        private Record Split(string raw)
        {
            int start = _line;
            var fields = new List<Field>();
            var text = new StringBuilder();
            string line = raw;
            int i = 0;
            while (true)
            {
                // One field: skip leading blanks, then either a quoted or a bare field.
                while (i < line.Length && line[i] is ' ' or '\t') i++;
                if (i < line.Length && line[i] == '"')
                {
                    int column = fields.Count + 1, quoteLine = _line;
                    text.Clear();
                    i++;
                    while (true)
                    {
                        if (i == line.Length)
                        {
                            // A quoted field may span lines.
                            string? next = reader.ReadLine();
                            if (next is null)
                                throw new InvalidInputException($"{path} line {quoteLine}, column {column}: the quoted field is never closed.");
                            _line++;
                            text.Append('\n');
                            line = next;
                            i = 0;
                            continue;
                        }
                        char c = line[i++];
                        if (c != '"')
                        {
                            text.Append(c);
                        }
                        else if (i < line.Length && line[i] == '"')
                        {
                            text.Append('"');
                            i++;
                        }
                        else
                        {
                            break;
                        }
                    }
                    while (i < line.Length && line[i] is ' ' or '\t') i++;
                    if (i < line.Length && line[i] != ',')
                        throw new InvalidInputException($"{path} line {_line}, column {column}: '{InputFile.Printable(line[i..])}' follows the closing quote; a quoted field ends at a comma or the end of the line.");
                    fields.Add(new Field(text.ToString()));
                }
                else
                {
                    int comma = line.IndexOf(',', i);
                    int end = comma < 0 ? line.Length : comma;
                    fields.Add(new Field(line[i..end].Trim()));
                    i = end;
                }
                if (i >= line.Length) return new Record(start, fields);
                i++; // the comma
            }
        }
    }
}
