namespace NeuroSharp.Numerics.Kernels;

/// <summary>
/// Per-step constants of a leaky integrate-and-fire population, computed once at build (in double,
/// stored as float): see <see cref="NeuronKernels.LifCurrentStep"/> and <see cref="NeuronKernels.LifConductanceStep"/>.
/// </summary>
/// <param name="Em">exp(-dt / tau_m) (current-based), unused by the conductance kernel.</param>
/// <param name="Ce">Response of v at the end of a step to a unit excitatory input (current-based).</param>
/// <param name="Ci">Response of v at the end of a step to a unit inhibitory input (current-based).</param>
/// <param name="De">exp(-dt / tau_e), or 0 for one-step inputs.</param>
/// <param name="Di">exp(-dt / tau_i), or 0 for one-step inputs.</param>
/// <param name="Rest">E_L in mV.</param>
/// <param name="Threshold">V_t in mV.</param>
/// <param name="RefractorySteps">t_ref / dt: a neuron integrates again once step - lastSpike &gt;= this.</param>
/// <param name="ThetaDecay">exp(-dt / tau_theta) of an adaptive threshold (used only when theta is given).</param>
/// <param name="MinusDtOverTauM">-dt / tau_m (conductance-based).</param>
/// <param name="ExcReversal">E_e in mV (conductance-based).</param>
/// <param name="InhReversal">E_i in mV (conductance-based).</param>
public readonly record struct LifConstants(
    float Em, float Ce, float Ci, float De, float Di, float Rest, float Threshold, int RefractorySteps,
    float ThetaDecay = 1f, float MinusDtOverTauM = 0f, float ExcReversal = 0f, float InhReversal = 0f);
