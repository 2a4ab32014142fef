using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The membrane of a GLIF with conductance ports (NEST's glif_cond). Each port's conductance is the alpha state (y1, y2) of the
/// current ports, propagated exactly: g_p(t) = (g_p + t y1_p) exp(-t / tau_p) over the step. Between them the membrane is linear
/// in U with a time-varying coefficient, C dU/dt = -(g + sum_p g_p(t)) U + sum_p g_p(t) (E_p - E_L) + I, which RK4 integrates in
/// substeps of at most tau_p / 8 and tau_m / 8, and of at most 0.2 C / (the step's largest total conductance), with the conductances
/// evaluated exactly at the nodes. NEST integrates the same system by adaptive RKF45 (absolute tolerance 1e-3).
/// </summary>
internal sealed partial class GlifGroup
{
    private readonly float[] _erevRel, _halfDecay;
    private readonly int _condSubsteps;

    /// <summary>Each port's E_p - E_L, the substeps per dt (at most tau_p / 8 and tau_m / 8 long), and each port's decay over half a substep.</summary>
    private static (float[] ErevRel, int Substeps, float[] HalfDecay) ConductancePorts(GlifNeuronSpec spec, double h)
    {
        double shortest = Math.Min(spec.SynapseTausMs.Min(), spec.CapacitancePf / spec.LeakNs);
        int m = Math.Max(1, (int)Math.Ceiling(8 * h / shortest - 1e-9));
        return ([.. spec.SynapseReversalsMv.Select(e => (float)(e - spec.RestMv))], m, [.. spec.SynapseTausMs.Select(t => (float)Math.Exp(-h / m / 2 / t))]);
    }

    /// <summary>
    /// U at the end of the step from <paramref name="u"/> at its start, for neuron <paramref name="i"/>'s conductances at the start
    /// (y1, y2 after this step's arrivals) and the constant current <paramref name="drive"/> in pA. <paramref name="scratch"/> holds 3
    /// floats per port.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float ConductanceStep(int i, float u, float drive, Span<float> scratch)
    {
        var g0 = scratch[.._ports];
        var dg0 = scratch.Slice(_ports, _ports);
        var decay = scratch.Slice(2 * _ports, _ports);
        double dt = DtMs;
        float leak = (float)_spec.LeakNs, invC = (float)(1 / _spec.CapacitancePf);
        // The largest total conductance over the step is below g + sum_p (g_p + dt y1_p) (each alpha is below its linear growth).
        float bound = leak;
        for (int p = 0; p < _ports; p++)
        {
            (g0[p], dg0[p]) = (_y2[p][i], _y1[p][i]);
            bound += Math.Abs(g0[p]) + (float)dt * Math.Abs(dg0[p]);
        }
        int m = _condSubsteps;
        float stiff = bound * invC * (float)dt;
        if (stiff > 0.2f * m)
        {
            // A burst of conductance: more substeps, so that RK4 stays accurate on the fastest decay of U.
            m = (int)Math.Min(4096, Math.Ceiling(stiff / 0.2f));
            for (int p = 0; p < _ports; p++) decay[p] = (float)Math.Exp(-dt / m / 2 / _spec.SynapseTausMs[p]);
        }
        else
        {
            _halfDecay.CopyTo(decay);
        }
        float sub = (float)(dt / m), half = sub / 2;
        // Running exp(-t / tau_p) at the nodes t = 0, sub/2, sub, ...; the alpha conductance is (g0 + t dg0) times it.
        var e = scratch.Slice(3 * _ports, _ports);
        e.Fill(1);
        float t = 0;
        var (a0, b0) = Coefficients(g0, dg0, e, t, leak, drive, invC);
        for (int k = 0; k < m; k++)
        {
            for (int p = 0; p < _ports; p++) e[p] *= decay[p];
            var (a1, b1) = Coefficients(g0, dg0, e, t + half, leak, drive, invC);
            for (int p = 0; p < _ports; p++) e[p] *= decay[p];
            var (a2, b2) = Coefficients(g0, dg0, e, t + sub, leak, drive, invC);
            float k1 = b0 - a0 * u;
            float k2 = b1 - a1 * (u + half * k1);
            float k3 = b1 - a1 * (u + half * k2);
            float k4 = b2 - a2 * (u + sub * k3);
            u += sub / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            t += sub;
            (a0, b0) = (a2, b2);
        }
        return u;
    }

    /// <summary>dU/dt = b - a U at time t of the step: a = (g + sum_p g_p) / C, b = (sum_p g_p (E_p - E_L) + I) / C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (float A, float B) Coefficients(Span<float> g0, Span<float> dg0, Span<float> e, float t, float leak, float drive, float invC)
    {
        float total = leak, driven = drive;
        for (int p = 0; p < _ports; p++)
        {
            float g = (g0[p] + t * dg0[p]) * e[p];
            total += g;
            driven += g * _erevRel[p];
        }
        return (total * invC, driven * invC);
    }
}
