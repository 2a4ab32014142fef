namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The rise state h in front of a decaying conductance g (<c>dh/dt = -h / tau_r</c>, <c>dg/dt = -g / tau_d + c h</c>,
/// a spike of weight w adds w to h), so that g follows a difference of exponentials with peak w
/// (NeuroML's expTwoSynapse) or, with tau_r = tau_d, the alpha function w (t/tau) exp(1 - t/tau) (alphaSynapse).
/// </summary>
/// <remarks>
/// Over one step dt the pair propagates exactly as <c>g' = g exp(-dt/tau_d) + K h</c>, <c>h' = h exp(-dt/tau_r)</c>, with
/// <c>K = f (exp(-dt/tau_d) - exp(-dt/tau_r))</c> for tau_r &lt; tau_d, where f = 1 / (exp(-t_p/tau_d) - exp(-t_p/tau_r))
/// at the peak time <c>t_p = tau_r tau_d ln(tau_d / tau_r) / (tau_d - tau_r)</c>, and <c>K = (e dt / tau) exp(-dt/tau)</c>
/// for tau_r = tau_d. The caller has already multiplied g by exp(-dt/tau_d) (the neuron kernel does).
/// </remarks>
internal sealed class RiseChannel
{
    private readonly float _gain, _keep;

    /// <summary>K as a float: what the step adds to g per unit of h.</summary>
    internal float GainFactor => _gain;

    /// <summary>exp(-dt/tau_r) as a float: what h keeps over a step.</summary>
    internal float Keep => _keep;

    public RiseChannel(int count, double riseMs, double decayMs, double dtMs)
    {
        Rise = new float[count];
        _keep = (float)Math.Exp(-dtMs / riseMs);
        _gain = (float)Gain(riseMs, decayMs, dtMs);
    }

    /// <summary>h per neuron: what arriving spikes add their weights to.</summary>
    public float[] Rise { get; }

    /// <summary>K: what one unit of h at the start of a step adds to g by its end.</summary>
    public static double Gain(double riseMs, double decayMs, double dtMs)
    {
        if (riseMs >= decayMs) return Math.E * dtMs / decayMs * Math.Exp(-dtMs / decayMs);
        double peak = riseMs * decayMs * Math.Log(decayMs / riseMs) / (decayMs - riseMs);
        double f = 1 / (Math.Exp(-peak / decayMs) - Math.Exp(-peak / riseMs));
        return f * (Math.Exp(-dtMs / decayMs) - Math.Exp(-dtMs / riseMs));
    }

    /// <summary>Adds K h to g and decays h, for neurons start..end-1 (after the kernel has decayed g).</summary>
    public void Advance(float[] conductance, int start, int end)
    {
        var h = Rise.AsSpan(start, end - start);
        var g = conductance.AsSpan(start, end - start);
        for (int i = 0; i < h.Length; i++)
        {
            g[i] += _gain * h[i];
            h[i] *= _keep;
        }
    }
}
