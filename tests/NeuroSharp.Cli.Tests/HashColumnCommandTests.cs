using System.Text.Json.Nodes;
using NeuroSharp.Stochastic;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

public class HashColumnCommandTests
{
    [Fact]
    public void Hash_WritesCodesOfFixedDensity_AndMetrics()
    {
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = Run("hash", "--data", "uniform:dims=20,samples=300", "--density", "0.1", "--expansion", "5", "--synapses", "4",
            "--queries", "20", "--out", dir.Path, "--json", "--threads", "2");
        Assert.True(exit == 0, stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(100, (int)json["neurons"]!);
        Assert.Equal(10, (int)json["active"]!);
        Assert.InRange((double)json["meanAveragePrecision"]!, 0, 1);
        var (codes, content) = BitCodesFile.Load(dir.File("codes.safetensors"));
        Assert.Equal(300, codes.RowCount);
        for (int r = 0; r < codes.RowCount; r++) Assert.Equal(10, codes.PopCount(r));
        Assert.Equal("1", content.RequireMetadata("seed"));
        Assert.True(File.Exists(dir.File("synapses.npy")));
        Assert.True(File.Exists(dir.File("metrics.json")));
    }

    [Fact]
    public void Hash_SameSeed_SameCodes_AnyThreadCount()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        Assert.Equal(0, Run("hash", "--data", "uniform:dims=30,samples=200", "--out", a.Path, "--quiet", "--threads", "1", "--seed", "5").Exit);
        Assert.Equal(0, Run("hash", "--data", "uniform:dims=30,samples=200", "--out", b.Path, "--quiet", "--threads", "2", "--seed", "5").Exit);
        Assert.Equal(File.ReadAllBytes(a.File("codes.safetensors")), File.ReadAllBytes(b.File("codes.safetensors")));
    }

    [Theory]
    [InlineData("--density", "1.5", "--density must be in (0, 1) (got 1.5).")]
    [InlineData("--synapses", "50", "--synapses must be at most the input count 20 (got 50).")]
    [InlineData("--rows", "0", "--rows must be at least 1 (got 0).")]
    [InlineData("--queries", "-1", "--queries must be in [0, 300] for 300 rows (got -1).")]
    public void Hash_BadOption_ExitsWith2AndOneSentence(string flag, string value, string message)
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = Run("hash", "--data", "uniform:dims=20,samples=300", flag, value, "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Equal($"neurosharp: {message}", stderr.Trim());
    }

    [Fact]
    public void Column_ClustersPlantedGroups_WritesMapsAndMetrics()
    {
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = Run("column", "--data", "onehot:groups=3,size=6,samples=400", "--expansion", "20", "--synapses", "3",
            "--density", "0.1", "--clusters", "300", "--threshold", "0.3", "--out", dir.Path, "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        int used = (int)json["clustersUsed"]!;
        Assert.InRange(used, 1, 300);
        Assert.Equal(400, (int)json["samples"]!);
        var (maps, content) = BitCodesFile.Load(dir.File("maps.safetensors"));
        Assert.Equal(used, maps.RowCount);
        Assert.Equal(used, content.Tensors["members"].ToInt64Array().Length);
        Assert.Equal(400L, content.Tensors["members"].ToInt64Array().Sum());
        Assert.True(File.Exists(dir.File("assignments.npy")));
        Assert.StartsWith("cluster,members,rows,majorityLabel,majorityShare\n", File.ReadAllText(dir.File("clusters.csv")));
    }

    [Theory]
    [InlineData("--threshold", "2", "--threshold must be in [-1, 1] (got 2).")]
    [InlineData("--clusters", "0", "--clusters must be at least 1 (got 0).")]
    [InlineData("--epochs", "0", "--epochs must be at least 1 (got 0).")]
    public void Column_BadOption_ExitsWith2AndOneSentence(string flag, string value, string message)
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = Run("column", "--data", "uniform:dims=10,samples=50", flag, value, "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Equal($"neurosharp: {message}", stderr.Trim());
    }

    [Fact]
    public void Column_TestWithoutLabels_ExitsWith2()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = Run("column", "--data", "uniform:dims=10,samples=50", "--test", "uniform:dims=10,samples=20", "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("--test needs labels", stderr);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = NeuroSharpCli.Run(args, output, error, interactive: false);
        return (exit, output.ToString(), error.ToString());
    }
}
