using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Data;

public class FashionMnistCommandTests
{
    [Fact]
    public void DataInfo_FashionMnistFromAFolderWithoutTheFiles_Exit2OneSentence()
    {
        // The spec reaches the Fashion-MNIST repository, whose refusal is the CLI's: exit 2, one sentence.
        using var dir = new TempDirectory();
        Environment.SetEnvironmentVariable("NEUROSHARP_FASHION_MNIST_DIR", dir.Path);
        try
        {
            CliAssert.Refused(CliRunner.Run("data", "info", "fashion-mnist:test"), dir.Path, "Fashion-MNIST folder does not hold the four IDX files");
        }
        finally
        {
            Environment.SetEnvironmentVariable("NEUROSHARP_FASHION_MNIST_DIR", null);
        }
    }

    [Fact]
    public void DataFetch_UnknownDataset_NamesTheChoices()
    {
        var r = CliRunner.Run("data", "fetch", "fashion");
        Assert.Equal(2, r.Exit);
        Assert.Contains("fashion-mnist", r.Err);
    }
}
