using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The conductanceLif model's synaptic ports (docs/spiking-lif.md, "Synaptic ports"), the hh model's ports on the LIF: two ports equal
/// to g_e and g_i give the plain model's v and spikes bit for bit, a blocked port records B(v) of its closed form, two ports with their
/// own reversals and rises sum as a double-precision loop of the documented scheme, validation sentences, and the JSON round trip.
/// </summary>
public class ConductanceLifPortsTests
{
    /// <summary>COBA's cell with rise times (or none), 1 000 + 250 neurons (so threads split the work), Poisson-driven, random recurrence.</summary>
    private static NetworkSpec Coba(bool ports, double riseExcMs, double riseInhMs)
    {
        var cell = ConductanceLifNeuronSpec.Coba with { RiseExcMs = riseExcMs, RiseInhMs = riseInhMs };
        var model = ports
            ? cell with
            {
                Ports =
                [
                    new SynapticPortSpec("ampa", cell.TauExcMs, cell.ExcReversalMv) { RiseMs = riseExcMs },
                    new SynapticPortSpec("gaba", cell.TauInhMs, cell.InhReversalMv) { RiseMs = riseInhMs },
                ],
            }
            : cell;
        return PortNetworks.ExcInhPoisson(model, ports, new PortNetworks.Sizes(1000, 250, 0.6, 6.7, 0.6, -60, -50), ["v"]);
    }

    private static (string Spikes, float[] V) Run(NetworkSpec spec, int threads, int steps = 1000)
    {
        var e = new SpikingEngine(spec, new SimulationOptions { Seed = 5, Threads = threads });
        e.Run(steps);
        string spikes = string.Join(",", e.SpikeMonitors.SelectMany(m => m.Steps.ToArray().Zip(m.Neurons.ToArray(), (s, i) => $"{s}:{i}")));
        return (spikes, e.StateMonitors[0].Values("v").ToArray());
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 10.0)]
    public void Ports_EqualToGeAndGi_SameSpikesAndV_BitForBit_AtAnyThreadCount(double riseExcMs, double riseInhMs)
    {
        var (spikes, v) = Run(Coba(false, riseExcMs, riseInhMs), 1);
        Assert.True(spikes.Length > 1000, "the network should fire within 100 ms");
        var ports = Coba(true, riseExcMs, riseInhMs);
        foreach (int threads in new[] { 1, 2, 4 })
        {
            var (s, w) = Run(ports, threads);
            Assert.Equal(spikes, s);
            Assert.Equal(v, w); // float for float: the port sums take the kernel's order
        }
    }

    /// <summary>A passive iaf neuron (tau_m 20 ms at -60 mV, no threshold reached) with two ports; one spike onto each at the given steps.</summary>
    private static SpikingEngine TwoPorts(MagnesiumBlockSpec? block, double wAmpa, double wNmda, int steps)
    {
        var cell = ConductanceLifNeuronSpec.Coba with
        {
            ThresholdMv = 100, RestMv = -60, ResetMv = -60,
            Ports = [new SynapticPortSpec("ampa", 2, 0) { RiseMs = 0.5 }, new SynapticPortSpec("nmda", 40, -10) { RiseMs = 4, Block = block }],
        };
        var spec = PortNetworks.TwoSpikesOntoTwoPorts(cell, wAmpa, wNmda, block is null ? ["v", "ampa", "nmda"] : ["v", "ampa", "nmda", "nmda_g", "nmda_block"], spikes: false);
        var engine = new SpikingEngine(spec);
        engine.Run(steps);
        return engine;
    }

    /// <summary>
    /// A double loop of the documented scheme from the spikes' arrivals: G = 1 + g_a + B(v) g_n, E = (E_L + g_a E_a + B(v) g_n E_n) / G,
    /// v' = E + (v - E) exp(-G dt / tau_m); each g' = g exp(-dt / tau_d) + K h, h' = h exp(-dt / tau_r), a spike adds w to h (felt from
    /// the next step). The float engine within 2e-4 mV (dt / tau_m = 0.005: float's spacing at -60 mV stalls v by at most 1e-4 mV).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoPorts_OwnReversalsRisesAndBlock_SumAsADoubleLoop(bool blocked)
    {
        var block = blocked ? MagnesiumBlockSpec.JahrStevens : null;
        var engine = TwoPorts(block, 0.5, 2, 600);
        var m = engine.StateMonitors[0];
        var v = m.Values("v").ToArray();
        double dt = 0.1, tauM = 20, el = -60;
        // Each spike's weight is felt from the first row where its port's conductance is above 0 (the spike times 2 and 5 ms).
        int arriveA = Array.FindIndex(m.Values("ampa").ToArray(), x => x > 0), arriveN = Array.FindIndex(m.Values("nmda").ToArray(), x => x > 0);
        Assert.InRange(arriveA, 19, 22);
        Assert.InRange(arriveN, 49, 52);
        (double Tau, double Rise, double E, double W, int Arrive, MagnesiumBlockSpec? Block)[] ports = [(2.0, 0.5, 0.0, 0.5, arriveA, null), (40.0, 4.0, -10.0, 2.0, arriveN, block)];
        var g = new double[2];
        var h = new double[2];
        double vv = el, worst = 0, peak = el;
        for (int s = 0; s < v.Length; s++)
        {
            // Row s is the state after step s.
            double G = 1, num = el;
            for (int p = 0; p < 2; p++)
            {
                double b = ports[p].Block?.Factor(vv) ?? 1;
                G += b * g[p];
                num += b * g[p] * ports[p].E;
            }
            double eq = num / G;
            vv = eq + (vv - eq) * Math.Exp(-G * dt / tauM);
            for (int p = 0; p < 2; p++)
            {
                g[p] = g[p] * Math.Exp(-dt / ports[p].Tau) + RiseChannel.Gain(ports[p].Rise, ports[p].Tau, dt) * h[p];
                h[p] *= Math.Exp(-dt / ports[p].Rise);
                if (s == ports[p].Arrive - 1) h[p] += ports[p].W; // into h at the end of step Arrive - 1, g from step Arrive
            }
            worst = Math.Max(worst, Math.Abs(v[s] - vv));
            peak = Math.Max(peak, vv);
        }
        Assert.True(peak > el + (blocked ? 0.5 : 3), $"the PSP peaks at {peak} mV");
        Assert.True(worst < 2e-4, $"largest difference {worst} mV");
        // Each port holds its own conductance, a difference of exponentials of peak w (sampled every 0.1 ms: a little below w).
        Assert.InRange(m.Values("ampa").ToArray().Max(), 0.48f, 0.50001f);
        Assert.InRange(m.Values("nmda").ToArray().Max(), 1.99f, 2.0001f);
    }

    [Fact]
    public void BlockedPort_RecordsBlockAndBlockedConductance_ByTheClosedForm()
    {
        var engine = TwoPorts(MagnesiumBlockSpec.JahrStevens, 0.5, 2, 400);
        var m = engine.StateMonitors[0];
        var (v, g, bg, b) = (m.Values("v").ToArray(), m.Values("nmda").ToArray(), m.Values("nmda_g").ToArray(), m.Values("nmda_block").ToArray());
        Assert.Equal(0.0796433, b[0], 6); // B(-60 mV) = 1 / (1 + exp(60 / 16.13) / 3.57)
        for (int s = 0; s < v.Length; s++)
        {
            double factor = MagnesiumBlockSpec.JahrStevens.Factor(v[s]);
            Assert.True(Math.Abs(b[s] - factor) < 1e-6, $"step {s}: B {b[s]} against {factor}");
            Assert.True(Math.Abs(bg[s] - factor * g[s]) < 1e-6 * Math.Max(1, g[s]), $"step {s}: B g {bg[s]} against {factor * g[s]}");
        }
        Assert.True(bg.Max() > 0.15f, "the blocked conductance should rise after the spike");
    }

    [Fact]
    public void PortsSpec_ValidationSentences_AndGeGiNotRecordable()
    {
        var cell = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("ge", 2, 0)] };
        var e = Assert.Throws<InvalidOptionException>(cell.Validate);
        Assert.Contains("Ports[0].Name", e.Message);
        Assert.Contains("repeats the name 'ge'", e.Message);
        var rise = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("a", 2, 0) { RiseMs = 3 }] };
        Assert.Contains("must be at most the port's decayMs (2)", Assert.Throws<InvalidOptionException>(rise.Validate).Message);
        var blocked = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("n", 2, 0) { Block = MagnesiumBlockSpec.JahrStevens }, new SynapticPortSpec("n_g", 3, 0)] };
        Assert.Contains("gives the blocked port's recorded name 'n_g'", Assert.Throws<InvalidOptionException>(blocked.Validate).Message);
        var ok = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("ampa", 2, 0), new SynapticPortSpec("nmda", 20, 0) { Block = MagnesiumBlockSpec.JahrStevens }] };
        Assert.Equal(["v", "ampa", "nmda", "nmda_g", "nmda_block"], NeuronModels.StateVariables(ok));
    }

    private static NetworkSpec OnePortNetwork(int port) => new()
    {
        Populations =
        [
            new PopulationSpec { Name = "src", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [1.0] } },
            new PopulationSpec { Name = "n", Count = 3, Model = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("ampa", 2, 0), new SynapticPortSpec("gaba", 8, -75)] } },
        ],
        Projections = [new ProjectionSpec { Name = "drive", Source = "src", Target = "n", Port = port, Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(1) }],
    };

    [Theory]
    [InlineData(0, "projection \"drive\" ($.projections[0].port) is missing: 'n' is a conductanceLif population with 2 synaptic ports, so its inputs name one (1 to 2).")]
    [InlineData(3, "projection \"drive\" ($.projections[0].port) is 3, but 'n' is a conductanceLif population with 2 synaptic ports (1 to 2).")]
    public void Projection_MissingOrOutOfRangePort_IsNamed(int port, string message)
    {
        var e = Assert.ThrowsAny<Exception>(() => OnePortNetwork(port).Validate());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Json_RoundTrip_KeepsThePorts_AndAReceptorlessProjectionReadsAsThePortsLabel()
    {
        var spec = OnePortNetwork(2);
        using var dir = new NeuroSharp.Testing.TempDirectory();
        string path = dir.File("net.json");
        NetworkFile.Save(path, spec);
        string text = File.ReadAllText(path);
        Assert.Contains("\"ports\"", text);
        var back = NetworkFile.Load(path);
        Assert.Equal(spec.Populations[1].Model, back.Populations[1].Model);
        Assert.Equal(2, back.Projections[0].Port);
        // Without "receptor", a projection onto port 2 (E -75 mV below rest -60 mV) reads as inhibitory.
        File.WriteAllText(path, text.Replace("\"receptor\": \"excitatory\",", "", StringComparison.Ordinal));
        Assert.Equal(Receptor.Inhibitory, NetworkFile.Load(path).Projections[0].Receptor);
    }

    /// <summary>
    /// A conductance port (tau 2, rise 0.5, E 0 mV, w 0.5 at 2 ms) and a current port (an alpha of tau 5 ms, w 3 mV at 5 ms; PyNN's
    /// alphaCurrSynapse) on one cell, in either order: the double loop of the documented scheme with I_p in G E only
    /// (G = 1 + g_a, E = (E_L + g_a E_a + I_p) / G), within 2e-4 mV as the conductance ports' loop.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CurrentPort_BesideAConductancePort_AddsItsCurrentToTheDrive_AsADoubleLoop(bool currentFirst)
    {
        var ampa = new SynapticPortSpec("ampa", 2, 0) { RiseMs = 0.5 };
        var icur = new SynapticPortSpec("icur", 5, 0) { RiseMs = 5, Current = true };
        var cell = ConductanceLifNeuronSpec.Coba with { ThresholdMv = 100, RestMv = -60, ResetMv = -60, Ports = currentFirst ? [icur, ampa] : [ampa, icur] };
        int portA = currentFirst ? 2 : 1, portI = currentFirst ? 1 : 2;
        var spec = PortNetworks.TwoSpikesOntoTwoPorts(cell, 0.5, 3, ["v", "ampa", "icur"], spikes: false, firstPort: portA, secondPort: portI);
        Assert.Equal("mV", NeuronModels.StateVariableUnit(cell, "icur"));
        var engine = new SpikingEngine(spec);
        engine.Run(600);
        var m = engine.StateMonitors[0];
        var v = m.Values("v").ToArray();
        int arriveA = Array.FindIndex(m.Values("ampa").ToArray(), x => x > 0), arriveI = Array.FindIndex(m.Values("icur").ToArray(), x => x > 0);
        Assert.InRange(arriveI, 49, 52);
        const double dt = 0.1, tauM = 20, el = -60;
        double ga = 0, ha = 0, ip = 0, hi = 0, vv = el, worst = 0, peak = el;
        for (int s = 0; s < v.Length; s++)
        {
            double G = 1 + ga, eq = (el + ga * 0 + ip) / G;
            vv = eq + (vv - eq) * Math.Exp(-G * dt / tauM);
            ga = ga * Math.Exp(-dt / 2) + RiseChannel.Gain(0.5, 2, dt) * ha;
            ha *= Math.Exp(-dt / 0.5);
            ip = ip * Math.Exp(-dt / 5) + RiseChannel.Gain(5, 5, dt) * hi;
            hi *= Math.Exp(-dt / 5);
            if (s == arriveA - 1) ha += 0.5;
            if (s == arriveI - 1) hi += 3;
            worst = Math.Max(worst, Math.Abs(v[s] - vv));
            peak = Math.Max(peak, vv);
        }
        // The alpha current peaks at 3 mV (x g_L) 5 ms after its spike; v rises by most of it (tau_m 20 ms).
        Assert.InRange(m.Values("icur").ToArray().Max(), 2.99f, 3.0001f);
        Assert.True(peak > el + 1, $"the PSP peaks at {peak} mV");
        Assert.True(worst < 2e-4, $"largest difference {worst} mV");
    }

    [Fact]
    public void CurrentPort_ValidationSentences_AndJsonRoundTrip()
    {
        var blocked = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("i", 2, 0) { Current = true, Block = MagnesiumBlockSpec.JahrStevens }] };
        Assert.Contains("Ports[0].Block is set on a current port", Assert.Throws<InvalidOptionException>(blocked.Validate).Message);
        var hh = new HodgkinHuxleyNeuronSpec { Ports = [new SynapticPortSpec("i", 2, 0) { Current = true }] };
        Assert.Contains("Ports[0].Current is true, but only conductanceLif populations have current ports", Assert.Throws<InvalidOptionException>(hh.Validate).Message);
        var izh = Izhikevich2007NeuronSpec.RegularSpiking with { Ports = [new SynapticPortSpec("i", 2, 0) { Current = true }] };
        Assert.Contains("only conductanceLif populations have current ports", Assert.Throws<InvalidOptionException>(izh.Validate).Message);

        var spec = OnePortNetwork(2);
        var cell = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("ampa", 2, 0), new SynapticPortSpec("icur", 8, 0) { RiseMs = 8, Current = true }] };
        spec = spec with { Populations = [spec.Populations[0], spec.Populations[1] with { Model = cell }] };
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"current\": true", json);
        Assert.Equal(cell, NetworkFile.Parse(json).Populations[1].Model);
        var e = Assert.ThrowsAny<InvalidInputException>(() => NetworkFile.Parse(json.Replace("\"current\": true", "\"current\": true, \"reversalMv\": 0", StringComparison.Ordinal)));
        Assert.Contains("population \"n\" ($.populations[1].params.ports[1].reversalMv) is given on a current port (\"current\": true), whose current has no reversal potential; remove one of the two.", e.Message);
    }
}
