using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The hh model's synaptic ports and NMDA's magnesium block (docs/spiking-hh.md, "Synaptic ports"): ports equal to ge and gi give
/// the same spikes (planted), a third port with its own reversal and a blocked port against a double-precision loop of the same
/// scheme, the block's known values, validation sentences, and the JSON round trip.
/// </summary>
public class HodgkinHuxleyPortsTests
{
    /// <summary>COBAHH, 4 200 + 800 neurons (two blocks, so threads split the work), driven by Poisson inputs instead of initial conductances.</summary>
    private static NetworkSpec Cobahh(bool ports, double riseExcMs)
    {
        var spec = NetworkFile.Load(Path.Combine(NeuroSharp.Testing.RepositoryRoot.Path, "examples", "networks", "cobahh.json"));
        var cell = HodgkinHuxleyNeuronSpec.TraubMiles with { RefractoryMs = 3, RiseExcMs = riseExcMs };
        var model = ports
            ? cell with
            {
                Ports = [new SynapticPortSpec("ampa", cell.TauExcMs, cell.ExcReversalMv) { RiseMs = riseExcMs }, new SynapticPortSpec("gaba", cell.TauInhMs, cell.InhReversalMv)],
            }
            : cell;
        int Port(Receptor r) => ports ? (r == Receptor.Excitatory ? 1 : 2) : 0;
        var init = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Normal(-65, 5) };
        return spec with
        {
            DurationMs = null,
            Populations =
            [
                spec.Populations[0] with { Count = 4200, Model = model, Initial = init },
                spec.Populations[1] with { Count = 800, Model = model, Initial = init },
            ],
            Projections = [.. spec.Projections.Select(p => p with { Port = Port(p.Receptor) })],
            Inputs =
            [
                new PoissonInputSpec { Target = "exc", SourceCount = 20, RateHz = 50, Weight = 6, Port = Port(Receptor.Excitatory) },
                new PoissonInputSpec { Target = "inh", SourceCount = 20, RateHz = 50, Weight = 6, Port = Port(Receptor.Excitatory) },
            ],
        };
    }

    private static string Spikes(NetworkSpec spec, int threads, int steps = 600)
    {
        var e = new SpikingEngine(spec, new SimulationOptions { Seed = 5, Threads = threads });
        e.Run(steps);
        return string.Join(",", e.SpikeMonitors.SelectMany(m => m.Steps.ToArray().Zip(m.Neurons.ToArray(), (s, i) => $"{s}:{i}")));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Ports_EqualToGeAndGi_SameSpikes_AtAnyThreadCount(double riseExcMs)
    {
        string channels = Spikes(Cobahh(false, riseExcMs), 1);
        Assert.True(channels.Length > 1000, "the network should fire within 60 ms");
        var ports = Cobahh(true, riseExcMs);
        Assert.Equal(channels, Spikes(ports, 1));
        Assert.Equal(channels, Spikes(ports, 2));
        Assert.Equal(channels, Spikes(ports, 4));
    }

    /// <summary>A passive cell (leak 10 nS at -60 mV, 200 pF) with three ports, one spike onto the given port; records v and every port.</summary>
    private static (float[] V, float[] G, SpikingEngine Engine) OneEpsp(int port, double weight, MagnesiumBlockSpec? block = null, int steps = 400)
    {
        var cell = new HodgkinHuxleyNeuronSpec
        {
            Channels = [IonChannelSpec.Passive("leak", 10, -60)], InitialMv = -60, SpikeThresholdMv = 100,
            Ports =
            [
                new SynapticPortSpec("ampa", 2, 0),
                new SynapticPortSpec("gaba", 10, -80),
                new SynapticPortSpec("nmda", 50, -20) { RiseMs = 5, Block = block },
            ],
        };
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "src", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [2.0] } },
                new PopulationSpec { Name = "n", Count = 1, Model = cell },
            ],
            Projections = [new ProjectionSpec { Source = "src", Target = "n", Port = port, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(weight) }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v", "ampa", "gaba", "nmda"] }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(steps);
        var m = engine.StateMonitors[0];
        return (m.Values("v").ToArray(), m.Values(cell.Ports[port - 1].Name).ToArray(), engine);
    }

    /// <summary>
    /// From the recorded state just after the spike's arrival, a double loop of the documented scheme: G = g_L + B(v) g,
    /// v' = v_inf + (v - v_inf) exp(-dt G / C), g' = g exp(-dt / tau) + K h, h' = h exp(-dt / tau_r); the float engine within 2e-4 mV.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThirdPort_OwnReversalRiseAndBlock_MatchesADoubleLoop(bool blocked)
    {
        var block = blocked ? MagnesiumBlockSpec.JahrStevens : null;
        var (v, g, engine) = OneEpsp(3, 20, block);
        Assert.All(engine.StateMonitors[0].Values("ampa").ToArray(), x => Assert.Equal(0f, x));
        Assert.All(engine.StateMonitors[0].Values("gaba").ToArray(), x => Assert.Equal(0f, x));
        int a = Array.FindIndex(g, x => x > 0);
        Assert.InRange(a, 15, 30);
        // The conductance reaches its peak of about the weight, 20 nS (a difference of exponentials normalised to peak w).
        Assert.InRange(g.Max(), 19.9f, 20.0001f);
        // The double loop, from the state recorded at step a + 1 (no arrival after it): h there follows from g's own recursion.
        double dt = 0.1, c = 200, gl = 10, el = -60, er = -20, tau = 50, rise = 5;
        double keep = Math.Exp(-dt / rise), decay = Math.Exp(-dt / tau), k = RiseChannel.Gain(rise, tau, dt);
        int s0 = a + 1;
        double gg = g[s0], h = (g[s0 + 1] - g[s0] * decay) / k, vv = v[s0];
        double peak = vv;
        for (int s = s0 + 1; s < v.Length; s++)
        {
            double b = block?.Factor(vv) ?? 1;
            double G = gl + b * gg, vinf = (gl * el + b * gg * er) / G;
            vv = vinf + (vv - vinf) * Math.Exp(-dt * G / c);
            gg = gg * decay + k * h;
            h *= keep;
            peak = Math.Max(peak, vv);
            Assert.True(Math.Abs(v[s] - vv) < 2e-4, $"step {s}: engine {v[s]} mV, double loop {vv} mV");
        }
        // Depolarising toward E = -20 mV but never past it; the block makes the EPSP smaller (B(-60) is about 0.08).
        Assert.InRange(peak, -59.9, -20);
        if (blocked)
        {
            var (free, _, _) = OneEpsp(3, 20, null);
            Assert.True(v.Max() - (-60) < 0.2 * (free.Max() - (-60)), $"blocked EPSP {v.Max() + 60} mV vs unblocked {free.Max() + 60} mV");
        }
    }

    [Theory]
    [InlineData(-80.0)]
    [InlineData(-60.0)]
    [InlineData(-20.0)]
    [InlineData(0.0)]
    [InlineData(40.0)]
    public void Block_KnownValues_JahrStevens(double v)
    {
        // Jahr and Stevens 1990: B(v) = 1 / (1 + [Mg] / 3.57 mM exp(-0.062 v)) at 1 mM, with 1 / 16.13 mV ~ 0.062 per mV.
        double expected = 1 / (1 + 1 / 3.57 * Math.Exp(-v / 16.13));
        Assert.Equal(expected, MagnesiumBlockSpec.JahrStevens.Factor(v), 14);
        // Hand values: B(0) = 1 / (1 + 1/3.57) = 0.78118...; B(-60) = 1 / (1 + exp(3.7198) / 3.57) = 0.079643...
        if (v == 0) Assert.Equal(0.781182, MagnesiumBlockSpec.JahrStevens.Factor(v), 6);
        if (v == -60) Assert.Equal(0.079643, MagnesiumBlockSpec.JahrStevens.Factor(v), 6);
        Assert.Equal(1.0, new MagnesiumBlockSpec(0, 3.57, 16.13).Factor(v));
    }

    [Fact]
    public void Block_InTheEngine_ScalesTheConductanceAtTheStartOfStepV()
    {
        // One step from a held conductance: with the block, G = g_L + B(v0) g exactly as the double formula at v0 = -60 mV.
        var (vb, gb, _) = OneEpsp(3, 20, MagnesiumBlockSpec.JahrStevens, 60);
        int a = Array.FindIndex(gb, x => x > 0);
        double b = MagnesiumBlockSpec.JahrStevens.Factor(vb[a]);
        double G = 10 + b * gb[a], vinf = (10 * -60 + b * gb[a] * -20) / G;
        double next = vinf + (vb[a] - vinf) * Math.Exp(-0.1 * G / 200);
        Assert.Equal(next, vb[a + 1], 4);
    }

    /// <summary>
    /// A blocked port is recorded as PORT_block = B(v) and PORT_g = B(v) g_p from the state after each step (v and g_p of the same
    /// row): known values of the Jahr-Stevens block at the recorded v, within float rounding; an unblocked port has neither.
    /// </summary>
    [Fact]
    public void BlockedPort_RecordsBlockAndBlockedConductance_AtTheRecordedV()
    {
        var (v, g, engine) = OneEpsp(3, 20, MagnesiumBlockSpec.JahrStevens);
        var monitored = new SpikingEngine(engine.Spec with { Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v", "nmda", "nmda_g", "nmda_block"] }] });
        // At the start (before any step): v = -60 mV, B(-60) = 0.079643 (Block_KnownValues_JahrStevens), g = 0.
        Assert.Equal(0.079643f, monitored.GetVariable("n", "nmda_block")[0], 5);
        Assert.Equal(0f, monitored.GetVariable("n", "nmda_g")[0]);
        monitored.Run(400);
        var m = monitored.StateMonitors[0];
        var (b, gb) = (m.Values("nmda_block").ToArray(), m.Values("nmda_g").ToArray());
        Assert.Equal(v, m.Values("v").ToArray());
        Assert.Equal(g, m.Values("nmda").ToArray());
        Assert.True(g.Max() > 19, "the spike should reach the port");
        for (int s = 0; s < v.Length; s++)
        {
            double expected = MagnesiumBlockSpec.JahrStevens.Factor(v[s]);
            Assert.True(Math.Abs(b[s] - expected) < 1e-6, $"step {s}: B {b[s]}, B(v = {v[s]}) = {expected}");
            Assert.True(Math.Abs(gb[s] - expected * g[s]) < 1e-5 * Math.Max(1, g[s]), $"step {s}: B g {gb[s]}, expected {expected * g[s]}");
        }
        Assert.Contains("nmda_g", NeuronModels.StateVariables(engine.Spec.Populations[1].Model));
        Assert.DoesNotContain("ampa_g", NeuronModels.StateVariables(engine.Spec.Populations[1].Model));
        Assert.Throws<ArgumentException>(() => monitored.GetVariable("n", "ampa_block"));
    }

    [Fact]
    public void BlockedPort_RecordedGAndBlock_SameAtAnyThreadCount()
    {
        // 5 000 cells (two blocks) on a blocked port fed by Poisson trains: the recorded B g is the same at 1, 2 and 4 threads.
        var cell = HodgkinHuxleyNeuronSpec.TraubMiles with { Ports = [new SynapticPortSpec("nmda", 20, 0) { RiseMs = 2, Block = MagnesiumBlockSpec.JahrStevens }] };
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations = [new PopulationSpec { Name = "n", Count = 5000, Model = cell, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Normal(-65, 5) } }],
            Inputs = [new PoissonInputSpec { Target = "n", SourceCount = 20, RateHz = 100, Weight = 20, Port = 1 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["nmda_block", "nmda_g"], Indices = [0, 1, 4095, 4096, 4999] }],
        };
        float[] Trace(int threads)
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = threads });
            e.Run(200);
            return [.. e.StateMonitors[0].Values("nmda_g").ToArray(), .. e.StateMonitors[0].Values("nmda_block").ToArray()];
        }
        var one = Trace(1);
        Assert.True(one.Max() > 1, "the Poisson drive should open the port");
        Assert.Equal(one, Trace(2));
        Assert.Equal(one, Trace(4));
    }

    [Fact]
    public void Validation_BlockedPortNames_AreTakenAndHaveNoInitialValue()
    {
        var cell = HodgkinHuxleyNeuronSpec.TraubMiles with
        {
            Ports = [new SynapticPortSpec("nmda", 20, 0) { Block = MagnesiumBlockSpec.JahrStevens }, new SynapticPortSpec("nmda_g", 5, 0)],
        };
        var e = Assert.Throws<InvalidOptionException>(cell.Validate);
        Assert.Contains("gives the blocked port's recorded name 'nmda_g', which another port, a gate, a pool or a channel's current already has", e.Message);
        var ok = cell with { Ports = [cell.Ports[0]] };
        var spec = new NetworkSpec
        {
            Populations = [new PopulationSpec { Name = "n", Count = 1, Model = ok, Initial = new Dictionary<string, DistributionSpec> { ["nmda_block"] = DistributionSpec.Constant(1) } }],
        };
        var bad = Assert.Throws<InvalidInputException>(spec.Validate);
        Assert.Contains("initial.nmda_block", bad.Message);
        Assert.Contains("is not a state variable of model 'hh'", bad.Message);
    }

    private static NetworkSpec WithPorts(int port, int ports = 3) => new()
    {
        Populations =
        [
            new PopulationSpec { Name = "src", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [1.0] } },
            new PopulationSpec
            {
                Name = "n", Count = 1,
                Model = HodgkinHuxleyNeuronSpec.TraubMiles with { Ports = [.. Enumerable.Range(0, ports).Select(p => new SynapticPortSpec($"p{p + 1}", 5, 0))] },
            },
        ],
        Projections = [new ProjectionSpec { Name = "drive", Source = "src", Target = "n", Port = port, Connectivity = new OneToOneConnectivity() }],
    };

    [Theory]
    [InlineData(0, "projection \"drive\" ($.projections[0].port) is missing: 'n' is an hh population with 3 synaptic ports, so its inputs name one (1 to 3).")]
    [InlineData(4, "projection \"drive\" ($.projections[0].port) is 4, but 'n' is an hh population with 3 synaptic ports (1 to 3).")]
    public void Validation_PortOutOfRange_NamesTheProjectionAndThePortCount(int port, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => WithPorts(port).Validate());
        Assert.Equal(expected, e.Message);
        WithPorts(3).Validate();
    }

    [Fact]
    public void Validation_PortOnAnHhWithoutPorts_IsRefused()
    {
        var e = Assert.Throws<InvalidInputException>(() => WithPorts(1, 0).Validate());
        Assert.Contains("($.projections[0].port) is 1, but 'n' is", e.Message);
        Assert.Contains("which has no receptor ports (leave port out).", e.Message);
    }

    private static string Network(string ports) =>
        $$$"""{"format": "neurosharp.network", "version": 1, "populations": [{"name": "p", "count": 2, "model": "hh", "preset": "traubMiles", "params": {"ports": {{{ports}}}}}]}""";

    [Fact]
    public void Json_RoundTrip_ReadBackEqual()
    {
        var model = HodgkinHuxleyNeuronSpec.TraubMiles with
        {
            Ports =
            [
                new SynapticPortSpec("ampa", 2, 0), new SynapticPortSpec("nmda", 80, 0) { RiseMs = 3, Block = MagnesiumBlockSpec.JahrStevens },
                new SynapticPortSpec("gabaA", 8, -75), new SynapticPortSpec("gabaB", 150, -95) { RiseMs = 40 },
            ],
        };
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 3, Model = model }] };
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"ports\"", json);
        Assert.Contains("\"scalingVoltageMv\": 16.13", json);
        var read = NetworkFile.Parse(json, "hh.json");
        Assert.Equal(model, read.Populations[0].Model);
        Assert.Equal(json, NetworkFile.ToJson(read));
        Assert.NotEqual(HodgkinHuxleyNeuronSpec.TraubMiles, read.Populations[0].Model);
        // Without ports nothing is written.
        Assert.DoesNotContain("\"ports\"", NetworkFile.ToJson(new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 3, Model = HodgkinHuxleyNeuronSpec.TraubMiles }] }));
    }

    private static string WithProjections(string projections) =>
        """
        {"format": "neurosharp.network", "version": 1, "populations": [{"name": "src", "count": 2, "model": "poisson", "params": {"rateHz": 50}},
          {"name": "p", "count": 2, "model": "hh", "preset": "traubMiles", "params": {"ports": [{"name": "ampa", "decayMs": 2, "reversalMv": 0}, {"name": "gabaA", "decayMs": 8, "reversalMv": -75}]}},
          {"name": "q", "count": 2, "model": "hh", "preset": "traubMiles"}],
          "projections": [
        """ + projections + "]}";

    /// <summary>
    /// A projection onto an hh port may leave out receptor (only a label there; the port's reversal gives the sign): read as
    /// excitatory onto a port with E_p at or above initialMv (-65 mV), inhibitory below; it is written back, so read(write(x)) == x,
    /// and the spikes are those of the same file with the receptor written out. Onto a population without ports it is still needed.
    /// </summary>
    [Fact]
    public void Json_ReceptorOptionalOntoAPort_ReadAsThePortsLabel()
    {
        string bare = WithProjections("""
            {"name": "a", "source": "src", "target": "p", "port": 1, "connectivity": {"rule": "allToAll"}, "weight": 3},
            {"name": "b", "source": "src", "target": "p", "port": 2, "connectivity": {"rule": "allToAll"}, "weight": 3}
            """);
        var spec = NetworkFile.Parse(bare, "net.json");
        Assert.Equal([Receptor.Excitatory, Receptor.Inhibitory], spec.Projections.Select(p => p.Receptor));
        spec.Validate();
        string json = NetworkFile.ToJson(spec);
        Assert.Equal(json, NetworkFile.ToJson(NetworkFile.Parse(json, "net.json")));
        Assert.Equal(spec.Projections, NetworkFile.Parse(json, "net.json").Projections);
        var labelled = NetworkFile.Parse(WithProjections("""
            {"name": "a", "source": "src", "target": "p", "receptor": "excitatory", "port": 1, "connectivity": {"rule": "allToAll"}, "weight": 3},
            {"name": "b", "source": "src", "target": "p", "receptor": "inhibitory", "port": 2, "connectivity": {"rule": "allToAll"}, "weight": 3}
            """), "net.json");
        Assert.Equal(labelled.Projections, spec.Projections);
        Assert.Equal(NetworkFile.ToJson(labelled), json);
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(WithProjections("""{"source": "src", "target": "q", "connectivity": {"rule": "allToAll"}, "weight": 3}"""), "net.json"));
        Assert.Contains("net.json: $.projections[0].receptor is missing (excitatory or inhibitory; it may be left out only onto a synaptic port of an hh, conductanceLif or izhikevich2007 population, whose reversal gives the sign).", e.Message);
        var bad = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(WithProjections("""{"source": "src", "target": "p", "port": 3, "connectivity": {"rule": "allToAll"}, "weight": 3}"""), "net.json"));
        Assert.Contains("is 3, but 'p' is an hh population with 2 synaptic ports (1 to 2).", bad.Message);
    }

    [Theory]
    [InlineData("[{\"name\": \"a\", \"reversalMv\": 0}]", "($.populations[0].params.ports[0].decayMs) is missing.")]
    [InlineData("[{\"name\": \"a\", \"decayMs\": -2, \"reversalMv\": 0}]", "population \"p\" ($.populations[0].params.ports[0].decayMs) must be > 0 (got -2).")]
    [InlineData("[{\"name\": \"a\", \"decayMs\": 2, \"riseMs\": 3, \"reversalMv\": 0}]", "population \"p\" ($.populations[0].params.ports[0].riseMs) must be at most the port's decayMs (2) (got 3).")]
    [InlineData("[{\"name\": \"a\", \"decayMs\": 2, \"reversalMv\": 0}, {\"name\": \"a\", \"decayMs\": 2, \"reversalMv\": 0}]", "($.populations[0].params.ports[1].name) repeats the name 'a'")]
    [InlineData("[{\"name\": \"na_m\", \"decayMs\": 2, \"reversalMv\": 0}]", "($.populations[0].params.ports[0].name) repeats the name 'na_m'")]
    [InlineData("[{\"name\": \"a\", \"decayMs\": 2, \"reversalMv\": 0, \"block\": {\"concentrationMm\": 1, \"scalingConcentrationMm\": 0, \"scalingVoltageMv\": 16}}]", "($.populations[0].params.ports[0].block.scalingConcentrationMm) must be > 0 (got 0).")]
    [InlineData("[{\"name\": \"a\", \"decayMs\": 2, \"reversalMv\": 0, \"block\": {\"concentrationMm\": 1, \"scalingConcentrationMm\": 3}}]", "($.populations[0].params.ports[0].block.scalingVoltageMv) is missing.")]
    [InlineData("[{\"name\": \"a\", \"decayMs\": 2, \"reversalMv\": 0, \"tauMs\": 3}]", "($.populations[0].params.ports[0].tauMs) is not a known field here")]
    [InlineData("{\"name\": \"a\"}", "($.populations[0].params.ports) must be an array of ports")]
    public void Json_BadPort_NamesTheJsonPath(string ports, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network(ports), "net.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Monitors_EachPortByName_GeAndGiNotRecordable()
    {
        var model = HodgkinHuxleyNeuronSpec.TraubMiles with { Ports = [new SynapticPortSpec("ampa", 2, 0), new SynapticPortSpec("nmda", 80, 0)] };
        var variables = NeuronModels.StateVariables(model);
        Assert.Contains("ampa", variables);
        Assert.Contains("nmda", variables);
        Assert.DoesNotContain("ge", variables);
        Assert.Contains("ge", NeuronModels.StateVariables(HodgkinHuxleyNeuronSpec.TraubMiles));
    }

    [Fact]
    public void Retune_PortNumbers_Taken_ButNotANewPortCount()
    {
        var (_, _, engine) = OneEpsp(1, 5, steps: 10);
        var model = (HodgkinHuxleyNeuronSpec)engine.Spec.Populations[1].Model;
        Assert.True(engine.CanSetModel("n", model with { Ports = [model.Ports[0] with { ReversalMv = -10 }, .. model.Ports.Skip(1)] }));
        Assert.False(engine.CanSetModel("n", model with { Ports = [.. model.Ports.Take(2)] }));
        Assert.False(engine.CanSetModel("n", model with { Ports = [.. model.Ports.Take(2), model.Ports[2] with { RiseMs = 2 }] }));
    }
}
