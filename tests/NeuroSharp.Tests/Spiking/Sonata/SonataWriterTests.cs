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
        ],
        Projections =
        [
            new ProjectionSpec { Source = "drive", Target = "exc", Connectivity = new FixedProbabilityConnectivity { Probability = 0.5 }, Weight = DistributionSpec.Uniform(2, 6), DelayMs = DistributionSpec.Constant(1.5) },
            new ProjectionSpec { Source = "exc", Target = "inh cells", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(0.05), DelayMs = DistributionSpec.Uniform(0.5, 3) },
            new ProjectionSpec { Source = "inh cells", Target = "exc", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 }, Weight = DistributionSpec.Constant(4), DelayMs = DistributionSpec.Constant(0.8) },
        ],
        Inputs =
        [
            new CurrentInputSpec { Target = "exc", Amplitude = 14.3 },
            new CurrentInputSpec { Target = "inh cells", Indices = [1, 3], Amplitude = 12.7, StartMs = 30, StopMs = 130.1 },
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
        var inputs = spec.Inputs.Cast<CurrentInputSpec>()
            .Select(i => $"{Index(i.Target)} {i.Amplitude:R} {i.StartMs:R}-{i.StopMs?.ToString("R")} [{string.Join(",", i.Indices ?? [])}]").Order(StringComparer.Ordinal).ToList();
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
        Assert.Equal(["drive_100", "exc_101", "inh_cells_102"], b.Populations.Select(p => p.Name));
        var (pa, sa, ia) = Canonical(a);
        var (pb, sb, ib) = Canonical(b);
        Assert.Equal(pa, pb);
        Assert.True(sa.Count > 100, $"only {sa.Count} synapses");
        Assert.Equal(sa, sb);
        Assert.Equal(ia, ib);
        Assert.Equal(200, b.DurationMs);
        var spikesA = Spikes(a);
        Assert.True(spikesA.Sum(s => s.Length) > 0);
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
        Assert.Contains("101 point_neuron nest:iaf_psc_alpha exc.json", File.ReadAllLines(dir.File("network/node_types.csv")));
        Assert.Contains("102 point_neuron nest:iaf_cond_exp inh_cells.json", File.ReadAllLines(dir.File("network/node_types.csv")));
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
    [InlineData("poisson", "$.inputs[2] is a PoissonInputSpec")]
    [InlineData("izhikevich", "$.populations[3] ('z') is a izhikevich population")]
    [InlineData("delay0", "synapse 0 has delay 0 ms, below the step 0.1 ms")]
    [InlineData("adaptive", "$.populations[1] ('exc') has an adaptive threshold")]
    public void SonataExport_WhatNestCannotSay_IsRefusedWithItsPath(string what, string expected)
    {
        using var dir = new TempDirectory();
        var n = Network();
        n = what switch
        {
            "poisson" => n with { Inputs = [.. n.Inputs, new PoissonInputSpec { Target = "exc", RateHz = 10, Weight = 1 }] },
            "izhikevich" => n with { Populations = [.. n.Populations, new PopulationSpec { Name = "z", Count = 1, Model = new IzhikevichNeuronSpec() }] },
            "delay0" => n with { Projections = [n.Projections[0] with { DelayMs = DistributionSpec.Constant(0) }] },
            _ => n with { Populations = [n.Populations[0], n.Populations[1] with { Model = ((LifNeuronSpec)n.Populations[1].Model) with { AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 1, TauMs = 100 } } }, n.Populations[2]] },
        };
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Save(dir.File("circuit_config.json"), n, Seed));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("circuit_config.json")));
    }
}
