using System.IO.Compression;
using System.Text;
using NeuroSharp.Cli;
using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Fuzz.Tests;

/// <summary>
/// One valid seed file per reader, made once per test run in a temporary folder: a small IDX file (plain
/// and gzip) cut from the committed MNIST subset, a .npy and a .csv, two of the example networks, and the
/// model and checkpoint files that <c>metacluster</c>, <c>cluster</c> and <c>train</c> write.
/// </summary>
public sealed class FuzzCorpus : IDisposable
{
    private readonly TempDirectory _dir = new();

    public FuzzCorpus()
    {
        Root = _dir.Path;
        Environment.SetEnvironmentVariable("NEUROSHARP_MNIST_DIR", TestData.MnistSubsetDirectory);

        // IDX: the first 20 test images, header rewritten for the shorter count.
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(TestData.MnistSubsetDirectory, "t10k-images-idx3-ubyte.gz")), CompressionMode.Decompress))
        {
            var head = new byte[16 + 20 * 784];
            gz.ReadExactly(head);
            head[4] = 0; head[5] = 0; head[6] = 0; head[7] = 20;
            File.WriteAllBytes(PathOf("images-ubyte"), head);
            using var outGz = new GZipStream(File.Create(PathOf("images-ubyte.gz")), CompressionLevel.Optimal);
            outGz.Write(head);
        }

        var values = new float[20 * 6];
        for (int i = 0; i < values.Length; i++) values[i] = (i * 7 % 11) / 10f;
        NpyFile.Write(PathOf("data.npy"), values, 20, 6);

        var csv = new StringBuilder("a,b,c,d,label\n");
        for (int r = 0; r < 20; r++) csv.Append($"{r % 3},{(r * 5) % 7 / 7.0:0.###},\"{r}\",{r % 2},{r % 4}\n");
        File.WriteAllText(PathOf("data.csv"), csv.ToString());

        foreach (string net in new[] { "reflex-arc.json", "ei-network.json" })
            File.Copy(Path.Combine(AppContext.BaseDirectory, "networks", net), PathOf(net));

        Make("metacluster", "--data", "mnist", "--meta", "2", "--clusters", "3", "--samples", "200", "--out", PathOf("meta"));
        Make("cluster", "--data", "mnist", "--clusters", "3", "--samples", "200", "--out", PathOf("cluster"));
        Make("train", "--layers", "784,8,10", "--data", "mnist", "--test", "mnist:test", "--rows", "100", "--epochs", "1", "--out", PathOf("train"));
    }

    /// <summary>The folder of the seeds.</summary>
    public string Root { get; }

    /// <summary>A path in the folder.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    private static void Make(params string[] args)
    {
        var err = new StringWriter();
        int exit = NeuroSharpCli.Run([.. args, "--quiet", "--threads", "1"], TextWriter.Null, err);
        if (exit != 0) throw new InvalidOperationException($"seed run '{string.Join(' ', args)}' failed: {err}");
    }

    public void Dispose() => _dir.Dispose();
}
