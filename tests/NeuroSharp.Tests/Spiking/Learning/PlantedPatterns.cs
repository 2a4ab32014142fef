using NeuroSharp.Data;
using NeuroSharp.Spiking.Learning;

namespace NeuroSharp.Tests.Spiking.Learning;

/// <summary>
/// The planted case of issue 8: 5 disjoint binary patterns of 20 lit pixels on 100 inputs, shown in
/// turn to a Diehl and Cook network of 5 excitatory neurons. The weight sum 12 lets a neuron's weight
/// gather on one pattern (0.6 per lit pixel, below w_max = 1), as 78 does on a digit's ~150 pixels.
/// </summary>
internal static class PlantedPatterns
{
    public const int Inputs = 100, Count = 5, Size = 20;

    public static Dataset Data()
    {
        var values = new float[Count * Inputs];
        for (int p = 0; p < Count; p++)
        {
            for (int k = 0; k < Size; k++) values[p * Inputs + p * Size + k] = 1f;
        }
        return new Dataset("planted", values, Count, Inputs, Enumerable.Range(0, Count).ToArray());
    }

    public static StdpMnistOptions Options => new()
    {
        Network = new DiehlCookNetworkSpec { InputCount = Inputs, ExcitatoryCount = Count, InputWeightSum = 12 },
    };

    /// <summary>Neuron j's share of its input weight on each pattern.</summary>
    public static double[] Shares(float[] weights, int neuron)
    {
        var share = new double[Count];
        double total = 0;
        for (int i = 0; i < Inputs; i++)
        {
            double w = weights[i * Count + neuron];
            total += w;
            if (i < Count * Size) share[i / Size] += w;
        }
        for (int p = 0; p < Count; p++) share[p] /= total;
        return share;
    }
}
