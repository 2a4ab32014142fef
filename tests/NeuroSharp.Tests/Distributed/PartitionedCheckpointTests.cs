using NeuroSharp.Distributed;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Distributed;

/// <summary>
/// Checkpoints of a partitioned run (docs/distributed.md, "Checkpoints over ranks"), with the ranks as threads of this process
/// (InProcessJob): each rank saves its part, FILE.rank-K-of-N, part way (inside an exchange window where the window is longer
/// than one step), a new job of the same shape restores them, and the run to the end records the bits of one uninterrupted
/// partitioned run: spikes, state samples, rate bins and final weights.
/// </summary>
public class PartitionedCheckpointTests
{
    private const int Steps = 400;

    private static string Network(string name) => name switch
    {
        "cuba" => PartitionNetworks.CubaDelays,
        "stdp" => PartitionNetworks.Stdp(perSynapseDelays: false),
        "stdp-delays" => PartitionNetworks.Stdp(perSynapseDelays: true),
        "chain" => PartitionNetworks.Chain,
        "gap" => PartitionNetworks.GapJunctions,
        "gap-every-step" => PartitionNetworks.GapJunctionsEveryStep,
        "graded" => PartitionNetworks.Graded(everyStep: false),
        "singles" => PartitionNetworks.SingleNeurons,
        "homeostasis" => PartitionNetworks.Homeostasis,
        "transmitters" => PartitionNetworks.Transmitters("synchronous"),
        _ => PartitionNetworks.Equations,
    };

    /// <summary>Every monitor's merged records and the final weights, as text (compared whole).</summary>
    private static string Recorded(SpikingEngine engine)
    {
        engine.GatherRecordings();
        var weights = engine.ProjectionNames.Select(engine.GatherWeights).ToArray();
        if (engine.IsPartitioned && !IsRankZero(engine)) return "";
        var text = new System.Text.StringBuilder();
        foreach (var m in engine.SpikeMonitors) text.Append(m.Target).Append(':').AppendJoin(',', m.Steps.ToArray()).Append('/').AppendJoin(',', m.Neurons.ToArray()).Append('\n');
        foreach (var m in engine.StateMonitors)
        {
            foreach (string v in m.Variables) text.AppendJoin(',', m.Values(v).ToArray().Select(BitConverter.SingleToInt32Bits)).Append('\n');
        }
        foreach (var m in engine.RateMonitors) text.AppendJoin(',', m.Counts.ToArray()).Append('\n');
        foreach (var w in weights) text.AppendJoin(',', w.Select(BitConverter.SingleToInt32Bits)).Append('\n');
        return text.ToString();
    }

    private static bool IsRankZero(SpikingEngine engine) => engine.Options.Communicator is { Rank: 0 };

    [Theory]
    [InlineData("cuba", 3, PartitionScheme.RoundRobin, SpikeExchange.AllGather, 151)]
    [InlineData("cuba", 2, PartitionScheme.Blocks, SpikeExchange.Routed, 200)]
    [InlineData("stdp", 3, PartitionScheme.RoundRobin, SpikeExchange.Routed, 137)]
    [InlineData("stdp-delays", 2, PartitionScheme.RoundRobin, SpikeExchange.AllGather, 200)]
    [InlineData("chain", 3, PartitionScheme.Blocks, SpikeExchange.Routed, 101)]
    [InlineData("gap", 2, PartitionScheme.RoundRobin, SpikeExchange.Routed, 199)]
    [InlineData("gap-every-step", 3, PartitionScheme.RoundRobin, SpikeExchange.AllGather, 150)]
    [InlineData("graded", 2, PartitionScheme.Blocks, SpikeExchange.AllGather, 173)]
    [InlineData("graded", 3, PartitionScheme.RoundRobin, SpikeExchange.Routed, 88)]
    [InlineData("transmitters", 3, PartitionScheme.RoundRobin, SpikeExchange.AllGather, 140)]
    [InlineData("singles", 3, PartitionScheme.RoundRobin, SpikeExchange.AllGather, 90)]
    [InlineData("homeostasis", 2, PartitionScheme.RoundRobin, SpikeExchange.Routed, 250)]
    [InlineData("equations", 2, PartitionScheme.RoundRobin, SpikeExchange.AllGather, 123)]
    public void SaveThenRestore_AtTheSameRanks_RecordsTheBitsOfOneRun(string network, int ranks, PartitionScheme scheme, SpikeExchange exchange, int cut)
    {
        using var dir = new TempDirectory();
        string json = Network(network), ck = dir.File("ck");
        SimulationOptions Options(ICommunicator comm) => new() { Seed = 11, Communicator = comm, Partition = scheme, Exchange = exchange };
        var whole = InProcessJob.Run(ranks, comm =>
        {
            var engine = new SpikingEngine(NetworkFile.Parse(json), Options(comm));
            engine.Run(Steps);
            return Recorded(engine);
        });
        InProcessJob.Run(ranks, comm =>
        {
            var engine = new SpikingEngine(NetworkFile.Parse(json), Options(comm));
            engine.Run(cut);
            engine.SaveCheckpoint(ck);
            return 0;
        });
        Assert.False(File.Exists(ck));
        for (int r = 0; r < ranks; r++)
        {
            Assert.True(File.Exists(SimulationCheckpoint.PartPath(ck, r, ranks)));
            Assert.False(File.Exists(SimulationCheckpoint.PartPath(ck, r, ranks) + ".next"));
        }
        var resumed = InProcessJob.Run(ranks, comm =>
        {
            var engine = new SpikingEngine(NetworkFile.Parse(json), Options(comm));
            engine.RestoreCheckpoint(ck);
            Assert.Equal(cut, engine.StepCount);
            engine.Run(Steps - cut);
            return Recorded(engine);
        });
        Assert.True(whole[0].Length > 100, $"too little recorded to compare: {whole[0]}");
        Assert.Equal(whole[0], resumed[0]);
    }

    [Fact]
    public void Restore_InOneProcessOrAnotherRankCount_RefusedInOneSentence()
    {
        using var dir = new TempDirectory();
        string json = PartitionNetworks.CubaDelays, ck = dir.File("ck");
        InProcessJob.Run(2, comm =>
        {
            var engine = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Seed = 11, Communicator = comm });
            engine.Run(30);
            engine.SaveCheckpoint(ck);
            return 0;
        });
        var one = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Seed = 11 });
        var e = Assert.Throws<InvalidInputException>(() => one.RestoreCheckpoint(ck));
        Assert.Equal($"{ck} was written by an MPI job of 2 ranks ({ck}.rank-0-of-2 ...): resume it under mpiexec -n 2.", e.Message);
        var renamed = dir.File("renamed");
        File.Copy(SimulationCheckpoint.PartPath(ck, 0, 2), renamed);
        e = Assert.Throws<InvalidInputException>(() => one.RestoreCheckpoint(renamed));
        Assert.Contains("ranks is 2: it is rank 0's part of an MPI job's checkpoint; resume it under mpiexec -n 2.", e.Message, StringComparison.Ordinal);
        var errors = InProcessJob.Run(3, comm =>
        {
            var engine = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Seed = 11, Communicator = comm });
            return Assert.Throws<InvalidInputException>(() => engine.RestoreCheckpoint(ck)).Message;
        });
        Assert.All(errors, m => Assert.Equal($"{ck} was written by an MPI job of 2 ranks ({ck}.rank-0-of-2 ...), but this job has 3: resume it under mpiexec -n 2.", m));
    }
}
