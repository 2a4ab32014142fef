namespace NeuroSharp.Stochastic;

/// <summary>Parameters of a hash layer (the fly's Kenyon cells), docs/stochastic-fly-hash.md.</summary>
public sealed record HashLayerOptions
{
    /// <summary>rho, the share of hash neurons that stay active for every input, in (0, 1).</summary>
    public double Density { get; init; } = 0.05;

    /// <summary>N / D, hash neurons per input (used when <see cref="NeuronCount"/> is 0); greater than 0.</summary>
    public double Expansion { get; init; } = 10;

    /// <summary>N, the number of hash neurons; 0 to take round(Expansion x D).</summary>
    public int NeuronCount { get; init; }

    /// <summary>c, the random inputs each hash neuron samples (all with weight 1); at least 1 and at most D.</summary>
    public int SynapsesPerNeuron { get; init; } = 12;

    /// <summary>N for an input count: <see cref="NeuronCount"/>, or round(Expansion x D), at least 1.</summary>
    /// <param name="inputCount">D.</param>
    /// <returns>The number of hash neurons.</returns>
    public int NeuronCountFor(int inputCount) =>
        NeuronCount > 0 ? NeuronCount : (int)Math.Max(1, Math.Min(int.MaxValue / 2, Math.Round(Expansion * inputCount)));

    /// <summary>k = round(rho N), the active neurons per code, at least 1.</summary>
    /// <param name="neuronCount">N.</param>
    /// <returns>The number of winners.</returns>
    public int ActiveCountFor(int neuronCount) => (int)Math.Clamp(Math.Round(Density * neuronCount), 1, neuronCount);

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        const string owner = nameof(HashLayerOptions);
        if (!(Density > 0 && Density < 1)) throw new InvalidOptionException(owner, nameof(Density), "must be in (0, 1)", Density);
        if (!(Expansion > 0 && double.IsFinite(Expansion))) throw new InvalidOptionException(owner, nameof(Expansion), "must be a finite number greater than 0", Expansion);
        OptionChecks.AtLeast(owner, nameof(NeuronCount), NeuronCount, 0);
        OptionChecks.AtLeast(owner, nameof(SynapsesPerNeuron), SynapsesPerNeuron, 1);
    }
}
