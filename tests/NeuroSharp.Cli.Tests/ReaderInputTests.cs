using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

/// <summary>Hostile and damaged input files through the command line: exit code 2 and one sentence naming the file, never a stack trace.</summary>
public class ReaderInputTests
{
    private static void WriteCsv(string path)
    {
        var lines = new List<string> { "a,b,c,label" };
        for (int i = 0; i < 60; i++) lines.Add($"{i % 3}.{i % 7},{i % 5},{(i % 3) * 2}.5,{i % 3}");
        File.WriteAllLines(path, lines);
    }

    private static void AssertRefused((int Exit, string Out, string Err) r, params string[] words) => CliAssert.Refused(r, words);

    /// <summary>Fits a small model with <paramref name="command"/> into a folder and returns the model's bytes.</summary>
    private static byte[] Model(TempDirectory dir, string command, string outName)
    {
        var r = CliRunner.Run(command, "--data", dir.File("d.csv"), "--clusters", "3", "--out", dir.File(outName), "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        return File.ReadAllBytes(Path.Combine(dir.File(outName), "model.safetensors"));
    }

    /// <summary>Rewrites a safetensors file with a changed header (the data section as it was).</summary>
    private static byte[] WithHeader(byte[] file, Func<JsonObject, string> change)
    {
        long n = BinaryPrimitives.ReadInt64LittleEndian(file);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, (int)n))!.AsObject();
        return Rebuild(Encoding.UTF8.GetBytes(change(header)), file.AsSpan(8 + (int)n).ToArray());
    }

    private static byte[] Rebuild(byte[] header, byte[] data)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    private static (int, string, string) Resume(TempDirectory dir, byte[] model)
    {
        File.WriteAllBytes(Path.Combine(dir.File("c"), "model.safetensors"), model);
        return CliRunner.Run("cluster", "--data", dir.File("d.csv"), "--clusters", "3", "--resume", "--samples", "120", "--out", dir.File("c"), "--quiet");
    }

    private static (int, string, string) Readout(TempDirectory dir, byte[] model)
    {
        File.WriteAllBytes(dir.File("m.safetensors"), model);
        return CliRunner.Run("readout", "--data", dir.File("d.csv"), "--test", dir.File("d.csv"), "--model", dir.File("m.safetensors"), "--out", dir.File("r"), "--quiet");
    }

    [Fact]
    public void ClusterResume_DataOffsetsAsStrings_Exit2NamingTensorAndValue()
    {
        using var dir = new TempDirectory();
        WriteCsv(dir.File("d.csv"));
        byte[] model = WithHeader(Model(dir, "cluster", "c"), h =>
        {
            h["centres"]!["data_offsets"] = new JsonArray("a", 4);
            return h.ToJsonString();
        });
        AssertRefused(Resume(dir, model), "model.safetensors", "tensor 'centres' has data_offsets [\"a\",4]", "expected two whole numbers");
    }

    [Fact]
    public void ReadoutModel_DataOffsetsAsFloats_Exit2()
    {
        using var dir = new TempDirectory();
        WriteCsv(dir.File("d.csv"));
        byte[] model = WithHeader(Model(dir, "metacluster", "mc"), h =>
        {
            h["wins"]!["data_offsets"] = new JsonArray(0.5, 4.5);
            return h.ToJsonString();
        });
        AssertRefused(Readout(dir, model), "m.safetensors", "tensor 'wins' has data_offsets [0.5,4.5]");
    }

    [Fact]
    public void ReadoutModel_InvalidUtf8InHeader_Exit2()
    {
        using var dir = new TempDirectory();
        WriteCsv(dir.File("d.csv"));
        byte[] model = Model(dir, "metacluster", "mc");
        int at = Encoding.UTF8.GetString(model).IndexOf("format", StringComparison.Ordinal);
        model[at + 2] = 0xC3;
        model[at + 3] = 0x28; // an invalid two-byte sequence
        AssertRefused(Readout(dir, model), "m.safetensors", "invalid UTF-8 at byte");
    }

    [Fact]
    public void ClusterResume_HeaderLengthOneShort_Exit2InsteadOfMisalignedTensors()
    {
        using var dir = new TempDirectory();
        WriteCsv(dir.File("d.csv"));
        byte[] model = Model(dir, "cluster", "c");
        BinaryPrimitives.WriteInt64LittleEndian(model, BinaryPrimitives.ReadInt64LittleEndian(model) - 1);
        AssertRefused(Resume(dir, model), "model.safetensors", "the tensors cover");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.37)]
    [InlineData(0.5)]
    [InlineData(0.83)]
    [InlineData(0.99)]
    public void ClusterResume_TruncatedMetadataJson_Exit2WithJsonPath(double fraction)
    {
        using var dir = new TempDirectory();
        WriteCsv(dir.File("d.csv"));
        byte[] model = WithHeader(Model(dir, "cluster", "c"), h =>
        {
            string json = h["__metadata__"]!["neurosharp"]!.GetValue<string>();
            h["__metadata__"]!["neurosharp"] = json[..(int)(json.Length * fraction)];
            return h.ToJsonString();
        });
        AssertRefused(Resume(dir, model), "model.safetensors", "metadata is invalid at $");
    }

    [Theory]
    [InlineData("layerStreams", "null", "$.layerStreams")]
    [InlineData("layerStreams", "[[null, null, null]]", "layerStreams[0] holds null")]
    [InlineData("format", "null", "$.format")]
    [InlineData("inputCount", "\"3\"", "$.inputCount")]
    [InlineData("metaCount", "5", "metaCount of a competitive layer must be 1 (got 5)")]
    [InlineData("imageShape", "[-1, 3]", "imageShape [-1, 3]")]
    [InlineData("metric", "\"L7\"", "$.metric")]
    public void ClusterResume_MetadataFieldOfWrongTypeOrValue_Exit2NamingIt(string field, string value, string expected)
    {
        using var dir = new TempDirectory();
        WriteCsv(dir.File("d.csv"));
        byte[] model = WithHeader(Model(dir, "cluster", "c"), h =>
        {
            var meta = JsonNode.Parse(h["__metadata__"]!["neurosharp"]!.GetValue<string>())!.AsObject();
            meta[field] = JsonNode.Parse(value);
            h["__metadata__"]!["neurosharp"] = meta.ToJsonString();
            return h.ToJsonString();
        });
        AssertRefused(Resume(dir, model), "model.safetensors", expected);
    }

    [Fact]
    public void Cluster_DataSymlinkToDevZero_Exit2()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/dev/zero")) return;
        using var dir = new TempDirectory();
        foreach (string name in new[] { "x.npy", "x.csv", "x-ubyte", "x.gz" })
        {
            File.CreateSymbolicLink(dir.File(name), "/dev/zero");
            AssertRefused(CliRunner.Run("cluster", "--data", dir.File(name), "--out", dir.File("o"), "--quiet"), name, "not a regular file");
        }
    }

    [Fact]
    public void Cluster_CsvQuotedComma_Exit2WithLineAndColumn()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("q.csv"), "a,b\n\"1,5\",2\n3,4\n");
        AssertRefused(CliRunner.Run("cluster", "--data", dir.File("q.csv"), "--clusters", "2", "--out", dir.File("o"), "--quiet"),
            "q.csv line 2, column 1", "'1,5' is not a number");
    }

    [Fact]
    public void Readout_CsvLabelAboveInt32_Exit2InsteadOfCrash()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("l.csv"), "a,b,label\n1,2,0\n3,4,3000000000\n5,6,1\n");
        AssertRefused(CliRunner.Run("readout", "--data", dir.File("l.csv"), "--test", dir.File("l.csv"), "--clusters", "2", "--out", dir.File("o"), "--quiet"),
            "l.csv line 3, column 3", "'3000000000'");
    }

    [Fact]
    public void Readout_CsvLabelHugeButInInt32_Exit2WithTheReadoutsMemoryEstimate()
    {
        // Label 16777216 asks for a 16777217 x 16777217 confusion matrix (about 1 PiB): refused before the fit, not run out of memory.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("l.csv"), "a,b,label\n1,2,0\n3,4,16777216\n5,6,1\n");
        AssertRefused(CliRunner.Run("readout", "--data", dir.File("l.csv"), "--test", dir.File("l.csv"), "--clusters", "2", "--out", dir.File("o"), "--quiet"),
            "up to 16777216", "more than the limit");
    }

    [Fact]
    public void Cluster_GzipBomb_Exit2AtTheDeclaredSize()
    {
        using var dir = new TempDirectory();
        using (var gz = new GZipStream(File.Create(dir.File("bomb-idx3-ubyte.gz")), CompressionLevel.Optimal))
        {
            gz.Write([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 3]);
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) gz.Write(zeros);
        }
        AssertRefused(CliRunner.Run("cluster", "--data", dir.File("bomb-idx3-ubyte.gz"), "--clusters", "2", "--out", dir.File("o"), "--quiet"),
            "bomb-idx3-ubyte.gz", "expands to more than the 18 data bytes");
    }
}
