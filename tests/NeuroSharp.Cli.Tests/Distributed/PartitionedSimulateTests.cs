using System.Text.Json.Nodes;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Distributed;

/// <summary>
/// <c>mpiexec -n N neurosharp simulate</c>: the network split over N ranks (oversubscribed on this machine,
/// so these check results, never speed) writes the same bytes as one process.
/// </summary>
[Trait("Category", "Mpi")]
public class PartitionedSimulateTests
{
    private static readonly string[] Files = ["spikes.csv", "state.csv", "rates.csv"];

    [Theory]
    [InlineData(1, "round-robin", 1)]
    [InlineData(2, "round-robin", 2)]
    [InlineData(3, "blocks", 1)]
    [InlineData(4, "round-robin", 1)]
    public void Simulate_CubaWithDelaysOverRanks_WritesTheSameFilesAsOneProcess(int ranks, string partition, int threads)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), PartitionNetworks.CubaDelays);
        Assert.Equal(0, CliRunner.Run("simulate", dir.File("net.json"), "--seed", "3", "--out", dir.File("one"), "--quiet").Exit);
        var r = MpiJobTests.Mpiexec(ranks, TimeSpan.FromSeconds(180), "simulate", dir.File("net.json"), "--seed", "3", "--partition", partition,
            "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir.File("many"), "--quiet");
        Assert.True(r.Exit == 0, r.Err + r.Out);
        foreach (string f in Files) Assert.Equal(File.ReadAllBytes(dir.File($"one/{f}")), File.ReadAllBytes(dir.File($"many/{f}")));
        var metrics = JsonNode.Parse(File.ReadAllText(dir.File("many/metrics.json")))!;
        Assert.Equal(ranks, (int)metrics["ranks"]!);
        Assert.Equal(3, (int)metrics["exchangeWindowSteps"]!);
        Assert.Equal(ranks, metrics["rankFigures"]!.AsArray().Count);
    }

    [Fact]
    public void Simulate_StdpWithDelaysOverTwoRanks_WritesTheSameFilesAsOneProcess()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), PartitionNetworks.Stdp(perSynapseDelays: true));
        Assert.Equal(0, CliRunner.Run("simulate", dir.File("net.json"), "--out", dir.File("one"), "--quiet").Exit);
        var r = MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), "simulate", dir.File("net.json"), "--out", dir.File("two"), "--quiet");
        Assert.True(r.Exit == 0, r.Err + r.Out);
        foreach (string f in new[] { "spikes.csv", "state.csv" }) Assert.Equal(File.ReadAllBytes(dir.File($"one/{f}")), File.ReadAllBytes(dir.File($"two/{f}")));
    }

    [Theory]
    [InlineData("routed", "routed")]
    [InlineData("auto", "routed")] // under blocks a neuron of the chain has targets on one or two of the three ranks
    [InlineData("all-gather", "all-gather")]
    public void Simulate_SpikeExchangeOverThreeRanks_WritesTheSameFilesAsOneProcess(string option, string used)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), PartitionNetworks.Chain);
        Assert.Equal(0, CliRunner.Run("simulate", dir.File("net.json"), "--out", dir.File("one"), "--quiet").Exit);
        var r = MpiJobTests.Mpiexec(3, TimeSpan.FromSeconds(180), "simulate", dir.File("net.json"), "--partition", "blocks", "--spike-exchange", option, "--out", dir.File("many"), "--quiet");
        Assert.True(r.Exit == 0, r.Err + r.Out);
        foreach (string f in new[] { "spikes.csv", "state.csv" }) Assert.Equal(File.ReadAllBytes(dir.File($"one/{f}")), File.ReadAllBytes(dir.File($"many/{f}")));
        Assert.Equal(used, (string)JsonNode.Parse(File.ReadAllText(dir.File("many/metrics.json")))!["spikeExchange"]!);
    }

    [Fact]
    public void Simulate_MoreRanksThanNeurons_ExitsTwoWithOneSentence()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), """{"format": "neurosharp.network", "version": 1, "populations": [{"name": "a", "count": 2, "model": "lif", "preset": "cuba"}]}""");
        var r = MpiJobTests.Mpiexec(3, TimeSpan.FromSeconds(120), "simulate", dir.File("net.json"), "--steps", "10", "--out", dir.File("o"));
        CliAssert.Refused((r.Exit, r.Out, r.Err), "net.json: The network has 2 spiking neurons, fewer than the 3 ranks of this job: run it on at most 2 ranks.");
    }

    [Fact]
    public void Simulate_GapJunctionsUnderMpiexec_RefusedNamingTheFeature()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), """
            {"format": "neurosharp.network", "version": 1, "populations": [{"name": "a", "count": 4, "model": "conductanceLif", "preset": "coba"}],
             "gapJunctions": [{"source": "a", "target": "a", "connectivity": {"rule": "allToAll"}, "conductance": 0.1}]}
            """);
        var r = MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(120), "simulate", dir.File("net.json"), "--steps", "10", "--out", dir.File("o"));
        CliAssert.Refused((r.Exit, r.Out, r.Err), "$.gapJunctions: gap junctions cannot be split over the ranks of an MPI job yet", "without mpiexec");
    }
}
