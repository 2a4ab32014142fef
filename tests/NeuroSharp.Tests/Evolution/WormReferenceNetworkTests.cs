using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

/// <summary>The hand-built worm controller (docs/world-worm.md, "Reference controller"): its example file, and its withdrawal reflex.</summary>
public class WormReferenceNetworkTests
{
    private static string ExamplePath => Path.Combine(RepositoryRoot.Path, "examples", "networks", "worm-reference.json");

    [Fact]
    public void ExampleFile_IsTheBuiltNetwork()
    {
        // NEUROSHARP_WRITE_EXAMPLES=1 rewrites the file from the code.
        string built = NetworkFile.ToJson(WormReferenceNetwork.Build());
        if (Environment.GetEnvironmentVariable("NEUROSHARP_WRITE_EXAMPLES") == "1") File.WriteAllText(ExamplePath, built);
        Assert.Equal(built, NetworkFile.ToJson(NetworkFile.Load(ExamplePath)));
    }

    [Fact]
    public void Withdrawal_HeldOutTrials_BacksAwayFromWalls()
    {
        // Deterministic: the first 6 held-out trials (5 of 6 when written).
        var task = new WormWithdrawalTask();
        var summary = task.RunTestSet(NetworkFile.Load(ExamplePath), 6);
        Assert.True(summary.Successes >= 5, $"{summary.Successes} of 6");
    }
}
