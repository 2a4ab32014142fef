using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Stochastic release of a projection, per synapse (docs/spiking-short-term-plasticity.md, "Stochastic release"): a Bernoulli
/// draw per synapse and spike (<see cref="ReleaseSpec"/>), or the release sites of stochastic short-term plasticity
/// (<see cref="ShortTermPlasticitySpec.Sites"/> n): each synapse keeps its count of full sites in a plain array; at a spike
/// each empty site refills with probability 1 - exp(-Delta / tau_rec), each full one releases with probability u (both from
/// the projection's <see cref="ShortTermPlasticityRule"/>, per source), and the synapse transmits w k / n.
/// </summary>
/// <remarks>
/// The draws are counter-based, not a stream: draw j of synapse e (its index in the projection's CSR) at step n is
/// <c>Mix(stepKey + (e 2 sites + j + 1) Increment)</c> with <c>stepKey = Mix(key ^ StepMix(n))</c> and key the projection's
/// release stream (the run tree's fork 3, forked by the projection's index). A release therefore depends on the run seed,
/// the projection, the synapse and the step alone: the same seed gives the same releases at any thread count.
/// </remarks>
internal sealed class SynapticRelease : PlasticityRule
{
    private readonly double _probability;
    private readonly int _sites;
    private readonly int[] _available;
    private ulong _key;

    /// <summary>Binds the state: <paramref name="sites"/> 0 draws a Bernoulli release of probability <paramref name="probability"/>; n &gt;= 1 keeps n sites per synapse.</summary>
    public SynapticRelease(double probability, int sites, int synapseCount)
    {
        (_probability, _sites) = (probability, sites);
        _available = sites > 0 ? new int[synapseCount] : [];
        Reset();
    }

    /// <summary>Release sites per synapse (0: one Bernoulli draw per spike).</summary>
    internal int Sites => _sites;

    /// <summary>The full sites of each synapse (empty without sites): the state a checkpoint keeps, with <see cref="Key"/>.</summary>
    internal int[] Available => _available;

    /// <summary>The projection's release key (from the run seed).</summary>
    internal ulong Key => _key;

    /// <inheritdoc />
    public override IReadOnlyList<string> Reads { get; } = ["source spikes", "u and recovery (sites)"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Updates { get; } = ["released fraction per synapse", "full sites"];

    /// <inheritdoc />
    public override bool Learns => false;

    /// <summary>Starts the draws from the run stream <paramref name="run"/> (at the build and at every reset of the dynamics).</summary>
    public void Start(RandomStream run) => _key = run.Key;

    /// <inheritdoc />
    public override void VisitState(StateVisitor visitor)
    {
        // The draws are counter-based (key, synapse, step): the full sites are the whole state; the key comes from the seed.
        visitor.Values("available", _available.AsSpan());
        visitor.Value("key", ref _key);
    }

    /// <inheritdoc />
    public override void Reset() => Array.Fill(_available, _sites);

    /// <summary>One Bernoulli draw per synapse of the row [<paramref name="start"/>, <paramref name="end"/>) at <paramref name="step"/>: factors[e - start] is <paramref name="scale"/> when synapse e releases, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Bernoulli(int step, int start, int end, float scale, Span<float> factors)
    {
        double p = _probability;
        if (p >= 1)
        {
            factors[..(end - start)].Fill(scale);
            return;
        }
        ulong stepKey = StepKey(step);
        for (int e = start; e < end; e++)
        {
            factors[e - start] = Unit(Draw(stepKey, (ulong)e)) < p ? scale : 0f;
        }
    }

    /// <summary>
    /// The sites of the row [<paramref name="start"/>, <paramref name="end"/>) at <paramref name="step"/>: each empty site refills with
    /// probability <paramref name="recover"/>, then each full one releases with probability <paramref name="u"/>; factors[e - start] = k / n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Quantal(int step, int start, int end, double u, double recover, Span<float> factors)
    {
        int n = _sites;
        ulong stepKey = StepKey(step);
        ulong stride = 2 * (ulong)n;
        var available = _available;
        for (int e = start; e < end; e++)
        {
            ulong counter = (ulong)e * stride;
            int a = available[e];
            for (int i = a; i < n; i++)
            {
                if (Unit(Draw(stepKey, counter++)) < recover) a++;
            }
            int released = 0;
            for (int i = 0; i < a; i++)
            {
                if (Unit(Draw(stepKey, counter++)) < u) released++;
            }
            available[e] = a - released;
            factors[e - start] = released == 0 ? 0f : (float)((double)released / n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong StepKey(int step) => SplitMix64.Mix(_key ^ PoissonDrive.StepMix((ulong)step));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Draw(ulong stepKey, ulong counter) => SplitMix64.Mix(stepKey + (counter + 1) * SplitMix64.Increment);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Unit(ulong bits) => PoissonDrive.Unit(bits);
}
