using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The arrival of one presynaptic spike at a plastic row: every synapse adds w x scale to its target's
/// channel (the weight before the update), then depresses by A_minus x_post of its target and is
/// clipped to [w_min, w_max]. <see cref="DeliverAndDepress"/> is the scalar truth;
/// <see cref="DeliverAndDepressContiguous"/> does the same arithmetic over a row whose targets are
/// consecutive (all-to-all), with TensorPrimitives (tested equal on awkward lengths).
/// </summary>
internal static class StdpRows
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DeliverAndDepress(float[] channel, int[] targets, float[] weights, float[] postTrace, int start, int end,
        float scale, float aMinus, float wMin, float wMax, bool weightDependent, float mu)
    {
        for (int e = start; e < end; e++)
        {
            int t = targets[e];
            float w = weights[e];
            channel[t] += w * scale;
            float dw = aMinus * postTrace[t];
            if (weightDependent) dw *= WeightFactor(w - wMin, mu);
            weights[e] = Math.Clamp(w - dw, wMin, wMax);
        }
    }

    /// <summary>
    /// The weight dependence of a change: the distance to the bound, raised to mu (1: soft-bounded, as is).
    /// A weight beyond its bound (normalisation may scale one past w_max) counts as at the bound, not a NaN power.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float WeightFactor(float distance, float mu) =>
        mu == 1f ? distance : MathF.Pow(MathF.Max(distance, 0f), mu);

    /// <summary>Additive rule only: g += w scale; w = clip(w - A_minus x_post); the spans are the row's slices.</summary>
    public static void DeliverAndDepressContiguous(Span<float> channel, Span<float> weights, ReadOnlySpan<float> postTrace,
        float scale, float aMinus, float wMin, float wMax)
    {
        if (scale == 1f) TensorPrimitives.Add(channel, weights, channel);
        else TensorPrimitives.MultiplyAdd(weights, scale, channel, channel);
        // post x (-A_minus) + w == w - A_minus post exactly (negation is exact), as in the scalar loop.
        TensorPrimitives.MultiplyAdd(postTrace, -aMinus, weights, weights);
        TensorPrimitives.Max(weights, wMin, weights);
        TensorPrimitives.Min(weights, wMax, weights);
    }
}

/// <summary>The constants of a <see cref="TripletStdpRule"/> (decays per step, amplitudes, bounds), for a device backend.</summary>
internal readonly record struct StdpConstants(float PreDecay, float PostDecay, float TripletDecay, float APlus, float AMinus, float APlusTriplet,
    float WMin, float WMax, float Mu, float XTarget, bool WeightDependent, bool Nearest);
