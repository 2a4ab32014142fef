using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Evolution;

/// <summary>
/// The budget a task is made with (the user's <c>--memory-limit</c>) is the one its engines are checked against, not the
/// machine default: a network over it is refused in one sentence naming the limit, one under it is built, whichever side of
/// the default the limit lies. Small budgets stand in for the default here, so no test allocates more than a few MiB.
/// </summary>
public class TaskMemoryTests
{
    private static readonly MemoryBudget Small = new(2L << 20), Large = new(16L << 20);

    /// <summary>A fixed-topology network with 400 recurrent hidden neurons: about 3 MiB of engine (between the two budgets).</summary>
    private static NetworkSpec Wide(int inputs, int outputs, ControllerModel model)
    {
        var shape = new FixedTopology(inputs, 400, outputs);
        var weights = new double[shape.Dimension];
        Array.Fill(weights, 0.1);
        return shape.Decode(shape.ToGenome(1, weights), model);
    }

    private static void AssertRefusedAtSmall(Action build)
    {
        var e = Assert.Throws<InvalidInputException>(build);
        Assert.Contains("more than the limit of 2 MiB", e.Message, StringComparison.Ordinal);
        Assert.Contains("--memory-limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WideNetwork_EstimateLiesBetweenTheBudgets()
    {
        // The premise of the tests below: the small budget refuses it, the large one does not.
        var net = Wide(3, 1, ControllerModel.Lif);
        Assert.Throws<InvalidInputException>(() => SpikingEngine.CheckMemory(net, Small));
        SpikingEngine.CheckMemory(net, Large);
    }

    [Fact]
    public void Xor_TheTasksBudgetDecides()
    {
        var small = new XorTask(Small);
        var net = Wide(3, 1, small.DecodingModel(ControllerModel.Lif));
        AssertRefusedAtSmall(() => small.Evaluate(net, new RandomStream(1)));
        AssertRefusedAtSmall(() => small.BuildController(net));
        var large = new XorTask(Large);
        Assert.True(double.IsFinite(large.Evaluate(net, new RandomStream(1)).Fitness));
    }

    [Fact]
    public void Pole_EveryEngineTheTaskBuildsUsesItsBudget()
    {
        var small = new PoleBalancingTask(PoleVariant.SinglePole, successSteps: 50, memory: Small);
        var net = Wide(small.InputCount, small.OutputCount, small.DecodingModel(ControllerModel.Lif));
        AssertRefusedAtSmall(() => small.Evaluate(net, new RandomStream(1)));
        AssertRefusedAtSmall(() => small.PlayEpisode(net, 10, null));
        AssertRefusedAtSmall(() => small.TestChampion(net));
        AssertRefusedAtSmall(() => small.GeneralisationScore(net));
        var large = new PoleBalancingTask(PoleVariant.SinglePole, successSteps: 50, memory: Large);
        Assert.InRange(large.PlayEpisode(net, 10, null), 1, 10);
    }

    [Fact]
    public void Worm_EpisodeEnginesUseTheBudget_AndWithOptionsKeepsIt()
    {
        var small = new WormKlinotaxisTask(memory: Small);
        var fewer = small.WithOptions(small.Options with { Trials = 1 });
        Assert.Same(Small, fewer.Memory);
        var net = Wide(small.InputCount, small.OutputCount, ControllerModel.Lif);
        AssertRefusedAtSmall(() => fewer.Evaluate(net, new RandomStream(1)));
        var large = new WormKlinotaxisTask(new WormTaskOptions { Trials = 1, EpisodeSeconds = 0.5 }, Large);
        Assert.True(double.IsFinite(large.Evaluate(net, new RandomStream(1)).Fitness));
    }

    [Fact]
    public void TouchReflex_BindingUsesTheBudget()
    {
        var net = Wide(1, 1, ControllerModel.Lif);
        AssertRefusedAtSmall(() => new TouchReflexTask(memory: Small).Run(net, new RandomStream(1)));
    }

    [Fact]
    public void Create_EveryTaskHoldsTheGivenBudget_DefaultWithoutOne()
    {
        foreach (string name in EvolutionTasks.Names)
        {
            Assert.Same(Small, MemoryOf(EvolutionTasks.Create(name, "log", Small)));
            Assert.Same(MemoryBudget.Default, MemoryOf(EvolutionTasks.Create(name)));
        }
        Assert.Same(Small, MemoryOf(EvolutionTasks.Create("double-pole-nv", "linear", Small)));
    }

    private static MemoryBudget MemoryOf(IEvolutionTask task) => task switch
    {
        XorTask x => x.Memory,
        PoleBalancingTask p => p.Memory,
        WormTaskBase w => w.Memory,
        TouchReflexTask t => t.Memory,
        _ => throw new InvalidOperationException($"task {task.Name} has no budget"),
    };
}
