using System.Runtime.CompilerServices;

namespace NeuroSharp.Numerics.Kernels;

/// <summary>
/// The plain-loop twins of <see cref="NeuronKernels"/>: the specification the vector paths are tested
/// against. One call advances a block of neurons by one step and lists the ones that spiked.
/// </summary>
public static class ScalarNeuronKernels
{
    /// <summary>Current-based LIF, exact propagator; see <see cref="NeuronKernels.LifCurrentStep"/>.</summary>
    /// <param name="v">Membrane potentials, updated.</param>
    /// <param name="ge">Excitatory inputs, decayed.</param>
    /// <param name="gi">Inhibitory inputs, decayed.</param>
    /// <param name="current">External input I per neuron.</param>
    /// <param name="lastSpike">Step of each neuron's last spike.</param>
    /// <param name="theta">Adaptive threshold raises, decayed; empty for none.</param>
    /// <param name="k">The constants.</param>
    /// <param name="step">This step.</param>
    /// <param name="spiked">Receives indexOffset + i for each neuron i that spiked, ascending.</param>
    /// <param name="indexOffset">Added to every index written.</param>
    /// <returns>How many spiked.</returns>
    public static int LifCurrentStep(Span<float> v, Span<float> ge, Span<float> gi, ReadOnlySpan<float> current, ReadOnlySpan<int> lastSpike,
        Span<float> theta, in LifConstants k, int step, Span<int> spiked, int indexOffset)
    {
        bool adaptive = !theta.IsEmpty;
        int count = 0;
        for (int i = 0; i < v.Length; i++)
        {
            float e = ge[i], h = gi[i], vi = v[i];
            bool active = step - lastSpike[i] >= k.RefractorySteps;
            float eq = k.Rest + current[i];
            float next = eq + (vi - eq) * k.Em + e * k.Ce - h * k.Ci;
            if (active) vi = next;
            v[i] = vi;
            ge[i] = e * k.De;
            gi[i] = h * k.Di;
            float threshold = Threshold(theta, i, adaptive, k);
            if (active && vi > threshold) spiked[count++] = indexOffset + i;
        }
        return count;
    }

    /// <summary>Conductance-based LIF, exponential Euler; see <see cref="NeuronKernels.LifConductanceStep"/>.</summary>
    /// <param name="v">Membrane potentials, updated.</param>
    /// <param name="ge">Excitatory conductances, decayed.</param>
    /// <param name="gi">Inhibitory conductances, decayed.</param>
    /// <param name="current">External input I per neuron.</param>
    /// <param name="lastSpike">Step of each neuron's last spike.</param>
    /// <param name="theta">Adaptive threshold raises, decayed; empty for none.</param>
    /// <param name="k">The constants.</param>
    /// <param name="step">This step.</param>
    /// <param name="spiked">Receives indexOffset + i for each neuron i that spiked, ascending.</param>
    /// <param name="indexOffset">Added to every index written.</param>
    /// <returns>How many spiked.</returns>
    public static int LifConductanceStep(Span<float> v, Span<float> ge, Span<float> gi, ReadOnlySpan<float> current, ReadOnlySpan<int> lastSpike,
        Span<float> theta, in LifConstants k, int step, Span<int> spiked, int indexOffset)
    {
        bool adaptive = !theta.IsEmpty;
        int count = 0;
        for (int i = 0; i < v.Length; i++)
        {
            float e = ge[i], h = gi[i], vi = v[i];
            bool active = step - lastSpike[i] >= k.RefractorySteps;
            float g = 1f + e + h;
            float eq = (k.Rest + e * k.ExcReversal + h * k.InhReversal + current[i]) / g;
            float next = eq + (vi - eq) * FloatMath.Exp(g * k.MinusDtOverTauM);
            if (active) vi = next;
            v[i] = vi;
            ge[i] = e * k.De;
            gi[i] = h * k.Di;
            float threshold = Threshold(theta, i, adaptive, k);
            if (active && vi > threshold) spiked[count++] = indexOffset + i;
        }
        return count;
    }

    /// <summary>Conductance-based LIF from the caller's sums (synaptic ports); see <see cref="NeuronKernels.LifConductanceSumStep"/>.</summary>
    /// <param name="v">Membrane potentials, updated.</param>
    /// <param name="total">G per neuron.</param>
    /// <param name="drive">G E per neuron.</param>
    /// <param name="lastSpike">Step of each neuron's last spike.</param>
    /// <param name="theta">Adaptive threshold raises, decayed; empty for none.</param>
    /// <param name="k">The constants.</param>
    /// <param name="step">This step.</param>
    /// <param name="spiked">Receives indexOffset + i for each neuron i that spiked, ascending.</param>
    /// <param name="indexOffset">Added to every index written.</param>
    /// <returns>How many spiked.</returns>
    public static int LifConductanceSumStep(Span<float> v, ReadOnlySpan<float> total, ReadOnlySpan<float> drive, ReadOnlySpan<int> lastSpike,
        Span<float> theta, in LifConstants k, int step, Span<int> spiked, int indexOffset)
    {
        bool adaptive = !theta.IsEmpty;
        int count = 0;
        for (int i = 0; i < v.Length; i++)
        {
            float g = total[i], vi = v[i];
            bool active = step - lastSpike[i] >= k.RefractorySteps;
            float eq = drive[i] / g;
            float next = eq + (vi - eq) * FloatMath.Exp(g * k.MinusDtOverTauM);
            if (active) vi = next;
            v[i] = vi;
            float threshold = Threshold(theta, i, adaptive, k);
            if (active && vi > threshold) spiked[count++] = indexOffset + i;
        }
        return count;
    }

    /// <summary>
    /// The threshold part of a step that every LIF twin shares, for neuron <paramref name="i"/>: theta decays (when adaptive);
    /// returns V_t + theta, above which an active neuron spikes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Threshold(Span<float> theta, int i, bool adaptive, in LifConstants k)
    {
        float threshold = k.Threshold;
        if (adaptive)
        {
            float t = theta[i] * k.ThetaDecay;
            theta[i] = t;
            threshold += t;
        }
        return threshold;
    }
}
