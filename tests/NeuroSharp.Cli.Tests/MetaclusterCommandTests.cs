using System.Text.Json;
using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

public class MetaclusterCommandTests
{
    private static string[] OneHotArgs(string outDir, string samples) =>
    [
        "metacluster", "--data", "onehot:groups=3,size=3,samples=3000", "--meta", "3", "--clusters", "3", "--mask-rate", "0.5",
        "--rate", "0.3", "--random", "0.02", "--init", "zeros", "--samples", samples, "--out", outDir, "--seed", "4",
    ];

    [Fact]
    public void OneHot_WritesEveryFile_AndJsonMetrics()
    {
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = CliRunner.Run([.. OneHotArgs(dir.Path, "20000"), "--json"]);
        Assert.True(exit == 0, stderr);
        foreach (string f in new[] { "model.safetensors", "model.json", "masks.npy", "partition.csv", "masks.png", "metrics.json" })
            Assert.True(File.Exists(dir.File(f)), $"{f} is missing");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(20000, root.GetProperty("samples").GetInt64());
        Assert.Equal(4UL, root.GetProperty("seed").GetUInt64());
        Assert.True(root.GetProperty("partitionMatchesPlanted").GetBoolean());
        Assert.InRange(root.GetProperty("learnState").GetDouble(), 0.9, 1.0);
        var masks = NpyFile.Read(dir.File("masks.npy"));
        Assert.Equal([3, 9], masks.Shape);
        var partition = File.ReadAllLines(dir.File("partition.csv"));
        Assert.Equal("input,metaCluster", partition[0]);
        Assert.Equal(10, partition.Length);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(dir.File("masks.png"))[..4]);
    }

    [Fact]
    public void Resume_ContinuesToTheSameModelAsOneRun()
    {
        using var once = new TempDirectory();
        using var twice = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(OneHotArgs(once.Path, "5000")).Exit);
        Assert.Equal(0, CliRunner.Run(OneHotArgs(twice.Path, "2000")).Exit);
        var (exit, stdout, _) = CliRunner.Run([.. OneHotArgs(twice.Path, "5000"), "--resume"]);
        Assert.Equal(0, exit);
        Assert.Contains("Resuming", stdout);
        Assert.Equal(File.ReadAllBytes(once.File("masks.npy")), File.ReadAllBytes(twice.File("masks.npy")));
        Assert.Equal(File.ReadAllBytes(once.File("model.safetensors")), File.ReadAllBytes(twice.File("model.safetensors")));
    }

    [Fact]
    public void Checkpoints_DoNotChangeTheResult()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(OneHotArgs(a.Path, "3000")).Exit);
        Assert.Equal(0, CliRunner.Run([.. OneHotArgs(b.Path, "3000"), "--checkpoint-every", "700"]).Exit);
        Assert.Equal(File.ReadAllBytes(a.File("masks.npy")), File.ReadAllBytes(b.File("masks.npy")));
    }

    [Fact]
    public void ThreadCount_DoesNotChangeTheResult()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        string data = Path.Combine(TestData.MnistSubsetDirectory, "train-images-idx3-ubyte.gz");
        string[] args = ["metacluster", "--data", data, "--meta", "3", "--clusters", "50", "--samples", "500"];
        Assert.Equal(0, CliRunner.Run([.. args, "--out", a.Path, "--threads", "1"]).Exit);
        Assert.Equal(0, CliRunner.Run([.. args, "--out", b.Path, "--threads", "2"]).Exit);
        Assert.Equal(File.ReadAllBytes(a.File("model.safetensors")), File.ReadAllBytes(b.File("model.safetensors")));
        Assert.True(File.Exists(a.File("centres.png"))); // image data: centres drawn as digits
    }

    [Theory]
    [InlineData(new[] { "--clusters", "0" }, "--clusters must be at least 1 (got 0).")]
    [InlineData(new[] { "--meta", "0" }, "--meta must be at least 1 (got 0).")]
    [InlineData(new[] { "--mask-rate", "2" }, "--mask-rate must be in (0, 1] (got 2).")]
    [InlineData(new[] { "--rate", "-0.5" }, "--rate must be in (0, 1] (got -0.5).")]
    [InlineData(new[] { "--random", "1.5" }, "--random must be in [0, 1] (got 1.5).")]
    [InlineData(new[] { "--samples", "0" }, "--samples must be at least 1 (got 0).")]
    [InlineData(new[] { "--metric", "l3" }, "l3")]
    [InlineData(new[] { "--threads", "-1" }, "--threads must be 0 (all cores) or more (got -1).")]
    public void BadOption_ExitsWith2_AndOneSentence(string[] extra, string expected)
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = CliRunner.Run(["metacluster", "--data", "onehot:groups=2,size=2,samples=50", "--out", dir.Path, .. extra]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr);
        Assert.False(File.Exists(dir.File("model.safetensors"))); // nothing written half-way
    }

    [Fact]
    public void BadDataFile_ExitsWith2_NamingTheFileAndValue()
    {
        using var dir = new TempDirectory();
        NpyFile.Write(dir.File("bad.npy"), [0f, float.NaN, 1f, 2f], 2, 2);
        var (exit, _, stderr) = CliRunner.Run("metacluster", "--data", dir.File("bad.npy"), "--meta", "2", "--clusters", "1", "--out", dir.File("out"));
        Assert.Equal(2, exit);
        Assert.Contains("bad.npy: row 0, column 1 is NaN", stderr);
        Assert.Equal(2, CliRunner.Run("metacluster", "--data", dir.File("missing.csv"), "--out", dir.File("out")).Exit);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void TooFewRowsForSampleInit_ExitsWith2()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = CliRunner.Run("metacluster", "--data", "onehot:groups=2,size=2,samples=5", "--clusters", "10", "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("5 rows cannot initialise 10 clusters", stderr);
    }
}
