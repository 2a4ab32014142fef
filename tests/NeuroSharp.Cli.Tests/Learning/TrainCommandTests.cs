using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Cli;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Learning;

public class TrainCommandTests
{
    [Fact]
    public void Train_SmallCsv_WritesCheckpointMetricsAndCurve()
    {
        using var dir = new TempDirectory();
        string data = WriteBlobs(dir.File("blobs.csv"));
        var (code, stdout, stderr) = Run("train", "--rule", "dfa", "--layers", "6,12,3", "--data", data, "--test", data,
            "--epochs", "3", "--batch-size", "20", "--dropout", "0.2", "--out", dir.File("out"), "--json");
        Assert.True(code == 0, stderr);
        var metrics = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal("dfa", (string?)metrics["rule"]);
        Assert.Equal(3, metrics["history"]!.AsArray().Count);
        Assert.True((int)metrics["testErrors"]! < 60, stdout); // 3 well separated blobs, 150 rows: far better than chance (100 errors)
        Assert.True(File.Exists(dir.File("out/model.safetensors")));
        Assert.True(File.Exists(dir.File("out/model.json")));
        Assert.True(File.Exists(dir.File("out/curve.png")));
        Assert.Equal(metrics.ToJsonString(), JsonNode.Parse(File.ReadAllText(dir.File("out/metrics.json")))!.ToJsonString());
    }

    [Fact]
    public void Train_ResumeToMoreEpochs_SameWeightsAsOneRun()
    {
        using var dir = new TempDirectory();
        string data = WriteBlobs(dir.File("blobs.csv"));
        string[] Args(string outDir, int epochs, params string[] extra) =>
            ["train", "--rule", "temporal", "--layers", "6,10,10,3", "--data", data, "--test", "none", "--epochs", epochs.ToString(CultureInfo.InvariantCulture),
             "--batch-size", "16", "--dropout", "0.5", "--schedule", "constant", "--out", outDir, "--quiet", .. extra];
        Assert.Equal(0, Run(Args(dir.File("straight"), 3)).Exit);
        Assert.Equal(0, Run(Args(dir.File("split"), 1)).Exit);
        Assert.Equal(0, Run(Args(dir.File("split"), 3, "--resume")).Exit);
        var a = SafetensorsFile.Read(dir.File("straight/model.safetensors"));
        var b = SafetensorsFile.Read(dir.File("split/model.safetensors"));
        foreach (string name in new[] { "weight.1", "weight.2", "weight.3", "bias.3", "feedback.2", "feedback.3" })
            Assert.Equal(a.Tensors[name].ToSingleArray(), b.Tensors[name].ToSingleArray());
    }

    [Theory]
    [InlineData("--dropout 1", "--dropout must be in [0, 1) (got 1).")]
    [InlineData("--layers 784,x,10", "--layers must be positive integers")]
    [InlineData("--epochs 0", "--epochs must be at least 1 (got 0).")]
    [InlineData("--momentum 1", "--momentum must be in [0, 1) (got 1).")]
    [InlineData("--rule sgd", "sgd")]
    [InlineData("--layers 5,4,3", "has 6 columns but --layers starts with 5 inputs")]
    public void Train_BadInput_ExitCode2WithOneSentence(string args, string expected)
    {
        using var dir = new TempDirectory();
        string data = WriteBlobs(dir.File("blobs.csv"));
        var (code, _, stderr) = Run(["train", "--data", data, "--test", "none", "--out", dir.File("out"), .. args.Split(' ')]);
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains(expected, stderr);
    }

    /// <summary>150 rows of 3 Gaussian blobs in 6 dimensions, with a label column.</summary>
    private static string WriteBlobs(string path)
    {
        var rng = new RandomStream(3);
        var text = new StringBuilder("a,b,c,d,e,f,label\n");
        for (int i = 0; i < 150; i++)
        {
            int label = i % 3;
            for (int j = 0; j < 6; j++) text.Append(CultureInfo.InvariantCulture, $"{(j % 3 == label ? 2 : 0) + 0.5 * rng.NextGaussian():F4},");
            text.Append(CultureInfo.InvariantCulture, $"{label}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
