namespace NeuroSharp.Learning;

/// <summary>
/// A top-down (feedback) matrix of a training rule: it carries an error or an activity change from a
/// higher layer to layer <see cref="TargetLayer"/>. Stored <see cref="Rows"/> x <see cref="Columns"/>,
/// row-major, with rows = units of the source layer and columns = units of the target layer.
/// </summary>
public sealed class FeedbackMatrix
{
    private readonly float[] _values;

    /// <summary>Creates a zero matrix.</summary>
    /// <param name="name">The tensor name in checkpoints, e.g. <c>feedback.1</c>.</param>
    /// <param name="sourceLayer">The layer whose signal it carries down.</param>
    /// <param name="targetLayer">The layer it delivers to.</param>
    /// <param name="rows">n of the source layer.</param>
    /// <param name="columns">n of the target layer.</param>
    public FeedbackMatrix(string name, int sourceLayer, int targetLayer, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Name = name;
        SourceLayer = sourceLayer;
        TargetLayer = targetLayer;
        Rows = rows;
        Columns = columns;
        _values = new float[(long)rows * columns];
    }

    /// <summary>The tensor name in checkpoints.</summary>
    public string Name { get; }

    /// <summary>The layer whose signal it carries down.</summary>
    public int SourceLayer { get; }

    /// <summary>The layer it delivers to.</summary>
    public int TargetLayer { get; }

    /// <summary>Units of the source layer.</summary>
    public int Rows { get; }

    /// <summary>Units of the target layer.</summary>
    public int Columns { get; }

    /// <summary>The Frobenius norm an adaptive rule holds the matrix at (0: not held).</summary>
    public float Gain { get; internal set; }

    /// <summary>The values, row-major; writable (restoring a checkpoint, or an adaptive rule).</summary>
    public Span<float> Values => _values;

    internal float[] Array => _values;
}
