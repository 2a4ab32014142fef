using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

public class FeaturesCommandTests
{
    // Unlabelled images with their shape (IDX) for the refusals; labelled CSV of the committed subset for the readout.
    private static string Train => Path.Combine(TestData.MnistSubsetDirectory, "train-images-idx3-ubyte.gz");

    private static string WriteCsv(string path, NeuroSharp.Data.Dataset data)
    {
        var text = new System.Text.StringBuilder(string.Join(",", Enumerable.Range(0, data.ColumnCount).Select(i => $"p{i}")) + ",label\n");
        for (int r = 0; r < data.RowCount; r++)
        {
            foreach (float v in data.Row(r)) text.Append(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(',');
            text.Append(data.Labels[r]).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void Features_ThenReadout_SavesTheStackAndReadsItsFeatures()
    {
        using var dir = new TempDirectory();
        string train = WriteCsv(dir.File("train.csv"), TestData.MnistTrain());
        string test = WriteCsv(dir.File("test.csv"), TestData.MnistTest());
        var learn = CliRunner.Run("features", "--data", train, "--image-shape", "28x28", "--layers", "5x5:16/12", "--patches", "5000", "--out", dir.File("stack"), "--json", "--threads", "2");
        Assert.True(learn.Exit == 0, learn.Err);
        foreach (string f in new[] { "model.safetensors", "model.json", "layer1.png", "metrics.json" }) Assert.True(File.Exists(dir.File($"stack/{f}")), f);
        using (var m = JsonDocument.Parse(learn.Out)) Assert.Equal(64, m.RootElement.GetProperty("featureCount").GetInt32());

        var read = CliRunner.Run("readout", "--data", train, "--test", test, "--model", dir.File("stack/model.safetensors"), "--rule", "delta",
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
    [InlineData("5x5:8/30", "layer 1", "pool 30")]
    [InlineData("3x3s2:8/2,3x3s2:8/2,1x1:8/4", "layer 3", "pool 4")]
    [InlineData("0x5:8", "--layers", "0x5:8")]
    public void Features_BadStack_ExitTwoWithOneSentence(string layers, params string[] words)
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("features", "--data", Train, "--layers", layers, "--out", dir.Path, "--quiet");
        CliAssert.Refused(r, words);
    }

    [Fact]
    public void FeaturesAndReadout_SameSeed_SameFilesAtOneAndTwoThreads()
    {
        // The whole recipe of docs/results.md in small: whitened stacks (one of two layers), an ensemble read from the images and
        // their eight moves held as bytes. Each command at --threads 1 and 2 must write the same model and readout bits.
        using var dir = new TempDirectory();
        string data = WriteCsv(dir.File("d.csv"), TestData.MnistTrain().Take(120));
        string test = WriteCsv(dir.File("t.csv"), TestData.MnistTest().Take(60));
        foreach (string threads in new[] { "1", "2" })
        {
            foreach (var (name, layers) in new[] { ("a", "5x5:8/2,3x3:6/3max"), ("b", "7x7:10/6") })
            {
                var learn = CliRunner.Run("features", "--data", data, "--image-shape", "28x28", "--layers", layers, "--whiten", "0.1", "--patches", "1500",
                    "--seed", "3", "--threads", threads, "--out", dir.File($"{name}{threads}"), "--quiet");
                Assert.True(learn.Exit == 0, learn.Err);
            }
            var read = CliRunner.Run("readout", "--data", data, "--test", test, "--model", $"{dir.File($"a{threads}/model.safetensors")},{dir.File($"b{threads}/model.safetensors")}",
                "--rule", "delta", "--softmax", "--shifts", "1", "--shift-diagonals", "--byte-features", "--readout-epochs", "2", "--seed", "3", "--threads", threads,
                "--out", dir.File($"r{threads}"), "--quiet");
            Assert.True(read.Exit == 0, read.Err);
        }
        foreach (string f in new[] { "a{0}/model.safetensors", "b{0}/model.safetensors", "a{0}/layer1.png", "a{0}/layer2.png", "r{0}/readout-1.npy", "r{0}/readout-2.npy", "r{0}/confusion.csv" })
            Assert.True(File.ReadAllBytes(dir.File(string.Format(f, "1"))).AsSpan().SequenceEqual(File.ReadAllBytes(dir.File(string.Format(f, "2")))), f);
        using var one = JsonDocument.Parse(File.ReadAllText(dir.File("r1/metrics.json")));
        using var two = JsonDocument.Parse(File.ReadAllText(dir.File("r2/metrics.json")));
        foreach (string field in new[] { "trainAccuracy", "testAccuracy" })
            Assert.Equal(one.RootElement.GetProperty(field).GetDouble(), two.RootElement.GetProperty(field).GetDouble());
    }

    [Fact]
    public void Features_TwoLayers_OnePictureOfEachLayersPrototypes()
    {
        using var dir = new TempDirectory();
        string data = WriteCsv(dir.File("d.csv"), TestData.MnistTrain().Take(100));
        var learn = CliRunner.Run("features", "--data", data, "--image-shape", "28x28", "--layers", "5x5:12/2,3x3:7/4", "--patches", "800", "--out", dir.File("s"), "--json");
        Assert.True(learn.Exit == 0, learn.Err);
        using (var m = JsonDocument.Parse(learn.Out))
            Assert.Equal(["layer1.png", "layer2.png"], m.RootElement.GetProperty("pictures").EnumerateArray().Select(e => e.GetString()!).ToArray());
        // Layer 1: 12 prototypes of 5 x 5 pixels; layer 2: 7 prototypes, each a (3 x 3) x 12 picture of the channels of layer 1 below it.
        // The grids differ in shape, so each picture is drawn from its own layer.
        var (w1, h1) = PngSize(dir.File("s/layer1.png"));
        var (w2, h2) = PngSize(dir.File("s/layer2.png"));
        Assert.True(w1 > 0 && h1 > 0 && w2 > 0 && h2 > 0);
        Assert.NotEqual((w1, h1), (w2, h2));
    }

    /// <summary>The width and height in a PNG's IHDR chunk.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void Features_NegativeWhitening_ExitTwoWithOneSentence()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run("features", "--data", Train, "--whiten", "-0.1", "--out", dir.Path, "--quiet"), "--whiten", "-0.1");
    }

    [Fact]
    public void Features_BadImageShape_ExitTwoWithOneSentence()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run("features", "--data", Train, "--image-shape", "27x28", "--out", dir.Path, "--quiet"), "--image-shape", "27x28");
    }

    [Fact]
    public void Readout_CountsOnAStack_ExitTwoWithOneSentence()
    {
        using var dir = new TempDirectory();
        string data = WriteCsv(dir.File("d.csv"), TestData.MnistTrain().Take(100));
        var learn = CliRunner.Run("features", "--data", data, "--image-shape", "28x28", "--layers", "7x7s7:4", "--patches", "500", "--out", dir.File("stack"), "--quiet");
        Assert.True(learn.Exit == 0, learn.Err);
        var r = CliRunner.Run("readout", "--data", data, "--test", data, "--model", dir.File("stack/model.safetensors"), "--rule", "counts", "--out", dir.File("r"), "--quiet");
        CliAssert.Refused(r, "--rule counts", "delta");
    }

    [Fact]
    public void Readout_OptimizerOnAStack_RecordedAndBadValuesRefused()
    {
        using var dir = new TempDirectory();
        string data = WriteCsv(dir.File("d.csv"), TestData.MnistTrain().Take(100));
        var learn = CliRunner.Run("features", "--data", data, "--image-shape", "28x28", "--layers", "7x7s7:4", "--patches", "500", "--out", dir.File("stack"), "--quiet");
        Assert.True(learn.Exit == 0, learn.Err);
        string model = dir.File("stack/model.safetensors");
        var adam = CliRunner.Run("readout", "--data", data, "--test", data, "--model", model, "--rule", "delta", "--softmax", "--out", dir.File("a"), "--json");
        Assert.True(adam.Exit == 0, adam.Err);
        using (var m = JsonDocument.Parse(adam.Out))
        {
            // Adam is the stack's default, with its own rate and batch unless given.
            Assert.Equal("Adam", m.RootElement.GetProperty("readoutOptimizer").GetString());
            Assert.Equal(0.001, m.RootElement.GetProperty("readoutRate").GetDouble(), 6);
            Assert.Equal(256, m.RootElement.GetProperty("readoutBatch").GetInt32());
        }
        var normalized = CliRunner.Run("readout", "--data", data, "--test", data, "--model", model, "--rule", "delta", "--readout-optimizer", "normalized", "--out", dir.File("n"), "--json");
        Assert.True(normalized.Exit == 0, normalized.Err);
        using (var m = JsonDocument.Parse(normalized.Out)) Assert.Equal("Normalized", m.RootElement.GetProperty("readoutOptimizer").GetString());
        CliAssert.Refused(CliRunner.Run("readout", "--data", data, "--test", data, "--model", model, "--rule", "delta", "--readout-optimizer", "sgd", "--out", dir.File("b"), "--quiet"), "sgd");
        CliAssert.Refused(CliRunner.Run("readout", "--data", data, "--test", data, "--model", model, "--rule", "delta", "--weight-decay", "-1", "--out", dir.File("c"), "--quiet"), "--weight-decay", "-1");
    }

    [Fact]
    public void Readout_ShiftsOnAStack_RecordedAndBadValuesRefused()
    {
        using var dir = new TempDirectory();
        string data = WriteCsv(dir.File("d.csv"), TestData.MnistTrain().Take(100));
        var learn = CliRunner.Run("features", "--data", data, "--image-shape", "28x28", "--layers", "7x7s7:4", "--patches", "500", "--out", dir.File("stack"), "--quiet");
        Assert.True(learn.Exit == 0, learn.Err);
        string model = dir.File("stack/model.safetensors");
        var read = CliRunner.Run("readout", "--data", data, "--test", data, "--model", model, "--rule", "delta", "--softmax", "--shifts", "1", "--shift-diagonals",
            "--readout-epochs", "1", "--out", dir.File("a"), "--json");
        Assert.True(read.Exit == 0, read.Err);
        using (var m = JsonDocument.Parse(read.Out))
        {
            // The readout learns from each image and its 8 one-pixel moves: 900 rows.
            Assert.Equal(1, m.RootElement.GetProperty("shifts").GetInt32());
            Assert.True(m.RootElement.GetProperty("shiftDiagonals").GetBoolean());
            Assert.Equal(900, m.RootElement.GetProperty("trainRows").GetInt32());
        }
        string[] args = ["readout", "--data", data, "--test", data, "--model", model, "--rule", "delta", "--out", dir.File("b"), "--quiet"];
        CliAssert.Refused(CliRunner.Run([.. args, "--shifts", "-1"]), "--shifts", "-1");
        CliAssert.Refused(CliRunner.Run([.. args, "--shifts", "5"]), "--shifts", "5");
        CliAssert.Refused(CliRunner.Run([.. args, "--shift-diagonals"]), "--shift-diagonals", "--shifts");
        CliAssert.Refused(CliRunner.Run("readout", "--data", data, "--test", data, "--shifts", "1", "--clusters", "4", "--out", dir.File("c"), "--quiet"), "--shifts", "feature stack");
    }

    [Fact]
    public void Readout_ByteFeatures_RecordedAndRefusedWithoutAStack()
    {
        using var dir = new TempDirectory();
        string data = WriteCsv(dir.File("d.csv"), TestData.MnistTrain().Take(100));
        var learn = CliRunner.Run("features", "--data", data, "--image-shape", "28x28", "--layers", "7x7s7:4", "--patches", "500", "--out", dir.File("stack"), "--quiet");
        Assert.True(learn.Exit == 0, learn.Err);
        var read = CliRunner.Run("readout", "--data", data, "--test", data, "--model", dir.File("stack/model.safetensors"), "--rule", "delta", "--softmax",
            "--shifts", "1", "--shift-diagonals", "--byte-features", "--readout-epochs", "1", "--out", dir.File("a"), "--json");
        Assert.True(read.Exit == 0, read.Err);
        using (var m = JsonDocument.Parse(read.Out))
        {
            Assert.True(m.RootElement.GetProperty("byteFeatures").GetBoolean());
            Assert.Equal(900, m.RootElement.GetProperty("trainRows").GetInt32());
        }
        CliAssert.Refused(CliRunner.Run("readout", "--data", data, "--test", data, "--byte-features", "--clusters", "4", "--out", dir.File("c"), "--quiet"), "--byte-features", "feature stack");
    }

    [Fact]
    public void Readout_StackOverTheMemoryLimit_ExitTwoWithOneSentence()
    {
        using var dir = new TempDirectory();
        string data = WriteCsv(dir.File("d.csv"), TestData.MnistTrain().Take(100));
        // 400 prototypes pooled over 3x3 regions: 8 x 8 x 400 = 25 600 features; 200 images of them are 20 MB, over 8 MiB.
        var learn = CliRunner.Run("features", "--data", data, "--image-shape", "28x28", "--layers", "5x5:400/3", "--patches", "2000", "--out", dir.File("stack"), "--json");
        Assert.True(learn.Exit == 0, learn.Err);
        using (var m = JsonDocument.Parse(learn.Out)) Assert.Equal(25_600, m.RootElement.GetProperty("featureCount").GetInt32());
        var r = CliRunner.Run("readout", "--data", data, "--test", data, "--model", dir.File("stack/model.safetensors"), "--rule", "delta",
            "--memory-limit", "8M", "--out", dir.File("r"), "--quiet");
        CliAssert.Refused(r, "25600", "memory", "--memory-limit");
    }

    [Fact]
    public void Readout_SeveralStacks_AnEnsembleWithEachMemberRecorded()
    {
        using var dir = new TempDirectory();
        string data = WriteCsv(dir.File("d.csv"), TestData.MnistTrain().Take(100));
        foreach (string seed in new[] { "1", "2" })
        {
            var learn = CliRunner.Run("features", "--data", data, "--image-shape", "28x28", "--layers", "7x7s7:4", "--patches", "500", "--seed", seed, "--out", dir.File($"s{seed}"), "--quiet");
            Assert.True(learn.Exit == 0, learn.Err);
        }
        string models = $"{dir.File("s1/model.safetensors")},{dir.File("s2/model.safetensors")}";
        var read = CliRunner.Run("readout", "--data", data, "--test", data, "--model", models, "--rule", "delta", "--softmax", "--readout-epochs", "2", "--out", dir.File("e"), "--json");
        Assert.True(read.Exit == 0, read.Err);
        using (var m = JsonDocument.Parse(read.Out))
        {
            var members = m.RootElement.GetProperty("members");
            Assert.Equal(2, members.GetArrayLength());
            Assert.Equal(2, members[1].GetProperty("stackSeed").GetInt32());
        }
        Assert.True(File.Exists(dir.File("e/readout-1.npy")) && File.Exists(dir.File("e/readout-2.npy")));
        CliAssert.Refused(CliRunner.Run("readout", "--data", data, "--test", data, "--model", $"{dir.File("s1/model.safetensors")},{data}", "--rule", "delta",
            "--out", dir.File("f"), "--quiet"), "--model", "feature stack", "d.csv");
    }
}
