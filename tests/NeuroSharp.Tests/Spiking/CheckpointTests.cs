using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;
using static NeuroSharp.Testing.CheckpointNetworks;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Checkpoints of the spiking engine (docs/spiking-engine.md, "Checkpoints"): a run cut at one or several steps, each piece in a
/// fresh engine that resumes from the file the piece before wrote, ends with the spikes, recordings, weights and state of one
/// uninterrupted run, bit for bit, whatever the threads of each piece. Every model of the network format has a case (the test
/// that lists them fails when a model is added without one), and so do the parts with state of their own: STDP (pair, triplet,
/// per-synapse delays), short-term plasticity, delays, gap junctions and graded projections, Poisson and spike-time sources,
/// multi-compartment cells with pools, transmitter neurons and timed changes.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static NetworkSpec Example(string name) => NetworkFile.Load(Path.Combine(RepositoryRoot.Path, "examples", "networks", name));

    private static readonly StdpRuleSpec Stdp = new() { APlus = 0.05, AMinus = 0.055, WMax = 3 };

    /// <summary>One case per model of the network format (by its name in a file), each driven so that it fires.</summary>
    private static readonly Dictionary<string, Func<(NetworkSpec Spec, int Steps)>> ModelCases = new()
    {
        ["transmitter"] = () => (Example("article-two-neurons.json"), 200),
        ["lif"] = () => (Driven(new LifNeuronSpec { AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 0.5, TauMs = 50 }, RiseExcMs = 0.5 }, 4, Stdp), 600),
        ["conductanceLif"] = () => (Example("coba.json"), 400),
        ["izhikevich"] = () => (Example("polychronization.json"), 300),
        ["izhikevich2007"] = () => (Driven(new Izhikevich2007NeuronSpec(), 20), 600),
        ["adex"] = () => (Driven(AdExNeuronSpec.Adapting, 300), 600),
        ["glif"] = () => (Driven(GlifNeuronSpec.LifRAscA, 300), 600),
        ["gif"] = () => (Driven(GifNeuronSpec.PyNN, 20), 600),
        ["hh"] = () => (Example("cobahh.json"), 400),
        ["poisson"] = () => (Driven(new LifNeuronSpec(), 4), 400),
        ["spikeTimes"] = () => (new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "t", Count = 3, Model = new SpikeTimesSourceSpec { Indices = [0, 1, 2, 0, 2], TimesMs = [1, 5.5, 9.9, 12, 30] } },
                new PopulationSpec { Name = "p", Count = 2, Model = new LifNeuronSpec() },
            ],
            Projections = [new ProjectionSpec { Source = "t", Target = "p", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(30), DelayMs = DistributionSpec.Constant(2) }],
        }, 400),
        ["randomIntervals"] = () => (Driven(new RandomIntervalSourceSpec { MinIsiMs = 2, MaxIsiMs = 8 }, 1) with
        {
            Populations = [new PopulationSpec { Name = "src", Count = 20, Model = new RandomIntervalSourceSpec { MinIsiMs = 2, MaxIsiMs = 8 } }, new PopulationSpec { Name = "p", Count = 10, Model = new LifNeuronSpec() }],
            Projections = [new ProjectionSpec { Source = "src", Target = "p", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Uniform(1, 4), DelayMs = DistributionSpec.Constant(1) }],
        }, 500),
        ["equations"] = () => (Example("equations-izhikevich2007.json"), 2000),
    };

    /// <summary>The parts with state of their own beyond a model's.</summary>
    private static readonly Dictionary<string, Func<(NetworkSpec Spec, int Steps)>> PartCases = new()
    {
        ["pairStdpPerSynapseDelays"] = () => (Driven(new LifNeuronSpec(), 4, Stdp, delayMs: DistributionSpec.Uniform(0.1, 3)), 600),
        ["tripletStdp"] = () => (Driven(new LifNeuronSpec(), 4, Stdp with { APlusTriplet = 0.02, TauTripletMs = 40 }), 600),
        ["tripletStdpNearestDelayed"] = () => (Driven(new LifNeuronSpec(), 4, Stdp with { APlusTriplet = 0.02, Pairing = StdpPairing.Nearest }, delayMs: DistributionSpec.Uniform(0.1, 3)), 600),
        ["shortTermPlasticity"] = () => (Driven(new LifNeuronSpec(), 6, stp: new ShortTermPlasticitySpec { U = 0.2, TauRecMs = 100, TauFacMs = 50 }), 600),
        ["shortTermPlasticityWithDelayedStdp"] = () => (Driven(new LifNeuronSpec(), 6, Stdp, new ShortTermPlasticitySpec { U = 0.2, TauRecMs = 100 }, DistributionSpec.Uniform(0.1, 3)), 600),
        ["stochasticRelease"] = () => (Driven(new LifNeuronSpec(), 8) is var s ? s with
        {
            Projections = [s.Projections[0] with { Release = new ReleaseSpec { Probability = 0.5 } }, s.Projections[1]],
        } : null!, 600),
        ["stochasticReleaseSites"] = () => (Driven(new LifNeuronSpec(), 8, stp: new ShortTermPlasticitySpec { U = 0.3, TauRecMs = 100, Sites = 3 }), 600),
        ["ringDelays"] = () => (Example("brunel-2000.json"), 400),
        ["gapJunctions"] = () => (Driven(ConductanceLifNeuronSpec.Coba, 0.5) with
        {
            GapJunctions = [new GapJunctionSpec { Source = "p", Target = "p", Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 }, Conductance = DistributionSpec.Uniform(0.05, 0.2) }],
        }, 500),
        ["gradedProjections"] = () => (Driven(ConductanceLifNeuronSpec.Coba, 0.5) with
        {
            GradedProjections = [new GradedProjectionSpec { Source = "p", Target = "p", Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 }, Conductance = 0.05 }],
        }, 500),
        ["multiCompartmentPools"] = () => (new NetworkSpec
        {
            DtMs = 0.025,
            Populations = [new PopulationSpec { Name = "n", Count = 3, Model = MultiCompartmentPoolTests.Uniform(2) }],
            Inputs = [new PoissonInputSpec { Target = "n", SourceCount = 20, RateHz = 300, Weight = 8 }],
        }, 800),
        ["hhTemperatureChanges"] = () => (Example("cobahh.json") is var s ? s with
        {
            Populations = [.. s.Populations.Select(p => p with { Model = ((HodgkinHuxleyNeuronSpec)p.Model) with { TemperatureChangesMs = [5, 12], TemperatureChangesCelsius = [20, 30] } })],
        } : null!, 400),
        ["timedChanges"] = () => (Driven(new LifNeuronSpec(), 4) with
        {
            Changes =
            [
                new ModelChangeSpec { AtMs = 15, Population = "p", Model = new LifNeuronSpec { ThresholdMv = -52 } },
                new ModelChangeSpec { AtMs = 25, Population = "src", Model = new PoissonSourceSpec { RateHz = 50 } },
            ],
        }, 500),
        ["currentsAndRates"] = () => (Example("cuba.json"), 300),
        ["transmitterReflex"] = () => (Example("touch-reflex.json"), 300),
    };

    public static TheoryData<string> ModelNames => [.. ModelCases.Keys];

    public static TheoryData<string> PartNames => [.. PartCases.Keys];

    [Fact]
    public void ModelCases_CoverEveryModelOfTheNetworkFormat()
    {
        foreach (string name in NeuronModels.Names)
            Assert.True(ModelCases.ContainsKey(name), $"model '{name}' has no checkpoint case: add one to CheckpointTests.ModelCases");
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Resume_EveryModel_BitForBitWithOneRun(string model)
    {
        var (spec, steps) = ModelCases[model]();
        AssertResumeIsBitForBit(spec, steps, [steps / 2]);
    }

    [Theory]
    [MemberData(nameof(PartNames))]
    public void Resume_EveryPartWithState_BitForBitWithOneRun(string part)
    {
        var (spec, steps) = PartCases[part]();
        AssertResumeIsBitForBit(spec, steps, [steps / 3, steps / 2 + 7]);
    }

    [Fact]
    public void Resume_CutsAroundTimedChanges_AndAtEveryFewSteps_BitForBit()
    {
        // Changes at steps 150 and 250: cut just before, at and just after each, at threads 1, 2 and 4 in turn.
        var (spec, steps) = PartCases["timedChanges"]();
        AssertResumeIsBitForBit(spec, steps, [1, 149, 150, 151, 249, 250, 251, 333]);
    }

    [Fact]
    public void Restore_OtherNetwork_RefusedNamingNetworkSha256()
    {
        var (spec, _) = PartCases["tripletStdp"]();
        string path = TempPath();
        var e = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        e.Run(10);
        e.SaveCheckpoint(path);
        var other = new SpikingEngine(spec with { DtMs = 0.05 }, new SimulationOptions { Seed = 3 });
        var ex = Assert.Throws<InvalidInputException>(() => other.RestoreCheckpoint(path));
        Assert.StartsWith($"{path}: networkSha256 is ", ex.Message);
        Assert.Contains("another network", ex.Message);
        var otherSeed = new SpikingEngine(spec, new SimulationOptions { Seed = 4 });
        ex = Assert.Throws<InvalidInputException>(() => otherSeed.RestoreCheckpoint(path));
        Assert.Equal($"{path}: seed is 3, but this run's seed is 4; resume with --seed 3.", ex.Message);
    }

    [Fact]
    public void Restore_DamagedOrTruncated_Refused_AndEngineUntouched()
    {
        var (spec, _) = PartCases["tripletStdp"]();
        string path = TempPath();
        var e = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        e.Run(50);
        e.SaveCheckpoint(path);
        var bytes = File.ReadAllBytes(path);
        // One bit of the last tensor's data flipped: the data hash no longer matches.
        bytes[^3] ^= 1;
        File.WriteAllBytes(path, bytes);
        var fresh = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        var ex = Assert.Throws<InvalidInputException>(() => fresh.RestoreCheckpoint(path));
        Assert.Equal($"{path}: dataSha256 does not match the tensors' bytes; the file is damaged.", ex.Message);
        Assert.Equal(0, fresh.StepCount);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        ex = Assert.Throws<InvalidInputException>(() => fresh.RestoreCheckpoint(path));
        Assert.StartsWith($"{path}: ", ex.Message);
        Assert.Equal(0, fresh.StepCount);
    }

    /// <summary>
    /// The network of a PyNN script that alternates set() and run() (docs/pynn.md, "How it runs"): what it knows at a cut is
    /// <see cref="Staged"/> with the stages up to it; each later stage adds timed changes (a threshold, a Poisson rate), a current
    /// input (stepped, on from the cut or later), stops an earlier input from the cut on, and adds spike times. Each piece resumes
    /// from the piece before, whose network knew less, and the end is bit for bit one run of the network that knows all.
    /// </summary>
    [Theory]
    [InlineData(new[] { 150, 300 })]
    [InlineData(new[] { 1, 149, 150, 151, 333 })]
    public void Resume_NetworkThatGainedLaterChangesAndInputs_BitForBitWithOneRunOfIt(int[] cuts)
    {
        const int Steps = 450;
        var all = EngineFingerprint.WithEveryMonitor(Staged(cuts, cuts.Length));
        var whole = new SpikingEngine(all, new SimulationOptions { Seed = 11, Threads = 1 });
        whole.Run(Steps);
        string expected = EngineFingerprint.Of(whole);
        Assert.True(whole.SpikeCountOf("p") > 0 && whole.SpikeCountOf("t") > 0);
        string path = TempPath();
        int done = 0;
        for (int piece = 0; piece <= cuts.Length; piece++)
        {
            int end = piece < cuts.Length ? cuts[piece] : Steps;
            var e = new SpikingEngine(EngineFingerprint.WithEveryMonitor(Staged(cuts, piece)), new SimulationOptions { Seed = 11, Threads = 1 + piece % 3 });
            if (done > 0) e.RestoreCheckpoint(path);
            Assert.Equal(done, e.StepCount);
            e.Run(end - done);
            e.SaveCheckpoint(path);
            done = end;
            if (piece == cuts.Length) Assert.Equal(expected, EngineFingerprint.Of(e));
        }
        // The later stages change what follows: the run that knows all is not the first stage's.
        var first = new SpikingEngine(EngineFingerprint.WithEveryMonitor(Staged(cuts, 0)), new SimulationOptions { Seed = 11, Threads = 1 });
        first.Run(Steps);
        Assert.NotEqual(expected, EngineFingerprint.Of(first));
    }

    [Fact]
    public void Resume_NetworkWhoseEarlierChangeDiffers_RefusedNamingTheChange()
    {
        int[] cuts = [150, 300];
        string path = TempPath();
        var e = new SpikingEngine(Staged(cuts, 2), new SimulationOptions { Seed = 11 });
        e.Run(320); // the changes at steps 150 and 300 made (two each: p's threshold, src's rate)
        e.SaveCheckpoint(path);
        var staged = Staged(cuts, 2);
        var changed = staged with { Changes = [.. staged.Changes.Select((c, k) => k == 2 ? c with { Model = new LifNeuronSpec { ThresholdMv = -40 } } : c)] };
        var ex = Assert.Throws<InvalidInputException>(() => new SpikingEngine(changed, new SimulationOptions { Seed = 11 }).RestoreCheckpoint(path));
        Assert.Equal($"{path}: the network's $.changes[2] (atMs 30, population 'p') is not the change the checkpoint made there, before its t = 32 ms; "
            + "only the changes from then on may differ; run from t = 0 (without --resume) to change an earlier one.", ex.Message);
        var added = staged with { Changes = [.. staged.Changes.Take(2), new ModelChangeSpec { AtMs = 20, Population = "p", Model = new LifNeuronSpec { ThresholdMv = -45 } }, .. staged.Changes.Skip(2)] };
        ex = Assert.Throws<InvalidInputException>(() => new SpikingEngine(added, new SimulationOptions { Seed = 11 }).RestoreCheckpoint(path));
        Assert.StartsWith($"{path}: the network's $.changes[2] (atMs 20, population 'p') is not the change the checkpoint made there", ex.Message);
        var removed = staged with { Changes = [.. staged.Changes.Take(3)] };
        ex = Assert.Throws<InvalidInputException>(() => new SpikingEngine(removed, new SimulationOptions { Seed = 11 }).RestoreCheckpoint(path));
        Assert.StartsWith($"{path}: the checkpoint made 4 timed changes before its t = 32 ms, but the network's $.changes has 3 before then;", ex.Message);
        // An input that was on before the cut, and a monitor added: the network before the cut is another one.
        var earlier = staged with { Inputs = [.. staged.Inputs, new CurrentInputSpec { Target = "p", Amplitude = 5, StartMs = 10 }] };
        ex = Assert.Throws<InvalidInputException>(() => new SpikingEngine(earlier, new SimulationOptions { Seed = 11 }).RestoreCheckpoint(path));
        Assert.StartsWith($"{path}: networkSha256 is ", ex.Message);
        var watched = staged with { Monitors = [.. staged.Monitors, new SpikeMonitorSpec { Target = "src" }] };
        ex = Assert.Throws<InvalidInputException>(() => new SpikingEngine(watched, new SimulationOptions { Seed = 11 }).RestoreCheckpoint(path));
        Assert.Contains("a structural change: run from t = 0", ex.Message);
    }

    [Fact]
    public void Resume_LaterInputWithStateOfItsOwn_RefusedBeforeAnythingIsRestored()
    {
        // A current onto a dendrite that had none sums into a buffer of its own (state the checkpoint lacks), though it starts later.
        var (spec, _) = PartCases["multiCompartmentPools"]();
        string path = TempPath();
        var e = new SpikingEngine(spec, new SimulationOptions { Seed = 11 });
        e.Run(100);
        e.SaveCheckpoint(path);
        var later = spec with { Inputs = [.. spec.Inputs, new CurrentInputSpec { Target = "n", Compartment = "c1", Amplitude = 50, StartMs = 5 }] };
        var fresh = new SpikingEngine(later, new SimulationOptions { Seed = 11 });
        var ex = Assert.Throws<InvalidInputException>(() => fresh.RestoreCheckpoint(path));
        Assert.Equal($"{path}: the network has state 'population0/placedCurrent0' that the checkpoint lacks (a population, projection, input or monitor added: a structural change); run from t = 0 (without --resume).", ex.Message);
        Assert.Equal(0, fresh.StepCount);
        // The same input onto the cell's input compartment (its I, which every population has) resumes.
        var onInput = spec with { Inputs = [.. spec.Inputs, new CurrentInputSpec { Target = "n", Amplitude = 50, StartMs = 5 }] };
        var resumed = new SpikingEngine(onInput, new SimulationOptions { Seed = 11 });
        resumed.RestoreCheckpoint(path);
        Assert.Equal(100, resumed.StepCount);
    }

    /// <summary>
    /// src (Poisson) and t (spike times) drive p (LIF, a constant current from 0); stage k (k = 1, 2, ...) adds, at cut k's time
    /// T: p's threshold and src's rate as timed changes at T, the first current's stop at T and a larger one from T, a pulse from
    /// T + 2 ms to T + 5 ms, and t's spikes from T on. Stage 0 is the network before any cut.
    /// </summary>
    private static NetworkSpec Staged(int[] cuts, int stages)
    {
        const double Dt = 0.1;
        var changes = new List<ModelChangeSpec>();
        var inputs = new List<InputSpec> { new CurrentInputSpec { Target = "p", Indices = [0, 1, 2, 3, 4], Amplitude = 6 } };
        var indices = new List<int> { 0, 1, 0 };
        var times = new List<double> { 2, 4.5, 9 };
        for (int k = 0; k < stages; k++)
        {
            double at = cuts[k] * Dt;
            changes.Add(new ModelChangeSpec { AtMs = at, Population = "p", Model = new LifNeuronSpec { ThresholdMv = -50 - (k + 1) } });
            changes.Add(new ModelChangeSpec { AtMs = at, Population = "src", Model = new PoissonSourceSpec { RateHz = 200 + 150 * (k + 1) } });
            var open = (CurrentInputSpec)inputs[^1];
            inputs[^1] = open with { StopMs = at };
            inputs.Add(new CurrentInputSpec { Target = "p", Indices = [3, 4, 5, 6], Amplitude = 3, StartMs = at + 2, StopMs = at + 5 });
            inputs.Add(new CurrentInputSpec { Target = "p", Indices = [0, 1, 2, 3, 4], Amplitude = 6 + 4 * (k + 1), StartMs = at });
            indices.AddRange([0, 1]);
            times.AddRange([at + 1, at + 3.3]);
        }
        var spec = Driven(new LifNeuronSpec(), 4);
        return spec with
        {
            Populations = [.. spec.Populations, new PopulationSpec { Name = "t", Count = 2, Model = new SpikeTimesSourceSpec { Indices = indices, TimesMs = times } }],
            Projections = [.. spec.Projections, new ProjectionSpec { Source = "t", Target = "p", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(8), DelayMs = DistributionSpec.Constant(1) }],
            Inputs = inputs, Changes = changes,
        };
    }

    /// <summary>
    /// Runs <paramref name="spec"/> for <paramref name="steps"/> steps in one engine, then in pieces cut at <paramref name="cuts"/>:
    /// each piece a fresh engine (threads 1, 2, 4 in turn) that restores the checkpoint of the piece before and saves its own; the
    /// last piece's fingerprint must be the one run's.
    /// </summary>
    private void AssertResumeIsBitForBit(NetworkSpec spec, int steps, int[] cuts)
    {
        spec = EngineFingerprint.WithEveryMonitor(spec);
        var whole = new SpikingEngine(spec, new SimulationOptions { Seed = 11, Threads = 1 });
        whole.Run(steps);
        string expected = EngineFingerprint.Of(whole);
        // Every population that is not a source fires (so resets, refractoriness and adaptation are crossed by the cuts).
        foreach (var p in spec.Populations.Where(p => !NeuronModels.IsSource(p.Model)))
            Assert.True(whole.SpikeCountOf(p.Name) > 0, $"population {p.Name} should fire in the case");
        string path = TempPath();
        int done = 0, piece = 0;
        int[] threads = [2, 4, 1];
        foreach (int cut in cuts.Append(steps))
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 11, Threads = threads[piece++ % threads.Length] });
            if (done > 0) e.RestoreCheckpoint(path);
            Assert.Equal(done, e.StepCount);
            e.Run(cut - done);
            done = cut;
            if (cut < steps)
            {
                e.SaveCheckpoint(path);
                continue;
            }
            Assert.Equal(expected, EngineFingerprint.Of(e));
        }
    }

    private string TempPath() => _dir.File($"{Guid.NewGuid():N}.safetensors");
}
