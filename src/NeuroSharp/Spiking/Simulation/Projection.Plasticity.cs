using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

internal sealed partial class Projection
{
    private StdpRuleSpec? _stdp;
    private ShortTermPlasticitySpec? _stp;
    private float[] _preTrace = [], _postTrace = [], _tripletTrace = [];
    private float _preDecay, _postDecay, _tripletDecay, _aPlus, _aMinus, _aPlusTriplet, _wMin, _wMax, _mu, _xTarget;
    private bool _weightDependent, _nearest; // the change scales with (distance to the bound)^_mu
    private int[] _colStart = [], _colSynapse = [], _synapseSource = [];
    private int _normalizeEvery;
    private float _normalizeSum;
    private float[] _stpU = [], _stpX = [];
    private int[] _stpLast = [];
    private double _dtMs;

    public float[] PreTrace => _preTrace;

    public float[] PostTrace => _postTrace;

    /// <summary>The slow postsynaptic trace y2 of the triplet term (empty without one).</summary>
    public float[] TripletTrace => _tripletTrace;

    /// <summary>Long-term learning on: STDP and scheduled normalisation act. Off: weights and traces are frozen.</summary>
    public bool LearningEnabled { get; set; } = true;

    /// <summary>True when a weight normalisation is declared (scheduled or on request).</summary>
    public bool HasNormalization { get; private set; }

    private void InitPlasticity(ProjectionSpec spec, double dtMs)
    {
        _dtMs = dtMs;
        _stdp = spec.Stdp;
        _stp = spec.ShortTermPlasticity;
        if (_stdp is { } s)
        {
            _preTrace = new float[Source.Count];
            _postTrace = new float[Target.Count];
            _preDecay = (float)Math.Exp(-dtMs / s.TauPlusMs);
            _postDecay = (float)Math.Exp(-dtMs / s.TauMinusMs);
            (_aPlus, _aMinus, _wMin, _wMax) = ((float)s.APlus, (float)s.AMinus, (float)s.WMin, (float)s.WMax);
            _weightDependent = s.Bounds != StdpBounds.Additive;
            _mu = s.Bounds == StdpBounds.PowerLaw ? (float)s.Mu : 1f;
            _xTarget = (float)s.XTarget;
            _nearest = s.Pairing == StdpPairing.Nearest;
            _aPlusTriplet = (float)s.APlusTriplet;
            if (_aPlusTriplet > 0)
            {
                _tripletTrace = new float[Target.Count];
                _tripletDecay = (float)Math.Exp(-dtMs / s.TauTripletMs);
            }
        }
        if (spec.Normalization is { } n)
        {
            HasNormalization = true;
            _normalizeEvery = n.EverySteps;
            _normalizeSum = (float)n.IncomingSum;
        }
        if (_stdp is not null || HasNormalization) BuildColumns();
        if (_stp is not null)
        {
            _stpU = new float[Source.Count];
            _stpX = new float[Source.Count];
            _stpLast = new int[Source.Count];
        }
        ResetPlasticity();
    }

    private void ResetPlasticity()
    {
        Array.Clear(_preTrace);
        Array.Clear(_postTrace);
        Array.Clear(_tripletTrace);
        Array.Clear(_preHistory);
        Array.Clear(_stpU);
        Array.Fill(_stpX, 1f);
        Array.Fill(_stpLast, int.MinValue);
    }

    /// <summary>The incoming synapses of each target (CSC over synapse indices) and the source of each synapse.</summary>
    private void BuildColumns()
    {
        int targets = Target.Count;
        _colStart = new int[targets + 1];
        foreach (int t in Targets) _colStart[t + 1]++;
        for (int t = 0; t < targets; t++) _colStart[t + 1] += _colStart[t];
        var fill = _colStart[..targets];
        _colSynapse = new int[Targets.Length];
        _synapseSource = new int[Targets.Length];
        for (int s = 0; s < Source.Count; s++)
        {
            for (int e = RowStart[s]; e < RowStart[s + 1]; e++)
            {
                _colSynapse[fill[Targets[e]]++] = e;
                _synapseSource[e] = s;
            }
        }
    }

    private void DecayTraces()
    {
        if (_stdp is null || !LearningEnabled) return;
        Scale(_preTrace, _preDecay);
        Scale(_postTrace, _postDecay);
        Scale(_tripletTrace, _tripletDecay);
    }

    /// <summary>A presynaptic spike arrives: the current uses the weight before the update; then x_pre grows (or is set to 1) and LTD from x_post.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ArriveWithStdp(int s, int start, int end, float scale)
    {
        _preTrace[s] = _nearest ? 1f : _preTrace[s] + 1f;
        if (_denseRows && (!_weightDependent || _aMinus == 0))
        {
            // Targets start, start + 1, ...: the same arithmetic over contiguous slices (SIMD); without LTD
            // (A_minus = 0, as Diehl and Cook's power-law rule) the weight dependence does not matter.
            int t0 = end > start ? Targets[start] : 0;
            StdpRows.DeliverAndDepressContiguous(_channel.AsSpan(t0, end - start), Weights.AsSpan(start, end - start),
                _postTrace.AsSpan(t0, end - start), scale, _aMinus, _wMin, _wMax);
            return;
        }
        StdpRows.DeliverAndDepress(_channel, Targets, Weights, _postTrace, start, end, scale, _aMinus, _wMin, _wMax, _weightDependent, _mu);
    }

    /// <summary>
    /// Each postsynaptic spike of this step: LTP from x_pre (which includes this step's arrivals; with
    /// per-synapse delays, the source's trace as it arrives at the synapse) less x_tar, with
    /// the amplitude A_plus + A_plus3 y2 (y2 before this spike), then x_post and y2 grow (or are set to 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Potentiate(int step)
    {
        var weights = Weights;
        var pre = _preTrace;
        bool triplet = _aPlusTriplet > 0;
        int nowSlot = _delayedStdp ? step % _delaySlots : 0;
        foreach (int j in Target.Spikes.AsSpan(0, Target.SpikeCount))
        {
            float amplitude = triplet ? _aPlus + _aPlusTriplet * _tripletTrace[j] : _aPlus;
            for (int c = _colStart[j]; c < _colStart[j + 1]; c++)
            {
                int e = _colSynapse[c];
                float w = weights[e];
                float dw = amplitude * ((_delayedStdp ? DelayedPreTrace(e, nowSlot) : pre[_synapseSource[e]]) - _xTarget);
                if (_weightDependent) dw *= StdpRows.WeightFactor(_wMax - w, _mu);
                weights[e] = Math.Clamp(w + dw, _wMin, _wMax);
            }
            _postTrace[j] = _nearest ? 1f : _postTrace[j] + 1f;
            if (triplet) _tripletTrace[j] = _nearest ? 1f : _tripletTrace[j] + 1f;
        }
    }

    /// <summary>Scales the weights onto each target so that they sum to the declared total (targets summing to 0 are left alone).</summary>
    public void Normalize()
    {
        var weights = Weights;
        for (int j = 0; j < Target.Count; j++)
        {
            int from = _colStart[j], to = _colStart[j + 1];
            double sum = 0;
            for (int c = from; c < to; c++) sum += weights[_colSynapse[c]];
            if (sum <= 0) continue;
            float factor = (float)(_normalizeSum / sum);
            for (int c = from; c < to; c++) weights[_colSynapse[c]] *= factor;
        }
    }

    /// <summary>Tsodyks-Markram: relax u and x since the source's last spike, then u += U (1 - u), r = u x, x -= r; returns r.</summary>
    private float StpSpike(int s, int step)
    {
        var p = _stp!;
        double u = _stpU[s], x = _stpX[s];
        if (_stpLast[s] != int.MinValue)
        {
            double elapsed = (step - _stpLast[s]) * _dtMs;
            u = p.TauFacMs > 0 ? u * Math.Exp(-elapsed / p.TauFacMs) : 0;
            x = 1 - (1 - x) * Math.Exp(-elapsed / p.TauRecMs);
        }
        u += p.U * (1 - u);
        double r = u * x;
        _stpU[s] = (float)u;
        _stpX[s] = (float)(x - r);
        _stpLast[s] = step;
        return (float)r;
    }
}
