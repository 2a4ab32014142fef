using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

/// <summary>NEAT on the pole tasks: its weight scale there and the delay-line start topology of <c>--algorithm neat --circuit</c>.</summary>
public class NeatPoleTests
{
    private static PoleBalancingTask NoVelocity(SensorCode code = SensorCode.Linear) => new(PoleVariant.DoublePoleNoVelocity, sensorCode: code);

    [Fact]
    public void NeatCircuit_DoublePoleNv_FirstGenomesHoldTheDelayLineTopology()
    {
        var task = NoVelocity();
        var neat = (Neat)EvolverFactory.Create(new EvolverSettings("neat", 20, 0, 3, Circuit: true), task);
        // Sensors 0 .. 6 (x+, x-, theta1+, theta1-, theta2+, theta2-, bias), motors 7 (push right) and 8 (push left).
        var expected = new HashSet<(int, int, int)>
        {
            (0, 7, 0), (0, 8, 80), (1, 7, 80), (1, 8, 0),
            (2, 7, 0), (2, 8, 80), (3, 7, 80), (3, 8, 0),
            (4, 7, 0), (4, 8, 80), (5, 7, 80), (5, 8, 0),
            (6, 7, 0), (6, 8, 0),
        };
        Assert.Equal(20, neat.Population.Count);
        foreach (var g in neat.Population)
        {
            Assert.Equal(expected, g.Links.Select(l => (l.Source, l.Target, l.DelaySteps)).ToHashSet());
            Assert.Equal(0, g.HiddenCount);
        }
        // Weights are drawn per genome, so the first genomes differ.
        Assert.NotEqual(neat.Population[0].Links[0].Weight, neat.Population[1].Links[0].Weight);
    }

    [Fact]
    public void NeatCircuit_DecodedSeed_SlowLinksDelayedOneWindowAtFiveMvPerUnit()
    {
        // A seeded genome with every weight 1 (one of NEAT's units on the default scale) decodes to 5 mV synapses:
        // fast links at 0 ms, slow ones at one 20 ms window, all excitatory; the pole NEAT defaults draw 10 such units.
        var task = NoVelocity();
        var tracker = new InnovationTracker(task.InputCount + task.OutputCount);
        var g = Genome.Seeded(0, task.InputCount, task.OutputCount, task.NeatStartLinks!, tracker, new NeuroSharp.Numerics.Random.RandomStream(1), 1);
        g = new Genome(0, g.Nodes, g.Links.Select(l => l with { Weight = 1 }));
        var net = GenomeDecoder.Decode(g, task.DecodingModel(ControllerModel.Lif));
        net.Validate();
        var projection = Assert.Single(net.Projections);
        var c = Assert.IsType<ExplicitConnectivity>(projection.Connectivity);
        Assert.Equal(Receptor.Excitatory, projection.Receptor);
        Assert.Equal(14, c.Weights!.Count);
        Assert.All(c.Weights, w => Assert.Equal(5, w, 12));
        for (int k = 0; k < c.Sources.Count; k++)
        {
            int s = c.Sources[k], t = c.Targets[k];
            bool slow = s < 6 && (s % 2 == 0) == (t == 1);
            Assert.Equal(slow ? PoleBalancingTask.WindowMs : 0, c.DelaysMs![k], 12);
        }
        Assert.Equal(ControllerModel.LinearSensorNeuron, net.Populations[0].Model);
        Assert.Equal(PoleBalancingTask.EngineStepMs, net.DtMs);
    }

    [Fact]
    public void NeatDefaults_PoleTasks_WeightsTenTimesNeatsAndDelaysUpToTwoWindows()
    {
        var d = new NeatOptions();
        var pole = new PoleBalancingTask(PoleVariant.DoublePole).NeatDefaults;
        Assert.Equal(10 * d.WeightInitScale, pole.WeightInitScale);
        Assert.Equal(10 * d.WeightPerturbPower, pole.WeightPerturbPower);
        Assert.Equal(10 * d.WeightLimit, pole.WeightLimit);
        Assert.Equal(160, pole.MaxDelaySteps);
        Assert.Null(pole.StartLinks);
        pole.Validate();
    }

    [Fact]
    public void NeatCircuit_TaskWithoutStartTopology_RefusedNamingTheTask()
    {
        var e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("neat", 0, 0, 1, Circuit: true), new PoleBalancingTask(PoleVariant.DoublePole)));
        Assert.Contains("double-pole has no start topology", e.Message);
        Assert.Contains("double-pole-nv", e.Message);
    }

    [Fact]
    public void NeatOptions_StartLinkLongerThanMaxDelay_Refused()
    {
        var options = new NeatOptions { StartLinks = [new SeedLink(0, 1, 5)], MaxDelaySteps = 4 };
        var e = Assert.Throws<InvalidOptionException>(options.Validate);
        Assert.Contains("StartLinks", e.Message);
        Assert.Contains("5", e.Message);
    }

    [Fact]
    public void NeatCircuit_OneAndTwoThreads_SameChampion()
    {
        // Few genomes and generations: most networks drop the poles within a few hundred control steps.
        EvolutionRun Run(int threads)
        {
            var task = NoVelocity();
            var settings = new EvolverSettings("neat", 12, 0, 5, Circuit: true);
            var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(settings, task), 5, 2, threads);
            while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && run.History.Count < 2) { }
            return run;
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Best!.Genome.Id, two.Best!.Genome.Id);
        Assert.True(one.Best.Genome.SameGenes(two.Best.Genome));
        Assert.Equal(one.Evolver.SaveState(), two.Evolver.SaveState());
    }
}
