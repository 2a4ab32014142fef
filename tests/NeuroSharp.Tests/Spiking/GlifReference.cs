using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// NEST's glif_psc and glif_cond update loops in double, written from the published equations (Teeter et al. 2018 and NEST's
/// model documentation), with every exact propagator replaced by RK4 on the ODE so that nothing is shared with the engine's closed
/// forms: the alpha ports' effect on U (glif_psc), the voltage threshold component along the membrane's relaxation (A), and
/// the whole conductance system, U with each port's (dg, g), over each step (glif_cond).
/// </summary>
internal static class GlifReference
{
    /// <summary>V (mV), theta_s and theta_v (mV) after each step, and the steps that spiked.</summary>
    public sealed record Trace(double[] V, double[] ThetaS, double[] ThetaV, List<int> Spikes);

    /// <summary>
    /// Runs one neuron for <paramref name="steps"/> steps of <paramref name="dt"/> under a constant <paramref name="current"/> in pA;
    /// <paramref name="arrivals"/> maps a step to the (port, weight) spikes acting from that step on (added before it, where NEST adds
    /// them at the end of the step before).
    /// </summary>
    public static Trace Run(GlifNeuronSpec s, double dt, double current, int steps, Dictionary<int, List<(int Port, double Weight)>> arrivals) =>
        Run(s, dt, _ => current, steps, arrivals);

    /// <summary>As above with a current that may change from step to step (<paramref name="currentAt"/> of the step index, pA).</summary>
    public static Trace Run(GlifNeuronSpec s, double dt, Func<int, double> currentAt, int steps, Dictionary<int, List<(int Port, double Weight)>> arrivals)
    {
        int ports = s.SynapseTausMs.Count, nAsc = s.AscCount;
        bool cond = s.ConductancePorts, r = s.SpikeDependentThreshold, a = s.AdaptingThreshold;
        double tauM = s.CapacitancePf / s.LeakNs, p33 = Math.Exp(-dt / tauM), p30 = (1 - p33) * tauM / s.CapacitancePf;
        var p31 = new double[ports];
        var p32 = new double[ports];
        for (int p = 0; p < ports && !cond; p++) (p31[p], p32[p]) = (PortEffect(s, p, dt, 1, 0), PortEffect(s, p, dt, 0, 1));
        double u = 0, thetaS = 0, thetaV = 0, ascPrevious = 0;
        var asc = new double[nAsc];
        var y1 = new double[ports];
        var y2 = new double[ports];
        int refractory = 0, refractorySteps = (int)Math.Round(s.RefractoryMs / dt);
        var trace = new Trace(new double[steps], new double[steps], new double[steps], []);
        for (int n = 0; n < steps; n++)
        {
            if (arrivals.TryGetValue(n, out var list))
            {
                foreach (var (port, w) in list) y1[port - 1] += Math.E / s.SynapseTausMs[port - 1] * w;
            }
            double uOld = u, current = currentAt(n);
            if (cond) u = CondStep(s, dt, uOld, refractory > 0, current + ascPrevious, y1, y2);
            if (refractory == 0)
            {
                if (r) thetaS *= Math.Exp(-s.ThresholdSpikeDecayPerMs * dt);
                double mean = 0;
                for (int j = 0; j < nAsc; j++)
                {
                    double k = s.AscDecayPerMs[j], decay = Math.Exp(-k * dt);
                    mean += asc[j] * (1 - decay) / (k * dt);
                    asc[j] *= decay;
                }
                ascPrevious = mean;
                if (!cond)
                {
                    u = uOld * p33 + (current + mean) * p30;
                    for (int p = 0; p < ports; p++) u += p31[p] * y1[p] + p32[p] * y2[p];
                }
                if (a) thetaV = VoltageThreshold(s, dt, uOld, thetaV, (current + mean) / s.LeakNs);
                if (u > s.ThresholdMv - s.RestMv + thetaS + thetaV)
                {
                    trace.Spikes.Add(n);
                    refractory = refractorySteps;
                    for (int j = 0; j < nAsc; j++) asc[j] = s.AscAmpsPa[j] + asc[j] * s.AscRetain[j] * Math.Exp(-s.AscDecayPerMs[j] * s.RefractoryMs);
                    if (r)
                    {
                        u = s.VoltageResetFraction * uOld + s.VoltageResetAddMv;
                        thetaS = thetaS * Math.Exp(-s.ThresholdSpikeDecayPerMs * s.RefractoryMs) + s.ThresholdSpikeAddMv;
                    }
                    else
                    {
                        u = s.ResetMv - s.RestMv;
                    }
                }
            }
            else
            {
                refractory--;
                u = uOld;
            }
            if (!cond)
            {
                for (int p = 0; p < ports; p++)
                {
                    double p11 = Math.Exp(-dt / s.SynapseTausMs[p]);
                    y2[p] = dt * p11 * y1[p] + p11 * y2[p];
                    y1[p] *= p11;
                }
            }
            (trace.V[n], trace.ThetaS[n], trace.ThetaV[n]) = (u + s.RestMv, thetaS, thetaV);
        }
        return trace;
    }

    /// <summary>U after one step from U = 0 with one port's y1, y2 (y1' = -y1/tau, y2' = y1 - y2/tau, C U' = -g U + y2), by RK4 at dt/1000.</summary>
    private static double PortEffect(GlifNeuronSpec s, int port, double dt, double y1, double y2)
    {
        double ts = s.SynapseTausMs[port], u = 0, h = dt / 1000;
        (double, double, double) F(double a, double b, double c) => (-a / ts, a - b / ts, (-s.LeakNs * c + b) / s.CapacitancePf);
        for (int k = 0; k < 1000; k++)
        {
            var (a1, b1, c1) = F(y1, y2, u);
            var (a2, b2, c2) = F(y1 + h / 2 * a1, y2 + h / 2 * b1, u + h / 2 * c1);
            var (a3, b3, c3) = F(y1 + h / 2 * a2, y2 + h / 2 * b2, u + h / 2 * c2);
            var (a4, b4, c4) = F(y1 + h * a3, y2 + h * b3, u + h * c3);
            y1 += h / 6 * (a1 + 2 * a2 + 2 * a3 + a4);
            y2 += h / 6 * (b1 + 2 * b2 + 2 * b3 + b4);
            u += h / 6 * (c1 + 2 * c2 + 2 * c3 + c4);
        }
        return u;
    }

    /// <summary>
    /// theta_v after one step: d theta_v/dt = a_v U - b_v theta_v along U's relaxation without synaptic input,
    /// dU/dt = -(g / C) (U - beta), from U = <paramref name="u0"/>, by RK4 at dt/20 (NEST solves the same pair exactly; the rates
    /// are below 1/ms, so RK4's error is far below float's).
    /// </summary>
    private static double VoltageThreshold(GlifNeuronSpec s, double dt, double u0, double theta, double beta)
    {
        double k = s.LeakNs / s.CapacitancePf, av = s.ThresholdVoltageIndexPerMs, bv = s.ThresholdVoltageDecayPerMs, u = u0, h = dt / 20;
        (double, double) F(double x, double y) => (-k * (x - beta), av * x - bv * y);
        for (int j = 0; j < 20; j++)
        {
            var (a1, b1) = F(u, theta);
            var (a2, b2) = F(u + h / 2 * a1, theta + h / 2 * b1);
            var (a3, b3) = F(u + h / 2 * a2, theta + h / 2 * b2);
            var (a4, b4) = F(u + h * a3, theta + h * b3);
            u += h / 6 * (a1 + 2 * a2 + 2 * a3 + a4);
            theta += h / 6 * (b1 + 2 * b2 + 2 * b3 + b4);
        }
        return theta;
    }

    /// <summary>
    /// glif_cond's ODE over one step by RK4 at dt/20 (a twentieth of 0.1 ms is a fortieth of the fastest tau_syn here, 0.2 ms): C dU/dt = -g U - sum_p g_p (U + E_L - E_p) + I (0 while refractory: U held),
    /// d dg_p/dt = -dg_p / tau_p, dg_p/dt = dg_p - g_p / tau_p. Updates y1 (dg) and y2 (g) in place and returns U.
    /// </summary>
    private static double CondStep(GlifNeuronSpec s, double dt, double u, bool refractory, double drive, double[] y1, double[] y2)
    {
        int ports = y1.Length, size = 1 + 2 * ports;
        const int Substeps = 20;
        double h = dt / Substeps;
        var x = new double[size];
        var probe = new double[size];
        var k = new double[4][];
        for (int j = 0; j < 4; j++) k[j] = new double[size];
        x[0] = u;
        for (int p = 0; p < ports; p++) (x[1 + 2 * p], x[2 + 2 * p]) = (y1[p], y2[p]);
        void F(double[] at, double[] f)
        {
            double isyn = 0;
            for (int p = 0; p < ports; p++)
            {
                isyn += at[2 + 2 * p] * (at[0] + s.RestMv - s.SynapseReversalsMv[p]);
                f[1 + 2 * p] = -at[1 + 2 * p] / s.SynapseTausMs[p];
                f[2 + 2 * p] = at[1 + 2 * p] - at[2 + 2 * p] / s.SynapseTausMs[p];
            }
            f[0] = refractory ? 0 : (-s.LeakNs * at[0] - isyn + drive) / s.CapacitancePf;
        }
        for (int j = 0; j < Substeps; j++)
        {
            F(x, k[0]);
            for (int q = 0; q < size; q++) probe[q] = x[q] + h / 2 * k[0][q];
            F(probe, k[1]);
            for (int q = 0; q < size; q++) probe[q] = x[q] + h / 2 * k[1][q];
            F(probe, k[2]);
            for (int q = 0; q < size; q++) probe[q] = x[q] + h * k[2][q];
            F(probe, k[3]);
            for (int q = 0; q < size; q++) x[q] += h / 6 * (k[0][q] + 2 * k[1][q] + 2 * k[2][q] + k[3][q]);
        }
        for (int p = 0; p < ports; p++) (y1[p], y2[p]) = (x[1 + 2 * p], x[2 + 2 * p]);
        return x[0];
    }
}
