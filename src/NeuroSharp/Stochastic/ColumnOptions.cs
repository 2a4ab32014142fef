namespace NeuroSharp.Stochastic;

/// <summary>Parameters of a cortical column: its hash layer and its cluster (correlation) neurons, docs/stochastic-column.md.</summary>
public sealed record ColumnOptions
{
    /// <summary>The hash layer (rho, N/D, c).</summary>
    public HashLayerOptions Hash { get; init; } = new();

    /// <summary>The cluster neurons available (free neurons are recruited until none is left); at least 1.</summary>
    public int ClusterCount { get; init; } = 1000;

    /// <summary>The normalised correlation the winner needs to learn a code; below it a free neuron is recruited. In [-1, 1]; -1 makes the winner always learn.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        const string owner = nameof(ColumnOptions);
        if (Hash is null) throw new InvalidOptionException(owner, nameof(Hash), "must be set", null);
        Hash.Validate();
        OptionChecks.AtLeast(owner, nameof(ClusterCount), ClusterCount, 1);
        OptionChecks.InClosed(owner, nameof(Threshold), Threshold, -1, 1);
    }
}
