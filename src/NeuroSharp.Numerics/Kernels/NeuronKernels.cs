using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuroSharp.Numerics.Kernels;

/// <summary>
/// SIMD kernels of the spiking engine's Integrate + Threshold pass. Each advances a block of neurons
/// of one population by one step (struct-of-arrays spans) and writes the indices of those that
/// spiked, ascending. 256-bit vectors where accelerated, the tail (and unaccelerated CPUs) through
/// the twin in <see cref="ScalarNeuronKernels"/>.
/// </summary>
/// <remarks>
/// Both kernels perform their twin's float operations in the same order (the exponential is
/// <see cref="FloatMath.Exp(Vector256{float})"/> here and <see cref="FloatMath.Exp(float)"/> there), so a
/// kernel and its twin give identical bits. A neuron is in its vector or tail
/// lane by its index in the block alone, so results never depend on how work is split into threads
/// as long as blocks are fixed.
/// </remarks>
public static class NeuronKernels
{
    /// <summary>
    /// Current-based LIF: where not refractory (step - lastSpike &gt;= refractory steps),
    /// v' = E + (v - E) e_m + g_e c_e - g_i c_i with E = E_L + I; then g_e *= d_e, g_i *= d_i,
    /// theta *= theta decay; a neuron spikes when active and v' &gt; V_t + theta.
    /// </summary>
    /// <param name="v">Membrane potentials, updated.</param>
    /// <param name="ge">Excitatory inputs, decayed.</param>
    /// <param name="gi">Inhibitory inputs, decayed.</param>
    /// <param name="current">External input I per neuron.</param>
    /// <param name="lastSpike">Step of each neuron's last spike.</param>
    /// <param name="theta">Adaptive threshold raises, decayed; empty for none.</param>
    /// <param name="k">The constants.</param>
    /// <param name="step">This step.</param>
    /// <param name="spiked">Receives indexOffset + i for each neuron i that spiked, ascending; as long as v.</param>
    /// <param name="indexOffset">Added to every index written.</param>
    /// <returns>How many spiked.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int LifCurrentStep(Span<float> v, Span<float> ge, Span<float> gi, ReadOnlySpan<float> current, ReadOnlySpan<int> lastSpike,
        Span<float> theta, in LifConstants k, int step, Span<int> spiked, int indexOffset)
    {
        int n = Check(v, ge, gi, current, lastSpike, theta, spiked);
        int i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            bool adaptive = !theta.IsEmpty;
            ref float rv = ref MemoryMarshal.GetReference(v);
            ref float re = ref MemoryMarshal.GetReference(ge);
            ref float rh = ref MemoryMarshal.GetReference(gi);
            ref float rc = ref MemoryMarshal.GetReference(current);
            ref int rl = ref MemoryMarshal.GetReference(lastSpike);
            ref float rt = ref MemoryMarshal.GetReference(theta);
            var em = Vector256.Create(k.Em);
            var ce = Vector256.Create(k.Ce);
            var ci = Vector256.Create(k.Ci);
            var de = Vector256.Create(k.De);
            var di = Vector256.Create(k.Di);
            var rest = Vector256.Create(k.Rest);
            var vt = Vector256.Create(k.Threshold);
            var thetaDecay = Vector256.Create(k.ThetaDecay);
            var now = Vector256.Create(step);
            var refractory = Vector256.Create(k.RefractorySteps);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                var e = Vector256.LoadUnsafe(ref re, at);
                var h = Vector256.LoadUnsafe(ref rh, at);
                var vi = Vector256.LoadUnsafe(ref rv, at);
                var active = Vector256.GreaterThanOrEqual(now - Vector256.LoadUnsafe(ref rl, at), refractory).AsSingle();
                var eq = rest + Vector256.LoadUnsafe(ref rc, at);
                var next = eq + (vi - eq) * em + e * ce - h * ci;
                vi = Vector256.ConditionalSelect(active, next, vi);
                vi.StoreUnsafe(ref rv, at);
                (e * de).StoreUnsafe(ref re, at);
                (h * di).StoreUnsafe(ref rh, at);
                count = Fire(active, vi, ref rt, at, adaptive, vt, thetaDecay, spiked, count, indexOffset + i);
            }
        }
        if (i < n)
        {
            count += ScalarNeuronKernels.LifCurrentStep(v[i..], ge[i..], gi[i..], current[i..], lastSpike[i..],
                theta.IsEmpty ? theta : theta[i..], k, step, spiked[count..], indexOffset + i);
        }
        return count;
    }

    /// <summary>
    /// Conductance-based LIF by exponential Euler: where not refractory, with G = 1 + g_e + g_i and
    /// E = (E_L + g_e E_e + g_i E_i + I) / G, v' = E + (v - E) exp(-G dt / tau_m); then the
    /// conductances and theta decay; a neuron spikes when active and v' &gt; V_t + theta.
    /// </summary>
    /// <param name="v">Membrane potentials, updated.</param>
    /// <param name="ge">Excitatory conductances, decayed.</param>
    /// <param name="gi">Inhibitory conductances, decayed.</param>
    /// <param name="current">External input I per neuron.</param>
    /// <param name="lastSpike">Step of each neuron's last spike.</param>
    /// <param name="theta">Adaptive threshold raises, decayed; empty for none.</param>
    /// <param name="k">The constants.</param>
    /// <param name="step">This step.</param>
    /// <param name="spiked">Receives indexOffset + i for each neuron i that spiked, ascending; as long as v.</param>
    /// <param name="indexOffset">Added to every index written.</param>
    /// <returns>How many spiked.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int LifConductanceStep(Span<float> v, Span<float> ge, Span<float> gi, ReadOnlySpan<float> current, ReadOnlySpan<int> lastSpike,
        Span<float> theta, in LifConstants k, int step, Span<int> spiked, int indexOffset)
    {
        int n = Check(v, ge, gi, current, lastSpike, theta, spiked);
        int i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            bool adaptive = !theta.IsEmpty;
            ref float rv = ref MemoryMarshal.GetReference(v);
            ref float re = ref MemoryMarshal.GetReference(ge);
            ref float rh = ref MemoryMarshal.GetReference(gi);
            ref float rc = ref MemoryMarshal.GetReference(current);
            ref int rl = ref MemoryMarshal.GetReference(lastSpike);
            ref float rt = ref MemoryMarshal.GetReference(theta);
            var one = Vector256<float>.One;
            var rate = Vector256.Create(k.MinusDtOverTauM);
            var exc = Vector256.Create(k.ExcReversal);
            var inh = Vector256.Create(k.InhReversal);
            var de = Vector256.Create(k.De);
            var di = Vector256.Create(k.Di);
            var rest = Vector256.Create(k.Rest);
            var vt = Vector256.Create(k.Threshold);
            var thetaDecay = Vector256.Create(k.ThetaDecay);
            var now = Vector256.Create(step);
            var refractory = Vector256.Create(k.RefractorySteps);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                var e = Vector256.LoadUnsafe(ref re, at);
                var h = Vector256.LoadUnsafe(ref rh, at);
                var vi = Vector256.LoadUnsafe(ref rv, at);
                var active = Vector256.GreaterThanOrEqual(now - Vector256.LoadUnsafe(ref rl, at), refractory).AsSingle();
                var g = one + e + h;
                var eq = (rest + e * exc + h * inh + Vector256.LoadUnsafe(ref rc, at)) / g;
                var next = eq + (vi - eq) * FloatMath.Exp(g * rate);
                vi = Vector256.ConditionalSelect(active, next, vi);
                vi.StoreUnsafe(ref rv, at);
                (e * de).StoreUnsafe(ref re, at);
                (h * di).StoreUnsafe(ref rh, at);
                count = Fire(active, vi, ref rt, at, adaptive, vt, thetaDecay, spiked, count, indexOffset + i);
            }
        }
        if (i < n)
        {
            count += ScalarNeuronKernels.LifConductanceStep(v[i..], ge[i..], gi[i..], current[i..], lastSpike[i..],
                theta.IsEmpty ? theta : theta[i..], k, step, spiked[count..], indexOffset + i);
        }
        return count;
    }

    /// <summary>
    /// Conductance-based LIF by exponential Euler from sums the caller has taken (synaptic ports): where not refractory, with
    /// G = <paramref name="total"/> (1 + sum_p B_p g_p) and E = <paramref name="drive"/> / G (drive = E_L + sum_p B_p g_p E_p + I),
    /// v' = E + (v - E) exp(-G dt / tau_m); theta decays; a neuron spikes when active and v' &gt; V_t + theta. The conductances are the
    /// caller's to decay. With the sums of g_e and g_i it is <see cref="LifConductanceStep"/>'s v to the bit.
    /// </summary>
    /// <param name="v">Membrane potentials, updated.</param>
    /// <param name="total">G per neuron, in units of the leak.</param>
    /// <param name="drive">G E per neuron, in mV.</param>
    /// <param name="lastSpike">Step of each neuron's last spike.</param>
    /// <param name="theta">Adaptive threshold raises, decayed; empty for none.</param>
    /// <param name="k">The constants (MinusDtOverTauM, Threshold, RefractorySteps, ThetaDecay are read).</param>
    /// <param name="step">This step.</param>
    /// <param name="spiked">Receives indexOffset + i for each neuron i that spiked, ascending; as long as v.</param>
    /// <param name="indexOffset">Added to every index written.</param>
    /// <returns>How many spiked.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int LifConductanceSumStep(Span<float> v, ReadOnlySpan<float> total, ReadOnlySpan<float> drive, ReadOnlySpan<int> lastSpike,
        Span<float> theta, in LifConstants k, int step, Span<int> spiked, int indexOffset)
    {
        int n = v.Length;
        if (total.Length != n || drive.Length != n || lastSpike.Length != n || (!theta.IsEmpty && theta.Length != n))
            throw new ArgumentException("State spans must have the same length.");
        if (spiked.Length < n) throw new ArgumentException("The spike buffer must be as long as the block.", nameof(spiked));
        int i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            bool adaptive = !theta.IsEmpty;
            ref float rv = ref MemoryMarshal.GetReference(v);
            ref float rg = ref MemoryMarshal.GetReference(total);
            ref float rd = ref MemoryMarshal.GetReference(drive);
            ref int rl = ref MemoryMarshal.GetReference(lastSpike);
            ref float rt = ref MemoryMarshal.GetReference(theta);
            var rate = Vector256.Create(k.MinusDtOverTauM);
            var vt = Vector256.Create(k.Threshold);
            var thetaDecay = Vector256.Create(k.ThetaDecay);
            var now = Vector256.Create(step);
            var refractory = Vector256.Create(k.RefractorySteps);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                var g = Vector256.LoadUnsafe(ref rg, at);
                var vi = Vector256.LoadUnsafe(ref rv, at);
                var active = Vector256.GreaterThanOrEqual(now - Vector256.LoadUnsafe(ref rl, at), refractory).AsSingle();
                var eq = Vector256.LoadUnsafe(ref rd, at) / g;
                var next = eq + (vi - eq) * FloatMath.Exp(g * rate);
                vi = Vector256.ConditionalSelect(active, next, vi);
                vi.StoreUnsafe(ref rv, at);
                count = Fire(active, vi, ref rt, at, adaptive, vt, thetaDecay, spiked, count, indexOffset + i);
            }
        }
        if (i < n)
        {
            count += ScalarNeuronKernels.LifConductanceSumStep(v[i..], total[i..], drive[i..], lastSpike[i..],
                theta.IsEmpty ? theta : theta[i..], k, step, spiked[count..], indexOffset + i);
        }
        return count;
    }

    /// <summary>
    /// The tail of a step that every LIF kernel shares, for the 8 lanes at <paramref name="at"/> once v is updated: theta decays
    /// (when adaptive), and the active lanes with v &gt; V_t + theta are appended as base + lane. The same float operations in the
    /// same order as the scalar tail in <see cref="ScalarNeuronKernels"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Fire(Vector256<float> active, Vector256<float> vi, ref float rt, nuint at, bool adaptive,
        Vector256<float> vt, Vector256<float> thetaDecay, Span<int> spiked, int count, int baseIndex)
    {
        var threshold = vt;
        if (adaptive)
        {
            var t = Vector256.LoadUnsafe(ref rt, at) * thetaDecay;
            t.StoreUnsafe(ref rt, at);
            threshold += t;
        }
        return Collect(active & Vector256.GreaterThan(vi, threshold), spiked, count, baseIndex);
    }

    /// <summary>Appends the lanes set in a mask (ascending) as base + lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Collect(Vector256<float> fired, Span<int> spiked, int count, int baseIndex)
    {
        uint bits = fired.ExtractMostSignificantBits();
        while (bits != 0)
        {
            spiked[count++] = baseIndex + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }
        return count;
    }

    private static int Check(Span<float> v, Span<float> ge, Span<float> gi, ReadOnlySpan<float> current, ReadOnlySpan<int> lastSpike, Span<float> theta, Span<int> spiked)
    {
        int n = v.Length;
        if (ge.Length != n || gi.Length != n || current.Length != n || lastSpike.Length != n || (!theta.IsEmpty && theta.Length != n))
            throw new ArgumentException("State spans must have the same length.");
        if (spiked.Length < n) throw new ArgumentException("The spike buffer must be as long as the block.", nameof(spiked));
        return n;
    }
}
