using ILGPU;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// A projection's synapses on the device: CSR by source (rows) and CSC by target (columns over synapse indices;
/// <see cref="DelayColSynapse"/> is each column sorted by delay, then source: the CPU's arrival order with
/// per-synapse delays). With short-term plasticity (<see cref="HasScale"/>), <see cref="Scale"/> holds each
/// source's factor r of its spike (one row per step of the delay history with STDP and per-synapse delays).
/// </summary>
internal struct SynapseView
{
    public ArrayView<int> RowStart, Targets, ColStart, ColSynapse, SynapseSource, Delays, DelayColSynapse;
    public ArrayView<float> Weights, Scale;
    public int HasScale;
}

/// <summary>Tsodyks-Markram state per source (ShortTermPlasticityRule) and its constants.</summary>
internal struct ShortTermView
{
    public ArrayView<float> U, X;
    public ArrayView<int> Last;
    public double UIncrement, TauRecMs, TauFacMs, DtMs;
}

/// <summary>Where STDP with per-synapse delays reads the source's spikes and the step's place in its delay history.</summary>
internal struct DelayedArgs
{
    /// <summary>The source population's spike history (its ring of bitsets).</summary>
    public ArrayView<int> History;

    /// <summary>x_pre of every source in each of the last <see cref="Slots"/> steps.</summary>
    public ArrayView<float> PreHistory;

    public int HistorySlots, Words, Step, Slots, Sources, Learning;
}

/// <summary>The constants of a triplet STDP rule (TripletStdpRule) on the device.</summary>
internal struct StdpView
{
    public ArrayView<float> Pre, Post, Triplet;
    public float APlus, AMinus, APlusTriplet, WMin, WMax, Mu, XTarget;
    public int WeightDependent, Nearest, HasTriplet;
}

/// <summary>
/// Spike delivery and STDP. Two delivery orders (docs/gpu.md): ordered (post-span: one thread per target
/// walks its incoming column, adding the arriving weights in source order, as the CPU engine does, so the
/// sums are bit for bit the CPU's) and atomic (pre-span: one thread per source that spiked adds its row with
/// atomic float adds, cheaper at low activity, in an order that varies).
/// </summary>
internal static class SynapseKernels
{
    /// <summary>Ordered delivery: g_j += w_e (times the source's short-term factor) for each synapse onto j whose source's spike arrives now.</summary>
    public static void DeliverOrdered(Index1D j, SynapseView p, ArrayView<float> channel, ArrayView<int> arrived)
    {
        float g = channel[j];
        for (int c = p.ColStart[j]; c < p.ColStart[j + 1]; c++)
        {
            int e = p.ColSynapse[c];
            int s = p.SynapseSource[e];
            if (NeuronKernels.IsSet(arrived, s)) g += Scaled(p, e, s);
        }
        channel[j] = g;
    }

    /// <summary>Atomic delivery: each source whose spike arrives adds its row (and counts its events).</summary>
    public static void DeliverAtomic(Index1D s, SynapseView p, ArrayView<float> channel, ArrayView<int> arrived, ArrayView<long> events)
    {
        if (!NeuronKernels.IsSet(arrived, s)) return;
        int start = p.RowStart[s], end = p.RowStart[s + 1];
        for (int e = start; e < end; e++) Atomic.Add(ref channel[p.Targets[e]], Scaled(p, e, s));
        Atomic.Add(ref events[0], end - start);
    }

    /// <summary>
    /// Tsodyks-Markram (ShortTermPlasticityRule.Spike, in double as there): each source whose spike acts now relaxes
    /// u and x since its last spike, u += U (1 - u), r = u x, x -= r; r goes to Scale[offset + s].
    /// </summary>
    public static void ShortTerm(Index1D s, ArrayView<int> spiked, ShortTermView k, ArrayView<float> scale, int step, int offset)
    {
        if (!NeuronKernels.IsSet(spiked, s)) return;
        double u = k.U[s], x = k.X[s];
        int last = k.Last[s];
        if (last != int.MinValue)
        {
            double elapsed = (step - last) * k.DtMs;
            u = k.TauFacMs > 0 ? u * Math.Exp(-elapsed / k.TauFacMs) : 0;
            x = 1 - (1 - x) * Math.Exp(-elapsed / k.TauRecMs);
        }
        u += k.UIncrement * (1 - u);
        double r = u * x;
        k.U[s] = (float)u;
        k.X[s] = (float)(x - r);
        k.Last[s] = step;
        scale[offset + s] = (float)r;
    }

    /// <summary>
    /// STDP with per-synapse delays, Deliver (DelayedTripletStdpRule.Deliver): one thread per target walks its column
    /// in arrival order (delay, then source) and, for each synapse whose source spiked d_e steps ago, adds w times
    /// that spike's short-term factor, then (learning) depresses by A_minus x_post.
    /// </summary>
    public static void DeliverDelayedStdp(Index1D j, SynapseView p, ArrayView<float> channel, StdpView k, DelayedArgs a, ArrayView<long> events)
    {
        float g = channel[j];
        float post = k.Post[j];
        int count = 0;
        for (int c = p.ColStart[j]; c < p.ColStart[j + 1]; c++)
        {
            int e = p.DelayColSynapse[c];
            int from = a.Step - p.Delays[e];
            if (from < 0) continue;
            int s = p.SynapseSource[e];
            if (((a.History[(from % a.HistorySlots) * a.Words + (s >> 5)] >> (s & 31)) & 1) == 0) continue;
            count++;
            float w = p.Weights[e];
            g += p.HasScale != 0 ? w * p.Scale[(from % a.Slots) * a.Sources + s] : w * 1f;
            if (a.Learning == 0) continue;
            float dw = k.AMinus * post;
            if (k.WeightDependent != 0) dw *= WeightFactor(w - k.WMin, k.Mu);
            p.Weights[e] = Clamp(w - dw, k.WMin, k.WMax);
        }
        channel[j] = g;
        if (count > 0) Atomic.Add(ref events[0], count);
    }

    /// <summary>STDP with per-synapse delays: the sources that spiked now bump x_pre (or set it to 1), and every x_pre goes to this step's row of the history.</summary>
    public static void PreHistory(Index1D s, ArrayView<int> spiked, StdpView k, ArrayView<float> history, int offset)
    {
        if (NeuronKernels.IsSet(spiked, s)) k.Pre[s] = k.Nearest != 0 ? 1f : k.Pre[s] + 1f;
        history[offset + s] = k.Pre[s];
    }

    /// <summary>LTP with per-synapse delays: as <see cref="Potentiate"/>, x_pre being the source's trace d_e steps ago (DelayedTripletStdpRule.Plasticity).</summary>
    public static void PotentiateDelayed(Index1D j, SynapseView p, ArrayView<int> targetSpiked, StdpView k, DelayedArgs a)
    {
        if (!NeuronKernels.IsSet(targetSpiked, j)) return;
        float amplitude = k.HasTriplet != 0 ? k.APlus + k.APlusTriplet * k.Triplet[j] : k.APlus;
        int now = a.Step % a.Slots;
        for (int c = p.ColStart[j]; c < p.ColStart[j + 1]; c++)
        {
            int e = p.ColSynapse[c];
            int slot = now - p.Delays[e];
            if (slot < 0) slot += a.Slots;
            float w = p.Weights[e];
            float dw = amplitude * (a.PreHistory[slot * a.Sources + p.SynapseSource[e]] - k.XTarget);
            if (k.WeightDependent != 0) dw *= WeightFactor(k.WMax - w, k.Mu);
            p.Weights[e] = Clamp(w + dw, k.WMin, k.WMax);
        }
        k.Post[j] = k.Nearest != 0 ? 1f : k.Post[j] + 1f;
        if (k.HasTriplet != 0) k.Triplet[j] = k.Nearest != 0 ? 1f : k.Triplet[j] + 1f;
    }

    /// <summary>w_e times its source's short-term factor (the CPU multiplies by 1 or skips it: the same float).</summary>
    private static float Scaled(SynapseView p, int e, int s) => p.HasScale != 0 ? p.Weights[e] * p.Scale[s] : p.Weights[e];

    /// <summary>
    /// Per-synapse delays (DelayRing): each source that spiked now adds w to its target's slot (step + d) of
    /// the ring, or straight to the channel when d = 0.
    /// </summary>
    public static void DeliverDelayed(Index1D s, SynapseView p, ArrayView<float> channel, ArrayView<int> spiked, ArrayView<float> ring,
        int slots, int targetCount, int step, ArrayView<long> events)
    {
        if (!NeuronKernels.IsSet(spiked, s)) return;
        int start = p.RowStart[s], end = p.RowStart[s + 1];
        for (int e = start; e < end; e++)
        {
            int d = p.Delays[e];
            float w = Scaled(p, e, s);
            if (d == 0) Atomic.Add(ref channel[p.Targets[e]], w);
            else Atomic.Add(ref ring[(int)((step + (long)d) % slots) * targetCount + p.Targets[e]], w);
        }
        Atomic.Add(ref events[0], end - start);
    }

    /// <summary>The ring's slot due now is added to the channel and cleared (DelayRing.Drain).</summary>
    public static void Drain(Index1D j, ArrayView<float> channel, ArrayView<float> ring, int offset)
    {
        channel[j] = channel[j] + ring[offset + j];
        ring[offset + j] = 0f;
    }

    /// <summary>Counts the events of the sources whose spikes arrive now; with STDP learning, x_pre grows (or is set to 1).</summary>
    public static void Arrivals(Index1D s, ArrayView<int> rowStart, ArrayView<int> arrived, ArrayView<long> events, StdpView k, int bumpPre)
    {
        if (!NeuronKernels.IsSet(arrived, s)) return;
        Atomic.Add(ref events[0], rowStart[s + 1] - rowStart[s]);
        if (bumpPre != 0) k.Pre[s] = k.Nearest != 0 ? 1f : k.Pre[s] + 1f;
    }

    /// <summary>
    /// STDP's fused delivery (StdpRows.DeliverAndDepress) in column order: each arriving synapse adds its weight
    /// before the update, then depresses by A_minus x_post (times the weight dependence) and is clipped.
    /// </summary>
    public static void DeliverAndDepress(Index1D j, SynapseView p, ArrayView<float> channel, ArrayView<int> arrived, StdpView k)
    {
        float g = channel[j];
        float post = k.Post[j];
        for (int c = p.ColStart[j]; c < p.ColStart[j + 1]; c++)
        {
            int e = p.ColSynapse[c];
            if (!NeuronKernels.IsSet(arrived, p.SynapseSource[e])) continue;
            float w = p.Weights[e];
            g += p.HasScale != 0 ? w * p.Scale[p.SynapseSource[e]] : w;
            float dw = k.AMinus * post;
            if (k.WeightDependent != 0) dw *= WeightFactor(w - k.WMin, k.Mu);
            p.Weights[e] = Clamp(w - dw, k.WMin, k.WMax);
        }
        channel[j] = g;
    }

    /// <summary>
    /// LTP (TripletStdpRule.Potentiate): each target that spiked this step potentiates its incoming synapses by
    /// (A_plus + A3 y2)(x_pre - x_tar), then x_post and y2 grow (or are set to 1).
    /// </summary>
    public static void Potentiate(Index1D j, SynapseView p, ArrayView<int> targetSpiked, StdpView k)
    {
        if (!NeuronKernels.IsSet(targetSpiked, j)) return;
        float amplitude = k.HasTriplet != 0 ? k.APlus + k.APlusTriplet * k.Triplet[j] : k.APlus;
        for (int c = p.ColStart[j]; c < p.ColStart[j + 1]; c++)
        {
            int e = p.ColSynapse[c];
            float w = p.Weights[e];
            float dw = amplitude * (k.Pre[p.SynapseSource[e]] - k.XTarget);
            if (k.WeightDependent != 0) dw *= WeightFactor(k.WMax - w, k.Mu);
            p.Weights[e] = Clamp(w + dw, k.WMin, k.WMax);
        }
        k.Post[j] = k.Nearest != 0 ? 1f : k.Post[j] + 1f;
        if (k.HasTriplet != 0) k.Triplet[j] = k.Nearest != 0 ? 1f : k.Triplet[j] + 1f;
    }

    /// <summary>
    /// Weight normalisation (WeightNormalizationRule.Normalize): target j's incoming weights, summed in double in
    /// column order, are scaled to sum to <paramref name="total"/>; a column summing to 0 or less is left alone.
    /// </summary>
    public static void Normalize(Index1D j, SynapseView p, float total)
    {
        int from = p.ColStart[j], to = p.ColStart[j + 1];
        double sum = 0;
        for (int c = from; c < to; c++) sum += p.Weights[p.ColSynapse[c]];
        if (sum <= 0) return;
        float factor = (float)(total / sum);
        for (int c = from; c < to; c++)
        {
            int e = p.ColSynapse[c];
            p.Weights[e] = p.Weights[e] * factor;
        }
    }

    /// <summary>StdpRows.WeightFactor.</summary>
    private static float WeightFactor(float distance, float mu) => mu == 1f ? distance : MathF.Pow(MathF.Max(distance, 0f), mu);

    /// <summary>Math.Clamp for finite values.</summary>
    private static float Clamp(float x, float low, float high) => x < low ? low : x > high ? high : x;
}
