using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>A GLIF population's state on the device (struct of arrays; the P ports' arrays one after another, P x N each).</summary>
internal struct GlifView
{
    public ArrayView<float> V, ThetaS, ThetaV, AscSum, Asc, Isyn, Current;

    /// <summary>Each port's arrivals of each sign and alpha state, port p's neuron i at p N + i.</summary>
    public ArrayView<float> Exc, Inh, Y1, Y2;

    /// <summary>P11, P21, P31, P32, e / tau_p (P each) and each current's decay, mean, keep, amplitude (J each).</summary>
    public ArrayView<float> PortFactors, AscFactors;

    /// <summary>Conductance ports: each port's E_p - E_L and decay over half a substep (P each), its tau_p, and per neuron and port the running exp(-t / tau_p) and a burst's decay.</summary>
    public ArrayView<float> Conductance, Running, BurstDecay;
    public ArrayView<double> TausMs;
    public ArrayView<int> RefractoryLeft, Spiked;
}

/// <summary>The scalar constants of a GLIF population (GlifGroup's floats).</summary>
internal struct GlifConstants
{
    public int Count, Ports, AscCount, SpikeThreshold, VoltageThreshold, RefractorySteps, ConductancePorts, Substeps;
    public double DtMs;
    public float Leak, InverseC, El, ThInf, ResetRel, P33Loss, P30, ThLoss, ThRefDecay, ThAdd, Fraction, ResetAdd, ThvIn, ThvLoss, ThvBeta, InvLeak;
}

/// <summary>
/// A GLIF population (NEST's glif_psc, every level: LIF, LIF_R, LIF_ASC, LIF_R_ASC, LIF_R_ASC_A; and glif_cond's conductance ports)
/// on the device: one thread per neuron takes GlifGroup's step with the same float operations in the same order (docs/spiking-glif.md).
/// </summary>
internal sealed class DeviceGlif : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _portFactors, _ascFactors, _conductance, _scratch;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _taus;

    /// <summary>Mirrors the group's arrays through <paramref name="owner"/> (so that projections, drives and monitors find them) and uploads the constants.</summary>
    public DeviceGlif(Accelerator accelerator, DeviceGroup owner, GlifGroup group)
    {
        var k = group.StepConstants;
        var c = k.Scalars;
        _portFactors = Constant(accelerator, k.PortFactors);
        _ascFactors = Constant(accelerator, k.AscFactors);
        _conductance = Constant(accelerator, k.Conductance);
        _taus = accelerator.Allocate1D<double>(Math.Max(1, k.TausMs.Length));
        _taus.View.CopyFromHost(k.TausMs);
        long scratch = k.ConductancePorts ? (long)k.Ports * group.Count : 1; // the conductance step's running exponentials and a burst's decays
        _scratch = accelerator.Allocate1D<float>(2 * scratch);
        View = new GlifView
        {
            Exc = owner.MirrorPorts(k.Excitatory), Inh = owner.MirrorPorts(k.Inhibitory), Y1 = owner.MirrorPorts(k.Y1), Y2 = owner.MirrorPorts(k.Y2),
            V = owner.Mirror(group.V), ThetaS = owner.Mirror(group.ThetaS), ThetaV = owner.Mirror(group.ThetaV), AscSum = owner.Mirror(group.AscSum),
            Asc = owner.Mirror(group.Asc), Isyn = owner.Mirror(group.SynapticCurrent),
            PortFactors = _portFactors.View, AscFactors = _ascFactors.View, Conductance = _conductance.View, TausMs = _taus.View,
            Running = _scratch.View.SubView(0, scratch), BurstDecay = _scratch.View.SubView(scratch, scratch),
        };
        Constants = new GlifConstants
        {
            Count = group.Count, Ports = k.Ports, AscCount = k.AscCount, SpikeThreshold = k.SpikeThreshold ? 1 : 0,
            VoltageThreshold = k.VoltageThreshold ? 1 : 0, RefractorySteps = k.RefractorySteps,
            ConductancePorts = k.ConductancePorts ? 1 : 0, Substeps = k.Substeps, DtMs = k.DtMs, Leak = k.Leak, InverseC = k.InverseC,
            El = c[0], ThInf = c[1], ResetRel = c[2], P33Loss = c[3], P30 = c[4], ThLoss = c[5], ThRefDecay = c[6], ThAdd = c[7], Fraction = c[8],
            ResetAdd = c[9], ThvIn = c[10], ThvLoss = c[11], ThvBeta = c[12], InvLeak = c[13],
        };
    }

    /// <summary>The state (current, refractory counts and the step's spike slot are filled in per step).</summary>
    public GlifView View { get; }

    public GlifConstants Constants { get; }

    /// <summary>Device bytes beyond the generic state of a population (DeviceMemory): the ASC and port arrays, the constants.</summary>
    public static long Bytes(GlifGroup group)
    {
        var k = group.StepConstants;
        return MemoryBudget.Plus(MemoryBudget.Times(group.Count, (long)k.AscCount + (k.ConductancePorts ? 6 : 4) * k.Ports, sizeof(float)),
            (long)(k.PortFactors.Length + k.AscFactors.Length + k.Conductance.Length + 4) * sizeof(float) + (k.TausMs.Length + 1) * sizeof(double));
    }

    public void Dispose()
    {
        _portFactors.Dispose();
        _ascFactors.Dispose();
        _conductance.Dispose();
        _taus.Dispose();
        _scratch.Dispose();
    }

    /// <summary>
    /// One neuron's step (GlifGroup.IntegrateBlock with current ports): this step's arrivals into y1 and the ports' effect on U; then,
    /// unless refractory, theta_s's decay, the ASC's mean and decay, U', theta_v (A), the threshold and the resets; then the alpha states.
    /// </summary>
    public static void Step(Index1D i, GlifView s, GlifConstants k)
    {
        int n = k.Count, ports = k.Ports, asc = k.AscCount;
        bool cond = k.ConductancePorts != 0;
        float synaptic = 0;
        for (int p = 0; p < ports; p++)
        {
            int at = p * n + i;
            // Current ports take the receptor's sign; conductance ports add the magnitude (E_p gives the effect).
            float arriving = cond ? s.Exc[at] + s.Inh[at] : s.Exc[at] - s.Inh[at];
            float y1 = s.Y1[at] + s.PortFactors[4 * ports + p] * arriving;
            s.Exc[at] = 0;
            s.Inh[at] = 0;
            s.Y1[at] = y1;
            if (!cond) synaptic += s.PortFactors[2 * ports + p] * y1 + s.PortFactors[3 * ports + p] * s.Y2[at];
        }
        float uOld = s.V[i] - k.El;
        bool refractory = s.RefractoryLeft[i] > 0;
        // glif_cond integrates the membrane first, with the ASC mean of the previous step (NEST's order).
        float uCond = cond && !refractory ? ConductanceStep(i, s, k, uOld, s.Current[i] + s.AscSum[i]) : uOld;
        if (refractory)
        {
            s.RefractoryLeft[i] = s.RefractoryLeft[i] - 1;
        }
        else
        {
            float theta = s.ThetaS[i];
            if (k.SpikeThreshold != 0) theta -= theta * k.ThLoss;
            float ascSum = 0;
            int o = i * asc;
            for (int j = 0; j < asc; j++)
            {
                ascSum += s.AscFactors[asc + j] * s.Asc[o + j];
                s.Asc[o + j] = s.Asc[o + j] - s.Asc[o + j] * s.AscFactors[j];
            }
            s.AscSum[i] = ascSum;
            float current = s.Current[i];
            float u = cond ? uCond : uOld - uOld * k.P33Loss + (current + ascSum) * k.P30 + synaptic;
            float thetaV = s.ThetaV[i];
            if (k.VoltageThreshold != 0)
            {
                float beta = (current + ascSum) * k.InvLeak;
                thetaV = k.ThvIn * (uOld - beta) + (thetaV - k.ThvLoss * thetaV) + k.ThvBeta * beta;
                s.ThetaV[i] = thetaV;
            }
            if (u > k.ThInf + theta + thetaV)
            {
                NeuronKernels.Mark(s.Spiked, i);
                s.RefractoryLeft[i] = k.RefractorySteps;
                for (int j = 0; j < asc; j++) s.Asc[o + j] = s.AscFactors[3 * asc + j] + s.Asc[o + j] * s.AscFactors[2 * asc + j];
                if (k.SpikeThreshold != 0)
                {
                    u = k.Fraction * uOld + k.ResetAdd;
                    theta = theta * k.ThRefDecay + k.ThAdd;
                }
                else
                {
                    u = k.ResetRel;
                }
            }
            s.ThetaS[i] = theta;
            s.V[i] = u + k.El;
        }
        float total = 0, uNow = s.V[i] - k.El;
        for (int p = 0; p < ports; p++)
        {
            int at = p * n + i;
            float p11 = s.PortFactors[p];
            float y1 = s.Y1[at], y2 = s.PortFactors[ports + p] * y1 + p11 * s.Y2[at];
            s.Y2[at] = y2;
            s.Y1[at] = y1 * p11;
            total += cond ? y2 * (s.Conductance[p] - uNow) : y2;
        }
        s.Isyn[i] = total;
    }

    /// <summary>
    /// glif_cond's membrane over one step (GlifGroup.ConductanceStep): RK4 on C dU/dt = -(g + sum_p g_p(t)) U + sum_p g_p(t) (E_p - E_L) + I
    /// in substeps, the alpha conductances g_p(t) = (y2_p + t y1_p) exp(-t / tau_p) exact at the nodes; more substeps in a burst of input.
    /// </summary>
    private static float ConductanceStep(int i, GlifView s, GlifConstants k, float u, float drive)
    {
        int n = k.Count, ports = k.Ports;
        double dt = k.DtMs;
        float leak = k.Leak, invC = k.InverseC;
        float bound = leak;
        for (int p = 0; p < ports; p++) bound += Math.Abs(s.Y2[p * n + i]) + (float)dt * Math.Abs(s.Y1[p * n + i]);
        int m = k.Substeps;
        float stiff = bound * invC * (float)dt;
        bool burst = stiff > 0.2f * m;
        if (burst) m = (int)Math.Min(4096, Math.Ceiling(stiff / 0.2f));
        for (int p = 0; p < ports; p++)
        {
            int at = p * n + i;
            s.BurstDecay[at] = burst ? (float)Math.Exp(-dt / m / 2 / s.TausMs[p]) : s.Conductance[ports + p];
            s.Running[at] = 1;
        }
        float sub = (float)(dt / m), half = sub / 2;
        float t = 0;
        var c0 = Coefficients(i, s, k, t, leak, drive, invC);
        for (int step = 0; step < m; step++)
        {
            Advance(i, s, k);
            var c1 = Coefficients(i, s, k, t + half, leak, drive, invC);
            Advance(i, s, k);
            var c2 = Coefficients(i, s, k, t + sub, leak, drive, invC);
            float k1 = c0.B - c0.A * u;
            float k2 = c1.B - c1.A * (u + half * k1);
            float k3 = c1.B - c1.A * (u + half * k2);
            float k4 = c2.B - c2.A * (u + sub * k3);
            u += sub / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            t += sub;
            c0 = c2;
        }
        return u;
    }

    /// <summary>Each port's running exp(-t / tau_p) on by half a substep.</summary>
    private static void Advance(int i, GlifView s, GlifConstants k)
    {
        for (int p = 0; p < k.Ports; p++)
        {
            int at = p * k.Count + i;
            s.Running[at] = s.Running[at] * s.BurstDecay[at];
        }
    }

    /// <summary>dU/dt = B - A U at time t of the step: A = (g + sum_p g_p) / C, B = (sum_p g_p (E_p - E_L) + I) / C.</summary>
    private static Rate Coefficients(int i, GlifView s, GlifConstants k, float t, float leak, float drive, float invC)
    {
        float total = leak, driven = drive;
        for (int p = 0; p < k.Ports; p++)
        {
            int at = p * k.Count + i;
            float g = (s.Y2[at] + t * s.Y1[at]) * s.Running[at];
            total += g;
            driven += g * s.Conductance[p];
        }
        return new Rate { A = total * invC, B = driven * invC };
    }

    /// <summary>The membrane's linear rate at one node.</summary>
    private struct Rate
    {
        public float A, B;
    }

    private static MemoryBuffer1D<float, Stride1D.Dense> Constant(Accelerator accelerator, float[] host)
    {
        var buffer = accelerator.Allocate1D<float>(Math.Max(1, host.Length));
        buffer.View.CopyFromHost(host);
        return buffer;
    }
}
