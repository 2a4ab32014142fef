using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Poisson inputs and Poisson source populations that start and stop mid-run (PoissonInputSpec and PoissonSourceSpec StartMs, StopMs).</summary>
public class PoissonWindowTests
{
    private static NetworkSpec Net(double startMs, double? stopMs, int count = 1000, double rateHz = 200) => new()
    {
        DtMs = 0.1,
        Populations = [new PopulationSpec { Name = "p", Count = count, Model = new LifNeuronSpec { TauMs = 10, RestMv = 0, ResetMv = 0, ThresholdMv = 1e6, RefractoryMs = 0 } }],
        Inputs = [new PoissonInputSpec { Target = "p", SourceCount = 1, RateHz = rateHz, Weight = 1, StartMs = startMs, StopMs = stopMs }],
    };

    /// <summary>The input spikes that arrived in each of <paramref name="steps"/> steps.</summary>
    private static long[] PerStep(NetworkSpec spec, int steps, ulong seed = 1, int threads = 1)
    {
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = seed, Threads = threads });
        var drive = engine.Drives[0];
        var counts = new long[steps];
        long before = 0;
        for (int k = 0; k < steps; k++)
        {
            engine.Step();
            counts[k] = drive.InputSpikes - before;
            before = drive.InputSpikes;
        }
        return counts;
    }

    [Fact]
    public void NoSpikeArrivesOutsideTheWindow_AndSomeArriveInside()
    {
        // On from 20 ms (step 200) until 70 ms (step 700); 1 000 neurons at 200 Hz get about 20 spikes per step while on.
        var counts = PerStep(Net(20, 70), 1000);
        for (int k = 0; k < 1000; k++)
        {
            if (k < 200 || k >= 700) Assert.True(counts[k] == 0, $"step {k}: {counts[k]} input spikes outside the window");
        }
        Assert.True(counts[200] > 0 && counts[699] > 0, $"first step {counts[200]}, last {counts[699]}");
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void RateInsideTheWindow_IsTheRate()
    {
        // 1 000 neurons x 500 steps x p = 200 Hz x 0.1 ms = 0.02: Binomial(500 000, 0.02), mean 10 000, sd 99; tolerance 4 sd
        // for each of 5 seeds.
        for (ulong seed = 1; seed <= 5; seed++)
        {
            long total = PerStep(Net(20, 70), 1000, seed).Sum();
            Assert.InRange(total, 10_000 - 396, 10_000 + 396);
        }
    }

    [Fact]
    public void Window_SameSeed_SameDrawsAtAnyThreadCount()
    {
        Assert.Equal(PerStep(Net(5, 30, count: 300), 400, threads: 1), PerStep(Net(5, 30, count: 300), 400, threads: 2));
    }

    [Fact]
    public void Window_StartingAtZeroWithoutStop_IsTheWholeRunInput()
    {
        // The defaults change nothing: the same draws as an input with no window.
        var whole = PerStep(Net(0, null, count: 200), 300);
        var spec = Net(0, null, count: 200) with { Inputs = [new PoissonInputSpec { Target = "p", RateHz = 200, Weight = 1 }] };
        Assert.Equal(PerStep(spec, 300), whole);
    }

    [Fact]
    public void Json_StartAndStop_RoundTrip_AndAStopBeforeTheStartIsRefused()
    {
        var spec = Net(20, 70, count: 3);
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"startMs\": 20", json);
        Assert.Contains("\"stopMs\": 70", json);
        var again = Assert.IsType<PoissonInputSpec>(NetworkFile.Parse(json).Inputs[0]);
        Assert.Equal((20.0, (double?)70), (again.StartMs, again.StopMs));
        var e = Assert.ThrowsAny<InvalidInputException>(() => new SpikingEngine(Net(20, 10, count: 3)));
        Assert.Contains("$.inputs[0].stopMs must be at least startMs (20) (got 10)", e.Message);
    }

    private static NetworkSpec Sources(double startMs, double? stopMs, int count = 1000, double rateHz = 200) => new()
    {
        DtMs = 0.1,
        Populations = [new PopulationSpec { Name = "src", Count = count, Model = new PoissonSourceSpec { RateHz = rateHz, StartMs = startMs, StopMs = stopMs } }],
        Monitors = [new SpikeMonitorSpec { Target = "src" }],
    };

    /// <summary>The source population's spikes in each of <paramref name="steps"/> steps.</summary>
    private static long[] SourceSpikesPerStep(NetworkSpec spec, int steps, ulong seed = 1, int threads = 1)
    {
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = seed, Threads = threads });
        engine.Run(steps);
        var counts = new long[steps];
        foreach (int k in engine.SpikeMonitors[0].Steps) counts[k]++;
        return counts;
    }

    [Fact]
    public void Sources_NoSpikeOutsideTheWindow_AndSomeInside()
    {
        // PyNN's SpikeSourcePoisson start 20 ms, duration 50 ms: on in steps 200 to 699 (t in [20, 70) ms).
        var counts = SourceSpikesPerStep(Sources(20, 70), 1000);
        for (int k = 0; k < 1000; k++)
        {
            if (k < 200 || k >= 700) Assert.True(counts[k] == 0, $"step {k}: {counts[k]} source spikes outside the window");
        }
        Assert.True(counts[200] > 0 && counts[699] > 0, $"first step {counts[200]}, last {counts[699]}");
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Sources_RateInsideTheWindow_IsTheRate()
    {
        // 1 000 sources x 500 steps x p = 200 Hz x 0.1 ms = 0.02: Binomial(500 000, 0.02), mean 10 000, sd 99; tolerance 4 sd for each of
        // 5 seeds, at 1 and 2 threads (the same spikes).
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var one = SourceSpikesPerStep(Sources(20, 70), 1000, seed);
            Assert.InRange(one.Sum(), 10_000 - 396, 10_000 + 396);
            Assert.Equal(one, SourceSpikesPerStep(Sources(20, 70), 1000, seed, threads: 2));
        }
    }

    [Fact]
    public void Sources_StartingAtZeroWithoutStop_AreTheWholeRunSources()
    {
        var spec = Sources(0, null, count: 200);
        var plain = spec with { Populations = [spec.Populations[0] with { Model = new PoissonSourceSpec { RateHz = 200 } }] };
        Assert.Equal(SourceSpikesPerStep(plain, 300), SourceSpikesPerStep(spec, 300));
        Assert.DoesNotContain("startMs", NetworkFile.ToJson(plain));
    }

    [Fact]
    public void Sources_Json_StartAndStop_RoundTrip_AndAStopBeforeTheStartIsRefused()
    {
        string json = NetworkFile.ToJson(Sources(20, 70, count: 3));
        Assert.Contains("\"startMs\": 20", json);
        Assert.Contains("\"stopMs\": 70", json);
        var again = Assert.IsType<PoissonSourceSpec>(NetworkFile.Parse(json).Populations[0].Model);
        Assert.Equal((20.0, (double?)70), (again.StartMs, again.StopMs));
        var e = Assert.ThrowsAny<InvalidInputException>(() => new SpikingEngine(Sources(20, 10, count: 3)));
        Assert.Contains("population \"src\" ($.populations[0].params", e.Message);
        Assert.Contains("must be at least startMs (20) (got 10)", e.Message);
    }

    [Fact]
    public void NeuroMlExport_WritesAWindowedSourceAsSpikeSourcePoisson_AndAnAdExWithoutExponentialAsEif()
    {
        // A windowed source is PyNN's SpikeSourcePoisson (start, duration), and an adex with slopeMv 0 EIF_cond_exp_isfa_ista with delta_T 0
        // (adExIaFCell divides by delT); both read back as they were (docs/neuroml.md, "What is written").
        var doc = NeuroSharp.Spiking.NeuroMl.NeuroMlWriter.Write(Sources(20, 70, count: 3), 1);
        var source = doc.Root!.Elements().Single(x => x.Name.LocalName == "SpikeSourcePoisson");
        Assert.Equal(("20ms", "50ms"), ((string?)source.Attribute("start"), (string?)source.Attribute("duration")));
        var back = Assert.IsType<PoissonSourceSpec>(NeuroSharp.Spiking.NeuroMl.NeuroMlFile.Parse(doc.ToString(), "w.nml").Populations[0].Model);
        Assert.Equal((20.0, (double?)70), (back.StartMs, back.StopMs));
        var adex = new NetworkSpec { Populations = [new PopulationSpec { Name = "eif", Count = 1, Model = AdExNeuronSpec.Tonic with { SlopeMv = 0 } }] };
        var eif = NeuroSharp.Spiking.NeuroMl.NeuroMlWriter.Write(adex, 1).Root!.Elements().Single(x => x.Name.LocalName == "EIF_cond_exp_isfa_ista");
        Assert.Equal("0", (string?)eif.Attribute("delta_T"));
        NeuroSharp.Spiking.NeuroMl.NeuroMlWriter.Write(Sources(0, null, count: 3), 1); // the whole-run source is written
    }
}
