using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>experiment run's --neurons/--samples/--epochs/--resume/--param reach only experiments that take them, with exit code 2 otherwise.</summary>
public class ExperimentParameterTests
{
    [Fact]
    public void ExperimentRun_ParameterTheExperimentDoesNotTake_ExitsWith2()
    {
        var (exit, _, stderr) = CliRunner.Run("experiment", "run", "onehot-5x5", "--neurons", "3");
        Assert.Equal(2, exit);
        Assert.Contains("Experiment 'onehot-5x5' does not take --neurons (it takes none).", stderr);
    }

    [Fact]
    public void ExperimentRun_UnknownParamKey_ListsTheKnownOnes()
    {
        var (exit, _, stderr) = CliRunner.Run("experiment", "run", "stdp-mnist", "--param", "bogus=1");
        Assert.Equal(2, exit);
        Assert.Contains("does not take --param bogus (it takes: ", stderr);
        Assert.Contains("labelSamples", stderr);
    }

    [Theory]
    [InlineData("maxRateHz")]
    [InlineData("=3")]
    [InlineData("maxRateHz=")]
    public void ExperimentRun_ParamWithoutKeyAndValue_ExitsWith2(string item)
    {
        var (exit, _, stderr) = CliRunner.Run("experiment", "run", "stdp-mnist", "--param", item);
        Assert.Equal(2, exit);
        Assert.Contains("must be KEY=VALUE", stderr);
    }

    [Theory]
    [InlineData("--neurons", "0", "--neurons must be at least 1 (got 0)")]
    [InlineData("--neurons", "-5", "--neurons must be at least 1 (got -5)")]
    [InlineData("--samples", "0", "--samples must be at least 1 (got 0)")]
    [InlineData("--epochs", "0", "--epochs must be at least 1 (got 0)")]
    [InlineData("--checkpoint-every", "0", "--checkpoint-every must be at least 1 (got 0)")]
    [InlineData("--param", "maxRateHz=-3", "MaxRateHz must be > 0 (got -3)")]
    [InlineData("--param", "network.stdp.tauPlusMs=0", "TauPlusMs")]
    [InlineData("--param", "MaxRateHz=-3", "--param MaxRateHz=-3: StdpMnistOptions.MaxRateHz must be > 0 (got -3)")] // any case; the message names the --param
    [InlineData("--param", "LabelSamples=-1", "labelSamples")]
    [InlineData("--param", "labelSamples=0", "--param labelSamples must be at least 1 (got 0)")]
    [InlineData("--param", "testSamples=0", "--param testSamples must be at least 1 (got 0)")]
    [InlineData("--param", "stdpRule=hebb", "--param stdpRule=hebb: expected code (the authors' code's triplet rule, the default) or paper")]
    [InlineData("--resume", null, "--resume: no checkpoint at ")]
    [InlineData("--memory-limit", "1M", "--neurons 100 would need about")]
    public void ExperimentRun_StdpMnistValueOutOfRange_OnlyTheSentence_NoHeaderNoFolder(string option, string? value, string expected)
    {
        // Refused before any data is loaded or any network is built, and before the "experiment ... -> DIR" line: stdout
        // stays empty and no folder is made.
        using var dir = new TempDirectory();
        string[] args = ["experiment", "run", "stdp-mnist", option, .. value is null ? Array.Empty<string>() : [value], "--out", dir.Path];
        var refused = CliRunner.Run(args);
        CliAssert.Refused(refused, expected);
        Assert.Equal("", refused.Out);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ExperimentRun_RefusedParameter_OnlyTheSentence_NoHeaderNoFolder()
    {
        using var dir = new TempDirectory();
        var refused = CliRunner.Run("experiment", "run", "onehot-5x5", "--samples", "3", "--out", dir.File("out"));
        CliAssert.Refused(refused, "Experiment 'onehot-5x5' does not take --samples (it takes none).");
        Assert.Equal("", refused.Out);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
