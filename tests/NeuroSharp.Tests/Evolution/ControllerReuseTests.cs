using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>
/// A controller kept between evaluations and loaded with the next network's weights (SpikingController.TryLoad, the
/// evaluator's per-worker controllers) scores every network exactly as a controller built for it does.
/// </summary>
public class ControllerReuseTests
{
    // An evolved delay-line circuit in genome units (an IPOP-CMA-ES champion's gains, bias and delay): it balances about
    // 500 of the 1 000 fitness steps, so its evaluation runs the network for some 40 000 engine steps.
    private static readonly double[] Evolved = [0.33, 9.06, -13.24, -12.23, 13.79, 26.16, 2.47, 0.092];

    private static readonly PoleBalancingTask NoVelocity = new(PoleVariant.DoublePoleNoVelocity, sensorCode: SensorCode.Linear);

    private static NetworkSpec Circuit(double[] g) =>
        NoVelocity.Circuit!.Decode(NoVelocity.Circuit.ToGenome(0, g), NoVelocity.DecodingModel(ControllerModel.Lif));

    /// <summary>The evolved circuit with every gain scaled by <paramref name="factor"/> &gt; 0: the same signs and delay, so the same shape.</summary>
    private static double[] Scaled(double factor) => [.. Evolved.Select((g, k) => k < 6 ? g * factor : g)];

    [Fact]
    public void TryLoad_SequenceOfCircuits_SameFitnessAsAFreshBuild()
    {
        // A balancing circuit, one driven far harder (gains x 8: motors saturated), one far weaker, and the balancing one
        // again: each loaded into the controller the first was built for. The planted check is the last one: after the
        // saturated network the membranes, synaptic currents, delay rings and sensor phases are far from rest, and only a
        // complete reset gives the fresh build's fitness (a 1 000-step episode amplifies any leftover).
        var sequence = new[] { Evolved, Scaled(8), Scaled(0.3), Scaled(1.7), Evolved };
        var kept = NoVelocity.BuildController(Circuit(Evolved));
        int loaded = 0;
        foreach (var g in sequence)
        {
            var network = Circuit(g);
            Assert.True(kept.TryLoad(network));
            loaded++;
            var reused = NoVelocity.EvaluateWith(kept, new RandomStream(5));
            var fresh = NoVelocity.Evaluate(network, new RandomStream(5));
            Assert.Equal(fresh, reused);
        }
        Assert.Equal(sequence.Length, loaded);
        // The checks ran long episodes, and the networks differ: the evolved circuit balances hundreds of steps, the saturated one fewer.
        long evolved = NoVelocity.EvaluateWith(LoadedWith(kept, Evolved), new RandomStream(5)).WorldSteps;
        Assert.True(evolved > 300, $"the evolved circuit balanced {evolved} steps");
        Assert.True(NoVelocity.Evaluate(Circuit(Scaled(8)), new RandomStream(5)).WorldSteps < evolved, "the saturated circuit should fall sooner");
    }

    private static SpikingController LoadedWith(SpikingController c, double[] g)
    {
        Assert.True(c.TryLoad(Circuit(g)));
        return c;
    }

    [Fact]
    public void TryLoad_FixedTopologyWithHiddenRecurrence_SameFitnessAsAFreshBuild()
    {
        // The fully connected shape with 4 recurrent hidden neurons (state that outlives a spike), on the double pole with
        // velocities: random weight vectors that keep the first one's signs (so the receptors, hence the projections, match).
        var task = new PoleBalancingTask(PoleVariant.DoublePole);
        var space = new FixedTopology(task.InputCount, 4, task.OutputCount);
        var model = task.DecodingModel(ControllerModel.Lif);
        var rng = new RandomStream(11);
        var signs = Enumerable.Range(0, space.Dimension).Select(_ => rng.NextBernoulli(0.5) ? 1.0 : -1.0).ToArray();
        SpikingController? kept = null;
        var seen = new HashSet<long>();
        for (int n = 0; n < 8; n++)
        {
            double scale = n % 2 == 0 ? 2 : 12; // alternately moderate and strong networks
            var w = signs.Select(s => s * scale * (0.2 + Math.Abs(rng.NextGaussian()))).ToArray();
            var network = space.Decode(space.ToGenome(n, w), model);
            kept ??= task.BuildController(network);
            Assert.True(kept.TryLoad(network));
            var reused = task.EvaluateWith(kept, new RandomStream(3));
            Assert.Equal(task.Evaluate(network, new RandomStream(3)), reused);
            seen.Add(reused.WorldSteps);
        }
        Assert.True(seen.Count > 1, "the networks should not all balance the same number of steps");
    }

    [Fact]
    public void TryLoad_AnotherShape_RefusedAndTheControllerUnchanged()
    {
        var kept = NoVelocity.BuildController(Circuit(Evolved));
        var before = NoVelocity.EvaluateWith(kept, new RandomStream(1));
        Assert.False(kept.TryLoad(Circuit([.. Evolved[..7], 1.0]))); // another delay: the slow path's delay ring differs
        // x's velocity gain V changes sign (P = 16.5 mV, V = +-453 mV): the fast path P + V and the slow path -V flip, so their
        // synapses move to the other receptor's projections.
        Assert.False(kept.TryLoad(Circuit([Evolved[0], -Evolved[1], .. Evolved[2..]])));
        Assert.False(kept.TryLoad(Circuit(Evolved) with { DtMs = 0.125 }));
        Assert.Equal(before, NoVelocity.EvaluateWith(kept, new RandomStream(1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Evaluator_CirclingPopulation_SameResultsAsFreshBuildsAndReusesControllers(int threads)
    {
        // A CMA-ES-like population near the evolved circuit (sigma 0.05 per component): a few shapes (the rounded delay),
        // so most evaluations load a kept controller. Every result equals a fresh build's with the same stream.
        var template = NoVelocity.Circuit!;
        var model = NoVelocity.DecodingModel(ControllerModel.Lif);
        var rng = new RandomStream(7);
        var genomes = Enumerable.Range(0, 24).Select(i => template.ToGenome(i, [.. Evolved.Select(g => g + 0.05 * rng.NextGaussian())])).ToList();
        var evaluator = new GenerationEvaluator(NoVelocity, model, template);
        var results = evaluator.Evaluate(genomes, 3, 0, threads);
        for (int i = 0; i < genomes.Count; i++)
        {
            var fresh = NoVelocity.Evaluate(template.Decode(genomes[i], model), GenerationEvaluator.StreamFor(3, 0, genomes[i].Id));
            Assert.Equal(fresh, results[i]);
        }
        Assert.Equal(genomes.Count, evaluator.LoadedControllers + evaluator.BuiltControllers);
        Assert.True(evaluator.LoadedControllers >= genomes.Count / 2, $"{evaluator.LoadedControllers} of {genomes.Count} loaded");
    }

    [Fact]
    public void TryLoad_Evaluation_AllocatesFarLessThanABuild()
    {
        // A failing circuit (gains x 8 fall within a few dozen steps) so that the build, not the episode, is what differs:
        // a fresh evaluation builds a network and its engine (tens of KB); a loaded one allocates only the task's
        // per-evaluation bookkeeping (Gruau's 100-step window, the start state) and SetWeights' lookups: about 2.8 KB measured,
        // bounded here at 4 KB, against more than ten times that for a build.
        var network = Circuit(Scaled(8));
        var kept = NoVelocity.BuildController(network);
        kept.TryLoad(network);
        NoVelocity.EvaluateWith(kept, new RandomStream(1));
        long loaded = NeuroSharp.Testing.Allocations.Least(() =>
        {
            kept.TryLoad(network);
            NoVelocity.EvaluateWith(kept, new RandomStream(1));
        });
        long built = NeuroSharp.Testing.Allocations.Least(() => NoVelocity.Evaluate(network, new RandomStream(1)));
        Assert.True(loaded < 4096, $"a loaded evaluation allocated {loaded} bytes");
        Assert.True(built > 10 * loaded, $"a built evaluation allocated {built} bytes, a loaded one {loaded}");
    }
}
