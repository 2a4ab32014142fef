using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Stochastic release (docs/spiking-short-term-plasticity.md, "Stochastic release"): a release probability per synapse, and
/// stochastic short-term plasticity with n release sites, against their known answers and the deterministic rule's mean.
/// </summary>
public class StochasticReleaseTests
{
    private const double Dt = 0.1;

    /// <summary>
    /// What each synapse of one source onto <paramref name="targets"/> LIFs transmits at each of the source's spikes
    /// (weight 1): a one-step input (tau_e = 0) into a LIF with a huge tau makes each delivery a jump in v, read after
    /// every spike and divided by the LIF's gain. Row k: spike k, one entry per target.
    /// </summary>
    private static double[][] Deliveries(double[] spikeTimesMs, int targets, ShortTermPlasticitySpec? stp, ReleaseSpec? release, ulong seed = 1, bool perSynapseDelays = false)
    {
        var spec = new NetworkSpec
        {
            DtMs = Dt,
            Populations =
            [
                new PopulationSpec { Name = "pre", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [.. spikeTimesMs.Select(_ => 0)], TimesMs = spikeTimesMs } },
                new PopulationSpec { Name = "post", Count = targets, Model = new LifNeuronSpec { TauMs = 1e9, RestMv = 0, ResetMv = -10, ThresholdMv = 1e9, TauExcMs = 0 } },
            ],
            Projections =
            [
                new ProjectionSpec
                {
                    Source = "pre", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(1),
                    // Per-synapse delays of one or two steps: released at emission, arriving a step apart (read two steps later).
                    DelayMs = perSynapseDelays ? DistributionSpec.Uniform(0.1, 0.2) : DistributionSpec.Constant(0.1),
                    ShortTermPlasticity = stp, Release = release,
                },
            ],
        };
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = seed });
        double gain = 1 - Math.Exp(-Dt / 1e9);
        var rows = new double[spikeTimesMs.Length][];
        var before = new float[targets];
        int done = 0;
        for (int k = 0; k < spikeTimesMs.Length; k++)
        {
            int until = (int)Math.Round(spikeTimesMs[k] / Dt) + 5; // the spike, its delay and the step it is felt in
            engine.Run(until - done);
            done = until;
            var v = engine.GetVariable("post", "v");
            rows[k] = new double[targets];
            for (int t = 0; t < targets; t++) rows[k][t] = (v[t] - before[t]) / gain;
            v.CopyTo(before, 0);
        }
        return rows;
    }

    private static readonly double[] TwentySpikes = [.. Enumerable.Range(0, 20).Select(k => 5.0 + 10 * k)];

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Release_ProbabilityPointThree_ReleasesThatFraction_WithinABinomialTolerance()
    {
        // 1000 synapses x 20 spikes = 20 000 Bernoulli(0.3) trials: sd of the count sqrt(20 000 0.3 0.7) = 65; allowed 4 sd.
        // Each delivery is all or nothing: 0 or the weight 1.
        var rows = Deliveries(TwentySpikes, 1000, null, new ReleaseSpec { Probability = 0.3 });
        var all = rows.SelectMany(r => r).ToArray();
        Assert.All(all, d => Assert.True(Math.Abs(d) < 1e-3 || Math.Abs(d - 1) < 1e-3, $"delivery {d}, expected 0 or 1"));
        int released = all.Count(d => d > 0.5);
        double expected = 0.3 * all.Length, sd = Math.Sqrt(all.Length * 0.3 * 0.7);
        Assert.True(Math.Abs(released - expected) < 4 * sd, $"{released} releases of {all.Length}, expected {expected} +- {4 * sd:F0}");
        // Draws are independent between spikes: a synapse that released at one spike releases at the next with p too.
        int both = 0, first = 0;
        for (int k = 0; k + 1 < rows.Length; k++)
        {
            for (int t = 0; t < 1000; t++)
            {
                if (rows[k][t] < 0.5) continue;
                first++;
                if (rows[k + 1][t] > 0.5) both++;
            }
        }
        double conditional = (double)both / first;
        Assert.True(Math.Abs(conditional - 0.3) < 4 * Math.Sqrt(0.21 / first), $"P(release | released before) = {conditional:F3}, expected 0.3");
    }

    [Fact]
    public void Release_ProbabilityZero_ReleasesNothing()
    {
        var rows = Deliveries(TwentySpikes, 200, null, new ReleaseSpec { Probability = 0 });
        Assert.All(rows.SelectMany(r => r), d => Assert.Equal(0, d));
    }

    /// <summary>Poisson input into a recurrent E/I network through projections with constant and per-synapse delays, with or without short-term plasticity.</summary>
    private static NetworkSpec Recurrent(ReleaseSpec? release, ShortTermPlasticitySpec? stp)
    {
        var lif = new LifNeuronSpec { TauMs = 20, RestMv = -65, ResetMv = -65, ThresholdMv = -55, RefractoryMs = 2, TauExcMs = 5, TauInhMs = 10 };
        return new NetworkSpec
        {
            DtMs = Dt,
            Populations =
            [
                new PopulationSpec { Name = "in", Count = 200, Model = new PoissonSourceSpec { RateHz = 80 } },
                new PopulationSpec { Name = "e", Count = 400, Model = lif, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-65, -55) } },
            ],
            Projections =
            [
                new ProjectionSpec { Source = "in", Target = "e", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.1 },
                    Weight = DistributionSpec.Uniform(4, 8), DelayMs = DistributionSpec.Constant(1), ShortTermPlasticity = stp, Release = release },
                new ProjectionSpec { Source = "e", Target = "e", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.05 },
                    Weight = DistributionSpec.Constant(0.5), DelayMs = DistributionSpec.Uniform(0.5, 3), ShortTermPlasticity = stp, Release = release },
            ],
            Monitors = [new SpikeMonitorSpec { Target = "e" }, new StateMonitorSpec { Target = "e", Variables = ["v"], Indices = [0, 7, 399] }],
        };
    }

    private static (int[] Indices, int[] Times, float[] V) Record(NetworkSpec spec, ulong seed = 3, int threads = 1)
    {
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = seed, Threads = threads });
        engine.Run(2000);
        var spikes = engine.SpikeMonitors[0];
        return (spikes.Neurons.ToArray(), spikes.Steps.ToArray(), engine.StateMonitors[0].Values("v").ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Release_ProbabilityOne_IsTheDeterministicProjection_BitForBit(bool shortTerm)
    {
        var stp = shortTerm ? new ShortTermPlasticitySpec { U = 0.6, TauRecMs = 100, TauFacMs = 50 } : null;
        var deterministic = Record(Recurrent(null, stp));
        var released = Record(Recurrent(new ReleaseSpec { Probability = 1 }, stp));
        Assert.True(deterministic.Indices.Length > 200, $"{deterministic.Indices.Length} spikes");
        Assert.Equal(deterministic.Indices, released.Indices);
        Assert.Equal(deterministic.Times, released.Times);
        Assert.Equal(deterministic.V, released.V);
    }

    [Fact]
    public void StochasticRelease_SameSeed_SameSpikes_AtOneAndTwoThreads()
    {
        foreach (var (release, stp) in new (ReleaseSpec?, ShortTermPlasticitySpec?)[]
                 {
                     (new ReleaseSpec { Probability = 0.5 }, null),
                     (null, new ShortTermPlasticitySpec { U = 0.7, TauRecMs = 50, Sites = 3 }),
                 })
        {
            var spec = Recurrent(release, stp);
            var one = Record(spec, threads: 1);
            var two = Record(spec, threads: 2);
            Assert.True(one.Indices.Length > 200, $"{one.Indices.Length} spikes");
            Assert.Equal(one.Indices, two.Indices);
            Assert.Equal(one.Times, two.Times);
            Assert.Equal(one.V, two.V);
            Assert.NotEqual(one.V, Record(spec, seed: 4).V); // the release draws follow the run seed
        }
    }

    /// <summary>The deterministic rule's w u x at each spike: one synapse, the same spikes.</summary>
    private static double[] MeanField(double[] times, ShortTermPlasticitySpec stp) =>
        [.. Deliveries(times, 1, stp with { Sites = 0 }, null).Select(r => r[0])];

    private static readonly double[] Train = [.. Enumerable.Range(0, 9).Select(k => 10.0 + 10 * k), .. Enumerable.Range(0, 10).Select(k => 250.0 + 10 * k)];

    [Theory]
    [Trait("Category", Categories.Statistical)]
    [InlineData(0.8, 100, 0, 1, false)]  // PyNN's depressing example, StochasticTsodyksMarkramSynapse
    [InlineData(0.04, 50, 200, 1, false)] // its facilitating one
    [InlineData(0.8, 100, 0, 5, false)]  // MultiQuantalSynapse n = 5
    [InlineData(0.04, 50, 200, 5, true)]
    public void StochasticShortTerm_MeanReleasePerSpike_IsTheDeterministicUx(double u, double tauRec, double tauFac, int sites, bool perSynapseDelays)
    {
        // Each site is a two-state chain whose expectation follows the mean-field recursion exactly (refill 1 - e^{-D/tau_rec},
        // release u), so E[k / n] = u x at every spike. Over N = 4000 synapses of n sites the mean's sd is sqrt(r (1 - r) / (n N));
        // allowed 4.5 sd at each of the 19 spikes (plus float rounding). Every delivery is a multiple of 1/n.
        var stp = new ShortTermPlasticitySpec { U = u, TauRecMs = tauRec, TauFacMs = tauFac, Sites = sites };
        const int N = 4000;
        var rows = Deliveries(Train, N, stp, null, perSynapseDelays: perSynapseDelays);
        var expected = MeanField(Train, stp);
        for (int k = 0; k < Train.Length; k++)
        {
            double mean = rows[k].Average(), r = expected[k];
            double tolerance = 4.5 * Math.Sqrt(r * (1 - r) / (sites * N)) + 1e-4;
            Assert.True(Math.Abs(mean - r) < tolerance, $"spike {k} at {Train[k]} ms: mean release {mean:F4}, u x = {r:F4} (+- {tolerance:F4})");
            Assert.All(rows[k], d => Assert.True(Math.Abs(d * sites - Math.Round(d * sites)) < 1e-3 && d > -1e-3 && d < 1 + 1e-3, $"delivery {d} is not k/{sites}"));
        }
        // Depletion is visible: with U = 0.8 the second spike of a train releases far less than the first.
        if (u == 0.8) Assert.True(rows[1].Average() < 0.5 * rows[0].Average());
    }

    [Fact]
    public void StochasticShortTerm_OneSite_ReleasesAtMostOncePerRefill_AndUOneReleasesEveryRefilledSite()
    {
        // U = 1, tau_rec tiny against 10 ms: every site refills and releases at every spike, so each synapse transmits w at each spike.
        var always = Deliveries(TwentySpikes, 50, new ShortTermPlasticitySpec { U = 1, TauRecMs = 1e-3, Sites = 4 }, null);
        Assert.All(always.SelectMany(r => r), d => Assert.Equal(1, d, 3));
        // U = 1, tau_rec huge: the first spike empties every site, and none refills.
        var once = Deliveries(TwentySpikes, 50, new ShortTermPlasticitySpec { U = 1, TauRecMs = 1e9, Sites = 4 }, null);
        Assert.All(once[0], d => Assert.Equal(1, d, 3));
        Assert.All(once.Skip(1).SelectMany(r => r), d => Assert.Equal(0, d, 6));
    }

    [Fact]
    public void Validation_NamesThePathAndValue()
    {
        NetworkSpec With(ReleaseSpec? release, ShortTermPlasticitySpec? stp, StdpRuleSpec? stdp = null)
        {
            var spec = Recurrent(release, stp);
            return spec with { Projections = [spec.Projections[0] with { Stdp = stdp }] };
        }
        var high = Assert.Throws<InvalidInputException>(() => new SpikingEngine(With(new ReleaseSpec { Probability = 1.5 }, null)));
        Assert.Contains("$.projections[0].release", high.Message);
        Assert.Contains("1.5", high.Message);
        var sites = Assert.Throws<InvalidInputException>(() => new SpikingEngine(With(null, new ShortTermPlasticitySpec { Sites = -1 })));
        Assert.Contains("$.projections[0].shortTermPlasticity.sites", sites.Message);
        Assert.Contains("-1", sites.Message);
        var both = Assert.Throws<InvalidInputException>(() => new SpikingEngine(With(new ReleaseSpec { Probability = 0.5 }, new ShortTermPlasticitySpec { Sites = 2 })));
        Assert.Contains("$.projections[0].release cannot be combined with shortTermPlasticity.sites", both.Message);
        var stdp = Assert.Throws<InvalidInputException>(() => new SpikingEngine(With(new ReleaseSpec { Probability = 0.5 }, null, new StdpRuleSpec())));
        Assert.Contains("$.projections[0].release draws release per synapse", stdp.Message);
        Assert.Contains("stdp", stdp.Message);
    }

    [Fact]
    public void NetworkFile_RoundTripsReleaseAndSites_AndRefusesAnUnknownField()
    {
        var spec = Recurrent(new ReleaseSpec { Probability = 0.25 }, null);
        spec = spec with { Projections = [spec.Projections[0], spec.Projections[1] with { Release = null, ShortTermPlasticity = new ShortTermPlasticitySpec { U = 0.2, Sites = 5 } }] };
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"release\": {", json);
        Assert.Contains("\"sites\": 5", json);
        var again = NetworkFile.Parse(json, "again.json");
        Assert.Equal(0.25, again.Projections[0].Release!.Probability);
        Assert.Equal(5, again.Projections[1].ShortTermPlasticity!.Sites);
        Assert.Equal(json, NetworkFile.ToJson(again));
        var bad = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json.Replace("\"sites\": 5", "\"sites\": 5, \"vesicles\": 2"), "bad.json"));
        Assert.Contains("bad.json", bad.Message);
        Assert.Contains("vesicles", bad.Message);
    }

    [Fact]
    public void PartitionedRun_RefusesStochasticRelease_InOneSentence()
    {
        var spec = Recurrent(new ReleaseSpec { Probability = 0.5 }, null);
        var e = Assert.ThrowsAny<Exception>(() => InProcessJob.Run(2, comm => new SpikingEngine(spec, new SimulationOptions { Communicator = comm })));
        var inner = e as InvalidInputException ?? e.InnerException as InvalidInputException ?? (e as AggregateException)?.InnerExceptions.OfType<InvalidInputException>().FirstOrDefault();
        Assert.NotNull(inner);
        Assert.Contains("releases stochastically (release.probability), which a partitioned run (mpiexec) does not draw yet", inner.Message);
    }

    [Fact]
    public void Exports_RefuseStochasticRelease()
    {
        var spec = Recurrent(new ReleaseSpec { Probability = 0.5 }, null);
        var neuroMl = Assert.Throws<InvalidInputException>(() => NeuroSharp.Spiking.NeuroMl.NeuroMlWriter.Write(spec, 1));
        Assert.Equal("$.projections[0].release: stochastic release has no NeuroML core counterpart; remove it to export.", neuroMl.Message);
        using var dir = new TempDirectory();
        var sonata = Assert.Throws<InvalidInputException>(() => NeuroSharp.Spiking.Sonata.SonataWriter.Write(dir.File("circuit_config.json"), spec, 1, MemoryBudget.Default));
        Assert.Equal("$.projections[0] ('in->e') has stochastic release (release.probability); SONATA export writes static synapses only.", sonata.Message);
    }
}
