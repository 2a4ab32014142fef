using System.IO.Compression;
using System.Security.Cryptography;
using NeuroSharp.Data;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Data;

public class FashionMnistTests
{
    // Two 28 x 28 images (pixel p of image i is (i + p) mod 256) and their labels 9 and 0: valid IDX files,
    // but not Zalando's, so the real hashes reject them and their own hashes accept them.
    private static Dictionary<string, byte[]> TinyIdxFiles()
    {
        byte[] Images()
        {
            var b = new byte[16 + 2 * 784];
            b[2] = 8; b[3] = 3; b[7] = 2; b[11] = 28; b[15] = 28;
            for (int i = 0; i < 2 * 784; i++) b[16 + i] = (byte)((i / 784 + i % 784) % 256);
            return b;
        }
        byte[] Labels() => [0, 0, 8, 1, 0, 0, 0, 2, 9, 0];
        return new Dictionary<string, byte[]>
        {
            ["train-images-idx3-ubyte"] = Images(), ["train-labels-idx1-ubyte"] = Labels(),
            ["t10k-images-idx3-ubyte"] = Images(), ["t10k-labels-idx1-ubyte"] = Labels(),
        };
    }

    private static string PlantPackage(TempDirectory dir, Dictionary<string, byte[]> files)
    {
        string package = dir.File("usr-share-datasets-fashion-mnist");
        Directory.CreateDirectory(package);
        foreach (var (name, content) in files)
        {
            using var gz = new GZipStream(File.Create(Path.Combine(package, name + ".gz")), CompressionLevel.Fastest);
            gz.Write(content);
        }
        return package;
    }

    [Fact]
    public void Fetch_FilesWithAnotherHash_OneSentenceNamingTheFile_AndNothingIsCached()
    {
        using var dir = new TempDirectory();
        var repo = new FashionMnistRepository(dir.File("cache"), dataDirectory: null) { PackageDirectory = PlantPackage(dir, TinyIdxFiles()) };
        if (Environment.GetEnvironmentVariable("NEUROSHARP_FASHION_MNIST_DIR") is not null) return; // a user folder overrides fetching
        var e = Assert.Throws<InvalidInputException>(() => repo.EnsureAvailable());
        Assert.Contains("train-images-idx3-ubyte has SHA-256", e.Message);
        Assert.Contains("expected c59f468a", e.Message);
        Assert.EndsWith("not Zalando's Fashion-MNIST.", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(Path.Combine(repo.DataDirectory, "verified.txt")));
    }

    [Fact]
    public void Fetch_VerifiedFiles_AreCachedAndLoadAsFashionMnist_EvenAfterThePackageIsGone()
    {
        using var dir = new TempDirectory();
        var files = TinyIdxFiles();
        string package = PlantPackage(dir, files);
        var hashes = files.ToDictionary(f => f.Key, f => Convert.ToHexStringLower(SHA256.HashData(f.Value)));
        var repo = new FashionMnistRepository(dir.File("cache"), dataDirectory: null) { PackageDirectory = package, Expected = hashes };
        if (Environment.GetEnvironmentVariable("NEUROSHARP_FASHION_MNIST_DIR") is not null) return;
        var lines = new List<string>();
        var train = repo.Load(MnistSplit.Train, lines.Add);
        Assert.Contains(lines, l => l.Contains("verified"));
        Assert.Equal("fashion-mnist", train.Name);
        Assert.Equal(2, train.RowCount);
        Assert.Equal([9, 0], train.Labels.ToArray());
        Assert.Equal(1f / 255f, train.Row(0)[1]); // pixel 1 of image 0 is 1, scaled to [0, 1]
        Directory.Delete(package, recursive: true);
        var test = repo.Load(MnistSplit.Test);
        Assert.Equal("fashion-mnist:test", test.Name);
        Assert.Equal(train.Values.ToArray(), test.Values.ToArray());
    }

    [Fact]
    public void Fetch_NoPackageAndNoAptGet_SaysWhatToInstall()
    {
        using var dir = new TempDirectory();
        var repo = new FashionMnistRepository(dir.File("cache"), dataDirectory: null)
        {
            PackageDirectory = dir.File("absent"), AptGetCommand = dir.File("no-apt-get"),
        };
        if (Environment.GetEnvironmentVariable("NEUROSHARP_FASHION_MNIST_DIR") is not null) return;
        var e = Assert.Throws<InvalidInputException>(() => repo.EnsureAvailable());
        Assert.Contains("Fashion-MNIST cannot be fetched", e.Message);
        Assert.Contains("NEUROSHARP_FASHION_MNIST_DIR", e.Message);
    }

    [Fact]
    public void UserDirectory_MissingFiles_SaysWhich()
    {
        using var dir = new TempDirectory();
        var repo = new FashionMnistRepository(dir.File("cache"), dir.Path);
        var e = Assert.Throws<InvalidInputException>(() => repo.EnsureAvailable());
        Assert.Contains("Fashion-MNIST folder does not hold the four IDX files", e.Message);
    }

    [Fact]
    public void DataSpec_FashionMnistTest_LoadsFromTheGivenRepository()
    {
        using var dir = new TempDirectory();
        var files = TinyIdxFiles();
        var hashes = files.ToDictionary(f => f.Key, f => Convert.ToHexStringLower(SHA256.HashData(f.Value)));
        var repo = new FashionMnistRepository(dir.File("cache"), dataDirectory: null) { PackageDirectory = PlantPackage(dir, files), Expected = hashes };
        if (Environment.GetEnvironmentVariable("NEUROSHARP_FASHION_MNIST_DIR") is not null) return;
        var loaded = DataSources.Load("fashion-mnist:test", new DataLoadOptions(FashionMnist: repo));
        Assert.Equal("fashion-mnist:test", loaded.Dataset.Name);
        Assert.Equal(new ImageShape(28, 28), loaded.Dataset.ImageShape);
    }
}
