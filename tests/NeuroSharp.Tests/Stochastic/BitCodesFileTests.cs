using NeuroSharp.Formats;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Stochastic;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Stochastic;

public class BitCodesFileTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(130)]
    public void SaveLoad_RoundTrips_Codes_Metadata_ExtraTensors(int bits)
    {
        using var dir = new TempDirectory();
        var codes = new BitMatrix(5, bits);
        var rng = new RandomStream(1);
        for (int r = 0; r < 5; r++)
        {
            var row = codes.Row(r);
            for (int w = 0; w < row.Length; w++) row[w] = rng.NextUInt64();
            if (row.Length > 0) row[^1] &= BitVector.TailMaskFor(bits);
        }
        string path = dir.File("codes.safetensors");
        BitCodesFile.Save(path, codes, new Dictionary<string, string> { ["seed"] = "7" }, [SafetensorsTensor.FromInt64("members", [1, 2, 3], 3)]);
        var (loaded, content) = BitCodesFile.Load(path);
        Assert.Equal(codes.Words.ToArray(), loaded.Words.ToArray());
        Assert.Equal(bits, loaded.ColumnCount);
        Assert.Equal("7", content.RequireMetadata("seed"));
        Assert.Equal([1L, 2, 3], content.Tensors["members"].ToInt64Array());
    }

    [Fact]
    public void Load_RejectsOtherFormatsAndVersions_NamingFileAndField()
    {
        using var dir = new TempDirectory();
        string other = dir.File("other.safetensors");
        SafetensorsFile.Write(other, [SafetensorsTensor.FromInt32("x", [1], 1)], new Dictionary<string, string> { ["format"] = "neurosharp.clustering", ["version"] = "1" });
        var e = Assert.Throws<InvalidInputException>(() => BitCodesFile.Load(other));
        Assert.Contains(other, e.Message);
        Assert.Contains("'format' is 'neurosharp.clustering'", e.Message);
        string future = dir.File("future.safetensors");
        SafetensorsFile.Write(future, [new SafetensorsTensor("codes", SafetensorsDataType.U8, [1, 8], new byte[8])],
            new Dictionary<string, string> { ["format"] = BitCodesFile.Format, ["version"] = "2", ["bits"] = "10" });
        Assert.Contains("'version' is '2'", Assert.Throws<InvalidInputException>(() => BitCodesFile.Load(future)).Message);
        string tail = dir.File("tail.safetensors");
        var bytes = new byte[8];
        bytes[2] = 1; // bit 16 of a 10-bit code
        SafetensorsFile.Write(tail, [new SafetensorsTensor("codes", SafetensorsDataType.U8, [1, 8], bytes)],
            new Dictionary<string, string> { ["format"] = BitCodesFile.Format, ["version"] = "1", ["bits"] = "10" });
        Assert.Contains("past bit 10", Assert.Throws<InvalidInputException>(() => BitCodesFile.Load(tail)).Message);
    }
}
