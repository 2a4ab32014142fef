using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Networks that would crash the engine or exhaust the machine are refused before anything is
/// allocated, with one sentence naming the element, the field, the value or estimate and the limit
/// (issue 15); the ones at the edge of the limits still run.
/// </summary>
public class NetworkLimitsTests
{
    private const string Header = "\"format\": \"neurosharp.network\", \"version\": 1";

    private static readonly MemoryBudget Small = new(64L << 20);

    private static InvalidInputException Bad(string json) =>
        Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json, "net.json"));

    private static PopulationSpec Lif(string name, int count) => new() { Name = name, Count = count, Model = LifNeuronSpec.Cuba };

    [Fact]
    public void Build_AllToAllOn200000Neurons_RefusedAsTooManySynapsesForInt()
    {
        var spec = new NetworkSpec
        {
            Populations = [Lif("p", 200_000)],
            Projections = [new ProjectionSpec { Source = "p", Target = "p", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(1) }],
        };
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(spec, memory: new MemoryBudget(1L << 50)));
        Assert.Contains("$.projections[0].connectivity", e.Message);
        Assert.Contains("39999800000 synapses", e.Message);
        Assert.Contains("2147483591", e.Message);
    }

    [Fact]
    public void Build_PopulationOfBillionNeurons_RefusedWithPopulationEstimateAndLimit()
    {
        var spec = new NetworkSpec { Populations = [Lif("huge", 1_000_000_000)] };
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(spec, memory: Small));
        Assert.StartsWith("population \"huge\" ($.populations[0].count) would need about ", e.Message);
        Assert.Contains("GiB of memory, more than the limit of 64 MiB", e.Message);
    }

    [Fact]
    public void Load_PopulationOfIntMaxNeurons_RefusedAsTooManyForOnePopulation()
    {
        var e = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"all\", \"count\": 2147483647, \"model\": \"lif\", \"preset\": \"cuba\" }} ] }}");
        Assert.Contains("population \"all\" ($.populations[0].count) is 2147483647, more than the 1073741823 neurons one population can hold", e.Message);
    }

    [Fact]
    public void Build_LinkDelayOf1e7Ms_RefusedOverBudgetNamingTheLink()
    {
        var spec = NetworkFile.Parse($$"""
            { {{Header}},
              "neurons": [ { "id": "a", "model": "lif", "preset": "cuba" }, { "id": "b", "model": "lif", "preset": "cuba" } ],
              "links": [ { "from": "a", "to": "b", "delayMs": 1e7 } ] }
            """);
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(spec, memory: Small));
        Assert.StartsWith("$.links[0].delayMs would need about 763 MiB of memory, more than the limit of 64 MiB", e.Message);
    }

    [Fact]
    public void Load_ProjectionDelayOf1e9Ms_NamesProjectionValueAndLimit()
    {
        var e = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"p\", \"count\": 2, \"model\": \"lif\", \"preset\": \"cuba\" }} ], " +
            "\"projections\": [ { \"name\": \"slow\", \"source\": \"p\", \"target\": \"p\", \"receptor\": \"excitatory\", \"connectivity\": { \"rule\": \"allToAll\" }, \"weight\": 1, \"delayMs\": 1e9 } ] }");
        Assert.Equal("net.json: projection \"slow\" ($.projections[0].delayMs) reaches 1000000000 ms, more than the longest delay the engine holds (107374182.3 ms, 1073741823 steps of 0.1 ms).", e.Message);
    }

    private static NetworkSpec SlowProjection(int count) => new()
    {
        Populations = [Lif("p", count)],
        Projections = [new ProjectionSpec { Source = "p", Target = "p", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(1), DelayMs = DistributionSpec.Uniform(0, 1e7) }],
    };

    [Fact]
    public void Build_PerSynapseDelaysOf1e7Ms_RefusedOverBudgetNamingTheDelay()
    {
        // A ring of 1e8 + 1 slots x 10 targets: 3.7 GiB.
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(SlowProjection(10), memory: Small));
        Assert.StartsWith("$.projections[0].delayMs would need about 3.7 GiB of memory, more than the limit of 64 MiB", e.Message);
    }

    [Fact]
    public void Build_DelayQueuePastIntRange_RefusedWhateverTheBudget()
    {
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(SlowProjection(100), memory: new MemoryBudget(1L << 50)));
        Assert.StartsWith("$.projections[0].delayMs reaches 100000000 steps of 0.1 ms; its delay queue of (steps + 1) x neurons = 10000000100 entries is more than one array holds", e.Message);
    }

    [Fact]
    public void Load_PoissonInputRateOf1e12Hz_RefusedWithTheMaximum()
    {
        var e = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"p\", \"count\": 2, \"model\": \"lif\", \"preset\": \"cuba\" }} ], " +
            "\"inputs\": [ { \"type\": \"poisson\", \"target\": \"p\", \"sourceCount\": 10, \"rateHz\": 1e12, \"weight\": 1 } ] }");
        Assert.Equal("net.json: $.inputs[0].rateHz is 1000000000000 Hz, but a source spikes at most once per step: the rate must be at most 1000 / dtMs = 10000 Hz.", e.Message);
    }

    [Fact]
    public void Load_PoissonSourceRateOf1e12Hz_RefusedWithTheMaximum()
    {
        var e = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"in\", \"count\": 2, \"model\": \"poisson\", \"params\": {{ \"rateHz\": 1e12 }} }} ] }}");
        Assert.Contains("population \"in\" ($.populations[0].params.rateHz) is 1000000000000 Hz, but a source spikes at most once per step", e.Message);
    }

    [Fact]
    public void Build_PoissonInputOfBillionSources_TableStaysSmallAndRuns()
    {
        // 1e9 sources at 10 Hz, dt 0.1 ms: 1e6 input spikes per step on average; the table covers the mode's window only.
        var spec = new NetworkSpec
        {
            Populations = [Lif("p", 2)],
            Inputs = [new PoissonInputSpec { Target = "p", SourceCount = 1_000_000_000, RateHz = 10, Weight = 0.000001 }],
        };
        var engine = new SpikingEngine(spec, memory: Small);
        var result = engine.Run(20);
        Assert.Equal(20, result.Steps);
        var (cdf, offset, _) = PoissonDrive.BinomialCdf(1_000_000_000, 1e-3);
        Assert.True(cdf.Length < 100_000, $"{cdf.Length} entries");
        Assert.True(offset > 990_000);
    }

    [Fact]
    public void BinomialCdf_LargeMeanWindow_HasTheBinomialMeanAndVariance()
    {
        // n = 3e7, p = 1e-3: mean 30 000, variance 29 970. The window's moments match to 1e-6 relative
        // (what it leaves out is below 1e-20 of the mode's probability).
        int n = 30_000_000;
        double p = 1e-3;
        var (cdf, offset, bisect) = PoissonDrive.BinomialCdf(n, p);
        Assert.True(bisect);
        double mean = 0, second = 0, previous = 0;
        for (int i = 0; i < cdf.Length; i++)
        {
            double pk = cdf[i] - previous;
            previous = cdf[i];
            double k = offset + i;
            mean += pk * k;
            second += pk * k * k;
        }
        Assert.Equal(n * p, mean, n * p * 1e-6);
        Assert.Equal(n * p * (1 - p), second - mean * mean, n * p * 1e-4);
    }

    [Fact]
    public void BinomialCdf_RateTimesDtOfOne_GivesEverySourceEveryStep()
    {
        var (cdf, offset, _) = PoissonDrive.BinomialCdf(1_000_000_000, 1.0);
        Assert.Equal([1.0], cdf);
        Assert.Equal(1_000_000_000, offset);
    }

    [Fact]
    public void Run_StateMonitorOverTheRun_RefusedOverBudgetBeforeReserving()
    {
        var spec = new NetworkSpec
        {
            Populations = [Lif("p", 1000)],
            Monitors = [new StateMonitorSpec { Target = "p", Variables = ["v", "ge"] }],
        };
        var engine = new SpikingEngine(spec, memory: Small);
        var e = Assert.Throws<InvalidInputException>(() => engine.Run(1_000_000));
        Assert.StartsWith("$.monitors[0] over 1000000 steps would need about 7.5 GiB of memory, more than the limit of 64 MiB", e.Message);
        Assert.Equal(0, engine.StepCount);
    }

    [Fact]
    public void Load_MonitorEveryStepsZero_Refused()
    {
        var e = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"p\", \"count\": 2, \"model\": \"lif\", \"preset\": \"cuba\" }} ], " +
            "\"monitors\": [ { \"type\": \"state\", \"target\": \"p\", \"variables\": [\"v\"], \"everySteps\": 0 } ] }");
        Assert.Equal("net.json: $.monitors[0].everySteps must be at least 1 (got 0).", e.Message);
    }

    [Fact]
    public void Load_StimulusEveryStepsZeroWithoutSteps_RefusedAsNeverArriving()
    {
        var e = Bad($"{{ {Header}, \"neurons\": [ {{ \"id\": \"a\", \"model\": \"transmitter\", \"preset\": \"excitatory\" }} ], " +
            "\"inputs\": [ { \"type\": \"stimulus\", \"target\": \"a\", \"everySteps\": 0, \"amount\": [1, 0] } ] }");
        Assert.Contains("$.inputs[0].everySteps is 0 and no steps are listed, so the stimulus would never arrive", e.Message);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#fff")]
    [InlineData("#12345g")]
    [InlineData("rgb(1, 2, 3)")]
    public void Load_ColorRed_RefusedWithTheFormTheStudioWrites(string color)
    {
        var e = Bad($"{{ {Header}, \"neurons\": [ {{ \"id\": \"n0\", \"model\": \"lif\", \"preset\": \"cuba\", \"color\": \"{color}\" }} ] }}");
        Assert.StartsWith($"net.json: neuron \"n0\" ($.neurons[0].color) is \"{color}\"; a colour is written #rrggbb", e.Message);
    }

    [Fact]
    public void Load_StudioColours_Accepted()
    {
        var spec = NetworkFile.Parse($"{{ {Header}, \"neurons\": [ {{ \"id\": \"n0\", \"model\": \"lif\", \"preset\": \"cuba\", \"color\": \"#E15759\" }} ], " +
            "\"populations\": [ { \"name\": \"p\", \"count\": 2, \"model\": \"lif\", \"preset\": \"cuba\", \"color\": \"#4e79a7\" } ] }");
        Assert.Equal("#E15759", spec.Neurons[0].Color);
        Assert.Equal("#4e79a7", spec.Populations[0].Color);
    }

    [Fact]
    public void Load_DurationMsOf1e300_NamesTheFieldAndWritesNumbersPlainly()
    {
        var e = Bad($"{{ {Header}, \"durationMs\": 1e300 }}");
        Assert.StartsWith("net.json: $.durationMs is 1e300 ms, 1e301 steps of 0.1 ms, more than the engine's limit of 1073741823 steps", e.Message);
        Assert.DoesNotContain("E+", e.Message);
    }

    [Fact]
    public void Load_BadNeuronThreshold_NamesTheNeuronIdAndPath()
    {
        var e = Bad($"{{ {Header}, \"neurons\": [ {{ \"id\": \"n0\", \"model\": \"lif\", \"preset\": \"cuba\" }}, {{ \"id\": \"n1\", \"model\": \"lif\", \"preset\": \"cuba\" }}, " +
            "{ \"id\": \"n2\", \"model\": \"lif\", \"preset\": \"cuba\" }, { \"id\": \"n3\", \"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"thresholdMv\": -70 } } ] }");
        Assert.StartsWith("net.json: neuron \"n3\" ($.neurons[3].params.", e.Message);
        var read = Bad($"{{ {Header}, \"neurons\": [ {{ \"id\": \"n0\", \"model\": \"lif\", \"preset\": \"cuba\", \"params\": {{ \"thresholdMv\": \"high\" }} }} ] }}");
        Assert.Equal("net.json: neuron \"n0\" ($.neurons[0].params.thresholdMv) must be a number (got \"high\").", read.Message);
    }

    [Fact]
    public void Validate_SpecBuiltInCode_NamesThePopulation()
    {
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "exc", Count = 0, Model = LifNeuronSpec.Cuba }] };
        var e = Assert.Throws<InvalidInputException>(spec.Validate);
        Assert.Equal("population \"exc\" ($.populations[0].count) must be at least 1 (got 0).", e.Message);
    }

    [Fact]
    public void WriteSpikes_ManySingleNeurons_StepOrderThenDeclarationOrder()
    {
        // 300 single neurons firing at the same steps: rows come by step, then in the neurons' order
        // (the merge by heap gives the order the scan of every monitor gave).
        var neurons = Enumerable.Range(0, 300).Select(i => new SingleNeuronSpec
        {
            Id = $"n{i}", Model = LifNeuronSpec.Cuba,
            Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-49.9 - i % 3 * 0.001) },
        }).ToList();
        var engine = new SpikingEngine(new NetworkSpec { Neurons = neurons });
        engine.Run(200);
        using var dir = new TempDirectory();
        string path = dir.File("spikes.csv");
        SimulationCsv.WriteSpikes(path, engine);
        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).Select(f => (Step: int.Parse(f[0]), Neuron: int.Parse(f[2][1..]))).ToList();
        Assert.Equal(engine.SpikeMonitors.Sum(m => m.Count), rows.Count);
        Assert.True(rows.Count >= 300);
        for (int k = 1; k < rows.Count; k++)
            Assert.True(rows[k - 1].Step < rows[k].Step || (rows[k - 1].Step == rows[k].Step && rows[k - 1].Neuron < rows[k].Neuron), $"row {k}");
    }
}
