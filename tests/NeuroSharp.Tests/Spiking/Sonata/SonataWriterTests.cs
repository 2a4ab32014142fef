using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Spiking.Sonata;
using NeuroSharp.Testing;
using PureHDF;

namespace NeuroSharp.Tests.Spiking.Sonata;

/// <summary>SONATA export: JSON -> SONATA -> JSON gives the same network (up to SONATA's population names) and identical spikes; refusals.</summary>
public class SonataWriterTests
{
    private const ulong Seed = 7;

    /// <summary>Spike sources, an alpha LIF (with I_e and random synapses), a conductance LIF with a windowed clamp on some neurons.</summary>
    private static NetworkSpec Network() => new()
    {
        Name = "roundtrip", DtMs = 0.1, DurationMs = 200,
        Populations =
        [
            new PopulationSpec { Name = "drive", Count = 3, Model = new SpikeTimesSourceSpec { Indices = [0, 1, 2, 0, 1], TimesMs = [0, 5.3, 10, 20.05, 41.7] } },
            new PopulationSpec
            {
                Name = "exc", Count = 20,
                Model = new LifNeuronSpec { TauMs = 20, RestMv = -65, ResetMv = -70, ThresholdMv = -50, RefractoryMs = 2, TauExcMs = 3, TauInhMs = 6, RiseExcMs = 3, RiseInhMs = 6 },
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-60) },
            },
            new PopulationSpec
            {
                Name = "inh cells", Count = 5,
                Model = new ConductanceLifNeuronSpec { TauMs = 10, RestMv = -60, ResetMv = -60, ThresholdMv = -50, RefractoryMs = 1.3, TauExcMs = 5, TauInhMs = 10, ExcReversalMv = 0, InhReversalMv = -80 },
            },
            new PopulationSpec
            {
                Name = "izh", Count = 6, Model = IzhikevichNeuronSpec.Chattering with { TauExcMs = 0, TauInhMs = 0 },
                Initial = new Dictionary<string, DistributionSpec> { ["u"] = DistributionSpec.Constant(-12) },
            },
            new PopulationSpec
            {
                Name = "adex", Count = 8,
                Model = AdExNeuronSpec.Adapting with { ExcReversalMv = 0, InhReversalMv = -80, TauExcMs = 3, TauInhMs = 8, RiseExcMs = 3, RiseInhMs = 8, RefractoryMs = 0.5 },
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-62), ["w"] = DistributionSpec.Constant(15) },
            },
            new PopulationSpec { Name = "adex delta", Count = 4, Model = AdExNeuronSpec.Tonic with { TauExcMs = 0, TauInhMs = 0 } },
            new PopulationSpec { Name = "adex exp", Count = 4, Model = AdExNeuronSpec.Tonic with { TauExcMs = 2, TauInhMs = 6 } },
            new PopulationSpec
            {
                Name = "lif delta", Count = 5, Model = new LifNeuronSpec { TauMs = 15, RestMv = -65, ResetMv = -68, ThresholdMv = -52, RefractoryMs = 2, TauExcMs = 0, TauInhMs = 0 },
            },
        ],
        Projections =
        [
            new ProjectionSpec { Source = "drive", Target = "exc", Connectivity = new FixedProbabilityConnectivity { Probability = 0.5 }, Weight = DistributionSpec.Uniform(2, 6), DelayMs = DistributionSpec.Constant(1.5) },
            new ProjectionSpec { Source = "exc", Target = "inh cells", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(0.05), DelayMs = DistributionSpec.Uniform(0.5, 3) },
            new ProjectionSpec { Source = "inh cells", Target = "exc", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 }, Weight = DistributionSpec.Constant(4), DelayMs = DistributionSpec.Constant(0.8) },
            // Delta inputs: a delay of 0 is one step earlier than NEST's smallest, which the one-step input's shift allows.
            new ProjectionSpec { Source = "exc", Target = "izh", Connectivity = new FixedProbabilityConnectivity { Probability = 0.4 }, Weight = DistributionSpec.Uniform(20, 60), DelayMs = DistributionSpec.Uniform(0, 2) },
            new ProjectionSpec { Source = "izh", Target = "adex", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(1.5), DelayMs = DistributionSpec.Constant(1) },
            new ProjectionSpec { Source = "inh cells", Target = "adex", Receptor = Receptor.Inhibitory, Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Uniform(1, 3), DelayMs = DistributionSpec.Constant(0.5) },
            new ProjectionSpec { Source = "adex", Target = "adex delta", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Uniform(1000, 3000), DelayMs = DistributionSpec.Constant(0.3) },
            new ProjectionSpec { Source = "izh", Target = "adex exp", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(150), DelayMs = DistributionSpec.Constant(0.7) },
            new ProjectionSpec { Source = "exc", Target = "lif delta", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.5 }, Weight = DistributionSpec.Uniform(1, 4), DelayMs = DistributionSpec.Constant(0) },
        ],
        Inputs =
        [
            new CurrentInputSpec { Target = "exc", Amplitude = 14.3 },
            new CurrentInputSpec { Target = "inh cells", Indices = [1, 3], Amplitude = 12.7, StartMs = 30, StopMs = 130.1 },
            new CurrentInputSpec { Target = "izh", Amplitude = 4 },
            new CurrentInputSpec { Target = "adex exp", Amplitude = 250, StartMs = 20, StopMs = 180 },
            new PoissonInputSpec { Target = "lif delta", SourceCount = 40, RateHz = 150, Weight = 100 },
            new PoissonInputSpec { Target = "adex delta", Indices = [0, 2, 2, 3], SourceCount = 1, RateHz = 400, Weight = 4000 },
            new PoissonInputSpec { Target = "adex", Receptor = Receptor.Inhibitory, SourceCount = 7, RateHz = 35.5, Weight = 0.6 },
        ],
    };

    /// <summary>The network without names: models, counts, initial values, every synapse, and the inputs, in a fixed order.</summary>
    private static (List<string> Populations, List<string> Synapses, List<string> Inputs) Canonical(NetworkSpec spec)
    {
        int Index(string name) => spec.Populations.ToList().FindIndex(p => p.Name == name);
        string Model(NeuronModelSpec m) => m is SpikeTimesSourceSpec s ? $"spikes {string.Join(",", s.Indices)} {string.Join(",", s.TimesMs.Select(t => t.ToString("R")))}" : m.ToString();
        var populations = spec.Populations.Select(p => $"{p.Count} {Model(p.Model)} v0={(p.Initial?.TryGetValue("v", out var v) == true ? v.Value.ToString("R") : "rest")}").ToList();
        var synapses = new List<string>();
        SpikingEngine? engine = null;
        foreach (var p in spec.Projections)
        {
            foreach (var (s, t, w, d) in NeuroMlWriter.Synapses(spec, p, Seed, ref engine))
                synapses.Add($"{Index(p.Source)}->{Index(p.Target)} {p.Receptor} {s}->{t} w={(float)w:R} steps={Math.Round(d / spec.DtMs)}");
        }
        synapses.Sort(StringComparer.Ordinal);
        var inputs = spec.Inputs.Select(i => i switch
        {
            CurrentInputSpec c => $"{Index(i.Target)} {c.Amplitude:R} {c.StartMs:R}-{c.StopMs?.ToString("R")} [{string.Join(",", i.Indices ?? [])}]",
            PoissonInputSpec p => $"{Index(i.Target)} poisson {p.SourceCount} x {p.RateHz:R} Hz w={p.Weight:R} {p.Receptor} [{string.Join(",", i.Indices ?? [])}]",
            _ => i.ToString(),
        }).Order(StringComparer.Ordinal).ToList();
        return (populations, synapses, inputs);
    }

    private static List<string> Spikes(NetworkSpec spec)
    {
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = Seed });
        engine.Run(2000);
        return [.. spec.Populations.Select(p =>
        {
            var m = engine.SpikeMonitors.Single(x => x.Target == p.Name);
            return string.Join(" ", m.Neurons.ToArray().Zip(m.TimesMs(), (n, t) => $"{n}@{t:R}"));
        })];
    }

    [Fact]
    public void JsonToSonataToJson_SameNetworkAndIdenticalSpikes()
    {
        using var dir = new TempDirectory();
        var a = Network();
        string config = Path.Combine(dir.Path, "out", "circuit_config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        NetworkFormats.Save(config, a, Seed);
        Assert.True(SonataFile.IsSonata(config));
        var b = NetworkFormats.Load(config);
        Assert.Equal(["drive_100", "exc_101", "inh_cells_102", "izh_103", "adex_104", "adex_delta_105", "adex_exp_106", "lif_delta_107"], b.Populations.Select(p => p.Name));
        var (pa, sa, ia) = Canonical(a);
        var (pb, sb, ib) = Canonical(b);
        Assert.Equal(pa, pb);
        Assert.True(sa.Count > 100, $"only {sa.Count} synapses");
        Assert.Equal(sa, sb);
        Assert.Equal(ia, ib);
        Assert.Equal(200, b.DurationMs);
        var spikesA = Spikes(a);
        Assert.True(spikesA.Skip(1).All(s => s.Length > 0), string.Join("\n", spikesA.Select(s => s.Length > 200 ? s[..200] : s))); // every model fires: the comparison covers each mapping
        Assert.Equal(spikesA, Spikes(b));
    }

    [Fact]
    public void SonataExport_WritesTheSpecsFilesWithTheirDatasets()
    {
        using var dir = new TempDirectory();
        string config = dir.File("circuit_config.json");
        SonataFile.Save(config, Network(), Seed);
        foreach (string f in new[] { "network/nodes.h5", "network/node_types.csv", "network/edges.h5", "network/edge_types.csv", "inputs/spikes.h5",
            "components/point_neuron_models/exc.json", "components/synaptic_models/static_synapse.json" })
            Assert.True(File.Exists(Path.Combine(dir.Path, f)), f);
        using var nodes = H5File.OpenRead(dir.File("network/nodes.h5"));
        foreach (string name in new[] { "node_type_id", "node_group_id", "node_group_index", "node_id" })
            Assert.Equal(20UL, nodes.Dataset($"/nodes/exc/{name}").Space.Dimensions[0]);
        var types = File.ReadAllLines(dir.File("network/node_types.csv"));
        Assert.Equal("node_type_id model_type model_template dynamics_params poisson_sources", types[0]);
        foreach (string line in new[] { "101 point_neuron nest:iaf_psc_alpha exc.json NULL", "102 point_neuron nest:iaf_cond_exp inh_cells.json NULL",
            "103 point_neuron nest:izhikevich izh.json NULL", "104 point_neuron nest:aeif_cond_alpha adex.json NULL", "105 point_neuron nest:aeif_psc_delta adex_delta.json NULL",
            "106 point_neuron nest:aeif_psc_exp adex_exp.json NULL", "107 point_neuron nest:iaf_psc_delta lif_delta.json NULL", "112 point_neuron nest:poisson_generator poisson_4.json 40" })
            Assert.Contains(line, types);
        Assert.Equal(6000.0, System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.File("components/point_neuron_models/poisson_4.json"))).RootElement.GetProperty("rate").GetDouble());
    }

    [Fact]
    public void SonataExport_ExistingConfig_IsRefused()
    {
        using var dir = new TempDirectory();
        string config = dir.File("circuit_config.json");
        SonataFile.Save(config, Network(), Seed);
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Save(config, Network(), Seed));
        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("condDelta", "$.populations[8] ('z') has conductance inputs with time constants of 0; NEST has no aeif_cond_delta")]
    [InlineData("izhikevich", "$.populations[8] ('z') has input time constants (5, 10 ms)")]
    [InlineData("source", "$.populations[8] ('z') is a poisson population")]
    [InlineData("mixed", "$.populations[8] ('z') has an input time constant of 0")]
    [InlineData("delay0", "synapse 0 has delay 0 ms, below the step 0.1 ms")]
    [InlineData("adaptive", "$.populations[1] ('exc') has an adaptive threshold")]
    [InlineData("deltaInputs", "$.populations[8] ('z') has deltaInputs")]
    public void SonataExport_WhatNestCannotSay_IsRefusedWithItsPath(string what, string expected)
    {
        using var dir = new TempDirectory();
        var n = Network();
        n = what switch
        {
            "condDelta" => n with { Populations = [.. n.Populations, new PopulationSpec { Name = "z", Count = 1, Model = new AdExNeuronSpec { TauExcMs = 0, TauInhMs = 0, ExcReversalMv = 0, InhReversalMv = -80 } }] },
            "izhikevich" => n with { Populations = [.. n.Populations, new PopulationSpec { Name = "z", Count = 1, Model = new IzhikevichNeuronSpec() }] },
            "source" => n with { Populations = [.. n.Populations, new PopulationSpec { Name = "z", Count = 1, Model = new PoissonSourceSpec() }] },
            "mixed" => n with { Populations = [.. n.Populations, new PopulationSpec { Name = "z", Count = 1, Model = new AdExNeuronSpec { TauExcMs = 0 } }] },
            "deltaInputs" => n with { Populations = [.. n.Populations, new PopulationSpec { Name = "z", Count = 1, Model = LifNeuronSpec.Brunel }] },
            "delay0" => n with { Projections = [n.Projections[0] with { DelayMs = DistributionSpec.Constant(0) }] },
            _ => n with { Populations = [.. n.Populations.Select((p, k) => k != 1 ? p : p with { Model = ((LifNeuronSpec)p.Model) with { AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 1, TauMs = 100 } } })] },
        };
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Save(dir.File("circuit_config.json"), n, Seed));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
        Assert.False(File.Exists(dir.File("circuit_config.json")));
    }
}
