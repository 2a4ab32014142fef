using ILGPU;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>The state of one device population (struct of arrays) and this step's spike words.</summary>
internal struct GroupView
{
    public ArrayView<float> V, U, Ge, Gi, Current, Theta;

    /// <summary>The rise states h in front of g_e and g_i (one-float dummies where an input has no rise time).</summary>
    public ArrayView<float> RiseE, RiseI;
    public ArrayView<int> LastSpike;
    public ArrayView<double> ThetaExact;

    /// <summary>This step's slot of the spike history: bit i of word i / 32 is set when neuron i spiked.</summary>
    public ArrayView<int> Spiked;

    /// <summary>g_e, g_i and their rise states, for <see cref="NeuronKernels.DecayAndRise"/>.</summary>
    public readonly ConductanceView Conductances => new() { Ge = Ge, Gi = Gi, RiseE = RiseE, RiseI = RiseI };
}

/// <summary>A device population's g_e and g_i and the rise states h in front of them (one-float dummies where an input has no rise time).</summary>
internal struct ConductanceView
{
    public ArrayView<float> Ge, Gi, RiseE, RiseI;
}

/// <summary>
/// How g_e and g_i decay over a step and take their rise states (the CPU's decay factors and RiseChannel floats): shared by
/// every device neuron kernel, so each decays its conductances with the same float operations (<see cref="NeuronKernels.DecayAndRise"/>).
/// </summary>
internal struct ConductanceDecay
{
    /// <summary>exp(-dt / tau) of g_e and g_i.</summary>
    public float De, Di;

    /// <summary>Rise states: K and exp(-dt/tau_r) of each (RiseChannel); RisesE/RisesI 1 where the input has one.</summary>
    public float RiseGainE, RiseKeepE, RiseGainI, RiseKeepI;
    public int RisesE, RisesI;

    /// <summary>The decay factors with the rise states of a CPU group (null: no rise time).</summary>
    public static ConductanceDecay Of(float de, float di, RiseChannel? exc, RiseChannel? inh) => new()
    {
        De = de, Di = di,
        RisesE = exc is null ? 0 : 1, RiseGainE = exc?.GainFactor ?? 0, RiseKeepE = exc?.Keep ?? 0,
        RisesI = inh is null ? 0 : 1, RiseGainI = inh?.GainFactor ?? 0, RiseKeepI = inh?.Keep ?? 0,
    };
}

/// <summary>The per-step constants of a device population (floats computed once, in double, by the CPU group).</summary>
internal struct GroupConstants
{
    public float Em, Ce, Ci, Rest, Threshold, MinusDtOverTauM, ExcReversal, InhReversal, Reset;
    public float Dt, A, B, C, D, Peak, Gl, Slope, El, DtOverC, DtOverTauW, K;

    /// <summary>The conductances' decay and rise states.</summary>
    public ConductanceDecay Decay;

    /// <summary>Current LIF's fold factors of the rise states (c_h / (1 - e_m), the inhibitory one negated).</summary>
    public float FoldE, FoldI;
    public int RefractorySteps, Adaptive, Learning;

    /// <summary>AdEx: 1 when the inputs are conductances (I_syn = g_e (E_e - v) + g_i (E_i - v)), 0 for currents (g_e - g_i).</summary>
    public int ConductanceInputs;
    public double ThetaDecay, ThetaIncrement;
}

/// <summary>
/// One thread per neuron: integrate, threshold and (fused) reset, with the same float operations in the
/// same order as the CPU groups (docs/gpu.md). The reset is fused because nothing between the CPU's
/// Threshold and Reset phases reads v, u, w or theta (delivery and plasticity read spikes, traces and weights).
/// </summary>
internal static class NeuronKernels
{
    /// <summary>Current-based LIF, the exact propagator (LifGroup, ScalarNeuronKernels.LifCurrentStep).</summary>
    public static void LifCurrent(Index1D i, GroupView s, GroupConstants k, int step)
    {
        DecayTheta(i, s, k);
        float e = s.Ge[i], h = s.Gi[i], vi = s.V[i];
        bool active = step - s.LastSpike[i] >= k.RefractorySteps;
        // A rise state's effect on v over the step enters through I, as LifGroup folds it (its class remarks).
        float current = s.Current[i];
        if (k.Decay.RisesE != 0) current += k.FoldE * s.RiseE[i];
        if (k.Decay.RisesI != 0) current += k.FoldI * s.RiseI[i];
        float eq = k.Rest + current;
        float next = eq + (vi - eq) * k.Em + e * k.Ce - h * k.Ci;
        if (active) vi = next;
        DecayAndRise(i, s.Conductances, k.Decay, e, h);
        ThresholdAndReset(i, s, k, step, active, vi);
    }

    /// <summary>Conductance-based LIF, exponential Euler (ConductanceLifGroup, ScalarNeuronKernels.LifConductanceStep).</summary>
    public static void LifConductance(Index1D i, GroupView s, GroupConstants k, int step)
    {
        DecayTheta(i, s, k);
        float e = s.Ge[i], h = s.Gi[i], vi = s.V[i];
        bool active = step - s.LastSpike[i] >= k.RefractorySteps;
        float g = 1f + e + h;
        float eq = (k.Rest + e * k.ExcReversal + h * k.InhReversal + s.Current[i]) / g;
        float next = eq + (vi - eq) * DeviceMath.Exp(g * k.MinusDtOverTauM);
        if (active) vi = next;
        DecayAndRise(i, s.Conductances, k.Decay, e, h);
        ThresholdAndReset(i, s, k, step, active, vi);
    }

    /// <summary>Izhikevich, forward Euler (IzhikevichGroup); reset v = c, u += d.</summary>
    public static void Izhikevich(Index1D i, GroupView s, GroupConstants k, int step)
    {
        float e = s.Ge[i], h = s.Gi[i];
        float vi = s.V[i], ui = s.U[i];
        float input = s.Current[i] + e - h;
        float nv = vi + k.Dt * (0.04f * vi * vi + 5f * vi + 140f - ui + input);
        float nu = ui + k.Dt * (k.A * (k.B * vi - ui));
        s.Ge[i] = e * k.Decay.De;
        s.Gi[i] = h * k.Decay.Di;
        if (nv >= k.Peak)
        {
            Mark(s.Spiked, i);
            nv = k.C;
            nu += k.D;
        }
        s.V[i] = nv;
        s.U[i] = nu;
    }

    /// <summary>Izhikevich 2007, forward Euler with conductance inputs (Izhikevich2007Group); reset v = c, u += d.</summary>
    public static void Izhikevich2007(Index1D i, GroupView s, GroupConstants k, int step)
    {
        float e = s.Ge[i], h = s.Gi[i];
        float vi = s.V[i], ui = s.U[i];
        float input = s.Current[i] + e * (k.ExcReversal - vi) + h * (k.InhReversal - vi);
        float nv = vi + k.DtOverC * (k.K * (vi - k.Rest) * (vi - k.Threshold) - ui + input);
        float nu = ui + k.Dt * (k.A * (k.B * (vi - k.Rest) - ui));
        DecayAndRise(i, s.Conductances, k.Decay, e, h);
        if (nv > k.Peak)
        {
            Mark(s.Spiked, i);
            nv = k.C;
            nu += k.D;
        }
        s.V[i] = nv;
        s.U[i] = nu;
    }

    /// <summary>
    /// AdEx, forward Euler (AdExGroup), with current or conductance inputs and rise states; u holds the adaptation
    /// current w; reset v = V_r, w += b.
    /// </summary>
    public static void AdEx(Index1D i, GroupView s, GroupConstants k, int step)
    {
        float e = s.Ge[i], h = s.Gi[i];
        float vi = s.V[i], wi = s.U[i];
        bool active = step - s.LastSpike[i] >= k.RefractorySteps;
        float nv = vi;
        if (active)
        {
            float input = k.ConductanceInputs != 0 ? s.Current[i] + e * (k.ExcReversal - vi) + h * (k.InhReversal - vi) : s.Current[i] + e - h;
            float spike = k.Gl * k.Slope * MathF.Exp((MathF.Min(vi, k.Peak) - k.Threshold) / k.Slope);
            nv = vi + k.DtOverC * (-k.Gl * (vi - k.El) + spike - wi + input);
        }
        float nw = wi + k.DtOverTauW * (k.A * (vi - k.El) - wi);
        DecayAndRise(i, s.Conductances, k.Decay, e, h);
        if (active && nv > k.Peak)
        {
            Mark(s.Spiked, i);
            nv = k.Reset;
            nw += k.B;
            s.LastSpike[i] = step;
        }
        s.V[i] = nv;
        s.U[i] = nw;
    }

    /// <summary>x = value (an upload of a host array whose values are all equal).</summary>
    public static void Fill(Index1D i, ArrayView<int> x, int value) => x[i] = value;

    /// <summary>x = value, 8-byte values.</summary>
    public static void FillWide(Index1D i, ArrayView<long> x, long value) => x[i] = value;

    /// <summary>x *= factor (the traces' decay per step).</summary>
    public static void Scale(Index1D i, ArrayView<float> x, float factor) => x[i] = x[i] * factor;

    /// <summary>Copies the neurons a state monitor watches into its row of the block buffer.</summary>
    public static void Gather(Index1D k, ArrayView<float> source, ArrayView<int> neurons, ArrayView<float> destination) =>
        destination[k] = source[neurons[k]];

    /// <summary>Sets bit i of a spike bitset.</summary>
    public static void Mark(ArrayView<int> words, int i) => Atomic.Or(ref words[i >> 5], 1 << (i & 31));

    /// <summary>True when bit i of a spike bitset is set.</summary>
    public static bool IsSet(ArrayView<int> words, int i) => ((words[i >> 5] >> (i & 31)) & 1) != 0;

    /// <summary>
    /// g_e, g_i decay; a rise state adds K h to its g and decays (RiseChannel.Advance, after the decay as on the CPU). Every
    /// device neuron kernel ends its step with it (the HH kernel too, DeviceHh.Step), from the start-of-step e and h.
    /// </summary>
    public static void DecayAndRise(Index1D i, ConductanceView s, ConductanceDecay k, float e, float h)
    {
        float ge = e * k.De, gi = h * k.Di;
        if (k.RisesE != 0)
        {
            float r = s.RiseE[i];
            ge += k.RiseGainE * r;
            s.RiseE[i] = r * k.RiseKeepE;
        }
        if (k.RisesI != 0)
        {
            float r = s.RiseI[i];
            gi += k.RiseGainI * r;
            s.RiseI[i] = r * k.RiseKeepI;
        }
        s.Ge[i] = ge;
        s.Gi[i] = gi;
    }

    /// <summary>theta decays in double, its float copy follows (LifGroupBase.DecayTheta; nothing while learning is off).</summary>
    private static void DecayTheta(Index1D i, GroupView s, GroupConstants k)
    {
        if (k.Adaptive == 0 || k.Learning == 0) return;
        double t = s.ThetaExact[i] * k.ThetaDecay;
        s.ThetaExact[i] = t;
        s.Theta[i] = (float)t;
    }

    /// <summary>The LIF threshold (V_t + theta) and the fused reset (LifGroupBase.ApplyReset).</summary>
    private static void ThresholdAndReset(Index1D i, GroupView s, GroupConstants k, int step, bool active, float vi)
    {
        float threshold = k.Threshold;
        if (k.Adaptive != 0) threshold += s.Theta[i];
        if (active && vi > threshold)
        {
            Mark(s.Spiked, i);
            vi = k.Reset;
            s.LastSpike[i] = step;
            if (k.Adaptive != 0 && k.Learning != 0)
            {
                double theta = s.ThetaExact[i] + k.ThetaIncrement;
                s.ThetaExact[i] = theta;
                s.Theta[i] = (float)theta;
            }
        }
        s.V[i] = vi;
    }
}

/// <summary>FloatMath.Exp's operations, spelled for a kernel (the bit cast through ILGPU's Interop).</summary>
internal static class DeviceMath
{
    private const float Low = -87.0f, High = 88.0f;
    private const float Log2E = 1.44269504088896341f, C1 = 0.693359375f, C2 = -2.12194440e-4f;
    private const float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    /// <summary>e^x to about 2 ulp, bit for bit FloatMath.Exp.</summary>
    public static float Exp(float x)
    {
        x = MathF.Min(MathF.Max(x, Low), High);
        float n = MathF.Floor(x * Log2E + 0.5f);
        float r = x - n * C1;
        r -= n * C2;
        float z = r * r;
        float y = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        y = y * z + r + 1f;
        return y * Interop.IntAsFloat((uint)(((int)n + 127) << 23));
    }
}
