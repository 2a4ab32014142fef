using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Current-based LIF population (<see cref="LifNeuronSpec"/>), integrated exactly: over one step the
/// linear system (v, g_e, g_i) has the propagator
/// <code>
/// v' = E + (v - E) e_m + g_e c_e - g_i c_i,   E = E_L + I,   e_m = exp(-dt / tau_m)
/// c_x = tau_x / (tau_x - tau_m) (exp(-dt / tau_x) - e_m)   ((dt / tau_m) e_m when tau_x = tau_m; 1 - e_m when tau_x = 0)
/// g_e' = g_e exp(-dt / tau_e),   g_i' = g_i exp(-dt / tau_i)
/// </code>
/// with the constants computed once in double precision. Delta synapses (<see cref="LifNeuronSpec.DeltaInputs"/>, tau_x = 0)
/// use c_x = e_m instead: the input's weight is added to v at the start of the step and decays with it over the step, and g is
/// cleared after (exp(-dt / 0) = 0), so an input of weight w is a jump of exactly w.
/// </summary>
/// <remarks>
/// An input with a rise time keeps a rise state h in front of g (<see cref="RiseChannel"/>). Over a step h adds
/// <c>c_h h</c> to v besides what g adds, with <c>c_h = (1/tau_m) integral_0^dt exp(-(dt - s)/tau_m) K(s) ds</c> and
/// K(s) the g that a unit h makes by time s. The kernel knows only v, g and I, so the step folds <c>c_h h</c> into
/// the neuron's I (as <c>c_h h / (1 - e_m)</c>, which the propagator turns back into <c>c_h h</c>) and restores I
/// after: the whole linear system (v, g, h) then advances exactly, and a refractory neuron, whose v is held,
/// ignores it as it ignores I.
/// </remarks>
internal sealed class LifGroup : LifGroupBase
{
    private readonly SynapticRise _rise;
    private readonly float _foldExc, _foldInh;
    private readonly float[] _savedCurrent;

    public LifGroup(string name, int index, int count, LifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, initial, dtMs, ConstantsOf(spec, dtMs), spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold)
    {
        _rise = new SynapticRise(count, spec.RiseExcMs, spec.TauExcMs, spec.RiseInhMs, spec.TauInhMs, dtMs);
        double em = Math.Exp(-dtMs / spec.TauMs);
        if (_rise.Excitatory is not null) _foldExc = (float)(RiseCoefficient(spec.RiseExcMs, spec.TauExcMs, spec.TauMs, dtMs) / (1 - em));
        if (_rise.Inhibitory is not null) _foldInh = (float)(RiseCoefficient(spec.RiseInhMs, spec.TauInhMs, spec.TauMs, dtMs) / (1 - em));
        _savedCurrent = _rise.Any ? new float[count] : [];
    }

    /// <summary>
    /// c_h of the class remarks: v at the end of a step (from v = 0, g = 0) after a unit rise state h at its start,
    /// by composite Simpson's rule on 2000 intervals of a smooth integrand (error far below float's resolution).
    /// </summary>
    public static double RiseCoefficient(double riseMs, double decayMs, double tauM, double dt)
    {
        const int intervals = 2000;
        double h = dt / intervals, sum = 0;
        for (int k = 0; k <= intervals; k++)
        {
            double s = k * h;
            double f = Math.Exp(-(dt - s) / tauM) * (s == 0 ? 0 : RiseChannel.Gain(riseMs, decayMs, s));
            sum += (k == 0 || k == intervals ? 1 : k % 2 == 1 ? 4 : 2) * f;
        }
        return sum * h / 3 / tauM;
    }

    internal override (RiseChannel? Exc, RiseChannel? Inh) Rises => (_rise.Excitatory, _rise.Inhibitory);

    /// <summary>The factors the step folds c_h h into I with (excitatory, inhibitory; see the class remarks).</summary>
    internal (float Exc, float Inh) Folds => (_foldExc, _foldInh);

    public override float[] InputChannel(Receptor receptor) => _rise.InputChannel(receptor, Ge, Gi);

    protected override void VisitModelState(StateVisitor visitor)
    {
        VisitLifState(visitor);
        _rise.VisitState(visitor);
    }

    public override void InitializeDynamics(RandomStream build, RandomStream run)
    {
        base.InitializeDynamics(build, run);
        _rise.Clear();
    }

    /// <inheritdoc />
    public override bool TryRetune(NeuronModelSpec model) =>
        // The rise channels' arrays and fold factors are fixed at build: a change that touches them rebuilds.
        model is LifNeuronSpec { RiseExcMs: 0, RiseInhMs: 0 } spec && _savedCurrent.Length == 0 && Retune(spec, ConstantsOf(spec, DtMs), spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold);

    private static LifConstants ConstantsOf(LifNeuronSpec spec, double dtMs) => new(
        Em: (float)Math.Exp(-dtMs / spec.TauMs),
        Ce: (float)(spec.DeltaInputs ? Math.Exp(-dtMs / spec.TauMs) : InputCoefficient(spec.TauExcMs, spec.TauMs, dtMs)),
        Ci: (float)(spec.DeltaInputs ? Math.Exp(-dtMs / spec.TauMs) : InputCoefficient(spec.TauInhMs, spec.TauMs, dtMs)), De: Decay(spec.TauExcMs, dtMs), Di: Decay(spec.TauInhMs, dtMs),
        Rest: (float)spec.RestMv, Threshold: (float)spec.ThresholdMv, RefractorySteps: RefractorySteps(spec.RefractoryMs, dtMs));

    /// <summary>c_x of the class remarks: the response of v at the end of a step to a unit input decaying with tau_x.</summary>
    public static double InputCoefficient(double tauX, double tauM, double dt)
    {
        double em = Math.Exp(-dt / tauM);
        if (tauX == 0) return 1 - em;
        if (Math.Abs(tauX - tauM) <= 1e-9 * tauM) return dt / tauM * em;
        return tauX / (tauX - tauM) * (Math.Exp(-dt / tauX) - em);
    }

    /// <summary>Whether an input has a rise time (a rise state in front of g_e or g_i).</summary>
    internal bool HasRise => _savedCurrent.Length != 0;

    /// <summary>
    /// Integrate and threshold of the whole population, for the engine's compact step: with no rise and no adaptive
    /// threshold it is <see cref="IntegrateBlock"/> over one block, the same bits. It is the scalar kernel
    /// (<see cref="ScalarNeuronKernels.LifCurrentStep"/>, whose bits the vector kernel gives) with the same float operations
    /// in the same order, written for a handful of neurons: no bounds checks (every array has <see cref="NeuronGroup.Count"/>
    /// elements), and neither the refractory hold nor the spike a branch (a sensor's spikes follow its input, which a
    /// branch predictor cannot learn): each neuron's index is written at the spike count, which grows by one when it spiked.
    /// </summary>
    /// <param name="step">This step.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void IntegrateWhole(int step)
    {
        var k = Constants;
        int n = Count, count = 0;
        ref float v = ref MemoryMarshal.GetArrayDataReference(V);
        ref float ge = ref MemoryMarshal.GetArrayDataReference(Ge);
        ref float gi = ref MemoryMarshal.GetArrayDataReference(Gi);
        ref float current = ref MemoryMarshal.GetArrayDataReference(Current);
        ref int lastSpike = ref MemoryMarshal.GetArrayDataReference(LastSpike);
        ref int spiked = ref MemoryMarshal.GetArrayDataReference(Spikes);
        for (int i = 0; i < n; i++)
        {
            float e = Unsafe.Add(ref ge, i), h = Unsafe.Add(ref gi, i), vi = Unsafe.Add(ref v, i);
            bool active = step - Unsafe.Add(ref lastSpike, i) >= k.RefractorySteps;
            float eq = k.Rest + Unsafe.Add(ref current, i);
            float next = eq + (vi - eq) * k.Em + e * k.Ce - h * k.Ci;
            vi = active ? next : vi;
            Unsafe.Add(ref v, i) = vi;
            Unsafe.Add(ref ge, i) = e * k.De;
            Unsafe.Add(ref gi, i) = h * k.Di;
            Unsafe.Add(ref spiked, count) = i;
            bool spike = active & vi > k.Threshold;
            count += Unsafe.As<bool, byte>(ref spike); // 0 or 1 (a comparison's bool), without the branch a ?: compiles to
        }
        SpikeCount = count;
    }

    /// <summary>Whether <see cref="IntegrateWhole"/> steps this population: no rise, no adaptive threshold, and every
    /// array it walks as long as the population.</summary>
    internal bool CanIntegrateWhole => !HasRise && Theta is null && V.Length == Count && Ge.Length == Count && Gi.Length == Count &&
        Current.Length == Count && LastSpike.Length == Count && Spikes.Length >= Count;

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        int n = end - start;
        DecayTheta(start, end);
        if (_savedCurrent.Length == 0)
        {
            return NeuronKernels.LifCurrentStep(V.AsSpan(start, n), Ge.AsSpan(start, n), Gi.AsSpan(start, n), Current.AsSpan(start, n),
                LastSpike.AsSpan(start, n), Theta is null ? Span<float>.Empty : Theta.AsSpan(start, n), Constants, step, spiked, start);
        }
        var current = Current.AsSpan(start, n);
        current.CopyTo(_savedCurrent.AsSpan(start, n));
        if (_rise.Excitatory is { } exc) Fold(current, exc.Rise.AsSpan(start, n), _foldExc);
        if (_rise.Inhibitory is { } inh) Fold(current, inh.Rise.AsSpan(start, n), -_foldInh);
        int count = NeuronKernels.LifCurrentStep(V.AsSpan(start, n), Ge.AsSpan(start, n), Gi.AsSpan(start, n), current,
            LastSpike.AsSpan(start, n), Theta is null ? Span<float>.Empty : Theta.AsSpan(start, n), Constants, step, spiked, start);
        _savedCurrent.AsSpan(start, n).CopyTo(current);
        _rise.Advance(Ge, Gi, start, end);
        return count;
    }

    private static void Fold(Span<float> current, ReadOnlySpan<float> rise, float factor)
    {
        for (int i = 0; i < current.Length; i++) current[i] += factor * rise[i];
    }
}
