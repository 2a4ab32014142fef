using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// <see cref="TripletStdpRule"/> on a projection whose synapses have their own (axonal) delays. Each synapse
/// sees its presynaptic spike when it arrives, the postsynaptic spike at once:
/// <code>
/// arrival at step t of a spike emitted at t - d_e:  g += w scale;  w -= A_minus x_post(t)     (then clipped)
/// postsynaptic spike at step t:                       w += (A_plus + A3 y2) x_pre,s(t - d_e)
/// </code>
/// where x_pre,s is the source's trace counted from emissions: delayed by d_e it is exactly the trace of
/// the synapse's arrivals, so one trace per source and a history of the last max(d) + 1 steps replace a
/// trace per synapse. The sources that spiked in those steps wait in a ring (as for one constant delay),
/// and each source's synapses are listed by delay, so the arrivals of a step are whole lists. This rule
/// therefore does the projection's delivery (<see cref="Deliver"/>), learning on or off.
/// </summary>
internal sealed class DelayedTripletStdpRule : TripletStdpRule
{
    private readonly int[] _delays;
    private readonly int _slots, _sources;
    private readonly int[] _byDelayStart, _byDelay, _queue, _queueCount;
    private readonly float[] _preHistory, _queueScale;

    /// <summary>Lists each source's synapses by delay (stable: ascending synapse index within a delay) and allocates the queue and the trace history.</summary>
    public DelayedTripletStdpRule(StdpRuleSpec s, Projection projection, float[] channel, IncomingColumns columns, int[] delays,
        bool shortTerm, double dtMs)
        : base(s, projection, channel, columns, dtMs)
    {
        _delays = delays;
        int max = 0;
        foreach (int d in delays) max = Math.Max(max, d);
        _slots = max + 1;
        int sources = _sources = projection.Source.GlobalCount;
        _byDelayStart = new int[checked(sources * _slots + 1)];
        for (int src = 0; src < sources; src++)
        {
            for (int e = _rowStart[src]; e < _rowStart[src + 1]; e++) _byDelayStart[src * _slots + delays[e] + 1]++;
        }
        for (int k = 0; k + 1 < _byDelayStart.Length; k++) _byDelayStart[k + 1] += _byDelayStart[k];
        var fill = _byDelayStart[..^1];
        _byDelay = new int[_targets.Length];
        for (int src = 0; src < sources; src++)
        {
            for (int e = _rowStart[src]; e < _rowStart[src + 1]; e++) _byDelay[fill[src * _slots + delays[e]]++] = e;
        }
        _queue = new int[checked(_slots * sources)];
        _queueCount = new int[_slots];
        _queueScale = shortTerm ? new float[_queue.Length] : [];
        _preHistory = new float[checked(_slots * sources)];
    }

    /// <summary>The longest delay + 1: the steps the queue and the trace history hold.</summary>
    internal int Slots => _slots;

    /// <summary>
    /// What is in flight, for a device backend at a checkpoint: the queue (slot step mod <see cref="Slots"/> lists that step's
    /// spikes, the first Counts[slot] of its sources' entries), each queued spike's short-term factor at the same position
    /// (empty without short-term plasticity) and the history of x_pre (slot by step, one value per source).
    /// </summary>
    internal (int[] Queue, int[] Counts, float[] Scales, float[] PreHistory) InFlight => (_queue, _queueCount, _queueScale, _preHistory);

    private protected override void VisitDelayedState(StateVisitor visitor)
    {
        visitor.Values("preHistory", _preHistory.AsSpan());
        visitor.Values("queue", _queue.AsSpan());
        visitor.Values("queueCount", _queueCount.AsSpan());
        visitor.Values("queueScale", _queueScale.AsSpan());
    }

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        Array.Clear(_preHistory);
        Array.Clear(_queueCount);
    }

    /// <summary>
    /// The Deliver phase of the projection (after <see cref="TripletStdpRule.DecayTraces"/> when learning):
    /// queue this step's spikes (with their short-term factor, from <paramref name="stp"/> if any), then deliver
    /// every synapse whose spike arrives now, depressing it while <paramref name="learning"/>. Returns the synaptic events.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Deliver(int step, ReadOnlySpan<int> spikes, ShortTermPlasticityRule? stp, bool learning)
    {
        int sources = _sources, slots = _slots;
        int push = step % slots;
        spikes.CopyTo(_queue.AsSpan(push * sources));
        _queueCount[push] = spikes.Length;
        stp?.Spike(spikes, step, _queueScale.AsSpan(push * sources, spikes.Length));
        if (learning)
        {
            foreach (int s in spikes) _preTrace[s] = _nearest ? 1f : _preTrace[s] + 1f;
            _preTrace.CopyTo(_preHistory, push * sources);
        }
        long events = 0;
        for (int d = 0; d < slots; d++)
        {
            int slot = push - d;
            if (slot < 0) slot += slots;
            int count = _queueCount[slot];
            for (int k = 0; k < count; k++)
            {
                int s = _queue[slot * sources + k];
                float scale = stp is null ? 1f : _queueScale[slot * sources + k];
                int from = _byDelayStart[s * slots + d], to = _byDelayStart[s * slots + d + 1];
                events += to - from;
                if (learning) ArriveDelayed(from, to, scale);
                else
                {
                    for (int i = from; i < to; i++)
                    {
                        int e = _byDelay[i];
                        _channel[_targets[e]] += _weights[e] * scale;
                    }
                }
            }
        }
        return events;
    }

    /// <summary>The Plasticity phase: LTP on this step's postsynaptic spikes, x_pre being the source's trace d_e steps ago.</summary>
    public override void Plasticity(int step) =>
        Potentiate(new HistoryPreTrace(_preHistory, _delays, _columns.SynapseSource, step % _slots, _slots, _sources));

    /// <summary>The synapses _byDelay[from..to] receive their spike: the weight before the update drives the target, then LTD from x_post.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ArriveDelayed(int from, int to, float scale)
    {
        var channel = _channel;
        var weights = _weights;
        var post = _postTrace;
        for (int i = from; i < to; i++)
        {
            int e = _byDelay[i];
            int t = _targets[e];
            float w = weights[e];
            channel[t] += w * scale;
            float dw = _aMinus * post[t];
            if (_weightDependent) dw *= StdpRows.WeightFactor(w - _wMin, _mu);
            weights[e] = Math.Clamp(w - dw, _wMin, _wMax);
        }
    }

    /// <summary>x_pre of synapse e now: its source's trace d_e steps ago (<paramref name="nowSlot"/> = step mod slots).</summary>
    private readonly struct HistoryPreTrace(float[] history, int[] delays, int[] synapseSource, int nowSlot, int slots, int sources) : IPreTrace
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float At(int e)
        {
            int slot = nowSlot - delays[e];
            if (slot < 0) slot += slots;
            return history[slot * sources + synapseSource[e]];
        }
    }
}
