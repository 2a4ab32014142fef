namespace NeuroSharp.Learning;

/// <summary>
/// The state of one minibatch after the forward pass, as a training rule sees it: every layer's
/// activity and total input, the gates f'(z) times the dropout scale, the one-hot targets, and the
/// error signals delta_l = dE/dz_l that the rule fills (delta_L = p - t is set before the rule runs).
/// Buffers are allocated once for the largest batch and reused.
/// </summary>
/// <remarks>All matrices are rows x n_l, row-major; layer 0 is the input (after input dropout), layer L the softmax output p.</remarks>
public sealed class TrainingBatch
{
    internal TrainingBatch(Mlp network, int capacity, int maxThreads)
    {
        Network = network;
        Capacity = capacity;
        MaxThreads = maxThreads;
        int layers = network.WeightLayerCount;
        Activities = new float[layers + 1][];
        PreActivations = new float[layers + 1][];
        Gates = new float[layers + 1][];
        KeepScales = new float[layers + 1][];
        Deltas = new float[layers + 1][];
        for (int l = 0; l <= layers; l++)
        {
            int size = capacity * network.LayerSize(l);
            Activities[l] = new float[size];
            KeepScales[l] = Dropout(network.Spec, l) > 0 ? new float[size] : [];
            if (l == 0) continue;
            PreActivations[l] = new float[size];
            Deltas[l] = new float[size];
            Gates[l] = l < layers ? new float[size] : [];
        }
        PreActivations[0] = [];
        Deltas[0] = [];
        Gates[0] = [];
        Targets = new float[capacity * network.OutputCount];
    }

    /// <summary>The network being trained.</summary>
    public Mlp Network { get; }

    /// <summary>The most examples a batch holds.</summary>
    public int Capacity { get; }

    /// <summary>The examples in this batch (the last batch of an epoch may be smaller).</summary>
    public int RowCount { get; internal set; }

    /// <summary>L, the number of weight layers.</summary>
    public int WeightLayerCount => Network.WeightLayerCount;

    /// <summary>The most threads a rule may use for its matrix products.</summary>
    public int MaxThreads { get; internal set; }

    internal float[][] Activities { get; }

    internal float[][] PreActivations { get; }

    internal float[][] Gates { get; }

    internal float[][] KeepScales { get; }

    internal float[][] Deltas { get; }

    internal float[] Targets { get; }

    /// <summary>h_l as sent forward (after dropout and spikes); layer L is the softmax output p.</summary>
    /// <param name="layer">0 to L.</param>
    /// <returns>rows x n_l values.</returns>
    public ReadOnlySpan<float> Activity(int layer) => Activities[layer].AsSpan(0, RowCount * Network.LayerSize(layer));

    /// <summary>z_l, the total input of layer l.</summary>
    /// <param name="layer">1 to L.</param>
    /// <returns>rows x n_l values.</returns>
    public ReadOnlySpan<float> PreActivation(int layer) => PreActivations[CheckAbove0(layer)].AsSpan(0, RowCount * Network.LayerSize(layer));

    /// <summary>f'(z_l) times the dropout scale (0 for a dropped unit, 1 / (1 - q) for a kept one).</summary>
    /// <param name="layer">A hidden layer, 1 to L - 1.</param>
    /// <returns>rows x n_l values.</returns>
    public ReadOnlySpan<float> Gate(int layer) => Gates[CheckHidden(layer)].AsSpan(0, RowCount * Network.LayerSize(layer));

    /// <summary>The dropout scale of layer l (0 or 1 / (1 - q)); empty when the layer has no dropout.</summary>
    /// <param name="layer">0 to L - 1.</param>
    /// <returns>rows x n_l values, or an empty span.</returns>
    public ReadOnlySpan<float> KeepScale(int layer) =>
        KeepScales[layer].Length == 0 ? [] : KeepScales[layer].AsSpan(0, RowCount * Network.LayerSize(layer));

    /// <summary>The one-hot targets t.</summary>
    public ReadOnlySpan<float> Target => Targets.AsSpan(0, RowCount * Network.OutputCount);

    /// <summary>delta_l = dE/dz_l (or the rule's stand-in for it), per example (not divided by the batch size).</summary>
    /// <param name="layer">1 to L; delta_L = p - t on entry to the rule.</param>
    /// <returns>rows x n_l values, writable.</returns>
    public Span<float> Delta(int layer) => Deltas[CheckAbove0(layer)].AsSpan(0, RowCount * Network.LayerSize(layer));

    internal static float Dropout(MlpSpec spec, int layer) =>
        layer == 0 ? spec.InputDropout : layer < spec.WeightLayerCount ? spec.HiddenDropout : 0f;

    private int CheckAbove0(int layer)
    {
        if (layer < 1 || layer > WeightLayerCount)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Layers with a total input are numbered 1 to {WeightLayerCount}.");
        return layer;
    }

    private int CheckHidden(int layer)
    {
        if (layer < 1 || layer >= WeightLayerCount)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Hidden layers are numbered 1 to {WeightLayerCount - 1}.");
        return layer;
    }
}
