using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

/// <summary>The state-feedback seed circuit of single-pole and double-pole (docs/evolution-pole-balancing.md, "The state-feedback circuit").</summary>
public class PoleFeedbackCircuitTests
{
    /// <summary>Seed 1's double-pole champion (<c>evolve --task double-pole --algorithm cmaes --circuit --seed 1</c>), its gains as the champion file lists them.</summary>
    private static readonly double[] SeedOneChampion = [-16.44, -140.7, -359.2, -524.1, 266.2, 407, 26.39];

    [Fact]
    public void Tasks_OfferTheCircuitWithOneGainPerSensedVariableAndABias()
    {
        Assert.Same(PoleFeedbackCircuit.DoublePole, new PoleBalancingTask(PoleVariant.DoublePole).Circuit);
        Assert.Same(PoleFeedbackCircuit.SinglePole, new PoleBalancingTask(PoleVariant.SinglePole).Circuit);
        Assert.Equal(7, PoleFeedbackCircuit.DoublePole.Dimension);
        Assert.Equal(5, PoleFeedbackCircuit.SinglePole.Dimension);
        Assert.Equal(0, PoleFeedbackCircuit.DoublePole.HiddenCount);
    }

    [Fact]
    public void Decode_Gain_MirroredOntoBothMotors()
    {
        var t = PoleFeedbackCircuit.DoublePole;
        var g = new double[t.Dimension];
        g[2] = 1;      // theta1 gain: +50 mV
        g[5] = -0.5;   // theta2' gain: -25 mV
        g[6] = 2;      // bias: 10 + 2 x 5 = 20 mV
        var net = t.Decode(t.ToGenome(0, g), ControllerModel.Lif);
        net.Validate();
        Assert.Equal(0.25, net.DtMs);
        Assert.Equal(13, net.Populations.Single(p => p.Name == "input").Count);
        // theta1+ is sensor 4, theta1- sensor 5; motors: 0 push right, 1 push left.
        var exc = Synapses(net, "input->output:exc");
        var inh = Synapses(net, "input->output:inh");
        Assert.Equal(50, exc[(4, 0)]);
        Assert.Equal(50, inh[(4, 1)]);
        Assert.Equal(50, inh[(5, 0)]);
        Assert.Equal(50, exc[(5, 1)]);
        // theta2'+ (sensor 10) with a negative gain: the mirror image.
        Assert.Equal(25, inh[(10, 0)]);
        Assert.Equal(25, exc[(10, 1)]);
        Assert.Equal(25, exc[(11, 0)]);
        Assert.Equal(25, inh[(11, 1)]);
        Assert.Equal(20, exc[(12, 0)]);
        Assert.Equal(20, exc[(12, 1)]);
        // A gain of 0 makes no synapse: 3 gains + bias -> 4 + 4 + 2.
        Assert.Equal(10, exc.Count + inh.Count);
    }

    [Fact]
    public void Controller_MirroredState_SwapsTheMotorCounts()
    {
        // The cart-pole mirrored is a cart-pole: a state and its mirror image must push equally hard the other way.
        var net = PoleFeedbackCircuit.Build("mirror", 6, SeedOneChampion);
        var a = new SpikingController(net, 13, 2);
        var b = new SpikingController(net, 13, 2);
        double[] state = [0.3, -0.2, 0.05, 0.4, -0.1, 0.9];
        var sa = new double[13];
        var sb = new double[13];
        for (int v = 0; v < 6; v++)
        {
            sa[2 * v] = Math.Max(0, state[v]); sa[2 * v + 1] = Math.Max(0, -state[v]);
            sb[2 * v] = sa[2 * v + 1]; sb[2 * v + 1] = sa[2 * v];
        }
        sa[12] = sb[12] = 0.5;
        a.SetSensors(sa);
        b.SetSensors(sb);
        for (int w = 0; w < 5; w++)
        {
            var ca = a.Run(80).ToArray();
            var cb = b.Run(80).ToArray();
            Assert.Equal(ca[0], cb[1]);
            Assert.Equal(ca[1], cb[0]);
            Assert.True(ca[0] + ca[1] > 0);
        }
    }

    [Fact]
    public void SeedOneChampion_BalancesBothPoles()
    {
        // A known answer: the evolved gains (rounded to 4 digits, as the champion file lists them) balance both poles for
        // 5 000 control steps (100 s; the champion held the benchmark's 100 000, too slow for a test).
        var task = new PoleBalancingTask(PoleVariant.DoublePole);
        Assert.Equal(5_000, task.PlayEpisode(PoleFeedbackCircuit.Build("seed-1", 6, SeedOneChampion), 5_000, null));
        // The circuit as designed (every gain 0) pushes nothing and both poles fall.
        Assert.InRange(task.PlayEpisode(PoleFeedbackCircuit.DoublePole.Seed(), 5_000, null), 1, 200);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void CmaEs_DoublePoleCircuit_SolvedInMostSeeds()
    {
        // Tolerance: at least 2 of seeds 1 .. 3 tune the circuit to balance both poles for 5 000 control steps (the
        // benchmark's 100 000 would make this test slow) within 100 generations of CMA-ES's default population (9). At
        // 100 000 steps the circuit solved 20 of seeds 1 .. 20 (docs/results.md), 19 of them within 100 generations;
        // the fully connected network without it, 3 of 5.
        var task = new PoleBalancingTask(PoleVariant.DoublePole, successSteps: 5_000);
        int solved = 0;
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(new EvolverSettings("cmaes", 0, 0, seed, Circuit: true), task), seed, 100, 1);
            while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && !run.Solved && run.History.Count < 100) { }
            if (run.Solved) solved++;
        }
        Assert.True(solved >= 2, $"{solved} of 3 seeds balanced both poles for 5 000 steps within 100 generations.");
    }

    private static Dictionary<(int, int), double> Synapses(NetworkSpec net, string projection)
    {
        var c = (ExplicitConnectivity)net.Projections.Single(p => p.Name == projection).Connectivity;
        return Enumerable.Range(0, c.Sources.Count).ToDictionary(k => (c.Sources[k], c.Targets[k]), k => c.Weights![k]);
    }
}
