using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// STDP on a projection whose synapses have their own (axonal) delays. Each synapse sees its
/// presynaptic spike when it arrives, the postsynaptic spike at once:
/// <code>
/// arrival at step t of a spike emitted at t - d_e:  g += w scale;  w -= A_minus x_post(t)     (then clipped)
/// postsynaptic spike at step t:                       w += (A_plus + A3 y2) x_pre,s(t - d_e)
/// </code>
/// where x_pre,s is the source's trace counted from emissions: delayed by d_e it is exactly the trace of
/// the synapse's arrivals, so one trace per source and a history of the last max(d) + 1 steps replace a
/// trace per synapse. The sources that spiked in those steps wait in a ring (as for one constant delay),
/// and each source's synapses are listed by delay, so the arrivals of a step are whole lists.
/// </summary>
internal sealed partial class Projection
{
    private bool _delayedStdp;
    private int _delaySlots;
    private int[] _byDelayStart = [], _byDelay = [];
    private float[] _preHistory = [], _queueScale = [];

    /// <summary>Lists each source's synapses by delay (stable: ascending synapse index within a delay).</summary>
    private void InitDelayedStdp(int[] delays)
    {
        _delayedStdp = true;
        int max = 0;
        foreach (int d in delays) max = Math.Max(max, d);
        _delaySlots = max + 1;
        int sources = Source.Count;
        _byDelayStart = new int[checked(sources * _delaySlots + 1)];
        for (int s = 0; s < sources; s++)
        {
            for (int e = RowStart[s]; e < RowStart[s + 1]; e++) _byDelayStart[s * _delaySlots + delays[e] + 1]++;
        }
        for (int k = 0; k + 1 < _byDelayStart.Length; k++) _byDelayStart[k + 1] += _byDelayStart[k];
        var fill = _byDelayStart[..^1];
        _byDelay = new int[Targets.Length];
        for (int s = 0; s < sources; s++)
        {
            for (int e = RowStart[s]; e < RowStart[s + 1]; e++) _byDelay[fill[s * _delaySlots + delays[e]]++] = e;
        }
        _queue = new int[checked(_delaySlots * sources)];
        _queueCount = new int[_delaySlots];
        _queueScale = _stp is null ? [] : new float[_queue.Length];
        _preHistory = new float[checked(_delaySlots * sources)];
    }

    /// <summary>The Deliver phase with per-synapse delays and STDP: queue this step's spikes, then every synapse whose spike arrives now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DeliverDelayedStdp(int step, ReadOnlySpan<int> spikes)
    {
        int sources = Source.Count, slots = _delaySlots;
        int push = step % slots;
        spikes.CopyTo(_queue.AsSpan(push * sources));
        _queueCount[push] = spikes.Length;
        if (_stp is not null)
        {
            for (int k = 0; k < spikes.Length; k++) _queueScale[push * sources + k] = StpSpike(spikes[k], step);
        }
        bool learning = LearningEnabled;
        if (learning)
        {
            foreach (int s in spikes) _preTrace[s] = _nearest ? 1f : _preTrace[s] + 1f;
            _preTrace.CopyTo(_preHistory, push * sources);
        }
        for (int d = 0; d < slots; d++)
        {
            int slot = push - d;
            if (slot < 0) slot += slots;
            int count = _queueCount[slot];
            for (int k = 0; k < count; k++)
            {
                int s = _queue[slot * sources + k];
                float scale = _stp is null ? 1f : _queueScale[slot * sources + k];
                int from = _byDelayStart[s * slots + d], to = _byDelayStart[s * slots + d + 1];
                SynapticEvents += to - from;
                if (learning) ArriveDelayed(from, to, scale);
                else
                {
                    for (int i = from; i < to; i++)
                    {
                        int e = _byDelay[i];
                        _channel[Targets[e]] += Weights[e] * scale;
                    }
                }
            }
        }
    }

    /// <summary>The synapses _byDelay[from..to] receive their spike: the weight before the update drives the target, then LTD from x_post.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ArriveDelayed(int from, int to, float scale)
    {
        var channel = _channel;
        var weights = Weights;
        var post = _postTrace;
        for (int i = from; i < to; i++)
        {
            int e = _byDelay[i];
            int t = Targets[e];
            float w = weights[e];
            channel[t] += w * scale;
            float dw = _aMinus * post[t];
            if (_weightDependent) dw *= StdpRows.WeightFactor(w - _wMin, _mu);
            weights[e] = Math.Clamp(w - dw, _wMin, _wMax);
        }
    }

    /// <summary>x_pre of synapse e now: its source's trace d_e steps ago (<paramref name="nowSlot"/> = step mod slots).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float DelayedPreTrace(int e, int nowSlot)
    {
        int slot = nowSlot - DelaySteps![e];
        if (slot < 0) slot += _delaySlots;
        return _preHistory[slot * Source.Count + _synapseSource[e]];
    }
}
