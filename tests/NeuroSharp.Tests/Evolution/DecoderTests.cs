using NeuroSharp.Evolution;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

public class DecoderTests
{
    private static Genome Sample()
    {
        var nodes = new[]
        {
            new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Input, NeuronKind.Mixed),
            new NodeGene(2, NodeRole.Output, NeuronKind.Mixed),
            new NodeGene(3, NodeRole.Hidden, NeuronKind.Excitatory), new NodeGene(4, NodeRole.Hidden, NeuronKind.Inhibitory),
        };
        var links = new[]
        {
            new LinkGene(0, 0, 2, 1.5, 0, true),    // input 0 -> output, excitatory
            new LinkGene(1, 1, 2, -0.5, 2, true),   // input 1 -> output, inhibitory, 2 steps
            new LinkGene(2, 0, 3, 2.0, 0, true),    // input 0 -> hidden-exc 0
            new LinkGene(3, 3, 2, -1.0, 1, true),   // hidden-exc -> output: excitatory whatever the sign
            new LinkGene(4, 1, 4, 1.0, 0, true),    // input 1 -> hidden-inh 0
            new LinkGene(5, 4, 2, 3.0, 0, true),    // hidden-inh -> output: inhibitory
            new LinkGene(6, 1, 3, 9.0, 0, false),   // disabled: absent
        };
        return new Genome(7, nodes, links);
    }

    private static ProjectionSpec Proj(string s, string t, Receptor r, int[] src, int[] tgt, double[] w, double[] d) => new()
    {
        Name = $"{s}->{t}:{(r == Receptor.Inhibitory ? "inh" : "exc")}", Source = s, Target = t, Receptor = r,
        Connectivity = new ExplicitConnectivity { Sources = src, Targets = tgt, Weights = w, DelaysMs = d },
    };

    [Fact]
    public void Decode_HandMadeGenome_EqualsItsSpec()
    {
        var m = ControllerModel.Lif; // 5 mV per weight unit, dt 1 ms
        var expected = new NetworkSpec
        {
            Name = "g",
            Description = "Decoded from genome 7: 2 hidden neurons, 6 enabled links, model lif.",
            DtMs = 1,
            Populations =
            [
                new PopulationSpec { Name = "input", Count = 2, Model = ControllerModel.SensorNeuron, Kind = NeuronKind.Mixed },
                new PopulationSpec { Name = "output", Count = 1, Model = m.Neuron, Kind = NeuronKind.Mixed },
                new PopulationSpec { Name = "hidden-exc", Count = 1, Model = m.Neuron, Kind = NeuronKind.Excitatory },
                new PopulationSpec { Name = "hidden-inh", Count = 1, Model = m.Neuron, Kind = NeuronKind.Inhibitory },
            ],
            Projections =
            [
                Proj("input", "output", Receptor.Excitatory, [0], [0], [7.5], [0]),
                Proj("input", "output", Receptor.Inhibitory, [1], [0], [2.5], [2]),
                Proj("input", "hidden-exc", Receptor.Excitatory, [0], [0], [10], [0]),
                Proj("input", "hidden-inh", Receptor.Excitatory, [1], [0], [5], [0]),
                Proj("hidden-exc", "output", Receptor.Excitatory, [0], [0], [5], [1]),
                Proj("hidden-inh", "output", Receptor.Inhibitory, [0], [0], [15], [0]),
            ],
        };
        var decoded = GenomeDecoder.Decode(Sample(), m, "g");
        Assert.Equal(NetworkFile.ToJson(expected), NetworkFile.ToJson(decoded));
    }

    [Fact]
    public void Decode_WrittenAndReadBack_IsEqual()
    {
        foreach (var model in ControllerModel.All)
        {
            var net = GenomeDecoder.Decode(Sample(), model, "round-trip");
            string json = NetworkFile.ToJson(net);
            Assert.Equal(json, NetworkFile.ToJson(NetworkFile.Parse(json)));
        }
    }
}
