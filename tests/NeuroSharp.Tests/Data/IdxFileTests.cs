using System.IO.Compression;
using NeuroSharp.Data;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Data;

public class IdxFileTests
{
    private static readonly byte[] TwoByThree = [0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255];

    [Fact]
    public void Read_PlainAndGzip_GiveTheSameArray()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a-ubyte"), TwoByThree);
        using (var gz = new GZipStream(File.Create(dir.File("a-ubyte.gz")), CompressionLevel.Fastest)) gz.Write(TwoByThree);
        var plain = IdxFile.Read(dir.File("a-ubyte"));
        var zipped = IdxFile.Read(dir.File("a-ubyte.gz"));
        Assert.Equal([2, 3], plain.Dimensions);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 255f], plain.Values);
        Assert.Equal(plain.Values, zipped.Values);
    }

    [Fact]
    public void Read_BadMagic_Truncated_UnknownType_AreExplained()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("m"), [1, 0, 8, 1, 0, 0, 0, 1, 9]);
        Assert.Contains("not an IDX file", Assert.Throws<InvalidInputException>(() => IdxFile.Read(dir.File("m"))).Message);
        File.WriteAllBytes(dir.File("t"), TwoByThree[..^2]);
        Assert.Contains("need 6 data bytes", Assert.Throws<InvalidInputException>(() => IdxFile.Read(dir.File("t"))).Message);
        File.WriteAllBytes(dir.File("u"), [0, 0, 0x07, 1, 0, 0, 0, 1, 9]);
        Assert.Contains("0x07", Assert.Throws<InvalidInputException>(() => IdxFile.Read(dir.File("u"))).Message);
    }

    [Fact]
    public void DatasetFile_IdxImages_KeepImageShape()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("img-idx3-ubyte"), [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4]);
        var d = DatasetFile.Read(dir.File("img-idx3-ubyte"));
        Assert.Equal(new ImageShape(2, 2), d.ImageShape);
        Assert.Equal(1, d.RowCount);
    }
}
