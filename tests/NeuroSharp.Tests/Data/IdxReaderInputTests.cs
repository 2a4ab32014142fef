using System.Buffers.Binary;
using System.IO.Compression;
using NeuroSharp.Data;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Data;

/// <summary>IDX files whose header disagrees with their size, and gzip bombs: refused with the numbers, before allocating.</summary>
public class IdxReaderInputTests
{
    private static byte[] Idx(byte type, uint[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static void WriteGzip(string path, byte[] head, long zeros)
    {
        using var gz = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        gz.Write(head);
        var block = new byte[1 << 20];
        for (long left = zeros; left > 0; left -= block.Length) gz.Write(block, 0, (int)Math.Min(left, block.Length));
    }

    [Fact]
    public void Read_DimensionProductPast2Pow64_IsRefusedNotReadAs4x1()
    {
        using var dir = new TempDirectory();
        // 65536^4 = 2^64 wraps to 0 in 64 bits; times 4 x 4 it used to pass as 16 bytes.
        File.WriteAllBytes(dir.File("w-ubyte"), Idx(8, [65536, 65536, 65536, 65536, 4, 4], new byte[16]));
        var e = Assert.Throws<InvalidInputException>(() => DatasetFile.Read(dir.File("w-ubyte")));
        Assert.Contains("dimensions [65536, 65536, 65536, 65536, 4, 4] need more than 2^63 data bytes but the file has 16", e.Message);
    }

    [Theory]
    [InlineData(new uint[] { 2000, 28, 28 }, "need 1568000 data bytes but the file has 18")]
    [InlineData(new uint[] { 1, 3, 3 }, "need 9 data bytes but the file has 18")]
    [InlineData(new uint[] { 2, 3, 0xFFFFFFFF }, "dimension 2 is 4294967295, over the IDX limit")]
    public void Read_DeclaredSizeDisagreesWithFile_NamesBoth(uint[] dims, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("d-ubyte"), Idx(8, dims, new byte[18]));
        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => IdxFile.Read(dir.File("d-ubyte"))).Message);
    }

    [Fact]
    public void Read_GzipExpandingPastItsHeader_IsRefusedAtTheDeclaredSize()
    {
        using var dir = new TempDirectory();
        // A header for 2 x 3 x 3 bytes, then 32 MiB of zeros: refused at the first byte past the 18 declared.
        WriteGzip(dir.File("bomb.gz"), Idx(8, [2, 3, 3], new byte[18]), 32L << 20);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<InvalidInputException>(() => IdxFile.Read(dir.File("bomb.gz")));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("expands to more than the 18 data bytes", e.Message);
        Assert.True(allocated < 8 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Read_GzipDeclaringMoreThanDeflateCanHold_IsRefusedBeforeDecompressing()
    {
        using var dir = new TempDirectory();
        WriteGzip(dir.File("claim.gz"), Idx(8, [60000, 280, 280], []), 0);
        var e = Assert.Throws<InvalidInputException>(() => IdxFile.Read(dir.File("claim.gz")));
        Assert.Contains("more than a gzip file of", e.Message);
    }

    [Fact]
    public void Read_GzipEndingEarly_SaysHowMuchArrived()
    {
        using var dir = new TempDirectory();
        WriteGzip(dir.File("short.gz"), Idx(8, [2, 3, 3], new byte[10]), 0);
        Assert.Contains("ends after 10 of the 18 data bytes", Assert.Throws<InvalidInputException>(() => IdxFile.Read(dir.File("short.gz"))).Message);
    }

    [Fact]
    public void MnistFiles_LabelOutsideAByte_IsRefused()
    {
        using var dir = new TempDirectory();
        byte[] images = Idx(8, [2, 2, 2], new byte[8]);
        byte[] labels = Idx(0x0D, [2], [0x3F, 0x80, 0, 0, 0x50, 0x15, 0x02, 0xF9]); // 1.0 and 1e10 as big-endian float32
        foreach (string prefix in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(Path.Combine(dir.Path, $"{prefix}-images-idx3-ubyte"), images);
            File.WriteAllBytes(Path.Combine(dir.Path, $"{prefix}-labels-idx1-ubyte"), labels);
        }
        var e = Assert.Throws<InvalidInputException>(() => MnistFiles.Load(dir.Path, MnistSplit.Train));
        Assert.Contains("label 1 is 1E+10", e.Message);
    }
}
