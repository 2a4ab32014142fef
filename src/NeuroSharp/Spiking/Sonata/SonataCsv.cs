using NeuroSharp.Formats;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// A SONATA type table (<c>node_types.csv</c>, <c>edge_types.csv</c>): space-separated columns with a header row,
/// values optionally in double quotes, <c>NULL</c> or an empty value for "not given".
/// </summary>
internal sealed class SonataCsv
{
    private readonly Dictionary<string, int> _columns;
    private readonly List<(int Line, string[] Cells)> _rows;

    private SonataCsv(string path, Dictionary<string, int> columns, List<(int, string[])> rows)
    {
        Path = path;
        _columns = columns;
        _rows = rows;
    }

    /// <summary>The file as messages name it.</summary>
    public string Path { get; }

    /// <summary>The rows with their line numbers.</summary>
    public IReadOnlyList<(int Line, string[] Cells)> Rows => _rows;

    /// <summary>
    /// A warning for each column that is none of <paramref name="read"/> nor <paramref name="ignored"/> but a small edit
    /// from one of <paramref name="read"/> (<see cref="NearestName"/>): SONATA allows extra columns, which become attributes
    /// of the types, so a misspelt <c>dynamics_params</c> would leave its types on their defaults without a word.
    /// </summary>
    /// <param name="read">The columns the reader uses.</param>
    /// <param name="ignored">Columns SONATA defines that the reader leaves alone (never suggested, never warned about).</param>
    /// <returns>One sentence per such column, in header order.</returns>
    public IEnumerable<string> NearMisses(IReadOnlyCollection<string> read, IReadOnlyCollection<string> ignored)
    {
        foreach (string column in _columns.OrderBy(c => c.Value).Select(c => c.Key))
        {
            if (read.Contains(column) || ignored.Contains(column)) continue;
            if (NearestName.Among([.. read, .. ignored], column) is { } near && read.Contains(near))
                yield return $"{Path}: the column '{column}' is not one NeuroSharp reads, so it is kept as an extra attribute and the types have no {near} (did you mean {near}?).";
        }
    }

    /// <summary>Whether the table has a column.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>A cell, or null where the column is absent or the value NULL or empty.</summary>
    public string? Cell((int Line, string[] Cells) row, string column) =>
        _columns.TryGetValue(column, out int k) && row.Cells[k] is { Length: > 0 } v && v != "NULL" && v != "None" ? v : null;

    /// <summary>Reads a table.</summary>
    /// <exception cref="InvalidInputException">The file is missing, empty or has a row with the wrong number of cells.</exception>
    public static SonataCsv Load(string path, string namedBy)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{namedBy} names '{path}', which does not exist.");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the type table: {FileErrors.Reason(path, e)}.", e);
        }
        int first = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (first < 0) throw new InvalidInputException($"{path}: the type table is empty; it needs a header row.");
        var header = Split(lines[first], path, first + 1);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < header.Length; k++)
        {
            if (!columns.TryAdd(header[k], k)) throw new InvalidInputException($"{path}: line {first + 1} names column '{header[k]}' twice.");
        }
        var rows = new List<(int, string[])>();
        for (int i = first + 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = Split(lines[i], path, i + 1);
            if (cells.Length != header.Length)
                throw new InvalidInputException($"{path}: line {i + 1} has {cells.Length} values but the header names {header.Length} columns.");
            rows.Add((i + 1, cells));
        }
        return new SonataCsv(path, columns, rows);
    }

    private static string[] Split(string line, string path, int lineNumber)
    {
        var cells = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] is ' ' or '\t') i++;
            if (i >= line.Length) break;
            if (line[i] == '"')
            {
                int close = line.IndexOf('"', i + 1);
                if (close < 0) throw new InvalidInputException($"{path}: line {lineNumber} has an unclosed quote.");
                cells.Add(line[(i + 1)..close]);
                i = close + 1;
            }
            else
            {
                int end = i;
                while (end < line.Length && line[end] is not (' ' or '\t')) end++;
                cells.Add(line[i..end].TrimEnd('\r'));
                i = end;
            }
        }
        return [.. cells];
    }
}
