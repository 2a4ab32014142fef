using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;
using Xunit.Abstractions;

namespace NeuroSharp.Tests.Evolution;

/// <summary>Genomes decoded to transmitter neurons (article 002), and the touch reflex evolved with them (docs/world-touch-reflex.md).</summary>
public class TransmitterEvolutionTests
{
    private readonly ITestOutputHelper _out;

    public TransmitterEvolutionTests(ITestOutputHelper output) => _out = output;

    private static Genome Arc(bool withDirectLink)
    {
        var nodes = new[]
        {
            new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed),
            new NodeGene(2, NodeRole.Hidden, NeuronKind.Excitatory), new NodeGene(5, NodeRole.Hidden, NeuronKind.Inhibitory),
        };
        var links = new[]
        {
            new LinkGene(0, 0, 1, -1.5, 0, withDirectLink), // skin -> muscle
            new LinkGene(1, 0, 2, 2.0, 3, true),            // skin -> sensory (weight and delay unused)
            new LinkGene(2, 2, 1, -0.3, 0, true),           // sensory -> muscle
            new LinkGene(3, 2, 5, 1.0, 0, true),            // sensory -> inhibitory interneuron
            new LinkGene(4, 5, 5, 1.0, 0, true),            // a self-link
            new LinkGene(5, 5, 2, 1.0, 0, false),           // disabled: absent
        };
        return new Genome(9, nodes, links);
    }

    [Fact]
    public void DecodeTransmitter_HandMadeGenome_EqualsItsSpec()
    {
        var exc = TransmitterNeuronSpec.Excitatory;
        var inh = exc with { Reproductivity = new TransmitterAmount(0, -5) };
        Assert.Equal(NeuronKind.Inhibitory, inh.ReleasedKind);
        var expected = new NetworkSpec
        {
            Name = "g",
            Description = "Decoded from genome 9: 2 hidden transmitter neurons, 4 links, model transmitter.",
            DtMs = 1,
            Neurons =
            [
                new SingleNeuronSpec { Id = "input.0", Model = exc, Kind = NeuronKind.Excitatory, X = 80, Y = 120 },
                new SingleNeuronSpec { Id = "output.0", Model = exc, Kind = NeuronKind.Excitatory, X = 560, Y = 120 },
                new SingleNeuronSpec { Id = "hidden.2", Model = exc, Kind = NeuronKind.Excitatory, X = 240, Y = 120 },
                new SingleNeuronSpec { Id = "hidden.5", Model = inh, Kind = NeuronKind.Inhibitory, X = 400, Y = 120 },
            ],
            Links =
            [
                new LinkSpec { From = "input.0", To = "output.0" },
                new LinkSpec { From = "input.0", To = "hidden.2" },
                new LinkSpec { From = "hidden.2", To = "output.0" },
                new LinkSpec { From = "hidden.2", To = "hidden.5" },
                new LinkSpec { From = "hidden.5", To = "hidden.5" },
            ],
        };
        var decoded = GenomeDecoder.Decode(Arc(withDirectLink: true), ControllerModel.Transmitter, "g");
        decoded.Validate();
        Assert.Equal(NetworkFile.ToJson(expected with { Description = decoded.Description }), NetworkFile.ToJson(decoded));
        Assert.Equal("Decoded from genome 9: 2 hidden transmitter neurons, 5 links, model transmitter.", decoded.Description);
    }

    [Fact]
    public void DecodeTransmitter_WithoutSensorToMotorLinks_LeavesOutOnlyTheSkinToMuscleLink()
    {
        var model = new TouchReflexTask().DecodingModel(ControllerModel.Transmitter);
        Assert.False(model.SensorToMotorLinks);
        var net = GenomeDecoder.Decode(Arc(withDirectLink: true), model);
        Assert.Equal([("input.0", "hidden.2"), ("hidden.2", "output.0"), ("hidden.2", "hidden.5"), ("hidden.5", "hidden.5")],
            net.Links.Select(l => (l.From, l.To)));
        // The same for spiking decoding: no input -> output projection.
        var lif = GenomeDecoder.Decode(Arc(withDirectLink: true), new TouchReflexTask(new TouchReflexOptions { TransmitterNeurons = false }).DecodingModel(ControllerModel.Lif));
        Assert.DoesNotContain(lif.Projections, p => p.Source == "input" && p.Target == "output");
    }

    [Fact]
    public void TouchReflex_DecodedArc_FiresWhileTouchedAndStopsAfter()
    {
        // skin -> sensory -> muscle of excitatory transmitter neurons, decoded from a genome: a working reflex.
        var nodes = new[] { new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed), new NodeGene(2, NodeRole.Hidden, NeuronKind.Excitatory) };
        var g = new Genome(1, nodes, [new LinkGene(0, 0, 1, 1, 0, false), new LinkGene(1, 0, 2, 1, 0, true), new LinkGene(2, 2, 1, 1, 0, true)]);
        var task = new TouchReflexTask();
        var net = GenomeDecoder.Decode(g, task.DecodingModel(task.DefaultModel));
        for (ulong s = 1; s <= 5; s++)
        {
            var r = task.Run(net, new RandomStream(s));
            Assert.True(r.TouchedFiring >= 0.9 && r.QuietSilent >= 0.9, $"stream {s}: touched {r.TouchedFiring}, quiet {r.QuietSilent}");
        }
        // The start genome (the skin linked only to the muscle, which it cannot reach) never answers: fitness 0.5.
        var start = new Genome(0, nodes[..2], [new LinkGene(0, 0, 1, 1, 0, true)]);
        var e = task.Evaluate(GenomeDecoder.Decode(start, task.DecodingModel(task.DefaultModel)), new RandomStream(1));
        Assert.Equal(0.5, e.Fitness);
        Assert.False(e.Solved);
    }

    [Fact]
    public void EvolutionRun_TransmitterModelOnASpikingOnlyTaskOrWithCmaEs_Refused()
    {
        var xor = new NeuroSharp.Evolution.Tasks.XorTask();
        var e = Assert.Throws<InvalidInputException>(() => new EvolutionRun(xor, ControllerModel.Transmitter, new Neat(3, 1, new NeatOptions(), 1), 1, 1, 1));
        Assert.StartsWith("Task xor binds spiking populations only", e.Message);
        var task = new TouchReflexTask();
        var c = Assert.Throws<InvalidInputException>(() =>
            new EvolutionRun(task, ControllerModel.Transmitter, EvolverFactory.Create(new EvolverSettings("cmaes", 0, 2, 1), task), 1, 1, 1));
        Assert.Contains("need NEAT, not cmaes", c.Message);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Neat_TouchReflexWithTransmitterNeurons_GrowsTheArcInMostSeeds()
    {
        // Tolerance: at least 8 of 10 seeds solve touch-reflex within 10 generations of 60 genomes, with the task's
        // defaults (transmitter neurons, no skin-to-muscle link). No seed may solve it in generation 0 (every start
        // genome has only the unexpressed skin -> muscle link). Each champion must also answer touch on schedules it
        // never saw (5 fresh streams). Seeds 1-10 gave 9 solved (generations 1 to 3, one interneuron each) when this was written.
        var task = new TouchReflexTask();
        int solved = 0;
        for (ulong seed = 1; seed <= 10; seed++)
        {
            var neat = EvolverFactory.Create(new EvolverSettings("neat", 60, 0, seed), task);
            var run = new EvolutionRun(task, task.DefaultModel, neat, seed, 10, 0);
            CheckpointRunner.Run(run, 1);
            Assert.False(run.History[0].Solved);
            _out.WriteLine($"seed {seed}: solved {run.Solved} at generation {run.Best!.Generation}, evaluations {run.Best.Evaluations}, " +
                $"hidden {run.Best.Genome.HiddenCount}, fitness {run.Best.Fitness:F3}");
            if (!run.Solved) continue;
            solved++;
            var net = GenomeDecoder.Decode(run.Best.Genome, run.Model);
            net.Validate();
            Assert.True(run.Best.Genome.HiddenCount >= 1);
            for (ulong s = 100; s < 105; s++)
            {
                var r = task.Run(net, new RandomStream(s));
                Assert.True(r.TouchedFiring >= 0.8 && r.QuietSilent >= 0.8, $"seed {seed}, fresh stream {s}: touched {r.TouchedFiring}, quiet {r.QuietSilent}");
            }
        }
        Assert.True(solved >= 8, $"{solved} of 10 seeds solved touch-reflex");
    }
}
