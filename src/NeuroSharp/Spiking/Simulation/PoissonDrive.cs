using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// A <see cref="PoissonInputSpec"/>: each step, each driven neuron receives k ~ Binomial(N, rate dt)
/// input spikes of weight w on its channel. k is drawn by inverting a precomputed cumulative table
/// with one uniform. Entry j of the driven list (neuron j of the population when the input lists no
/// indices) has a stream of its own, the run stream forked by j, and its uniform in the n-th step since
/// the start is that stream's n-th child key (<see cref="RandomStream.ChildKey"/>) as 53 bits: a draw keyed by
/// the entry and the step alone, so a rank of a partitioned run draws only for the neurons it holds,
/// and the draws do not depend on the thread or rank count (docs/distributed.md, "Randomness").
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
    private readonly int[] _entries; // the driven-list position of each entry held here, ascending
    private readonly int[] _targets; // the channel index of each held entry (its neuron's index in the group)
    private readonly ulong[] _keys;  // the stream key of each held entry (set by Initialize)
    private readonly float _weight;
    private readonly int _sourceCount;
    private double[] _cdf;
    private int _offset; // k of the table's first entry
    private bool _bisect;
    private ulong _draws; // steps drawn since Initialize: the child id of this step's draws
    private readonly int _start, _stop; // on at steps [_start, _stop)

    public PoissonDrive(NeuronGroup group, PoissonInputSpec spec, double dtMs)
    {
        _group = group;
        _channel = group.InputChannel(spec.Receptor, spec.Port, spec.Compartment);
        // A partitioned run keeps the entries of the neurons held here: their streams are theirs alone.
        var part = group.GlobalIndex;
        if (spec.Indices is not { } indices)
        {
            // Entry i is neuron i of the population.
            _targets = Enumerable.Range(0, group.Count).ToArray();
            _entries = part ?? _targets;
        }
        else
        {
            int[]? local = null;
            if (part is not null)
            {
                local = new int[group.GlobalCount];
                Array.Fill(local, -1);
                for (int k = 0; k < part.Length; k++) local[part[k]] = k;
            }
            var entries = new List<int>();
            var targets = new List<int>();
            for (int j = 0; j < indices.Count; j++)
            {
                int target = local is null ? indices[j] : local[indices[j]];
                if (target < 0) continue;
                entries.Add(j);
                targets.Add(target);
            }
            (_entries, _targets) = ([.. entries], [.. targets]);
        }
        _keys = new ulong[_entries.Length];
        _weight = (float)spec.Weight;
        _sourceCount = spec.SourceCount;
        _start = (int)Math.Min(int.MaxValue, Math.Round(spec.StartMs / dtMs));
        _stop = spec.StopMs is { } stop ? (int)Math.Min(int.MaxValue, Math.Round(stop / dtMs)) : int.MaxValue;
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

    /// <summary>The channel index of each driven entry held here, in draw order.</summary>
    internal int[] Targets => _targets;

    /// <summary>The stream key of each entry of <see cref="Targets"/> (a device backend draws with them).</summary>
    internal ulong[] Keys => _keys;

    /// <summary>The weight of one input spike.</summary>
    internal float Weight => _weight;

    /// <summary>The cumulative table (a new array after <see cref="SetRate"/>), the k of its first entry, and whether k is found by bisection.</summary>
    internal (double[] Cdf, int Offset, bool Bisect) Table => (_cdf, _offset, _bisect);

    /// <summary>Counts the times <see cref="Keys"/> were set (a device backend uploads them again when it changes).</summary>
    internal int KeyVersion { get; private set; }

    /// <summary>Steps drawn since <see cref="Initialize"/>: the next step's draws are the keys' children of this id.</summary>
    internal ulong Draws => _draws;

    /// <summary>Continues from the step a device backend drew up to, and counts its input spikes.</summary>
    internal void SetDraws(ulong draws, long inputSpikes)
    {
        _draws = draws;
        InputSpikes += inputSpikes;
    }

    /// <summary>Visits the drive's draws so far (the id of the next step's draws), its entries' stream keys and its spike count, for a checkpoint.</summary>
    public void VisitState(StateVisitor visitor)
    {
        visitor.Value("draws", ref _draws);
        visitor.Values("keys", _keys.AsSpan());
        long spikes = InputSpikes;
        visitor.Value("inputSpikes", ref spikes);
        InputSpikes = spikes;
        if (visitor.Reading) KeyVersion++;
    }

    /// <summary>Starts the entries' streams from <paramref name="run"/>: entry j's is <c>run.Fork(j)</c>.</summary>
    public void Initialize(RandomStream run)
    {
        var scratch = new RandomStream(0);
        for (int e = 0; e < _entries.Length; e++)
        {
            run.ForkInto((ulong)_entries[e], scratch);
            _keys[e] = scratch.Key;
        }
        KeyVersion++;
        _draws = 0;
        InputSpikes = 0;
    }

    /// <summary>A uniform in [0, 1) from the top 53 bits of a key (as <see cref="RandomStream.NextDouble"/> takes them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>True when the input is on in <paramref name="step"/> (its steps from startMs until stopMs, rounded to the grid).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsOn(int step) => step >= _start && step < _stop;

    /// <summary>The draws of step <paramref name="at"/>: none outside the input's window (nor does the step count advance there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(int at)
    {
        if (!IsOn(at)) return;
        var cdf = _cdf;
        if (cdf.Length == 1 && _offset == 0) return; // rate 0: k is always 0
        if (_bisect)
        {
            ApplyLarge();
            return;
        }
        long total = 0;
        ulong step = StepMix(_draws++);
        var keys = _keys;
        for (int k = 0; k < keys.Length; k++)
        {
            double u = Unit(SplitMix64.Mix(keys[k] ^ step));
            int count = 0;
            while (count < cdf.Length - 1 && u >= cdf[count]) count++;
            if (count == 0) continue;
            _channel[_targets[k]] += count * _weight;
            total += count;
        }
        InputSpikes += total;
    }

    /// <summary>The draws for a large mean (or p = 1): k = offset + the first entry above u, found by bisection.</summary>
    private void ApplyLarge()
    {
        var cdf = _cdf;
        long total = 0;
        ulong step = StepMix(_draws++);
        var keys = _keys;
        for (int k = 0; k < keys.Length; k++)
        {
            double u = Unit(SplitMix64.Mix(keys[k] ^ step));
            int lo = 0, hi = cdf.Length - 1; // the answer is in [lo, hi]; the last entry is 1 > u
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (u >= cdf[mid]) lo = mid + 1;
                else hi = mid;
            }
            int count = _offset + lo;
            if (count == 0) continue;
            _channel[_targets[k]] += count * _weight;
            total += count;
        }
        InputSpikes += total;
    }

    /// <summary>
    /// The part of <see cref="RandomStream.ChildKey"/> that depends only on the step: entry j's bits in step n are
    /// <c>Mix(key_j ^ StepMix(n))</c>, its stream's n-th child key.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong StepMix(ulong draw) => SplitMix64.Mix(draw + SplitMix64.Increment);

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
