namespace NeuroSharp.Fitting;

/// <summary>How long and in which order a clusterer learns from a dataset.</summary>
public sealed record FitOptions
{
    /// <summary>Examples to present; null to present <see cref="Epochs"/> full passes.</summary>
    public long? Samples { get; init; }

    /// <summary>Full passes over the data when <see cref="Samples"/> is null; at least 1.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>True (default) to visit rows in a fresh random order each pass; false for file order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Examples between progress reports (and learning-curve points); at least 1.</summary>
    public int ReportEvery { get; init; } = 1000;

    /// <summary>The number of presentations these options ask for on a dataset of <paramref name="rowCount"/> rows.</summary>
    /// <param name="rowCount">Rows in the dataset.</param>
    /// <returns>Samples, or Epochs x rows.</returns>
    public long TotalFor(int rowCount) => Samples ?? (long)Epochs * rowCount;

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        if (Samples is { } s) OptionChecks.AtLeast(nameof(FitOptions), nameof(Samples), s, 1);
        OptionChecks.AtLeast(nameof(FitOptions), nameof(Epochs), Epochs, 1);
        OptionChecks.AtLeast(nameof(FitOptions), nameof(ReportEvery), ReportEvery, 1);
    }
}
