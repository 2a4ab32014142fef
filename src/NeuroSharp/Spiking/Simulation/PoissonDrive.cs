using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// A <see cref="PoissonInputSpec"/>: each step, each driven neuron receives k ~ Binomial(N, rate dt)
/// input spikes of weight w on its channel. k is drawn by inverting a precomputed cumulative table
/// with one uniform; each block of driven neurons has its own stream, so the thread count is irrelevant.
/// </summary>
internal sealed class PoissonDrive
{
    private readonly NeuronGroup _group;
    private readonly float[] _channel;
    private readonly int[] _indices;
    private readonly float _weight;
    private readonly double[] _cdf;
    private RandomStream[] _streams = [];

    public PoissonDrive(NeuronGroup group, PoissonInputSpec spec, double dtMs)
    {
        _group = group;
        _channel = spec.Receptor == Receptor.Excitatory ? group.Ge : group.Gi;
        _indices = spec.Indices?.ToArray() ?? Enumerable.Range(0, group.Count).ToArray();
        _weight = (float)spec.Weight;
        _cdf = BinomialCdf(spec.SourceCount, Math.Min(1.0, spec.RateHz * dtMs / 1000.0));
    }

    public long InputSpikes { get; private set; }

    public void Initialize(RandomStream run)
    {
        int blocks = (_indices.Length + NeuronGroup.BlockSize - 1) / NeuronGroup.BlockSize;
        _streams = new RandomStream[blocks];
        for (int b = 0; b < blocks; b++) _streams[b] = run.Fork((ulong)b);
        InputSpikes = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply()
    {
        var cdf = _cdf;
        if (cdf.Length == 1) return; // rate 0: k is always 0
        long total = 0;
        for (int b = 0; b < _streams.Length; b++)
        {
            var rng = _streams[b];
            int end = Math.Min(_indices.Length, (b + 1) * NeuronGroup.BlockSize);
            for (int k = b * NeuronGroup.BlockSize; k < end; k++)
            {
                double u = rng.NextDouble();
                int count = 0;
                while (count < cdf.Length - 1 && u >= cdf[count]) count++;
                if (count == 0) continue;
                _channel[_indices[k]] += count * _weight;
                total += count;
            }
        }
        InputSpikes += total;
    }

    /// <summary>P(K &lt;= k) for k = 0.. until the tail is below 1e-15 (the last entry is 1).</summary>
    private static double[] BinomialCdf(int n, double p)
    {
        if (p <= 0) return [1.0];
        var cdf = new List<double>();
        double logQ = double.LogP1(-Math.Min(p, 1 - 1e-16));
        double pmf = p >= 1 ? 0 : Math.Exp(n * logQ);
        double sum = 0;
        for (int k = 0; k <= n; k++)
        {
            if (k > 0) pmf = p >= 1 ? (k == n ? 1 : 0) : pmf * (n - k + 1) / k * p / (1 - p);
            sum += pmf;
            cdf.Add(Math.Min(1.0, sum));
            if (1 - sum < 1e-15 && k >= n * p) break;
        }
        cdf[^1] = 1.0;
        return [.. cdf];
    }
}
