using System.Text.Json.Serialization;

namespace NeuroSharp.Learning;

/// <summary>
/// Description of a dense network (a multi-layer perceptron): layer sizes from the input to the
/// softmax output, the hidden non-linearity, the weight initialisation, dropout and spiking hidden
/// units. Holds no state; <see cref="Mlp.Create(MlpSpec, ulong, MemoryBudget)"/> builds the weights.
/// </summary>
/// <remarks>
/// Forward pass, for layers l = 1..L: z_l = h_{l-1} W_l + b_l; h_l = f(z_l) for hidden layers and
/// p = softmax(z_L) at the top; loss = -sum_c t_c log p_c (cross-entropy). W_l is stored
/// n_{l-1} x n_l (row = input unit). Training only: dropout keeps a unit with probability 1 - q and
/// scales it by 1 / (1 - q) (inverted dropout, Srivastava et al. 2014); spiking units send
/// s = Poisson(T h) / T instead of h, an unbiased, noisy rate code ("spikes are a great regulariser").
/// Evaluation uses the deterministic h.
/// </remarks>
public sealed record MlpSpec
{
    /// <summary>Unit counts from input to output, e.g. 784, 800, 800, 10; at least two entries, each at least 1, the last at least 2.</summary>
    public required IReadOnlyList<int> LayerSizes { get; init; }

    /// <summary>f of the hidden layers (default ReLU).</summary>
    public Activation HiddenActivation { get; init; } = Activation.Relu;

    /// <summary>How weights start (default He, the match for ReLU).</summary>
    public WeightInit Init { get; init; } = WeightInit.He;

    /// <summary>q of the input units, the probability a pixel is dropped, in [0, 1).</summary>
    public float InputDropout { get; init; }

    /// <summary>q of every hidden unit, in [0, 1); the lecture's network uses 0.5.</summary>
    public float HiddenDropout { get; init; }

    /// <summary>T, the spike count a hidden unit of activity 1 sends on average per example; 0 sends real values.</summary>
    public float SpikeCount { get; init; }

    /// <summary>The number of weight layers, L.</summary>
    [JsonIgnore]
    public int WeightLayerCount => LayerSizes.Count - 1;

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        const string owner = nameof(MlpSpec);
        if (LayerSizes is null || LayerSizes.Count < 2)
            throw new InvalidOptionException(owner, nameof(LayerSizes), "must list at least an input and an output size", LayerSizes is null ? null : string.Join(",", LayerSizes));
        for (int i = 0; i < LayerSizes.Count; i++)
        {
            if (LayerSizes[i] < 1 || LayerSizes[i] > 1 << 20)
                throw new InvalidOptionException(owner, nameof(LayerSizes), $"must hold sizes from 1 to {1 << 20} (entry {i})", string.Join(",", LayerSizes));
        }
        if (LayerSizes[^1] < 2)
            throw new InvalidOptionException(owner, nameof(LayerSizes), "must end with at least 2 classes for the softmax output", string.Join(",", LayerSizes));
        OptionChecks.Defined(owner, nameof(HiddenActivation), HiddenActivation);
        OptionChecks.Defined(owner, nameof(Init), Init);
        OptionChecks.InRightOpen(owner, nameof(InputDropout), InputDropout, 0, 1);
        OptionChecks.InRightOpen(owner, nameof(HiddenDropout), HiddenDropout, 0, 1);
        OptionChecks.InClosed(owner, nameof(SpikeCount), SpikeCount, 0, 1000);
        if (SpikeCount > 0 && HiddenActivation == Activation.Tanh)
            throw new InvalidOptionException(owner, nameof(SpikeCount), "must be 0 with tanh units (a spike rate cannot be negative; use relu or logistic)", SpikeCount);
    }
}
