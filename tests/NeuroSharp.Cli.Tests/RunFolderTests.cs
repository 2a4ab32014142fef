using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests;

/// <summary>The --out folders of the long commands: one run at a time, resumes with the same settings, no stale temps or empty folders, reproducible files.</summary>
public class RunFolderTests
{
    private static string[] ClusterArgs(string outDir, params string[] extra) =>
        ["cluster", "--data", "onehot:groups=3,size=3,samples=600", "--clusters", "10", "--samples", "600", "--out", outDir, "--quiet", .. extra];

    private static string[] MetaclusterArgs(string outDir, params string[] extra) =>
        ["metacluster", "--data", "onehot:groups=3,size=3,samples=600", "--meta", "3", "--clusters", "3", "--samples", "600", "--out", outDir, "--quiet", .. extra];

    /// <summary>The arguments with <paramref name="flag"/> set to <paramref name="value"/> (replaced if present, else added).</summary>
    private static string[] With(string[] args, string flag, string value)
    {
        int i = Array.IndexOf(args, flag);
        if (i < 0) return [.. args, flag, value];
        var copy = (string[])args.Clone();
        copy[i + 1] = value;
        return copy;
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("metacluster")]
    [InlineData("train")]
    public void OutFolder_HeldByAnotherRun_ExitCode2AndNothingWritten(string command)
    {
        using var dir = new TempDirectory();
        string outDir = dir.File("out");
        string[] args = command switch
        {
            "cluster" => ClusterArgs(outDir),
            "metacluster" => MetaclusterArgs(outDir),
            _ => ["train", "--layers", "6,8,3", "--data", WriteBlobs(dir.File("blobs.csv"), 1), "--test", "none", "--epochs", "1", "--out", outDir, "--quiet"],
        };
        using (OutputFolder.Open(outDir)) // another run holds the folder
        {
            var (exit, _, stderr) = Run(args);
            Assert.Equal(NeuroSharpCli.BadInput, exit);
            Assert.Contains($"--out {outDir} is in use by another neurosharp run (pid {Environment.ProcessId}); wait for it or choose another folder.", stderr);
            Assert.False(File.Exists(Path.Combine(outDir, "model.safetensors")));
        }
        Assert.Equal(0, Run(args).Exit); // released: the same run now goes ahead
        Assert.True(File.Exists(Path.Combine(outDir, "model.safetensors")));
    }

    [Theory]
    [InlineData("cluster", "model.safetensors")]
    [InlineData("metacluster", "model.safetensors")]
    [InlineData("train", "model.safetensors")]
    [InlineData("features", "model.safetensors")]
    [InlineData("evolve", "checkpoint.json")]
    public void OutputFile_AFolderInItsPlace_RefusedBeforeTheWork(string command, string file)
    {
        // Until 2026-12-07 these learned or evolved to the end and then failed to write their model with exit 1
        // (features also learned before it opened --out at all): the shared check (OutputFile) refuses at once.
        using var dir = new TempDirectory();
        string outDir = dir.File("out");
        string blocked = Path.Combine(outDir, file);
        Directory.CreateDirectory(blocked);
        string[] args = command switch
        {
            "cluster" => ClusterArgs(outDir),
            "metacluster" => MetaclusterArgs(outDir),
            "train" => ["train", "--layers", "6,8,3", "--data", WriteBlobs(dir.File("blobs.csv"), 1), "--test", "none", "--epochs", "1", "--out", outDir, "--quiet"],
            "features" => ["features", "--data", Path.Combine(TestData.MnistSubsetDirectory, "train-images-idx3-ubyte.gz"), "--layers", "5x5:4/12", "--patches", "500", "--out", outDir, "--quiet"],
            _ => ["evolve", "--task", "xor", "--population", "10", "--generations", "1", "--out", outDir, "--quiet"],
        };
        CliAssert.Refused(Run(args), $"{blocked} cannot be written: it is a folder, not a file.");
        // Nothing of the work was written: only the folder in the way and the lock.
        Assert.DoesNotContain(Directory.GetFiles(outDir), f => Path.GetFileName(f) != OutputFolder.LockFileName);
        Assert.Empty(Directory.GetFileSystemEntries(blocked));
    }

    [Fact]
    public void OutFolder_Released_CanBeTakenAgain()
    {
        using var dir = new TempDirectory();
        using (OutputFolder.Open(dir.Path))
        {
            var e = Assert.Throws<InvalidInputException>(() => OutputFolder.Open(dir.Path));
            Assert.Contains("is in use by another neurosharp run", e.Message);
        }
        using (OutputFolder.Open(dir.Path))
        {
        }
    }

    [Theory]
    [InlineData("--clusters", "20", "--clusters is 20 but the checkpoint in")]
    [InlineData("--rate", "0.5", "--rate is 0.5 but the checkpoint in")]
    [InlineData("--seed", "2", "--seed is 2 but the checkpoint in")]
    [InlineData("--metric", "l2", "--metric is SquaredL2 but the checkpoint in")]
    public void ClusterResume_ChangedSetting_ExitCode2NamingIt(string flag, string value, string expected)
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(ClusterArgs(dir.Path)).Exit);
        byte[] model = File.ReadAllBytes(dir.File("model.safetensors"));
        var (exit, _, stderr) = Run(With(With(ClusterArgs(dir.Path, "--resume"), flag, value), "--samples", "1200"));
        Assert.Equal(NeuroSharpCli.BadInput, exit);
        Assert.Contains(expected, stderr);
        Assert.Contains("repeat the same value or start a new run.", stderr);
        Assert.Equal(model, File.ReadAllBytes(dir.File("model.safetensors"))); // the checkpoint is untouched
    }

    [Fact]
    public void ClusterResume_LongerRunAndOtherThreads_Allowed()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(ClusterArgs(dir.Path)).Exit);
        var (exit, _, stderr) = Run(With(ClusterArgs(dir.Path, "--resume", "--threads", "1", "--checkpoint-every", "100"), "--samples", "1200"));
        Assert.True(exit == 0, stderr);
    }

    [Theory]
    [InlineData("--meta", "2", "--meta is 2 but the checkpoint in", "was made with 3")]
    [InlineData("--clusters", "4", "--clusters is 4 but the checkpoint in", "was made with 3")]
    [InlineData("--mask-rate", "0.5", "--mask-rate is 0.5 but the checkpoint in", "was made with 0.2")]
    [InlineData("--seed", "7", "--seed is 7 but the checkpoint in", "was made with 1")]
    public void MetaclusterResume_ChangedSetting_ExitCode2NamingIt(string flag, string value, string expected, string recorded)
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(MetaclusterArgs(dir.Path)).Exit);
        var (exit, _, stderr) = Run(With(With(MetaclusterArgs(dir.Path, "--resume"), flag, value), "--samples", "1200"));
        Assert.Equal(NeuroSharpCli.BadInput, exit);
        Assert.Contains(expected, stderr);
        Assert.Contains(recorded, stderr);
    }

    [Theory]
    [InlineData("--rate", "0.02", "--rate is 0.02 but the checkpoint in")]
    [InlineData("--layers", "6,9,3", "--layers is 6,9,3 but the checkpoint in")]
    [InlineData("--seed", "3", "--seed is 3 but the checkpoint in")]
    [InlineData("--rule", "fa", "--rule is FeedbackAlignment but the checkpoint in")]
    public void TrainResume_ChangedSetting_ExitCode2NamingIt(string flag, string value, string expected)
    {
        using var dir = new TempDirectory();
        string data = WriteBlobs(dir.File("blobs.csv"), 1);
        string[] Args(int epochs, params string[] extra) =>
            ["train", "--layers", "6,8,3", "--rate", "0.01", "--rule", "bp", "--seed", "1", "--data", data, "--test", "none", "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--out", dir.File("out"), "--quiet", .. extra];
        Assert.Equal(0, Run(Args(1)).Exit);
        var (exit, _, stderr) = Run(With(Args(2, "--resume"), flag, value));
        Assert.Equal(NeuroSharpCli.BadInput, exit);
        Assert.Contains(expected, stderr);
        Assert.Equal(0, Run(Args(2, "--resume")).Exit); // --epochs may raise the total
    }

    [Fact]
    public void StaleTemp_OfAKilledWrite_DeletedByTheNextRun()
    {
        using var dir = new TempDirectory();
        // A checkpoint write killed mid-way: AtomicFile's temp name with the pid of a process that no longer runs.
        string stale = dir.File($".model.safetensors.{int.MaxValue}.{Guid.NewGuid():N}.tmp");
        string other = dir.File(".notes.tmp"); // not of AtomicFile's pattern: left alone
        File.WriteAllText(stale, "half a checkpoint");
        File.WriteAllText(other, "the user's");
        Assert.Equal(0, Run(ClusterArgs(dir.Path)).Exit);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public void TrainBadInput_NewOutFolder_NotLeftBehind()
    {
        using var dir = new TempDirectory();
        string data = WriteBlobs(dir.File("blobs.csv"), 1);
        var (exit, _, stderr) = Run("train", "--layers", "5,4,3", "--data", data, "--test", "none", "--out", dir.File("new/out"));
        Assert.Equal(NeuroSharpCli.BadInput, exit);
        Assert.Contains("has 6 columns but --layers starts with 5 inputs", stderr);
        Assert.False(Directory.Exists(dir.File("new")));
    }

    [Fact]
    public void ClusterResumeOfOtherData_ExistingFolder_KeptWithItsModel()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(ClusterArgs(dir.Path)).Exit);
        var (exit, _, stderr) = Run("cluster", "--data", "uniform:dims=4", "--resume", "--out", dir.Path, "--quiet");
        Assert.Equal(NeuroSharpCli.BadInput, exit);
        Assert.Contains("the model has 9 inputs", stderr);
        Assert.True(File.Exists(dir.File("model.safetensors")));
    }

    [Fact]
    public void ClusterBadInput_NewOutFolder_NotCreated()
    {
        using var dir = new TempDirectory();
        var (exit, _, _) = Run("cluster", "--data", dir.File("missing.csv"), "--out", dir.File("new/out"));
        Assert.Equal(NeuroSharpCli.BadInput, exit);
        Assert.False(Directory.Exists(dir.File("new")));
    }

    [Fact]
    public void ExperimentBadParameter_NewOutFolder_NotLeftBehind()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = Run("experiment", "run", "stdp-mnist", "--param", "labelSamples=many", "--out", dir.File("new/out"));
        Assert.Equal(NeuroSharpCli.BadInput, exit);
        Assert.Contains("labelSamples", stderr);
        Assert.False(Directory.Exists(dir.File("new")));
    }

    [Fact]
    public void Train_TwoIdenticalRuns_ByteIdenticalModelFiles()
    {
        using var dir = new TempDirectory();
        string data = WriteMnistCsv(dir.File("mnist.csv"), 200);
        string[] Args(string outDir) =>
            ["train", "--layers", "784,16,10", "--data", data, "--test", "none", "--epochs", "1", "--batch-size", "50", "--out", outDir, "--quiet"];
        Assert.Equal(0, Run(Args(dir.File("a"))).Exit);
        Assert.Equal(0, Run(Args(dir.File("b"))).Exit);
        Assert.Equal(File.ReadAllBytes(dir.File("a/model.safetensors")), File.ReadAllBytes(dir.File("b/model.safetensors")));
        Assert.Equal(File.ReadAllBytes(dir.File("a/model.json")), File.ReadAllBytes(dir.File("b/model.json")));
        Assert.DoesNotContain("seconds", File.ReadAllText(dir.File("a/model.json")), StringComparison.OrdinalIgnoreCase);
        var metrics = JsonNode.Parse(File.ReadAllText(dir.File("a/metrics.json")))!;
        Assert.NotNull(metrics["history"]![0]!["seconds"]); // timings live in metrics.json
    }

    [Fact]
    public void Train_LargeValuesAndRate10_DivergedExitCode1KeepsTheLastGoodCheckpoint()
    {
        using var dir = new TempDirectory();
        string data = WriteBlobs(dir.File("huge.csv"), 1e6);
        string outDir = dir.File("out");
        var (exit, _, stderr) = Run("train", "--layers", "6,12,3", "--data", data, "--test", "none", "--epochs", "3", "--rate", "10",
            "--schedule", "constant", "--out", outDir, "--quiet");
        Assert.Equal(NeuroSharpCli.RunFailed, exit);
        // Epoch 1 still ends with finite weights (saved); epoch 2 does not.
        Assert.Contains("training diverged at epoch 2 (loss = ", stderr);
        Assert.Contains($"); lower --rate; the last good checkpoint is {Path.Combine(outDir, "model.safetensors")}.", stderr);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")))!;
        Assert.True((bool)metrics["diverged"]!);
        Assert.Equal(2, (int)metrics["divergedAtEpoch"]!);
        Assert.Equal(1, (int)metrics["epochsDone"]!);
        var kept = NeuroSharp.Learning.MlpFile.LoadTrainer(Path.Combine(outDir, "model.safetensors")); // loads: all finite
        Assert.Equal(1, kept.EpochsDone);
    }

    /// <summary>150 rows of 3 Gaussian blobs in 6 dimensions times <paramref name="scale"/>, with a label column.</summary>
    private static string WriteBlobs(string path, double scale)
    {
        var rng = new RandomStream(3);
        var text = new StringBuilder("a,b,c,d,e,f,label\n");
        for (int i = 0; i < 150; i++)
        {
            int label = i % 3;
            for (int j = 0; j < 6; j++) text.Append(CultureInfo.InvariantCulture, $"{((j % 3 == label ? 2 : 0) + 0.5 * rng.NextGaussian()) * scale:R},");
            text.Append(CultureInfo.InvariantCulture, $"{label}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The first rows of the committed MNIST subset as CSV (784 pixels and a label).</summary>
    private static string WriteMnistCsv(string path, int rows)
    {
        var mnist = TestData.MnistTrain();
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, 784).Select(i => $"p{i}")) + ",label\n");
        for (int r = 0; r < rows; r++)
        {
            foreach (float v in mnist.Row(r)) text.Append(CultureInfo.InvariantCulture, $"{v:R},");
            text.Append(CultureInfo.InvariantCulture, $"{mnist.Labels[r]}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void OutFolderUnderAFile_ExitCode2NamingTheFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("taken"), "a file");
        var r = Run(ClusterArgs(dir.File("taken/out")));
        CliAssert.Refused(r, $"--out {dir.File("taken/out")} cannot be created: {dir.File("taken")} is a file, not a folder.");
    }
}
