using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Trace-based STDP with an optional triplet term (docs/spiking-stdp.md): additive, soft-bounded or power-law
/// weight dependence, all-to-all or nearest-spike pairing. In Deliver, each presynaptic arrival bumps x_pre,
/// delivers its row with the weights before the update and depresses them by A_minus x_post (then clips);
/// in Plasticity, each postsynaptic spike potentiates its incoming synapses by (A_plus + A3 y2)(x_pre - x_tar)
/// and bumps x_post and y2. The projection's synapses share one constant delay;
/// <see cref="DelayedTripletStdpRule"/> is the variant for per-synapse delays.
/// </summary>
internal class TripletStdpRule : PlasticityRule
{
    private protected readonly NeuronGroup _target;
    private protected readonly int[] _rowStart, _targets;
    private protected readonly float[] _weights, _channel;
    private protected readonly IncomingColumns _columns;
    private protected readonly float[] _preTrace, _postTrace, _tripletTrace;
    private protected readonly float _preDecay, _postDecay, _tripletDecay, _aPlus, _aMinus, _aPlusTriplet, _wMin, _wMax, _mu, _xTarget;
    private protected readonly bool _weightDependent, _nearest; // the change scales with (distance to the bound)^_mu

    /// <summary>Depression may run over whole contiguous rows with SIMD: targets consecutive, and no weight dependence (or no LTD at all).</summary>
    private readonly bool _contiguousRows;

    /// <summary>Binds the projection's arrays (CSR rows, weights, target channel, incoming columns) and allocates the traces.</summary>
    public TripletStdpRule(StdpRuleSpec s, Projection projection, float[] channel, IncomingColumns columns, double dtMs)
    {
        _target = projection.Target;
        _rowStart = projection.RowStart;
        _targets = projection.Targets;
        _weights = projection.Weights;
        _channel = channel;
        _columns = columns;
        _preTrace = new float[projection.Source.GlobalCount];
        _postTrace = new float[_target.Count];
        _preDecay = (float)Math.Exp(-dtMs / s.TauPlusMs);
        _postDecay = (float)Math.Exp(-dtMs / s.TauMinusMs);
        (_aPlus, _aMinus, _wMin, _wMax) = ((float)s.APlus, (float)s.AMinus, (float)s.WMin, (float)s.WMax);
        _weightDependent = s.Bounds != StdpBounds.Additive;
        _mu = s.Bounds == StdpBounds.PowerLaw ? (float)s.Mu : 1f;
        _xTarget = (float)s.XTarget;
        _nearest = s.Pairing == StdpPairing.Nearest;
        _aPlusTriplet = (float)s.APlusTriplet;
        _tripletTrace = [];
        if (_aPlusTriplet > 0)
        {
            _tripletTrace = new float[_target.Count];
            _tripletDecay = (float)Math.Exp(-dtMs / s.TauTripletMs);
        }
        // Without LTD (A_minus = 0, as Diehl and Cook's power-law rule) the weight dependence does not matter.
        _contiguousRows = RowsAreContiguous(_rowStart, _targets) && (!_weightDependent || _aMinus == 0);
    }

    /// <summary>The rule's constants, as a device backend needs them.</summary>
    internal StdpConstants Constants => new(_preDecay, _postDecay, _aPlusTriplet > 0 ? _tripletDecay : 1f, _aPlus, _aMinus, _aPlusTriplet,
        _wMin, _wMax, _mu, _xTarget, _weightDependent, _nearest);

    /// <summary>x_pre, one per source.</summary>
    public float[] PreTrace => _preTrace;

    /// <summary>x_post, one per target.</summary>
    public float[] PostTrace => _postTrace;

    /// <summary>The slow postsynaptic trace y2 of the triplet term (empty without one).</summary>
    public float[] TripletTrace => _tripletTrace;

    /// <inheritdoc />
    public override IReadOnlyList<string> Reads { get; } = ["source spikes", "target spikes", "w", "x_pre", "x_post", "y2"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Updates { get; } = ["w", "x_pre", "x_post", "y2", "g_e or g_i (fused delivery)"];

    public override void VisitState(StateVisitor visitor)
    {
        visitor.Values("x_pre", _preTrace.AsSpan());
        visitor.Values("x_post", _postTrace.AsSpan());
        visitor.Values("y2", _tripletTrace.AsSpan());
        VisitDelayedState(visitor);
    }

    /// <inheritdoc />
    /// <summary>What the per-synapse-delay variant keeps beyond the traces (its queue and trace history); nothing here.</summary>
    private protected virtual void VisitDelayedState(StateVisitor visitor)
    {
    }

    public override void Reset()
    {
        Array.Clear(_preTrace);
        Array.Clear(_postTrace);
        Array.Clear(_tripletTrace);
    }

    /// <summary>Start of Deliver (learning on): the traces decay by one step.</summary>
    public void DecayTraces()
    {
        Scale(_preTrace, _preDecay);
        Scale(_postTrace, _postDecay);
        Scale(_tripletTrace, _tripletDecay);
    }

    /// <summary>
    /// The rows of <paramref name="arriving"/> (in order) arrive: x_pre grows (or is set to 1), the row adds
    /// w x scale to the channel with the weight before the update, then LTD from x_post. <paramref name="scales"/>
    /// holds each arrival's short-term factor, or is empty (factor 1). Returns the synaptic events.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long DeliverAndDepress(ReadOnlySpan<int> arriving, ReadOnlySpan<float> scales)
    {
        long events = 0;
        var targets = _targets;
        for (int k = 0; k < arriving.Length; k++)
        {
            int s = arriving[k];
            int start = _rowStart[s], end = _rowStart[s + 1];
            events += end - start;
            float scale = scales.IsEmpty ? 1f : scales[k];
            _preTrace[s] = _nearest ? 1f : _preTrace[s] + 1f;
            if (_contiguousRows)
            {
                // Targets start, start + 1, ...: the same arithmetic over contiguous slices (SIMD).
                int t0 = end > start ? targets[start] : 0;
                StdpRows.DeliverAndDepressContiguous(_channel.AsSpan(t0, end - start), _weights.AsSpan(start, end - start),
                    _postTrace.AsSpan(t0, end - start), scale, _aMinus, _wMin, _wMax);
                continue;
            }
            StdpRows.DeliverAndDepress(_channel, targets, _weights, _postTrace, start, end, scale, _aMinus, _wMin, _wMax, _weightDependent, _mu);
        }
        return events;
    }

    /// <summary>The Plasticity phase: LTP on this step's postsynaptic spikes, x_pre being the source's trace.</summary>
    public override void Plasticity(int step) => Potentiate(new SourcePreTrace(_preTrace, _columns.SynapseSource));

    /// <summary>
    /// Each postsynaptic spike of this step: LTP from x_pre (which includes this step's arrivals; <typeparamref name="TPre"/>
    /// says which x_pre a synapse sees) less x_tar, with the amplitude A_plus + A_plus3 y2 (y2 before this spike),
    /// then x_post and y2 grow (or are set to 1). A struct type argument: the JIT compiles one loop per variant.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected void Potentiate<TPre>(TPre pre) where TPre : struct, IPreTrace
    {
        var weights = _weights;
        var colStart = _columns.Start;
        var colSynapse = _columns.Synapse;
        bool triplet = _aPlusTriplet > 0;
        foreach (int j in _target.Spikes.AsSpan(0, _target.SpikeCount))
        {
            float amplitude = triplet ? _aPlus + _aPlusTriplet * _tripletTrace[j] : _aPlus;
            for (int c = colStart[j]; c < colStart[j + 1]; c++)
            {
                int e = colSynapse[c];
                float w = weights[e];
                float dw = amplitude * (pre.At(e) - _xTarget);
                if (_weightDependent) dw *= StdpRows.WeightFactor(_wMax - w, _mu);
                weights[e] = Math.Clamp(w + dw, _wMin, _wMax);
            }
            _postTrace[j] = _nearest ? 1f : _postTrace[j] + 1f;
            if (triplet) _tripletTrace[j] = _nearest ? 1f : _tripletTrace[j] + 1f;
        }
    }

    /// <summary>True when every row's targets are consecutive indices (targets ascend within a row), e.g. all-to-all.</summary>
    private static bool RowsAreContiguous(int[] rowStart, int[] targets)
    {
        for (int s = 0; s + 1 < rowStart.Length; s++)
        {
            int start = rowStart[s], end = rowStart[s + 1];
            if (end > start && targets[end - 1] - targets[start] != end - start - 1) return false;
        }
        return true;
    }

    private static void Scale(float[] x, float factor)
    {
        if (factor != 1f) TensorPrimitives.Multiply(x, factor, x);
    }

    /// <summary>The x_pre that synapse e sees when its target spikes.</summary>
    private protected interface IPreTrace
    {
        float At(int e);
    }

    /// <summary>One constant delay: the source's trace now.</summary>
    private readonly struct SourcePreTrace(float[] trace, int[] synapseSource) : IPreTrace
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float At(int e) => trace[synapseSource[e]];
    }
}
