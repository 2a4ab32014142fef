using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>A network file's timed parameter changes (NetworkSpec.Changes, "changes" in the file; docs/formats.md, "Changes").</summary>
public class TimedChangeTests
{
    private static readonly LifNeuronSpec Passive = new() { TauMs = 10, RestMv = 0, ResetMv = 0, ThresholdMv = 1e6, RefractoryMs = 0 };

    /// <summary>v of neuron 0 after each of <paramref name="steps"/> steps.</summary>
    private static float[] Trace(NetworkSpec spec, int steps, SpikingEngine? engine = null)
    {
        engine ??= new SpikingEngine(spec);
        var v = new float[steps];
        for (int k = 0; k < steps; k++)
        {
            engine.Step();
            v[k] = engine.GetVariable("p", "v")[0];
        }
        return v;
    }

    /// <summary>Spikes of population "s" in each of <paramref name="steps"/> steps.</summary>
    private static long[] SourceSpikes(NetworkSpec spec, int steps, int threads = 1)
    {
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 7, Threads = threads });
        var counts = new long[steps];
        long before = 0;
        for (int k = 0; k < steps; k++)
        {
            engine.Step();
            counts[k] = engine.SpikeCountOf("s") - before;
            before += counts[k];
        }
        return counts;
    }

    private static NetworkSpec PassiveNet(params ModelChangeSpec[] changes) => new()
    {
        DtMs = 0.1,
        Populations = [new PopulationSpec { Name = "p", Count = 2, Model = Passive }],
        Changes = changes,
    };

    private static NetworkSpec Sources(double rateHz, params ModelChangeSpec[] changes) => new()
    {
        DtMs = 0.1,
        Populations = [new PopulationSpec { Name = "s", Count = 500, Model = new PoissonSourceSpec { RateHz = rateHz } }],
        Changes = changes,
    };

    [Fact]
    public void RestChange_BeforeItBitForBit_AfterItTheClosedForm()
    {
        // At rest 0 with no input v stays 0; from 20 ms (step 200) the rest is 10 mV, so v = 10 (1 - exp(-(t - 20) / 10)), t at
        // the end of each step.
        var plain = Trace(PassiveNet(), 600);
        var changed = Trace(PassiveNet(new ModelChangeSpec { AtMs = 20, Population = "p", Model = Passive with { RestMv = 10 } }), 600);
        Assert.Equal(plain[..200], changed[..200]);
        for (int k = 200; k < 600; k++)
        {
            double t = (k + 1) * 0.1 - 20;
            Assert.True(Math.Abs(changed[k] - 10 * (1 - Math.Exp(-t / 10))) < 1e-4, $"step {k}: v {changed[k]}, expected {10 * (1 - Math.Exp(-t / 10))}");
        }
    }

    [Fact]
    public void TauChange_KeepsV_AndRelaxesWithTheNewTimeConstant()
    {
        // Rest 10 mV from the start: v = 10 (1 - exp(-t / 10)) until 20 ms, then towards 10 with tau 40 ms from where it was.
        var start = Passive with { RestMv = 10 };
        var spec = PassiveNet(new ModelChangeSpec { AtMs = 20, Population = "p", Model = start with { TauMs = 40 } }) with
        {
            Populations = [new PopulationSpec { Name = "p", Count = 2, Model = start, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(0) } }],
        };
        var v = Trace(spec, 600);
        double at20 = 10 * (1 - Math.Exp(-2.0));
        Assert.True(Math.Abs(v[199] - at20) < 1e-4, $"v at 20 ms {v[199]}, expected {at20}");
        for (int k = 200; k < 600; k++)
        {
            double t = (k + 1) * 0.1 - 20, expected = 10 - (10 - at20) * Math.Exp(-t / 40);
            Assert.True(Math.Abs(v[k] - expected) < 1e-4, $"step {k}: v {v[k]}, expected {expected}");
        }
    }

    [Fact]
    public void PoissonRateChange_DrawsBeforeItDoNotMove_AndTheNewRateHolds()
    {
        // 500 sources at 100 Hz; from 50 ms (step 500) at 300 Hz. The first 500 steps are the unchanged run's, spike for spike.
        var plain = SourceSpikes(Sources(100), 1000);
        var changed = SourceSpikes(Sources(100, new ModelChangeSpec { AtMs = 50, Population = "s", Model = new PoissonSourceSpec { RateHz = 300 } }), 1000);
        Assert.Equal(plain[..500], changed[..500]);
        // 500 sources x 500 steps x p = 0.03: Binomial(250 000, 0.03), mean 7 500, sd 85; 5 sd (seed 7: 7 360).
        long after = changed[500..].Sum();
        Assert.True(after is > 7500 - 430 and < 7500 + 430, $"{after} spikes after the change, {plain[500..].Sum()} without it");
        Assert.Equal(changed, SourceSpikes(Sources(100, new ModelChangeSpec { AtMs = 50, Population = "s", Model = new PoissonSourceSpec { RateHz = 300 } }), 1000, threads: 2));
    }

    [Fact]
    public void PoissonRateFromZero_NoSpikeBeforeTheChange()
    {
        var counts = SourceSpikes(Sources(0, new ModelChangeSpec { AtMs = 30, Population = "s", Model = new PoissonSourceSpec { RateHz = 200 } }), 600);
        Assert.Equal(0, counts[..300].Sum());
        Assert.True(counts[300..].Sum() > 0);
    }

    [Fact]
    public void Reset_ReturnsToTheBuiltModels_AndRepeatsTheRun()
    {
        var spec = PassiveNet(new ModelChangeSpec { AtMs = 20, Population = "p", Model = Passive with { RestMv = 10 } });
        var engine = new SpikingEngine(spec);
        var first = Trace(spec, 400, engine);
        engine.Reset();
        Assert.Equal(first, Trace(spec, 400, engine));
    }

    [Fact]
    public void Json_PartialParams_MergeOntoTheModel_AndRoundTrip()
    {
        const string json = """
            {"format": "neurosharp.network", "version": 1, "dtMs": 0.1,
             "populations": [{"name": "p", "count": 2, "model": "lif", "params": {"tauMs": 10, "restMv": 0, "resetMv": 0, "thresholdMv": 20, "refractoryMs": 2, "tauExcMs": 5, "tauInhMs": 5}},
                             {"name": "s", "count": 2, "model": "poisson", "params": {"ratesHz": [5, 6]}}],
             "changes": [{"atMs": 10, "population": "p", "params": {"thresholdMv": 15}},
                         {"atMs": 10, "population": "s", "params": {"rateHz": 40}},
                         {"atMs": 30, "population": "p", "params": {"tauMs": 20}}]}
            """;
        var spec = NetworkFile.Parse(json);
        Assert.Equal(3, spec.Changes.Count);
        var first = Assert.IsType<LifNeuronSpec>(spec.Changes[0].Model);
        Assert.Equal((15.0, 10.0, 2.0), (first.ThresholdMv, first.TauMs, first.RefractoryMs));
        var rate = Assert.IsType<PoissonSourceSpec>(spec.Changes[1].Model);
        Assert.Null(rate.RatesHz);
        Assert.Equal(40, rate.RateHz);
        // The third change starts from the first's model: threshold 15 kept, tau 20.
        var third = Assert.IsType<LifNeuronSpec>(spec.Changes[2].Model);
        Assert.Equal((15.0, 20.0), (third.ThresholdMv, third.TauMs));
        string written = NetworkFile.ToJson(spec);
        Assert.Contains("\"changes\"", written);
        Assert.Equal(written, NetworkFile.ToJson(NetworkFile.Parse(written)));
    }

    [Theory]
    [InlineData("""{"atMs": 10, "population": "q", "params": {"thresholdMv": 15}}""", "$.changes[0].population names no population or neuron ('q'")]
    [InlineData("""{"atMs": -1, "population": "p", "params": {"thresholdMv": 15}}""", "$.changes[0].atMs must be a finite number >= 0 (got -1)")]
    [InlineData("""{"atMs": 10, "population": "p", "params": {"tauMs": -5}}""", "$.changes[0].params.tauMs")]
    [InlineData("""{"atMs": 10, "population": "p", "params": {"rateHz": 5}}""", "$.changes[0].params")]
    [InlineData("""{"atMs": 10, "population": "p"}""", "$.changes[0].params is missing")]
    [InlineData("""{"atMs": 10, "population": "p", "params": {"thresholdMv": 15}}, {"atMs": 5, "population": "p", "params": {"thresholdMv": 16}}""",
        "$.changes[1].atMs is 5, before the previous change's 10: list the changes in order of time.")]
    public void Json_BadChange_IsRefusedAtItsPath(string changes, string expected)
    {
        string json = """{"format": "neurosharp.network", "version": 1, "populations": [{"name": "p", "count": 2, "model": "lif", "params": {"tauMs": 10, "restMv": 0, "resetMv": 0, "thresholdMv": 20, "refractoryMs": 2, "tauExcMs": 5, "tauInhMs": 5}}], "changes": ["""
            + changes + "]}";
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ChangeOfARiseTime_IsRefusedWhenTheEngineIsBuilt()
    {
        var alpha = Passive with { TauExcMs = 5, RiseExcMs = 5 };
        var spec = PassiveNet(new ModelChangeSpec { AtMs = 20, Population = "p", Model = alpha with { TauExcMs = 2, RiseExcMs = 2 } }) with
        {
            Populations = [new PopulationSpec { Name = "p", Count = 2, Model = alpha }],
        };
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(spec));
        Assert.StartsWith("$.changes[0].params change what 'p' (lif) cannot take in place during a run", e.Message);
    }

    [Fact]
    public void ChangeToAnotherModel_IsRefusedByTheValidation()
    {
        var spec = PassiveNet(new ModelChangeSpec { AtMs = 20, Population = "p", Model = new IzhikevichNeuronSpec() });
        var e = Assert.Throws<InvalidInputException>(() => spec.Validate());
        Assert.Contains("$.changes[0].params are an izhikevich model's, but 'p' is a lif population: a change keeps the model.", e.Message);
    }

    [Fact]
    public void Export_NeuroMlAndSonata_RefuseTimedChanges()
    {
        var spec = PassiveNet(new ModelChangeSpec { AtMs = 20, Population = "p", Model = Passive with { RestMv = 10 } });
        var e = Assert.Throws<InvalidInputException>(() => NeuroSharp.Spiking.NeuroMl.NeuroMlWriter.Write(spec, 1));
        Assert.Equal("$.changes: NeuroML export does not write timed parameter changes (1 here); remove them to export.", e.Message);
        using var dir = new NeuroSharp.Testing.TempDirectory();
        var s = Assert.Throws<InvalidInputException>(() => NeuroSharp.Spiking.Sonata.SonataWriter.Write(dir.File("circuit_config.json"), spec, 1, MemoryBudget.Default));
        Assert.Equal("$.changes: SONATA export does not write timed parameter changes (1 here); remove them to export.", s.Message);
    }
}
