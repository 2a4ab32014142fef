using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

public class FeaturesCommandTests
{
    // Labelled images with their shape: "mnist" served from the committed subset (1 000 train, 500 test images).
    // No other CLI test reads MNIST, so pointing the process at the subset changes nothing else.
    static FeaturesCommandTests() => Environment.SetEnvironmentVariable("NEUROSHARP_MNIST_DIR", TestData.MnistSubsetDirectory);

    private const string Train = "mnist:train";

    private const string Test = "mnist:test";

    [Fact]
    public void Features_ThenReadout_SavesTheStackAndReadsItsFeatures()
    {
        using var dir = new TempDirectory();
        var learn = CliRunner.Run("features", "--data", Train, "--layers", "5x5:16/12", "--patches", "5000", "--out", dir.File("stack"), "--json", "--threads", "2");
        Assert.True(learn.Exit == 0, learn.Err);
        foreach (string f in new[] { "model.safetensors", "model.json", "layer1.png", "metrics.json" }) Assert.True(File.Exists(dir.File($"stack/{f}")), f);
        using (var m = JsonDocument.Parse(learn.Out)) Assert.Equal(64, m.RootElement.GetProperty("featureCount").GetInt32());

        var read = CliRunner.Run("readout", "--data", Train, "--test", Test, "--model", dir.File("stack/model.safetensors"), "--rule", "delta",
            "--softmax", "--out", dir.File("readout"), "--json", "--threads", "2");
        Assert.True(read.Exit == 0, read.Err);
        Assert.True(File.Exists(dir.File("readout/confusion.png")));
        using var metrics = JsonDocument.Parse(read.Out);
        // 16 prototypes pooled over quadrants, 1 000 training images: far above chance (10 %); ~80 % is typical, 50 % is the floor asserted.
        Assert.True(metrics.RootElement.GetProperty("testAccuracy").GetDouble() > 0.5, read.Out);
    }

    [Theory]
    [InlineData("5x:8", "--layers", "5x:8")]
    [InlineData("30x30:8", "30x30", "does not fit")]
    [InlineData("3x3s40:8", "stride 40")]
    [InlineData("5x5:8/12,3x3:8", "layer 2", "does not fit")]
    public void Features_BadStack_ExitTwoWithOneSentence(string layers, params string[] words)
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("features", "--data", Train, "--layers", layers, "--out", dir.Path, "--quiet");
        CliAssert.Refused(r, words);
    }

    [Fact]
    public void Readout_CountsOnAStack_ExitTwoWithOneSentence()
    {
        using var dir = new TempDirectory();
        var learn = CliRunner.Run("features", "--data", Train, "--layers", "7x7s7:4", "--patches", "500", "--out", dir.File("stack"), "--quiet");
        Assert.True(learn.Exit == 0, learn.Err);
        var r = CliRunner.Run("readout", "--data", Train, "--test", Test, "--model", dir.File("stack/model.safetensors"), "--rule", "counts", "--out", dir.File("r"), "--quiet");
        CliAssert.Refused(r, "--rule counts", "delta");
    }
}
