using NeuroSharp.Evolution;
using NeuroSharp.Spiking;
using NeuroSharp.Tests.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>A resume with <c>--network</c> matches the connectome by its content, not by the path it was given as.</summary>
public class CheckpointNetworkTests
{
    private static EvolutionCheckpoint Made(string? network, string? digest) =>
        new(EvolutionCheckpoint.FormatName, EvolutionCheckpoint.CurrentVersion, "worm-klinotaxis", "cmaes", "lif", 8, 0, 1, "{}", [], null, 0, false, 0, 0,
            Circuit: true, Network: network, NetworkDigest: digest);

    private static EvolverSettings Asked(string? network, string? digest) => new("cmaes", 8, 0, 1, Circuit: true, Network: network, NetworkDigest: digest);

    [Fact]
    public void DigestOf_SameNetworkSavedAndLoaded_Equal_AnyWeightChanged_Differs()
    {
        var network = Networks.Busy();
        using var dir = new NeuroSharp.Testing.TempDirectory();
        string path = dir.File("worm.json");
        NetworkFile.Save(path, network);
        string digest = EvolutionCheckpoint.DigestOf(network);
        Assert.Equal(64, digest.Length);
        Assert.Equal(digest, EvolutionCheckpoint.DigestOf(NetworkFile.Load(path)));
        var changed = network with { Projections = [network.Projections[0] with { Weight = DistributionSpec.Constant(0.123) }, .. network.Projections.Skip(1)] };
        Assert.NotEqual(digest, EvolutionCheckpoint.DigestOf(changed));
    }

    [Fact]
    public void CheckMatches_SameContentAtAnotherPath_Resumes()
    {
        Made("/old/place/worm.json", "ab12").CheckMatches("checkpoint.json", "worm-klinotaxis", "lif", Asked("/new/place/worm.json", "ab12"));
    }

    [Fact]
    public void CheckMatches_FileChangedInPlace_RefusedNamingBothFiles()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            Made("/runs/worm.json", "ab12").CheckMatches("checkpoint.json", "worm-klinotaxis", "lif", Asked("/runs/worm.json", "cd34")));
        Assert.Contains("--network /runs/worm.json does not hold the connectome the checkpoint checkpoint.json was made with (from /runs/worm.json)", e.Message);
    }

    [Fact]
    public void CheckMatches_OlderCheckpointWithoutDigest_MatchesThePath()
    {
        Made("/runs/worm.json", null).CheckMatches("checkpoint.json", "worm-klinotaxis", "lif", Asked("/runs/worm.json", "ab12"));
        var e = Assert.Throws<InvalidInputException>(() =>
            Made("/runs/worm.json", null).CheckMatches("checkpoint.json", "worm-klinotaxis", "lif", Asked("/elsewhere/worm.json", "ab12")));
        Assert.Contains("--network is /elsewhere/worm.json but the checkpoint checkpoint.json was made with /runs/worm.json", e.Message);
        // A run without a connectome is not resumed with one, digest or not.
        Assert.Throws<InvalidInputException>(() => Made(null, null).CheckMatches("checkpoint.json", "worm-klinotaxis", "lif", Asked("/runs/worm.json", "ab12")));
    }
}
