using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Runs;

namespace NeuroSharp.Tests.Evolution;

/// <summary>IPOP-CMA-ES (restarts with a growing population) in <see cref="CmaEsEvolver"/>, and the run's evaluation budget.</summary>
public class IpopCmaEsTests
{
    [Fact]
    public void StallGenerations_Dimension8Lambda16_IsHansensHistoryLength()
    {
        // 10 + ceil(30 n / lambda): 10 + ceil(240 / 16) = 25; 10 + ceil(90 / 4) = 33.
        Assert.Equal(25, CmaEsEvolver.StallGenerations(8, 16));
        Assert.Equal(33, CmaEsEvolver.StallGenerations(3, 4));
        Assert.Equal(14, CmaEsEvolver.StallGenerations(8, 64));
    }

    [Fact]
    public void Stalled_RiseWithinToleranceOrNone_TrueAndRiseBeyond_False()
    {
        // Window 3: the best before it is 0.10; a rise to 0.1009 is within 1 % (stalled), to 0.1011 beyond it.
        Assert.True(CmaEsEvolver.Stalled([0.05, 0.10, 0.09, 0.1009, 0.08], 3));
        Assert.False(CmaEsEvolver.Stalled([0.05, 0.10, 0.09, 0.1011, 0.08], 3));
        Assert.False(CmaEsEvolver.Stalled([0.05, 0.10, 0.09], 3)); // no generation before the window yet
        Assert.True(CmaEsEvolver.Stalled([0.0, 0.0, 0.0, 0.0], 3));
        Assert.True(CmaEsEvolver.Stalled([-2.0, -2.0, -1.99], 2)); // negative fitness: 1 % of its magnitude
    }

    [Fact]
    public void Restarts_FlatFitness_DoublePopulationAfterTheStallWindowUpToTheLimit()
    {
        var space = new FixedTopology(3, 0, 1); // 3 weights
        var cma = new CmaEsEvolver(space, 4, 7, restarts: 2);
        int h0 = CmaEsEvolver.StallGenerations(3, 4); // 33
        for (int g = 0; g < h0; g++)
        {
            Assert.Equal(4, cma.Population.Count);
            cma.Tell(new double[4]);
        }
        Assert.Equal(4, cma.Population.Count); // h0 generations: nothing before the window yet
        cma.Tell(new double[4]);
        Assert.Equal(1, cma.Restarts);
        Assert.Equal(8, cma.Population.Count);
        Assert.Equal(h0 + 1, cma.Generation); // generations count on across restarts
        Assert.Equal(0, cma.Strategy.Generation);
        Assert.Equal(1.0, cma.Strategy.Sigma);
        Assert.All(cma.Strategy.Mean.ToArray(), m => Assert.Equal(0, m));
        int h1 = CmaEsEvolver.StallGenerations(3, 8);
        for (int g = 0; g <= h1; g++) cma.Tell(new double[8]);
        Assert.Equal(2, cma.Restarts);
        Assert.Equal(16, cma.Population.Count);
        for (int g = 0; g < 3 * CmaEsEvolver.StallGenerations(3, 16); g++) cma.Tell(new double[16]);
        Assert.Equal(2, cma.Restarts); // the limit
        Assert.Equal(16, cma.Population.Count);
        var ids = new HashSet<long>();
        Assert.All(cma.Population, g => Assert.True(ids.Add(g.Id)));
    }

    [Fact]
    public void Restarts_None_IsPlainCmaEsWithTheSameCandidates()
    {
        // Restart 0 draws from the same stream as plain CMA-ES did, so results recorded before restarts existed hold.
        var space = new FixedTopology(3, 1, 2);
        var plain = new CmaEs(new double[space.Dimension], 1.0, new Numerics.Random.RandomStream(5).Fork(1), 6);
        var ipop = new CmaEsEvolver(space, 6, 5, restarts: 3);
        for (int k = 0; k < 6; k++) Assert.True(space.ToGenome(k, plain.Candidate(k)).SameGenes(ipop.Population[k]));
    }

    [Fact]
    public void Restarts_SaveAndRestoreAfterARestart_ContinueIdentically()
    {
        var space = new FixedTopology(3, 0, 1);
        var a = new CmaEsEvolver(space, 4, 11, restarts: 3);
        var fitness = (Genome g) => -g.Links.Sum(l => (l.Weight - 0.3) * (l.Weight - 0.3));
        for (int g = 0; g < 40; g++) a.Tell(g < 36 ? new double[a.Population.Count] : a.Population.Select(fitness).ToArray());
        Assert.Equal(1, a.Restarts);
        var b = CmaEsEvolver.Restore(space, 4, a.SaveState(), 11, 3);
        Assert.Equal(a.Population.Select(g => g.Id), b.Population.Select(g => g.Id));
        Assert.Equal(a.Generation, b.Generation);
        for (int g = 0; g < 50; g++)
        {
            var f = a.Population.Count < 8 || g % 2 == 0 ? a.Population.Select(fitness).ToArray() : new double[a.Population.Count];
            a.Tell(f);
            b.Tell(f);
        }
        Assert.Equal(a.SaveState(), b.SaveState());
        Assert.Throws<InvalidInputException>(() => CmaEsEvolver.Restore(space, 4, a.SaveState(), 11, 0)); // more restarts made than allowed
    }

    private static EvolutionRun XorRun(int threads, long maxEvaluations = 0, int growth = 2, double sigma = 1.0)
    {
        // XOR without hidden neurons cannot be solved, so the search stalls and restarts.
        var task = new XorTask();
        var settings = new EvolverSettings("cmaes", 4, 0, 3, Restarts: 2, Sigma: sigma, Growth: growth);
        var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(settings, task), 3, 60, threads) { MaxEvaluations = maxEvaluations };
        while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && run.History.Count < 60) { }
        return run;
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(1, 0.5)]
    public void IpopRun_OneAndTwoThreads_SameChampionAndHistory(int growth, double sigma)
    {
        var one = XorRun(1, growth: growth, sigma: sigma);
        var two = XorRun(2, growth: growth, sigma: sigma);
        Assert.True(((CmaEsEvolver)one.Evolver).Restarts >= 1, "the test must cross a restart");
        Assert.Equal(one.History, two.History.Select(r => r with { EvaluationsPerSecond = one.History[r.Generation].EvaluationsPerSecond }));
        Assert.Equal(one.Best!.Genome.Id, two.Best!.Genome.Id);
        Assert.True(one.Best.Genome.SameGenes(two.Best.Genome));
        Assert.Equal(one.Evolver.SaveState(), two.Evolver.SaveState());
    }

    [Fact]
    public void Run_MaxEvaluations_StartsNoGenerationOnceSpent()
    {
        // Population 4: after 6 generations 24 evaluations; a budget of 22 stops the run there (the 6th passes it).
        var run = XorRun(1, maxEvaluations: 22);
        Assert.Equal(6, run.History.Count);
        Assert.Equal(24, run.Evaluations);
        Assert.True(run.BudgetSpent);
        Assert.False(run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default));
        Assert.Equal(6, run.History.Count);
    }

    [Fact]
    public void Sigma_FirstCandidatesScaleAndEveryRestartStartsFromIt()
    {
        // Mean 0 and C = I at the start, so a run's first candidates are sigma_0 z_k: sigma_0 0.25 gives a quarter of sigma_0 1's.
        var space = new FixedTopology(3, 0, 1);
        var unit = new CmaEsEvolver(space, 4, 9, restarts: 1);
        var quarter = new CmaEsEvolver(space, 4, 9, restarts: 1, sigma: 0.25);
        Assert.Equal(0.25, quarter.Strategy.Sigma);
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(0.25 * unit.Population[k].Links[j].Weight, quarter.Population[k].Links[j].Weight, 12);
        for (int g = 0; g <= CmaEsEvolver.StallGenerations(3, 4); g++) quarter.Tell(new double[quarter.Population.Count]);
        Assert.Equal(1, quarter.Restarts);
        Assert.Equal(0.25, quarter.Strategy.Sigma); // the restart starts again from sigma_0
        var restored = CmaEsEvolver.Restore(space, 4, quarter.SaveState(), 9, 1, sigma: 0.25);
        Assert.Equal(quarter.SaveState(), restored.SaveState());
    }

    [Fact]
    public void RestartGrowth_FlatFitness_PopulationsFollowLambda0TimesGrowthToTheK()
    {
        // lambda_k = lambda_0 growth^k: growth 1 keeps 4, 4, 4; growth 3 gives 4, 12, 36; each after its own stall window.
        var space = new FixedTopology(3, 0, 1);
        foreach (var (growth, expected) in new[] { (1, new[] { 4, 4, 4 }), (3, new[] { 4, 12, 36 }) })
        {
            var cma = new CmaEsEvolver(space, 4, 7, restarts: 2, growth: growth);
            var seen = new List<int> { cma.Population.Count };
            for (int r = 0; r < 2; r++)
            {
                int h = CmaEsEvolver.StallGenerations(3, cma.Population.Count);
                for (int g = 0; g <= h; g++) cma.Tell(new double[cma.Population.Count]);
                Assert.Equal(r + 1, cma.Restarts);
                seen.Add(cma.Population.Count);
            }
            Assert.Equal(expected, seen);
            Assert.Equal(expected[2], cma.PopulationOf(2));
            var restored = CmaEsEvolver.Restore(space, 4, cma.SaveState(), 7, 2, growth: growth);
            Assert.Equal(cma.SaveState(), restored.SaveState());
        }
        // growth 1 restarts draw new candidates: a restart is a new sample, not the first run again
        var same = new CmaEsEvolver(space, 4, 7, restarts: 1, growth: 1);
        var first = same.Population.Select(g => g.Links[0].Weight).ToArray();
        for (int g = 0; g <= CmaEsEvolver.StallGenerations(3, 4); g++) same.Tell(new double[4]);
        Assert.NotEqual(first, same.Population.Select(g => g.Links[0].Weight).ToArray());
        Assert.Throws<InvalidInputException>(() => new CmaEsEvolver(space, 16, 7, restarts: 20, growth: 4)); // 16 x 4^20 is past an int
    }
}
