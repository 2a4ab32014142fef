namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// What a device backend needs to take <see cref="GlifGroup.IntegrateBlock"/>'s step with the same floats: the scalar constants,
/// each port's propagators, the after-spike currents' factors, and the host arrays of every port (docs/gpu.md).
/// </summary>
/// <param name="Ports">The ports P.</param>
/// <param name="AscCount">The after-spike currents J.</param>
/// <param name="SpikeThreshold">R: the threshold's spike component.</param>
/// <param name="VoltageThreshold">A: the threshold's voltage component.</param>
/// <param name="ConductancePorts">glif_cond's conductance ports.</param>
/// <param name="RefractorySteps">round(t_ref / dt).</param>
/// <param name="Scalars">E_L, theta_inf - E_L, V_reset - E_L, 1 - P33, P30, theta_s's loss over dt (1 - its decay) and decay over t_ref and add, f_v, delta_v, Q_v, 1 - D_v, R_v, 1 / g.</param>
/// <param name="PortFactors">P11, P21, P31, P32 and e / tau_p of every port, each P long, one after another.</param>
/// <param name="AscFactors">Each current's loss over dt (1 - its decay), mean over dt, keep at a spike and amplitude, each J long, one after another.</param>
/// <param name="Excitatory">Each port's excitatory arrivals (port 1's is <see cref="NeuronGroup.Ge"/>).</param>
/// <param name="Inhibitory">Each port's inhibitory arrivals (port 1's is <see cref="NeuronGroup.Gi"/>).</param>
/// <param name="Y1">Each port's alpha state y1.</param>
/// <param name="Y2">Each port's alpha state y2 (its current).</param>
/// <param name="Conductance">With conductance ports: each port's E_p - E_L, then its decay over half a substep (P each), else empty.</param>
/// <param name="Substeps">With conductance ports: the RK4 substeps per dt outside a burst of input.</param>
/// <param name="TausMs">Each port's tau_p in ms (a burst's decays are computed from them, as the CPU does).</param>
/// <param name="Leak">g in nS, as the conductance step's float.</param>
/// <param name="InverseC">1 / C, as the conductance step's float.</param>
/// <param name="DtMs">The step in ms.</param>
internal sealed record GlifStepConstants(int Ports, int AscCount, bool SpikeThreshold, bool VoltageThreshold, bool ConductancePorts, int RefractorySteps,
    float[] Scalars, float[] PortFactors, float[] AscFactors, float[][] Excitatory, float[][] Inhibitory, float[][] Y1, float[][] Y2,
    float[] Conductance, int Substeps, double[] TausMs, float Leak, float InverseC, double DtMs);

internal sealed partial class GlifGroup
{
    /// <summary>The step's constants and port arrays, for a device backend.</summary>
    internal GlifStepConstants StepConstants => new(_ports, _asc, _r, _a, _cond, _refractorySteps,
        [_el, _thInf, _resetRel, _p33Loss, _p30, _thLoss, _thRefDecay, _thAdd, _fraction, _resetAdd, _thvIn, _thvLoss, _thvBeta, _invLeak],
        [.. _p11, .. _p21, .. _p31, .. _p32, .. _in], [.. _ascLoss, .. _ascMean, .. _ascKeep, .. _ascAmps], _exc, _inh, _y1, _y2,
        [.. _erevRel, .. _halfDecay], _condSubsteps, [.. _spec.SynapseTausMs], (float)_spec.LeakNs, (float)(1 / _spec.CapacitancePf), DtMs);

    /// <summary>True with conductance ports (NEST's glif_cond).</summary>
    internal bool HasConductancePorts => _cond;
}
