using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// A <see cref="PoissonInputSpec"/>: each step, each driven neuron receives k ~ Binomial(N, rate dt)
/// input spikes of weight w on its channel. k is drawn by inverting a precomputed cumulative table
/// with one uniform; each block of driven neurons has its own stream, so the thread count is irrelevant.
/// </summary>
/// <remarks>
/// The table never holds N entries: a small mean (N p up to a few hundred) is tabulated from k = 0 as
/// far as the tail matters (1e-15), a large one only over the window around the mode where the
/// probabilities are above 1e-20 of the mode's (about 19 standard deviations, at most about 450 000
/// entries for N up to 2^31), searched by bisection; p = 1 gives k = N without a table.
/// </remarks>
internal sealed class PoissonDrive
{
    private readonly NeuronGroup _group;
    private readonly float[] _channel;
    private readonly int[] _indices;
    private readonly int[] _targets; // the channel index of each driven neuron: its index in the group, or -1 when another rank holds it
    private readonly float _weight;
    private readonly int _sourceCount;
    private double[] _cdf;
    private int _offset; // k of the table's first entry
    private bool _bisect;
    private RandomStream[] _streams = [];

    public PoissonDrive(NeuronGroup group, PoissonInputSpec spec, double dtMs)
    {
        _group = group;
        _channel = group.InputChannel(spec.Receptor, spec.Port);
        _indices = spec.Indices?.ToArray() ?? Enumerable.Range(0, group.GlobalCount).ToArray();
        _targets = _indices;
        if (group.GlobalIndex is { } part)
        {
            // A partitioned run draws for every driven neuron of the population (the same draws as one process)
            // and adds only to the neurons held here.
            var local = new int[group.GlobalCount];
            Array.Fill(local, -1);
            for (int k = 0; k < part.Length; k++) local[part[k]] = k;
            _targets = [.. _indices.Select(i => local[i])];
        }
        _weight = (float)spec.Weight;
        _sourceCount = spec.SourceCount;
        (_cdf, _offset, _bisect) = BinomialCdf(spec.SourceCount, Math.Min(1.0, spec.RateHz * dtMs / 1000.0));
    }

    /// <summary>Sets each source's rate in Hz (checked: finite, at least 0) from the next step on: the table is rebuilt, the random streams go on.</summary>
    public void SetRate(double rateHz, double dtMs) =>
        (_cdf, _offset, _bisect) = BinomialCdf(_sourceCount, Math.Min(1.0, rateHz * dtMs / 1000.0));

    /// <summary>The entries of the cumulative table for N sources at p per step are at most this many (for the memory estimate).</summary>
    public static long TableBound(int n) => Math.Min(n + 1L, 1024 + 10 * (long)Math.Sqrt(n));

    public long InputSpikes { get; private set; }

    /// <summary>The driven population.</summary>
    internal NeuronGroup Group => _group;

    /// <summary>The channel it adds to (the group's g_e or g_i).</summary>
    internal float[] Channel => _channel;

    /// <summary>The channel index of each driven neuron (-1: another rank holds it), in draw order.</summary>
    internal int[] Targets => _targets;

    /// <summary>The weight of one input spike.</summary>
    internal float Weight => _weight;

    /// <summary>The cumulative table (a new array after <see cref="SetRate"/>), the k of its first entry, and whether k is found by bisection.</summary>
    internal (double[] Cdf, int Offset, bool Bisect) Table => (_cdf, _offset, _bisect);

    /// <summary>Streams: one per block of <see cref="NeuronGroup.BlockSize"/> driven neurons.</summary>
    internal int StreamCount => _streams.Length;

    /// <summary>Writes the streams' state words (a device backend draws with them).</summary>
    internal void CopyStreamStates(Span<ulong> words) => StreamStates.Copy(_streams, words);

    /// <summary>Continues the streams from the state words a device backend drew with, and counts its input spikes.</summary>
    internal void SetStreamStates(ReadOnlySpan<ulong> words, long inputSpikes)
    {
        StreamStates.Set(_streams, words);
        InputSpikes += inputSpikes;
    }

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
        if (cdf.Length == 1 && _offset == 0) return; // rate 0: k is always 0
        if (_bisect)
        {
            ApplyLarge();
            return;
        }
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
                int target = _targets[k];
                if (count == 0 || target < 0) continue;
                _channel[target] += count * _weight;
                total += count;
            }
        }
        InputSpikes += total;
    }

    /// <summary>The draws for a large mean (or p = 1): k = offset + the first entry above u, found by bisection.</summary>
    private void ApplyLarge()
    {
        var cdf = _cdf;
        long total = 0;
        for (int b = 0; b < _streams.Length; b++)
        {
            var rng = _streams[b];
            int end = Math.Min(_indices.Length, (b + 1) * NeuronGroup.BlockSize);
            for (int k = b * NeuronGroup.BlockSize; k < end; k++)
            {
                double u = rng.NextDouble();
                int lo = 0, hi = cdf.Length - 1; // the answer is in [lo, hi]; the last entry is 1 > u
                while (lo < hi)
                {
                    int mid = (lo + hi) >>> 1;
                    if (u >= cdf[mid]) lo = mid + 1;
                    else hi = mid;
                }
                int count = _offset + lo;
                int target = _targets[k];
                if (count == 0 || target < 0) continue;
                _channel[target] += count * _weight;
                total += count;
            }
        }
        InputSpikes += total;
    }

    /// <summary>
    /// The cumulative table and the k of its first entry. A small mean: P(K &lt;= k) for k = 0.. until
    /// the tail is below 1e-15 (the last entry is 1). A mean too large for P(K = 0) to be a normal
    /// double (N p beyond about 700): the window around the mode. p = 1: k = N.
    /// </summary>
    internal static (double[] Cdf, int Offset, bool Bisect) BinomialCdf(int n, double p)
    {
        if (p <= 0) return ([1.0], 0, false);
        if (p >= 1) return ([1.0], n, true);
        if (n * -double.LogP1(-p) > 700)
        {
            var (cdf, start) = Window(n, p);
            return (cdf, start, true);
        }
        return (SmallCdf(n, p), 0, false);
    }

    /// <summary>The mode's window: k from the first to the last whose probability is above 1e-20 of the mode's.</summary>
    private static (double[] Cdf, int Start) Window(int n, double p)
    {
        const double Cut = 1e-20;
        int mode = (int)Math.Min(n, Math.Floor((n + 1.0) * p));
        double odds = p / (1 - p);
        var down = new List<double>(); // relative probabilities of mode-1, mode-2, ...
        double r = 1;
        for (int k = mode; k > 0; k--)
        {
            r *= k / ((n - k + 1.0) * odds); // P(k-1) / P(k)
            if (r < Cut) break;
            down.Add(r);
        }
        var up = new List<double>(); // mode+1, mode+2, ...
        r = 1;
        for (int k = mode; k < n; k++)
        {
            r *= (n - k) / (k + 1.0) * odds; // P(k+1) / P(k)
            if (r < Cut) break;
            up.Add(r);
        }
        var cdf = new double[down.Count + 1 + up.Count];
        int at = 0;
        for (int i = down.Count - 1; i >= 0; i--) cdf[at++] = down[i];
        cdf[at++] = 1;
        foreach (double x in up) cdf[at++] = x;
        double sum = 0;
        foreach (double x in cdf) sum += x;
        double running = 0;
        for (int i = 0; i < cdf.Length; i++)
        {
            running += cdf[i];
            cdf[i] = Math.Min(1.0, running / sum);
        }
        cdf[^1] = 1.0;
        return (cdf, mode - down.Count);
    }

    /// <summary>P(K &lt;= k) for k = 0.. until the tail is below 1e-15 (the last entry is 1).</summary>
    private static double[] SmallCdf(int n, double p)
    {
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
