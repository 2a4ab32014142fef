using System.Xml.Linq;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>JSON -> NeuroML -> JSON and NeuroML -> JSON -> NeuroML give the same network.</summary>
public class NeuroMlRoundTripTests
{
    /// <summary>Every element the export writes: both LIF channel shapes, AdEx, a Poisson source, delays, gap junctions, pulses (ending and endless) and Poisson drive.</summary>
    private static NetworkSpec Everything() => new()
    {
        Name = "everything",
        Description = "round trip",
        DtMs = 0.05,
        DurationMs = 200,
        Populations =
        [
            new PopulationSpec
            {
                Name = "exc", Count = 3, Kind = NeuronKind.Excitatory, Color = "#4e79a7", X = 1.5, Y = -2,
                Model = new ConductanceLifNeuronSpec { TauMs = 17.5, RestMv = -60, ResetMv = -65, ThresholdMv = -50, RefractoryMs = 2, TauExcMs = 5, RiseExcMs = 1, TauInhMs = 10, RiseInhMs = 10, InhReversalMv = -75 },
            },
            new PopulationSpec { Name = "inh", Count = 2, Model = new ConductanceLifNeuronSpec { RestMv = -60, ResetMv = -60, RefractoryMs = 0 } },
            new PopulationSpec { Name = "ad", Count = 1, Model = AdExNeuronSpec.Adapting },
            new PopulationSpec { Name = "src", Count = 4, Model = new PoissonSourceSpec { RateHz = 12.5 } },
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Name = "src_exc", Source = "src", Target = "exc", Receptor = Receptor.Excitatory,
                Connectivity = new ExplicitConnectivity { Sources = [0, 1, 3], Targets = [0, 2, 2], Weights = [0.25, 0.5, 1.75], DelaysMs = [0, 1.5, 3] },
            },
            new ProjectionSpec
            {
                Name = "inh_exc", Source = "inh", Target = "exc", Receptor = Receptor.Inhibitory,
                Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [1, 1] }, Weight = DistributionSpec.Constant(0.125),
            },
        ],
        GapJunctions =
        [
            new GapJunctionSpec { Name = "gap", Source = "exc", Target = "inh", Connectivity = new ExplicitConnectivity { Sources = [0, 2], Targets = [1, 0], Weights = [0.3, 0.05] } },
        ],
        Inputs =
        [
            new CurrentInputSpec { Target = "exc", Indices = [0, 2], Amplitude = 12.5, StartMs = 10, StopMs = 60 },
            new CurrentInputSpec { Target = "inh", Amplitude = 3, StartMs = 0 },
            new CurrentInputSpec { Target = "ad", Amplitude = 500, StartMs = 5, StopMs = 150 },
            new PoissonInputSpec { Target = "inh", Indices = [1], RateHz = 40, Weight = 0.2, Receptor = Receptor.Excitatory },
        ],
    };

    [Fact]
    public void JsonToNeuroMlToJson_EveryExportedElement_GivesAnEqualNetwork()
    {
        using var dir = new TempDirectory();
        var spec = Everything();
        spec.Validate();
        string nml = dir.File("everything.net.nml");
        NeuroMlFile.Save(nml, spec);
        var back = NeuroMlFile.Load(nml);
        Assert.Equal(NetworkFile.ToJson(spec), NetworkFile.ToJson(back));
    }

    [Fact]
    public void NeuroMlToJsonToNeuroMl_LevelB_GivesAnEqualDocument()
    {
        // Semantically equal: the re-exported document describes the same network (same cells, channels,
        // connections, weights, delays, gap junctions and inputs in the engine's units) as the original.
        using var dir = new TempDirectory();
        var first = NeuroMlFile.Load(NeuroMlFixtures.WriteLevelB(dir.Path));
        string json = dir.File("levelB.json");
        NetworkFile.Save(json, first);
        string again = dir.File("again.net.nml");
        NeuroMlFile.Save(again, NetworkFile.Load(json));
        var second = NeuroMlFile.Load(again);
        Assert.Equal(NetworkFile.ToJson(first), NetworkFile.ToJson(second));
        // And the document keeps the elements of the original.
        var doc = XDocument.Load(again);
        string[] names = [.. doc.Root!.Elements().Select(e => e.Name.LocalName).Distinct()];
        Assert.Contains("iafCell", names);
        Assert.Contains("iafRefCell", names);
        Assert.Contains("expTwoSynapse", names);
        Assert.Contains("alphaSynapse", names);
        Assert.Contains("gapJunction", names);
        Assert.Contains("pulseGenerator", names);
        Assert.Contains("poissonFiringSynapse", names);
    }

    [Fact]
    public void Export_RandomConnectivity_ListsTheSynapsesTheEngineBuilds()
    {
        var spec = new NetworkSpec
        {
            Populations =
            [
                new PopulationSpec { Name = "a", Count = 20, Model = new ConductanceLifNeuronSpec { RestMv = -60, ResetMv = -60 } },
            ],
            Projections = [new ProjectionSpec { Name = "aa", Source = "a", Target = "a", Connectivity = new FixedProbabilityConnectivity { Probability = 0.2 }, Weight = DistributionSpec.Constant(0.5) }],
        };
        var engine = new NeuroSharp.Spiking.Simulation.SpikingEngine(spec, new NeuroSharp.Spiking.Simulation.SimulationOptions { Seed = 7 });
        var built = engine.GetProjection("aa");
        var doc = XDocument.Parse(NeuroMlFile.ToText(spec, seed: 7));
        var connections = doc.Descendants().Where(e => e.Name.LocalName == "connectionWD").ToList();
        Assert.Equal(built.Targets.Length, connections.Count);
        Assert.True(connections.Count > 0);
    }

    [Fact]
    public void Export_Plasticity_RefusedWithItsPath()
    {
        var spec = Everything() with
        {
            Projections = [Everything().Projections[0] with { Stdp = new StdpRuleSpec() }],
        };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(spec));
        Assert.Contains("$.projections[0]", ex.Message);
        Assert.Contains("plasticity", ex.Message);
    }

    [Fact]
    public void Export_StartNotAtRest_WritesPyNnCellWithVInit_AndANonConstantStartIsRefused()
    {
        // NeuroML's iafCell starts at its leakReversal; a LIF that starts at its reset (-65, rest -60) that receives synapses is PyNN's IF_cond_exp with v_init.
        var spec = Everything();
        var atReset = spec with { Populations = [spec.Populations[0] with { Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-65) } }, .. spec.Populations.Skip(1)] };
        var cell = XDocument.Parse(NeuroMlFile.ToText(atReset)).Root!.Elements().Single(e => (string?)e.Attribute("id") == "exc_cell");
        Assert.Equal("IF_cond_exp", cell.Name.LocalName);
        Assert.Equal("-65", (string?)cell.Attribute("v_init"));
        Assert.Equal("iafRefCell", XDocument.Parse(NeuroMlFile.ToText(spec)).Root!.Elements().Single(e => (string?)e.Attribute("id") == "exc_cell").Name.LocalName);
        var drawn = spec with { Populations = [spec.Populations[0] with { Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -60) } }, .. spec.Populations.Skip(1)] };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(drawn));
        Assert.StartsWith("$.populations[0].initial: NeuroML's integrate-and-fire cells start every cell at one v", ex.Message);
    }
}
