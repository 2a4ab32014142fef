using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

/// <summary>
/// Every option and data spec at an out-of-range value: exit 2 and one sentence naming the option and the
/// value, sizes refused with estimate and limit before anything is allocated, never a stack trace.
/// </summary>
public class OptionInputTests
{
    private static (int Exit, string Out, string Err) Run(TempDirectory tmp, params string[] args) =>
        CliRunner.Run([.. args, "--out", Path.Combine(tmp.Path, "out"), "--quiet"]);

    private static void AssertOneSentence(string stderr, params string[] words) => CliAssert.OneSentence(stderr, words);

    [Fact]
    public void DataSpec_UniformHundredMillionDims_RefusedWithEstimateAndLimit()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=100000000");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "uniform:dims=100000000", "memory", "limit", "--memory-limit");
    }

    [Fact]
    public void DataSpec_OneHotHundredThousandGroupsOfHundredThousand_RefusedWithEstimate()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "onehot:groups=100000,size=100000");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "onehot:groups=100000,size=100000", "memory");
    }

    [Fact]
    public void DataSpec_UniformMaxSamples_Refused()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=2,samples=2147483647");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "uniform:dims=2,samples=2147483647", "2147483647 rows");
    }

    [Fact]
    public void DataSpec_UnderMemoryLimitOption_RefusedWithThatLimit()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=1000,samples=1000", "--memory-limit", "2M");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "uniform:dims=1000,samples=1000", "3.8 MiB", "2 MiB");
    }

    [Fact]
    public void DataSpec_OneHotNoiseNaN_NamesTheSpecKey()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "onehot:groups=3,size=3,noise=NaN");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "noise", "NaN");
        Assert.DoesNotContain("FlipProbability", err);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    public void Generate_BelowOne_Exit2NamingGenerate(string value)
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=2", "--generate", value);
        Assert.Equal(2, exit);
        AssertOneSentence(err, "--generate", $"(got {value})");
    }

    [Fact]
    public void Generate_IntMax_RefusedBeforeGenerating()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=2", "--generate", "2147483647");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "uniform:dims=2", "2147483647 rows");
    }

    [Fact]
    public void Clusters_IntMax_RefusedBeforeAllocating()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=2,samples=50", "--clusters", "2147483647");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "K = 2147483647 clusters");
    }

    [Fact]
    public void Clusters_OverMemoryLimit_RefusedWithEstimate()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "metacluster", "--data", "uniform:dims=100,samples=50", "--clusters", "10000", "--meta", "100", "--memory-limit", "64M");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "M = 100 meta-clusters of K = 10000 clusters", "64 MiB", "--memory-limit");
    }

    [Fact]
    public void Train_HugeHiddenLayers_RefusedWithEstimate()
    {
        using var tmp = new TempDirectory();
        string csv = Path.Combine(tmp.Path, "d.csv");
        File.WriteAllText(csv, "a,b,c,d,label\n0,1,0,1,0\n1,0,1,0,1\n0,0,1,1,2\n");
        var (exit, _, err) = Run(tmp, "train", "--data", csv, "--test", "none", "--layers", "4,100000,100000,3", "--memory-limit", "1G");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "4,100000,100000,3", "memory", "1 GiB");
    }

    [Fact]
    public void StdpMnist_BillionNeurons_RefusedBeforeLoadingMnist()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "experiment", "run", "stdp-mnist", "--neurons", "1000000000");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "--neurons 1000000000", "memory");
    }

    [Fact]
    public void Out_Empty_Exit2NamingOut()
    {
        var (exit, _, err) = CliRunner.Run("cluster", "--data", "uniform:dims=2,samples=20", "--out", "", "--quiet");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "--out must name a folder (got \"\").");
    }

    [Theory]
    [InlineData("--epochs", "1e12")]
    [InlineData("--epochs", "2147483648")]
    [InlineData("--clusters", "NaN")]
    [InlineData("--generate", "1e12")]
    [InlineData("--threads", "2147483648")]
    public void Count_NotAnInt_SaysWholeNumberUpToIntMax(string option, string value)
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=2,samples=20", option, value);
        Assert.Equal(2, exit);
        AssertOneSentence(err, $"{option} must be a whole number up to 2147483647 (got {value}).");
    }

    [Fact]
    public void Samples_NotALong_SaysWholeNumberUpToLongMax()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=2,samples=20", "--samples", "1e39");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "--samples must be a whole number up to 9223372036854775807 (got 1e39).");
    }

    [Fact]
    public void Seed_Negative_SaysWholeNumberFromZero()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=2,samples=20", "--seed", "-1");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "--seed must be a whole number from 0 to 18446744073709551615 (got -1).");
    }

    [Theory]
    [InlineData("--rate", "1e39")]
    [InlineData("--rate", "NaN")]
    [InlineData("--random", "-1e39")]
    [InlineData("--rate-exponent", "Infinity")]
    public void FloatOption_NotFinite_NamesOptionAndText(string option, string value)
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "cluster", "--data", "uniform:dims=2,samples=20", option, value);
        Assert.Equal(2, exit);
        AssertOneSentence(err, option, "finite", $"(got {value})");
    }

    [Fact]
    public void Meta_Million_BlamesMetaNotMaskFloor()
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, "metacluster", "--data", "uniform:dims=2,samples=50", "--meta", "1000000");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "--meta must be below 1 / mask floor = 1000", "(got 1000000)");
        Assert.DoesNotContain("--mask-floor", err);
    }

    [Theory]
    [InlineData("cluster", "--metric", "l3", "l1, l2")]
    [InlineData("cluster", "--init", "random", "plusplus, samples, zeros")]
    [InlineData("cluster", "--schedule", "linear", "constant, inverse-count")]
    [InlineData("train", "--rule", "xx", "adaptive, bp, dfa, fa, temporal")]
    [InlineData("train", "--activation", "gelu", "logistic, relu, tanh")]
    [InlineData("train", "--init", "zeros", "glorot, he, uniform")]
    [InlineData("train", "--schedule", "step", "constant, cosine, exponential")]
    [InlineData("readout", "--rule", "hebb", "counts, delta")]
    public void ChoiceOption_Unknown_OneLineNamingOptionChoicesAndValue(string command, string option, string value, string choices)
    {
        using var tmp = new TempDirectory();
        var (exit, _, err) = Run(tmp, command, "--data", "uniform:dims=2,samples=20", option, value);
        Assert.Equal(2, exit);
        AssertOneSentence(err, $"{option} must be one of {choices} (got {value}).");
        Assert.Single(err.TrimEnd('\n').Split('\n')); // one sentence, nothing else
    }

    [Fact]
    public void MemoryLimit_NotASize_Exit2NamingIt()
    {
        var (exit, _, err) = CliRunner.Run("data", "info", "uniform:dims=2,samples=10", "--memory-limit", "lots");
        Assert.Equal(2, exit);
        AssertOneSentence(err, "--memory-limit", "lots");
    }

    [Theory]
    [InlineData("cluster", "--data", "uniform:dims=2,samples=20", "--clusters", "0")]
    [InlineData("cluster", "--data", "nope.npy")]
    [InlineData("cluster", "--epochs", "x")]
    [InlineData("frobnicate")]
    public void ErrorPath_Any_EndsWithNewline(params string[] args)
    {
        var (exit, _, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.EndsWith("\n", err);
    }
}
