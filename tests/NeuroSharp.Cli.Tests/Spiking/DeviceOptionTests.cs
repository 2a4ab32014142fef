using System.Text.Json;
using NeuroSharp.Gpu;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Reports.Experiments;
using NeuroSharp.Reports.Experiments.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>--device</c> on simulate, cluster and metacluster. The device runs use ILGPU's CPU accelerator
/// (NEUROSHARP_GPU_SIMULATOR=1, set only around those runs; commands without --device never read it).
/// </summary>
public partial class DeviceOptionTests
{
    private static string Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuroSharp.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "examples", "networks", name);
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("cluster")]
    [InlineData("metacluster")]
    [InlineData("experiment")]
    public void Device_BadValue_RefusedInOneSentence(string command)
    {
        using var dir = new TempDirectory();
        string[] args = command switch
        {
            "simulate" => ["simulate", Example("cuba.json"), "--steps", "1", "--device", "tpu", "--out", dir.Path],
            "experiment" => ["experiment", "run", "cuba-network", "--quick", "--device", "tpu", "--out", dir.Path],
            _ => [command, "--data", "uniform:dims=2,samples=100", "--device", "tpu", "--out", dir.Path],
        };
        CliAssert.Refused(Run(args), "--device must be cpu, gpu or auto (got \"tpu\").");
    }

    [Fact]
    public void Simulate_OnTheSimulatedDevice_SameSpikesAsCpu()
    {
        using var dir = new TempDirectory();
        var cpu = Run("simulate", Example("cuba.json"), "--duration-ms", "15", "--out", dir.File("cpu"), "--json");
        var gpu = WithSimulator(() => Run("simulate", Example("cuba.json"), "--duration-ms", "15", "--device", "gpu", "--out", dir.File("gpu"), "--json"));

        Assert.True(gpu.Exit == 0, gpu.Err);
        Assert.True(cpu.Exit == 0, cpu.Err);
        Assert.Equal("cpu", JsonDocument.Parse(cpu.Out).RootElement.GetProperty("device").GetString());
        Assert.Contains("ILGPU's CPU accelerator", JsonDocument.Parse(gpu.Out).RootElement.GetProperty("device").GetString());
        Assert.Equal(File.ReadAllText(dir.File("cpu/spikes.csv")), File.ReadAllText(dir.File("gpu/spikes.csv")));
        Assert.True(JsonDocument.Parse(gpu.Out).RootElement.GetProperty("spikes").GetInt64() > 0);
    }

    [Fact]
    public void Simulate_Cobahh_OnTheSimulatedDevice_SameSpikesAsCpu()
    {
        // examples/networks/cobahh.json (4 000 Hodgkin-Huxley neurons) for 4 ms: its first burst, about 500 spikes, through the hh kernel.
        using var dir = new TempDirectory();
        var cpu = Run("simulate", Example("cobahh.json"), "--duration-ms", "4", "--out", dir.File("cpu"), "--json");
        var gpu = WithSimulator(() => Run("simulate", Example("cobahh.json"), "--duration-ms", "4", "--device", "gpu", "--out", dir.File("gpu"), "--json"));

        Assert.True(cpu.Exit == 0, cpu.Err);
        Assert.True(gpu.Exit == 0, gpu.Err);
        Assert.Contains("ILGPU's CPU accelerator", JsonDocument.Parse(gpu.Out).RootElement.GetProperty("device").GetString());
        Assert.True(JsonDocument.Parse(cpu.Out).RootElement.GetProperty("spikes").GetInt64() > 100);
        Assert.Equal(File.ReadAllText(dir.File("cpu/spikes.csv")), File.ReadAllText(dir.File("gpu/spikes.csv")));
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Simulate_AtomicDelivery_SameStatisticsAsCpuAndRecorded()
    {
        // Atomic adds land in a varying order (two threads at once on the simulator), so single spikes may differ from the CPU's; the activity must not.
        // Tolerance: total spikes and each monitor's mean rate within 15 % of the CPU engine's (500 neurons, 200 ms, about 10^3 spikes).
        using var dir = new TempDirectory();
        var cpu = Run("simulate", Example("ei-network.json"), "--duration-ms", "200", "--out", dir.File("cpu"), "--json");
        var gpu = WithSimulator(() => Run("simulate", Example("ei-network.json"), "--duration-ms", "200", "--device", "gpu", "--delivery", "atomic", "--out", dir.File("gpu"), "--json"), concurrent: true);

        Assert.True(cpu.Exit == 0, cpu.Err);
        Assert.True(gpu.Exit == 0, gpu.Err);
        var a = JsonDocument.Parse(cpu.Out).RootElement;
        var b = JsonDocument.Parse(gpu.Out).RootElement;
        Assert.EndsWith(", atomic delivery", b.GetProperty("device").GetString());
        long spikes = a.GetProperty("spikes").GetInt64();
        Assert.True(spikes > 500, $"the network should be active (got {spikes} spikes)");
        Assert.InRange(b.GetProperty("spikes").GetInt64(), spikes * 0.85, spikes * 1.15);
        var ma = a.GetProperty("monitors").EnumerateArray().ToArray();
        var mb = b.GetProperty("monitors").EnumerateArray().ToArray();
        Assert.Equal(ma.Length, mb.Length);
        for (int m = 0; m < ma.Length; m++)
        {
            double rate = ma[m].GetProperty("meanRateHz").GetDouble();
            Assert.InRange(mb[m].GetProperty("meanRateHz").GetDouble(), rate * 0.85, rate * 1.15);
        }
    }

    [Fact]
    public void Simulate_BadDelivery_RefusedInOneSentence()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Run("simulate", Example("cuba.json"), "--steps", "1", "--delivery", "sorted", "--out", dir.Path),
            "--delivery must be ordered or atomic (got \"sorted\").");
    }

    [Fact]
    public void Simulate_TransmitterNetworkOnGpu_SameFilesAsCpu()
    {
        // The article's two neurons (sequential delivery, the reference's aliasing): spikes.csv, state.csv (every value after every step), phases.csv.
        using var dir = new TempDirectory();
        var cpu = Run("simulate", Example("article-two-neurons.json"), "--steps", "20", "--out", dir.File("cpu"));
        var gpu = WithSimulator(() => Run("simulate", Example("article-two-neurons.json"), "--steps", "20", "--device", "gpu", "--out", dir.File("gpu"), "--json"));
        Assert.True(cpu.Exit == 0, cpu.Err);
        Assert.True(gpu.Exit == 0, gpu.Err);
        Assert.Contains("ILGPU's CPU accelerator", JsonDocument.Parse(gpu.Out).RootElement.GetProperty("device").GetString());
        foreach (string file in new[] { "spikes.csv", "state.csv", "phases.csv" })
            Assert.Equal(File.ReadAllText(dir.File("cpu/" + file)), File.ReadAllText(dir.File("gpu/" + file)));
        Assert.Contains("Releasing", File.ReadAllText(dir.File("gpu/phases.csv")));
    }

    [Fact]
    public void Cluster_OnTheSimulatedDevice_SameAssignmentsAsCpu()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(TestData.MnistSubsetDirectory, "train-images-idx3-ubyte.gz");
        var cpu = Run("cluster", "--data", data, "--clusters", "10", "--out", dir.File("cpu"), "--quiet");
        var gpu = WithSimulator(() => Run("cluster", "--data", data, "--clusters", "10", "--device", "gpu", "--out", dir.File("gpu"), "--quiet"));

        Assert.True(cpu.Exit == 0, cpu.Err);
        Assert.True(gpu.Exit == 0, gpu.Err);
        Assert.Equal(File.ReadAllBytes(dir.File("cpu/assignments.npy")), File.ReadAllBytes(dir.File("gpu/assignments.npy")));
    }

    [Fact]
    public void Metacluster_OnTheSimulatedDevice_SameReconstructionErrorAsCpu()
    {
        using var dir = new TempDirectory();
        var cpu = Run("metacluster", "--data", "uniform:dims=6,samples=600", "--meta", "2", "--clusters", "4", "--out", dir.File("cpu"), "--json");
        var gpu = WithSimulator(() => Run("metacluster", "--data", "uniform:dims=6,samples=600", "--meta", "2", "--clusters", "4", "--device", "gpu", "--out", dir.File("gpu"), "--json"));

        Assert.True(cpu.Exit == 0, cpu.Err);
        Assert.True(gpu.Exit == 0, gpu.Err);
        Assert.Equal(JsonDocument.Parse(cpu.Out).RootElement.GetProperty("reconstructionError").GetDouble(),
            JsonDocument.Parse(gpu.Out).RootElement.GetProperty("reconstructionError").GetDouble());
        Assert.Equal("cpu", JsonDocument.Parse(cpu.Out).RootElement.GetProperty("device").GetString());
        Assert.Contains("ILGPU's CPU accelerator", JsonDocument.Parse(gpu.Out).RootElement.GetProperty("device").GetString());
    }

    [Theory]
    [InlineData("evolve-xor")]
    [InlineData("double-pole")]
    [InlineData("worm-reference")]
    public void Experiment_ClosedLoopOnGpu_RefusedInOneSentence_BeforeTheHeaderAndTheFolder(string experiment)
    {
        using var dir = new TempDirectory();
        var refused = WithSimulator(() => Run("experiment", "run", experiment, "--quick", "--device", "gpu", "--out", dir.Path));
        CliAssert.Refused(refused, $"Experiment {experiment} steps its networks one step at a time in a closed loop, which --device gpu does not run; use --device cpu or auto.");
        Assert.Equal("", refused.Out); // no "experiment ... -> DIR" line for a run that does not start
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Experiment_TransmitterArticleOnGpu_SameMetricsAsCpu()
    {
        // The reflex arc (stimuli every 40 steps, releases counted from the recorded state) runs on the device.
        using var dir = new TempDirectory();
        var cpu = Run("experiment", "run", "transmitter-neurons", "--quick", "--out", dir.File("cpu"), "--json");
        var gpu = WithSimulator(() => Run("experiment", "run", "transmitter-neurons", "--quick", "--device", "gpu", "--out", dir.File("gpu"), "--json"));
        Assert.True(cpu.Exit == 0, cpu.Err);
        Assert.True(gpu.Exit == 0, gpu.Err);
        var a = JsonDocument.Parse(cpu.Out).RootElement;
        var b = JsonDocument.Parse(gpu.Out).RootElement;
        Assert.Equal(8, a.GetProperty("muscleReleases").GetInt64());
        Assert.Equal(a.GetProperty("muscleReleases").GetInt64(), b.GetProperty("muscleReleases").GetInt64());
        Assert.Equal(a.GetProperty("skinReleases").GetInt64(), b.GetProperty("skinReleases").GetInt64());
        Assert.Contains("ILGPU's CPU accelerator", b.GetProperty("device").GetString());
    }

    [Fact]
    public void Experiment_StdpWindowOnTheSimulatedDevice_SameMetricsAsCpu()
    {
        using var dir = new TempDirectory();
        var cpu = Run("experiment", "run", "stdp-window", "--quick", "--out", dir.File("cpu"), "--json");
        var gpu = WithSimulator(() => Run("experiment", "run", "stdp-window", "--quick", "--device", "gpu", "--out", dir.File("gpu"), "--json"));

        Assert.True(cpu.Exit == 0, cpu.Err);
        Assert.True(gpu.Exit == 0, gpu.Err);
        var a = JsonDocument.Parse(cpu.Out).RootElement;
        var b = JsonDocument.Parse(gpu.Out).RootElement;
        Assert.Equal(a.GetProperty("maxAbsErrorVsClosedForm").GetDouble(), b.GetProperty("maxAbsErrorVsClosedForm").GetDouble());
        Assert.Equal(a.GetProperty("pairs").GetInt32(), b.GetProperty("pairs").GetInt32());
        Assert.Equal("cpu", a.GetProperty("device").GetString());
        Assert.Contains("ILGPU's CPU accelerator", b.GetProperty("device").GetString());
        Assert.Equal(b.GetProperty("device").GetString(), JsonDocument.Parse(File.ReadAllText(dir.File("gpu/stdp-window/metrics.json"))).RootElement.GetProperty("device").GetString());
    }

    [Fact]
    public void Experiment_StdpMnistOnTheSimulatedDevice_SameNetworkAndAccuracyAsCpu()
    {
        // Diehl and Cook's network with normalisation and adaptive thresholds: 4 neurons, 3 training, 3 labelling and 3 test images of the MNIST subset.
        using var dir = new TempDirectory();
        using var device = GpuDevice.OpenSimulator();
        var parameters = new ExperimentParameters
        {
            Neurons = 4, Samples = 3,
            Values = new Dictionary<string, string> { ["labelSamples"] = "3", ["testSamples"] = "3", ["presentationMs"] = "100", ["restMs"] = "20" },
        };
        ExperimentContext Context(string name, SpikingBackendFactory? backend) =>
            new(dir.File(name), 3, Quick: false, Threads: 1, TestData.MnistSubset, (_, _) => { }) { Parameters = parameters, Backend = backend };
        var a = ExperimentRunner.Run(new StdpMnistExperiment(), Context("cpu", null));
        var b = ExperimentRunner.Run(new StdpMnistExperiment(), Context("gpu", new GpuBackend(device)));

        var x = StdpMnistModelFile.Load(dir.File("cpu/" + StdpMnistExperiment.ModelFile));
        var y = StdpMnistModelFile.Load(dir.File("gpu/" + StdpMnistExperiment.ModelFile));
        Assert.Equal(x.Trainer.InputWeights(), y.Trainer.InputWeights());
        Assert.Equal(x.Trainer.ThetaExact(), y.Trainer.ThetaExact());
        Assert.Equal(x.Assignments!, y.Assignments!);
        Assert.Equal(a.Metrics["accuracy"]!.GetValue<double>(), b.Metrics["accuracy"]!.GetValue<double>());
        Assert.Equal(a.Metrics["testSpikesPerImage"]!.GetValue<double>(), b.Metrics["testSpikesPerImage"]!.GetValue<double>());
        Assert.True(a.Metrics["testSpikesPerImage"]!.GetValue<double>() > 0);
        Assert.Equal("cpu", a.Metrics["device"]!.GetValue<string>());
        Assert.Equal(device.Description, b.Metrics["device"]!.GetValue<string>());
    }

    [Fact]
    public void BenchGpu_OnTheSimulator_NamesTheDevice_ShortensTheCpuAboveItsScale_AndSaysSo()
    {
        using var dir = new TempDirectory();
        var r = WithSimulator(() => Run("bench", "gpu", "--network", Example("ei-network.json"), "--scales", "1,2", "--duration-ms", "0.5",
            "--cpu-max-scale", "1", "--cpu-short-ms", "0.2", "--peak-gbps", "100", "--threads", "1", "--out", dir.Path, "--json"));
        Assert.True(r.Exit == 0, r.Err);
        using var json = JsonDocument.Parse(r.Out); // stdout is the one JSON object
        var root = json.RootElement;
        Assert.True(root.GetProperty("deviceInfo").GetProperty("simulated").GetBoolean());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("deviceInfo").GetProperty("name").GetString()));
        Assert.Equal("--peak-gbps", root.GetProperty("peakGBpsSource").GetString());
        var sizes = root.GetProperty("sizes");
        Assert.False(sizes[0].GetProperty("cpuShortened").GetBoolean());
        Assert.Equal(sizes[0].GetProperty("simulatedSeconds").GetDouble(), sizes[0].GetProperty("cpuSimulatedSeconds").GetDouble());
        Assert.True(sizes[1].GetProperty("cpuShortened").GetBoolean()); // 2x: the CPU for 0.2 ms of the 0.5
        Assert.Equal(0.0002, sizes[1].GetProperty("cpuSimulatedSeconds").GetDouble(), 9);
        Assert.Equal(0.0005, sizes[1].GetProperty("simulatedSeconds").GetDouble(), 9);

        CliAssert.Refused(WithSimulator(() => Run("bench", "gpu", "--network", Example("ei-network.json"), "--cpu-short-ms", "-1", "--out", dir.Path)),
            "--cpu-short-ms must be 0 or more (got -1).");
    }

    /// <summary>Runs with the simulator variable set: 1, each launch on one thread; <paramref name="concurrent"/>, 2, two at once (the atomics race).</summary>
    private static (int Exit, string Out, string Err) WithSimulator(Func<(int, string, string)> run, bool concurrent = false)
    {
        Environment.SetEnvironmentVariable(DeviceKinds.SimulatorVariable, concurrent ? "2" : "1");
        try
        {
            return run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(DeviceKinds.SimulatorVariable, null);
        }
    }
}
