using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

public class TourCommandTests
{
    [Fact]
    public void QuickTour_OnTheSubset_WritesTheReport_AndJson()
    {
        // Every experiment's quick run is covered by NeuroSharp.Reports.Tests (the tour runner); here the command.
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = CliRunner.Run("tour", "--quick", "--only", "side-by-side", "dream", "--mnist-dir", TestData.MnistSubsetDirectory, "--out", dir.Path, "--json");
        Assert.True(exit == 0, stderr + stdout);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(0, json.GetProperty("failed").GetArrayLength());
        Assert.Equal(2, json.GetProperty("experiments").GetInt32());
        string html = File.ReadAllText(dir.File("report.html"));
        Assert.Contains("beside the articles", html);
        Assert.Contains("<img src=\"side-by-side/masks.png\"", html);
        Assert.Contains("id=\"dream\"", html);
    }

    [Fact]
    public void Tour_Only_RunsTheNamedExperiments()
    {
        using var dir = new TempDirectory();
        var (exit, stdout, _) = CliRunner.Run("tour", "--quick", "--only", "onehot-5x5", "points2d", "--mnist-dir", TestData.MnistSubsetDirectory, "--out", dir.Path);
        Assert.Equal(0, exit);
        Assert.Contains("The tour took", stdout);
        Assert.True(File.Exists(dir.File("onehot-5x5/masks.png")));
        Assert.False(Directory.Exists(dir.File("side-by-side")));
        Assert.Equal(2, CliRunner.Run("tour", "--quick", "--only", "nope", "--mnist-dir", TestData.MnistSubsetDirectory, "--out", dir.Path).Exit);
    }

    [Fact]
    public void Tour_LongestExperimentName_OkColumnStillAligned()
    {
        // transmitter-neurons (19 characters) once pushed its "ok" one column right of every other line's.
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = CliRunner.Run("tour", "--quick", "--only", "transmitter-neurons", "onehot-5x5", "--mnist-dir", TestData.MnistSubsetDirectory, "--out", dir.Path);
        Assert.True(exit == 0, stderr + stdout);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("  transmitter-neurons ", StringComparison.Ordinal) || l.StartsWith("  onehot-5x5 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Single(rows.Select(l => l.IndexOf(" ok ", StringComparison.Ordinal)).Distinct());
    }

    [Fact]
    public void Readout_OnTheSubset_ReportsAccuracyAboveChance()
    {
        using var dir = new TempDirectory();
        string train = Path.Combine(dir.Path, "train.csv");
        // A CSV with labels made from the subset: 1 000 digits, 784 pixels + label.
        var digits = TestData.MnistTrain();
        var lines = new List<string> { string.Join(',', Enumerable.Range(0, 784).Select(j => $"p{j}")) + ",label" };
        for (int i = 0; i < digits.RowCount; i++)
            lines.Add(string.Join(',', digits.Row(i).ToArray().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "," + digits.Labels[i]);
        File.WriteAllLines(train, lines);
        var (exit, stdout, stderr) = CliRunner.Run("readout", "--data", train, "--test", train, "--clusters", "50", "--rule", "delta", "--active", "3", "--out", dir.File("o"), "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        // 50 clusters of 1 000 digits read back on the same digits: far above the 10 % of chance (typically 70-80 %).
        Assert.True(json.GetProperty("testAccuracy").GetDouble() > 0.5);
        Assert.True(File.Exists(dir.File("o/confusion.csv")));
        Assert.Equal([50, 10], NeuroSharp.Formats.NpyFile.Read(dir.File("o/readout.npy")).Shape);
        var bad = CliRunner.Run("readout", "--data", "uniform:dims=2,samples=50", "--test", "uniform:dims=2,samples=50", "--out", dir.File("o2"));
        Assert.Equal(2, bad.Exit);
        Assert.Contains("needs labels", bad.Err);
    }
}
