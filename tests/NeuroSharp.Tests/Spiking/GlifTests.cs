using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The GLIF model (NEST's glif_psc): closed-form firing of LIF, and LIF_R_ASC with two ports against NEST's update in double.</summary>
public class GlifTests
{
    private const double Dt = 0.1;

    /// <summary>The Allen fit of bmtk's point_450glifs (593618144, LIF_ASC) with two of its ports.</summary>
    private static readonly GlifNeuronSpec Allen = new()
    {
        CapacitancePf = 58.60769058316611, LeakNs = 5.875377136608159, RestMv = -69.4755859375, ThresholdMv = -46.40370561385434, ResetMv = -69.4755859375,
        RefractoryMs = 2.6, SynapseTausMs = [5.5, 8.5], AscDecayPerMs = [0.1, 0.3], AscAmpsPa = [-36.93387266, -65.30848816], AscRetain = [1, 1],
    };

    private static NetworkSpec OneCell(GlifNeuronSpec cell, double currentPa, double durationMs, params (double TimeMs, int Port, Receptor Receptor, double Weight)[] spikes)
    {
        var populations = new List<PopulationSpec> { new() { Name = "cell", Count = 1, Model = cell } };
        var projections = new List<ProjectionSpec>();
        for (int k = 0; k < spikes.Length; k++)
        {
            var (t, port, receptor, w) = spikes[k];
            populations.Add(new PopulationSpec { Name = $"in{k}", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [t] } });
            projections.Add(new ProjectionSpec { Source = $"in{k}", Target = "cell", Port = port, Receptor = receptor, Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(w), DelayMs = DistributionSpec.Constant(1) });
        }
        return new NetworkSpec
        {
            DtMs = Dt, DurationMs = durationMs, Populations = populations, Projections = projections,
            Inputs = currentPa == 0 ? [] : [new CurrentInputSpec { Target = "cell", Amplitude = currentPa }],
        };
    }

    /// <summary>v after each step and the steps that spiked.</summary>
    private static (double[] V, List<int> Spikes) Run(NetworkSpec spec, int steps)
    {
        var engine = new SpikingEngine(spec);
        var v = new double[steps];
        var spikes = new List<int>();
        for (int n = 0; n < steps; n++)
        {
            engine.Step();
            v[n] = engine.GetVariable("cell", "v")[0];
            if (engine.SpikeMonitors.Single(m => m.Target == "cell").Count > spikes.Count) spikes.Add(n);
        }
        return (v, spikes);
    }

    [Fact]
    public void Lif_ConstantCurrent_FiresWithTheClosedFormPeriod()
    {
        // LIF level: U = V - E_L follows U_n = U_inf + (U_0 - U_inf) P33^n exactly, P33 = exp(-dt g / C), U_inf = I / g.
        // The first step with U_n > theta_inf is n* = floor(ln((U_inf - theta) / (U_inf - U_0)) / ln P33) + 1; then V is held for
        // round(t_ref / dt) steps and starts again from V_reset, so every interval is that many steps plus n* from the reset.
        var cell = Allen with { AscDecayPerMs = [], AscAmpsPa = [], AscRetain = [], ResetMv = -60 };
        double i = 200, uInf = i / cell.LeakNs, theta = cell.ThresholdMv - cell.RestMv, lnP33 = -Dt * cell.LeakNs / cell.CapacitancePf;
        double first = Math.Log((uInf - theta) / uInf) / lnP33, later = Math.Log((uInf - theta) / (uInf - (cell.ResetMv - cell.RestMv))) / lnP33;
        // Away from a whole number, so float rounding cannot move a crossing to the next step.
        Assert.True(Math.Abs(first - Math.Round(first)) > 0.01 && Math.Abs(later - Math.Round(later)) > 0.01, $"{first} {later}");
        var (_, spikes) = Run(OneCell(cell, i, 300), 3000);
        int firstStep = (int)Math.Floor(first) + 1 - 1, period = 26 + (int)Math.Floor(later) + 1; // step index is n* - 1; t_ref 2.6 ms = 26 steps
        Assert.True(spikes.Count > 5, $"{spikes.Count} spikes");
        Assert.Equal(firstStep, spikes[0]);
        for (int k = 1; k < spikes.Count; k++) Assert.Equal(period, spikes[k] - spikes[k - 1]);
    }

    /// <summary>
    /// NEST's glif_psc update loop in double, transcribed from its equations: the ports' P31 and P32 come from integrating the alpha
    /// current's ODE over one step with RK4 (independent of the engine's closed forms). Arrivals: step -> (port, signed weight).
    /// </summary>
    private static (double[] V, List<int> Spikes) Nest(GlifNeuronSpec s, double i, int steps, Dictionary<int, List<(int Port, double Weight)>> arrivals)
    {
        double tau = s.CapacitancePf / s.LeakNs, p33 = Math.Exp(-Dt / tau), p30 = (1 - p33) * tau / s.CapacitancePf;
        int ports = s.SynapseTausMs.Count;
        var p31 = new double[ports];
        var p32 = new double[ports];
        for (int p = 0; p < ports; p++) (p31[p], p32[p]) = (Effect(s, p, 1, 0), Effect(s, p, 0, 1));
        double u = 0, theta = 0;
        bool r = s.SpikeDependentThreshold;
        var asc = s.AscDecayPerMs.Select(_ => 0.0).ToArray();
        var y1 = new double[ports];
        var y2 = new double[ports];
        int refractory = 0, refractorySteps = (int)Math.Round(s.RefractoryMs / Dt);
        var v = new double[steps];
        var spikes = new List<int>();
        for (int n = 0; n < steps; n++)
        {
            if (arrivals.TryGetValue(n, out var list))
            {
                foreach (var (port, w) in list) y1[port - 1] += Math.E / s.SynapseTausMs[port - 1] * w;
            }
            double uOld = u;
            if (refractory == 0)
            {
                if (r) theta *= Math.Exp(-s.ThresholdSpikeDecayPerMs * Dt);
                double sum = 0;
                for (int j = 0; j < asc.Length; j++)
                {
                    double k = s.AscDecayPerMs[j], decay = Math.Exp(-k * Dt);
                    sum += asc[j] * (1 - decay) / (k * Dt);
                    asc[j] *= decay;
                }
                u = uOld * p33 + (i + sum) * p30;
                for (int p = 0; p < ports; p++) u += p31[p] * y1[p] + p32[p] * y2[p];
                if (u > s.ThresholdMv - s.RestMv + theta)
                {
                    spikes.Add(n);
                    refractory = refractorySteps;
                    for (int j = 0; j < asc.Length; j++) asc[j] = s.AscAmpsPa[j] + asc[j] * s.AscRetain[j] * Math.Exp(-s.AscDecayPerMs[j] * s.RefractoryMs);
                    if (r)
                    {
                        u = s.VoltageResetFraction * uOld + s.VoltageResetAddMv;
                        theta = theta * Math.Exp(-s.ThresholdSpikeDecayPerMs * s.RefractoryMs) + s.ThresholdSpikeAddMv;
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
            }
            for (int p = 0; p < ports; p++)
            {
                double p11 = Math.Exp(-Dt / s.SynapseTausMs[p]);
                y2[p] = Dt * p11 * y1[p] + p11 * y2[p];
                y1[p] *= p11;
            }
            v[n] = u + s.RestMv;
        }
        return (v, spikes);
    }

    /// <summary>U after one step from U = 0 with the port's y1, y2 starting at the given values (y1' = -y1/tau_s, y2' = y1 - y2/tau_s, C U' = -g U + y2), by RK4 at dt/1000.</summary>
    private static double Effect(GlifNeuronSpec s, int port, double y1, double y2)
    {
        double ts = s.SynapseTausMs[port], u = 0, h = Dt / 1000;
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

    [Fact]
    public void LifRAsc_CurrentAndSpikesOnTwoPorts_FollowsNestsUpdateStepForStep()
    {
        // LIF_R_ASC (the spike-dependent threshold of 637930677's fit and two after-spike currents) under 150 pA, with excitatory
        // spikes on port 1 (tau 5.5 ms) and inhibitory ones on port 2 (8.5 ms). A source spike at t in step round(t/dt) with a
        // 1 ms delay is felt from step round(t/dt) + 11 (added to y1 before it, where NEST adds it at the end of the step before).
        var cell = Allen with { ThresholdSpikeDecayPerMs = 0.103, ThresholdSpikeAddMv = 1.92, VoltageResetFraction = 0.4, VoltageResetAddMv = 4.06 };
        var inputs = new (double, int, Receptor, double)[] { (20, 1, Receptor.Excitatory, 300), (60.3, 2, Receptor.Inhibitory, 250), (61, 1, Receptor.Excitatory, 500), (150.7, 2, Receptor.Inhibitory, 400) };
        var arrivals = new Dictionary<int, List<(int, double)>>();
        foreach (var (t, port, receptor, w) in inputs)
        {
            int step = (int)Math.Round(t / Dt) + 11;
            if (!arrivals.TryGetValue(step, out var list)) arrivals[step] = list = [];
            list.Add((port, receptor == Receptor.Excitatory ? w : -w));
        }
        const int steps = 3000;
        var (v, spikes) = Run(OneCell(cell, 150, steps * Dt, inputs), steps);
        var (nestV, nestSpikes) = Nest(cell, 150, steps, arrivals);
        Assert.True(nestSpikes.Count >= 5, $"{nestSpikes.Count} spikes");
        Assert.Equal(nestSpikes, spikes);
        // float state against double, and P31/P32 in closed form against RK4: within 1e-3 mV of NEST's V at every step.
        for (int n = 0; n < steps; n++) Assert.True(Math.Abs(v[n] - nestV[n]) < 1e-3, $"step {n}: v {v[n]} mV vs NEST's {nestV[n]} mV");
        // The inputs move V: without them the trace differs.
        var (plain, _) = Nest(cell, 150, steps, []);
        Assert.True(Enumerable.Range(0, steps).Max(n => Math.Abs(plain[n] - nestV[n])) > 1);
    }

    [Fact]
    public void ProjectionPort_OnAModelWithoutPorts_IsRefusedWithItsPath()
    {
        var spec = OneCell(Allen, 0, 10, (1, 3, Receptor.Excitatory, 1));
        var e = Assert.Throws<InvalidInputException>(spec.Validate);
        Assert.Contains("$.projections[0].port is 3; 'cell' has ports 1 to 2", e.Message, StringComparison.Ordinal);
        var lif = spec with { Populations = [spec.Populations[0] with { Model = new LifNeuronSpec() }, spec.Populations[1]] };
        e = Assert.Throws<InvalidInputException>(lif.Validate);
        Assert.Contains("which has no receptor ports", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GlifNetworkFile_RoundTripsWithPortsAndLists()
    {
        var spec = OneCell(Allen with { ThresholdSpikeDecayPerMs = 0.1 }, 10, 50, (1, 2, Receptor.Inhibitory, 5));
        var back = NetworkFile.Parse(NetworkFile.ToJson(spec), "glif.json");
        Assert.Equal(spec.Populations[0].Model, back.Populations[0].Model);
        Assert.Equal(2, back.Projections[0].Port);
    }
}
