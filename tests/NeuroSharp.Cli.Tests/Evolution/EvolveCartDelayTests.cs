using System.Text.Json;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Evolution;

/// <summary><c>evolve --cart-delay</c>: x's own slow-path delay in the double-pole-nv delay-line circuit.</summary>
public class EvolveCartDelayTests
{
    private static (int Exit, string Out, string Err) Evolve(string folder, params string[] more) =>
        CliRunner.Run(["evolve", "--out", folder, "--quiet", .. more]);

    private static readonly string[] Circuit = ["--task", "double-pole-nv", "--algorithm", "cmaes", "--circuit", "--sensor-code", "linear", "--population", "6"];

    [Fact]
    public void Evolve_CartDelayBadValueOrWrongSetting_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, [.. Circuit, "--cart-delay", "0"]), "--cart-delay", "between 1 and 1000 ms", "0");
        CliAssert.Refused(Evolve(dir.Path, [.. Circuit, "--cart-delay", "2000"]), "--cart-delay", "2000");
        CliAssert.Refused(Evolve(dir.Path, "--task", "double-pole", "--algorithm", "cmaes", "--circuit", "--cart-delay", "100"), "--cart-delay", "not double-pole.");
        CliAssert.Refused(Evolve(dir.Path, "--task", "double-pole-nv", "--algorithm", "cmaes", "--cart-delay", "100"), "--cart-delay", "add --circuit");
        CliAssert.Refused(Evolve(dir.Path, "--task", "double-pole-nv", "--algorithm", "neat", "--circuit", "--cart-delay", "100"), "--cart-delay", "not neat");
    }

    [Fact]
    public void Evolve_CartDelayOneAndTwoThreads_SameChampionWithTheXDelay()
    {
        using var dir = new TempDirectory();
        string a = Path.Combine(dir.Path, "a"), b = Path.Combine(dir.Path, "b");
        var ra = Evolve(a, [.. Circuit, "--cart-delay", "100", "--generations", "2", "--seed", "3", "--threads", "1"]);
        Assert.True(ra.Exit == 0, ra.Err);
        var rb = Evolve(b, [.. Circuit, "--cart-delay", "100", "--generations", "2", "--seed", "3", "--threads", "2"]);
        Assert.True(rb.Exit == 0, rb.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "champion.json")), File.ReadAllText(Path.Combine(b, "champion.json")));
        var champion = NetworkFile.Load(Path.Combine(a, "champion.json"));
        Assert.Contains("ms for x)", champion.Description, StringComparison.Ordinal);
        Assert.Contains("x slow path delay (ms) = ", champion.Description, StringComparison.Ordinal);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "metrics.json")));
        Assert.Equal(100, metrics.RootElement.GetProperty("cartDelayMs").GetDouble());
    }

    [Fact]
    public void Evolve_ResumeWithAnotherCartDelay_Refused()
    {
        using var dir = new TempDirectory();
        var first = Evolve(dir.Path, [.. Circuit, "--cart-delay", "100", "--generations", "1", "--seed", "1"]);
        Assert.True(first.Exit == 0, first.Err);
        CliAssert.Refused(Evolve(dir.Path, [.. Circuit, "--cart-delay", "150", "--generations", "2", "--seed", "1", "--resume"]), "--cart-delay", "150 ms", "100 ms");
        CliAssert.Refused(Evolve(dir.Path, [.. Circuit, "--generations", "2", "--seed", "1", "--resume"]), "--cart-delay", "(none)", "100 ms");
        var resumed = Evolve(dir.Path, [.. Circuit, "--cart-delay", "100", "--generations", "2", "--seed", "1", "--resume"]);
        Assert.True(resumed.Exit == 0, resumed.Err);
    }

    [Fact]
    public void Evolve_WithoutCartDelay_CheckpointAndMetricsHaveNoCartDelay()
    {
        // Off by default: the files of every other run stay as they were (no new key).
        using var dir = new TempDirectory();
        var r = Evolve(dir.Path, [.. Circuit, "--generations", "1", "--seed", "1"]);
        Assert.True(r.Exit == 0, r.Err);
        Assert.DoesNotContain("cartDelay", File.ReadAllText(Path.Combine(dir.Path, "checkpoint.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("cartDelay", File.ReadAllText(Path.Combine(dir.Path, "metrics.json")), StringComparison.Ordinal);
    }
}
