using System.Text.Json;
using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

public class ClusterCommandTests
{
    [Fact]
    public void Points2D_WritesModelPictureAndMetrics()
    {
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = CliRunner.Run("cluster", "--data", "uniform:dims=2,samples=2000", "--clusters", "9", "--rate", "0.1", "--out", dir.Path, "--json");
        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(dir.File("points.png")));
        Assert.Equal([9, 2], NpyFile.Read(dir.File("centres.npy")).Shape);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(9, json.RootElement.GetProperty("clustersUsed").GetInt32());
        // 9 centres on uniform [0,1]^2: an ideal 3x3 grid gives 2 x (1/3)^2 / 12 = 0.0185 per point; online k-means is near it.
        Assert.InRange(json.RootElement.GetProperty("inertiaPerRow").GetDouble(), 0.015, 0.03);
    }

    [Fact]
    public void MnistImages_WriteCentresPicture_AndPurityWithLabels()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(TestData.MnistSubsetDirectory, "train-images-idx3-ubyte.gz");
        var (exit, _, stderr) = CliRunner.Run("cluster", "--data", data, "--clusters", "10", "--out", dir.Path, "--quiet");
        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(dir.File("centres.png")));
        Assert.True(File.Exists(dir.File("model.json")));
    }

    [Fact]
    public void CsvWithLabels_ReportsPurity()
    {
        using var dir = new TempDirectory();
        // Two well separated groups with labels: purity must be 1.
        var lines = new List<string> { "a,b,label" };
        for (int i = 0; i < 100; i++) lines.Add(i % 2 == 0 ? $"0.{i % 10},0,0" : $"9.{i % 10},9,1");
        File.WriteAllLines(dir.File("d.csv"), lines);
        var (exit, stdout, _) = CliRunner.Run("cluster", "--data", dir.File("d.csv"), "--clusters", "2", "--init", "plusplus", "--out", dir.File("o"), "--json");
        Assert.Equal(0, exit);
        Assert.Equal(1.0, JsonDocument.Parse(stdout).RootElement.GetProperty("purity").GetDouble());
    }
}
