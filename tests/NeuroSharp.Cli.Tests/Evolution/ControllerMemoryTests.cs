using System.Text.Json.Nodes;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Evolution;

/// <summary>
/// <c>play</c> and <c>evolve --network</c> build the network's engine inside the task, delay rings and all; <c>--memory-limit</c>
/// bounds it before anything is built (one engine per evaluating thread), refused in one sentence naming the file and the limit.
/// </summary>
public class ControllerMemoryTests
{
    /// <summary>The klinotaxis example with its first projection delayed by 5 000 000 steps of 1 ms: a delay queue of about 40 MB.</summary>
    private static string DeepNetwork(TempDirectory dir)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "networks", "worm-klinotaxis-champion.json")))!;
        Assert.Equal(1.0, json["dtMs"]!.GetValue<double>());
        json["projections"]![0]!["delayMs"] = 5e6;
        string path = dir.File("deep.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public void Play_NetworkWhoseDelayQueueIsOverTheLimit_RefusedNamingFileFieldAndLimit()
    {
        using var dir = new TempDirectory();
        string net = DeepNetwork(dir);
        var r = CliRunner.Run("play", net, "--task", "worm-klinotaxis", "--memory-limit", "16M", "--out", dir.File("play"), "--quiet");
        CliAssert.Refused(r, net, "$.projections[0].delayMs", "--memory-limit");
        Assert.False(File.Exists(dir.File("play/trace.csv")));
    }

    [Fact]
    public void EvolveNetwork_OneEngineFitsButOnePerThreadDoesNot_Refused()
    {
        // About 40 MB per engine under a limit of 64 MB: two threads' engines (80 MB) are refused before the run;
        // one thread's passes, and the file goes on to the connectome check (which this circuit fails: no muscle cells).
        using var dir = new TempDirectory();
        string net = DeepNetwork(dir);
        string[] evolve = ["evolve", "--task", "worm-klinotaxis", "--algorithm", "cmaes", "--network", net, "--population", "4", "--generations", "1",
            "--memory-limit", "64M", "--quiet"];
        var two = CliRunner.Run([.. evolve, "--threads", "2", "--out", dir.File("two")]);
        CliAssert.Refused(two, net, "2 copies of the network", "--memory-limit");
        var one = CliRunner.Run([.. evolve, "--threads", "1", "--out", dir.File("one")]);
        CliAssert.Refused(one, "no head muscle cell");
        Assert.DoesNotContain("memory", one.Err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Evolve_EvolvedNetworkOverTheLimit_RefusedNamingTheLimit()
    {
        // CoSyNE's networks with 400 hidden neurons need about 3 MiB each: the engines the task builds (not only a --network
        // file's) are checked against --memory-limit, so 1M refuses them at the first evaluation, before any file is written.
        using var dir = new TempDirectory();
        var r = CliRunner.Run("evolve", "--task", "xor", "--algorithm", "cosyne", "--hidden", "400", "--population", "4", "--generations", "1",
            "--threads", "1", "--memory-limit", "1M", "--out", dir.File("run"), "--quiet");
        CliAssert.Refused(r, "more than the limit of 1 MiB", "--memory-limit");
        Assert.False(File.Exists(dir.File("run/champion.json")));
    }
}
