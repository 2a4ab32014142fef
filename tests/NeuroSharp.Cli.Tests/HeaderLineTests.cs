using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

/// <summary>
/// Every command that writes a folder starts with one line that names what it runs and, after " -> ", the folder
/// (as experiment run always did); with --json stdout stays the one JSON object, and --quiet prints nothing.
/// </summary>
public sealed class HeaderLineTests
{
    public static TheoryData<string> Commands => new()
    {
        "cluster --data uniform:dims=4,samples=200 --clusters 3",
        "metacluster --data uniform:dims=6,samples=300 --meta 2 --clusters 3",
        "hash --data uniform:dims=20,samples=100",
        "column --data onehot:groups=3,size=6,samples=100 --expansion 20 --synapses 3",
        "train --layers 64,4,3 --data {csv} --test none --epochs 1",
        "simulate {examples}/reflex-arc.json --duration-ms 5",
        "features --data {csv} --image-shape 8x8 --layers 3x3:4/2 --patches 200",
        "readout --data {csv} --test {csv} --clusters 4 --meta 2",
        "evolve --task xor --algorithm neat --population 10 --generations 1",
        "sweep {sweep}",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_FirstLineEndsWithItsFolder_JsonStaysOneObject_QuietPrintsNothing(string command)
    {
        using var dir = new TempDirectory();
        string[] Args(string mode) =>
        [
            .. command.Replace("{csv}", Csv(dir), StringComparison.Ordinal)
                .Replace("{examples}", Path.Combine(RepositoryRoot.Path, "examples", "networks"), StringComparison.Ordinal)
                .Replace("{sweep}", Sweep(dir), StringComparison.Ordinal)
                .Split(' '),
            "--out", dir.File(mode),
            .. mode == "text" ? Array.Empty<string>() : [$"--{mode}"],
        ];

        var text = CliRunner.Run(Args("text"));
        Assert.True(text.Exit == 0, text.Err);
        string first = text.Out.Split('\n')[0];
        Assert.StartsWith(command.Split(' ')[0] + " ", first, StringComparison.Ordinal);
        Assert.EndsWith($" -> {dir.File("text")}", first, StringComparison.Ordinal);

        var json = CliRunner.Run(Args("json"));
        Assert.True(json.Exit == 0, json.Err);
        Assert.Single(json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using (var metrics = JsonDocument.Parse(json.Out)) Assert.Equal(JsonValueKind.Object, metrics.RootElement.ValueKind);

        var quiet = CliRunner.Run(Args("quiet"));
        Assert.True(quiet.Exit == 0, quiet.Err);
        Assert.Equal("", quiet.Out);
    }

    [Fact]
    public void Play_FirstLineEndsWithItsFolder()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run("evolve", "--task", "xor", "--population", "10", "--generations", "1", "--out", dir.File("evolve"), "--quiet").Exit);
        var play = CliRunner.Run("play", dir.File("evolve/champion.json"), "--task", "xor", "--animation", "none", "--out", dir.File("play"));
        Assert.True(play.Exit == 0, play.Err);
        Assert.Equal($"play {dir.File("evolve/champion.json")} in task xor: at most 1000 steps, seed 1 -> {dir.File("play")}", play.Out.Split('\n')[0]);
    }

    [Fact]
    public void BenchClustering_FirstLineEndsWithItsFolder()
    {
        // Until 2026-12-07 its first line was "bench clustering: 100 MNIST rows, one pass, N cores", without the folder.
        using var dir = new TempDirectory();
        Environment.SetEnvironmentVariable("NEUROSHARP_MNIST_DIR", TestData.MnistSubsetDirectory); // no other CLI test reads MNIST
        try
        {
            var bench = CliRunner.Run("bench", "clustering", "--rows", "100", "--compare", "--out", dir.File("bench"));
            Assert.True(bench.Exit == 0, bench.Err);
            Assert.Equal($"bench clustering: 100 MNIST rows, one pass, {Environment.ProcessorCount} cores -> {dir.File("bench")}", bench.Out.Split('\n')[0]);
            Assert.True(File.Exists(dir.File("bench/bench-clustering.json")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("NEUROSHARP_MNIST_DIR", null);
        }
    }

    /// <summary>60 pictures of 8x8 values with labels 0, 1, 2 (a 'label' column), the same for every call.</summary>
    private static string Csv(TempDirectory dir)
    {
        string path = dir.File("data.csv");
        if (File.Exists(path)) return path;
        var text = new StringBuilder(string.Join(',', Enumerable.Range(0, 64).Select(i => $"p{i}")) + ",label\n");
        for (int r = 0; r < 60; r++)
        {
            for (int i = 0; i < 64; i++) text.Append(((r * 31 + i * 17) % 97 / 97f).ToString("R", CultureInfo.InvariantCulture)).Append(',');
            text.Append(r % 3).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Sweep(TempDirectory dir)
    {
        string path = dir.File("sweep.json");
        File.WriteAllText(path, """{"command": ["hash", "--data", "uniform:dims=20,samples=100"], "grid": {"--seed": [1, 2]}}""");
        return path;
    }
}
