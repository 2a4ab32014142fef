using System.Buffers.Binary;
using System.Text;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Formats;

/// <summary>.npy files as NumPy users hand them over (every simple dtype, both byte orders, Fortran order) and as attackers do.</summary>
public class NpyReaderInputTests
{
    private static byte[] Npy(string header, byte[] data, int major = 1, long? headerLength = null)
    {
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + header.Length + 1;
        byte[] h = Encoding.Latin1.GetBytes(header + new string(' ', (64 - total % 64) % 64) + "\n");
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add((byte)major);
        bytes.Add(0);
        var len = new byte[major == 1 ? 2 : 4];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)(headerLength ?? h.Length));
        else BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)(headerLength ?? h.Length));
        bytes.AddRange(len);
        bytes.AddRange(h);
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static string Dict(string descr, string shape, bool fortran = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    /// <summary>The values -2, 0, 1, 100 (0, 1, 1, 100 as unsigned; bool: 0, 1, 1, 1) in a dtype, written by hand in the given byte order.</summary>
    private static byte[] Encode(string code, bool little, long[] values)
    {
        var bytes = new List<byte>();
        foreach (long v in values)
        {
            byte[] e = code switch
            {
                "f2" => BitConverter.GetBytes((Half)v),
                "f4" => BitConverter.GetBytes((float)v),
                "f8" => BitConverter.GetBytes((double)v),
                "i1" or "u1" or "b1" => [(byte)v],
                "i2" or "u2" => BitConverter.GetBytes((short)v),
                "i4" or "u4" => BitConverter.GetBytes((int)v),
                _ => BitConverter.GetBytes(v),
            };
            if (!little) Array.Reverse(e);
            bytes.AddRange(e);
        }
        return [.. bytes];
    }

    [Theory]
    [InlineData("<f2")]
    [InlineData(">f2")]
    [InlineData("<f4")]
    [InlineData(">f4")]
    [InlineData("<f8")]
    [InlineData(">f8")]
    [InlineData("|i1")]
    [InlineData("<i2")]
    [InlineData(">i2")]
    [InlineData("<i4")]
    [InlineData(">i4")]
    [InlineData("<i8")]
    [InlineData(">i8")]
    [InlineData("=i8")]
    public void Read_SignedDtypeInEitherByteOrder_GivesKnownValues(string descr)
    {
        using var dir = new TempDirectory();
        long[] values = [-2, 0, 1, 100];
        bool little = descr[0] != '>';
        File.WriteAllBytes(dir.File("a.npy"), Npy(Dict(descr, "(2, 2)"), Encode(descr[1..], little, values)));
        Assert.Equal([-2f, 0f, 1f, 100f], DatasetFile.Read(dir.File("a.npy")).Row(0).ToArray().Concat(DatasetFile.Read(dir.File("a.npy")).Row(1).ToArray()));
    }

    [Theory]
    [InlineData("|u1")]
    [InlineData("<u1")]
    [InlineData("<u2")]
    [InlineData(">u2")]
    [InlineData("<u4")]
    [InlineData(">u4")]
    [InlineData("<u8")]
    [InlineData(">u8")]
    public void Read_UnsignedDtypeInEitherByteOrder_GivesKnownValues(string descr)
    {
        using var dir = new TempDirectory();
        bool little = descr[0] != '>';
        File.WriteAllBytes(dir.File("u.npy"), Npy(Dict(descr, "(4,)"), Encode(descr[1..], little, [0, 1, 200, 255])));
        Assert.Equal([0f, 1f, 200f, 255f], NpyFile.Read(dir.File("u.npy")).ToSingleArray());
    }

    [Fact]
    public void Read_UnsignedAboveSignedRange_StaysPositive()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("u8.npy"), Npy(Dict("<u8", "(1,)"), BitConverter.GetBytes(ulong.MaxValue)));
        Assert.Equal([(float)ulong.MaxValue], NpyFile.Read(dir.File("u8.npy")).ToSingleArray());
        File.WriteAllBytes(dir.File("u4.npy"), Npy(Dict(">u4", "(1,)"), [0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal([(float)uint.MaxValue], NpyFile.Read(dir.File("u4.npy")).ToSingleArray());
    }

    [Fact]
    public void Read_Bool_GivesZeroOrOne()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("b.npy"), Npy(Dict("|b1", "(2, 2)"), [0, 1, 1, 0]));
        var data = DatasetFile.Read(dir.File("b.npy"));
        Assert.Equal([0f, 1f], data.Row(0).ToArray());
        Assert.Equal([1f, 0f], data.Row(1).ToArray());
    }

    [Theory]
    [InlineData("<f8")]
    [InlineData(">i2")]
    [InlineData("|u1")]
    public void Read_FortranOrderOfAnyDtype_IsRowMajor(string descr)
    {
        using var dir = new TempDirectory();
        // [[1, 2, 3], [4, 5, 6]] stored column by column.
        bool little = descr[0] != '>';
        File.WriteAllBytes(dir.File("f.npy"), Npy(Dict(descr, "(2, 3)", fortran: true), Encode(descr[1..], little, [1, 4, 2, 5, 3, 6])));
        var data = DatasetFile.Read(dir.File("f.npy"));
        Assert.Equal([1f, 2f, 3f], data.Row(0).ToArray());
        Assert.Equal([4f, 5f, 6f], data.Row(1).ToArray());
    }

    [Fact]
    public void Read_FortranOrder3D_MatchesNumpyLayout()
    {
        using var dir = new TempDirectory();
        // Shape (2, 3, 2): element [i, j, k] = 100 i + 10 j + k; Fortran order puts i fastest, then j, then k.
        var stored = new List<long>();
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < 3; j++)
                for (int i = 0; i < 2; i++) stored.Add(100 * i + 10 * j + k);
        File.WriteAllBytes(dir.File("f3.npy"), Npy(Dict("<i4", "(2, 3, 2)", fortran: true), Encode("i4", true, [.. stored])));
        var expected = new List<float>();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 2; k++) expected.Add(100 * i + 10 * j + k);
        Assert.Equal(expected, NpyFile.Read(dir.File("f3.npy")).ToSingleArray());
    }

    [Fact]
    public void Read_V2HeaderLengthOf2Pow31_IsRefusedBeforeAllocating()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("h.npy"), Npy(Dict("<f4", "(1,)"), new byte[4], major: 2, headerLength: 1L << 31));
        var e = Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("h.npy")));
        Assert.Contains("header length 2147483648 does not fit", e.Message);
    }

    [Fact]
    public void Read_ShapeProductOverflows_IsRefusedWithTheNumbers()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("o.npy"), Npy(Dict("<f8", "(1073741824, 1073741824)"), new byte[8]));
        var e = Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("o.npy")));
        Assert.Contains("shape (1073741824, 1073741824) of '<f8' needs more than 2^63 data bytes but the file holds 8", e.Message);
    }

    [Fact]
    public void Read_DeclaredSizeLargerThanFile_IsRefusedBeforeAllocating()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("big.npy"), Npy(Dict("<f4", "(100000, 100000)"), new byte[16]));
        var e = Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("big.npy")));
        Assert.Contains("needs 40000000000 data bytes but the file holds 16", e.Message);
    }

    [Fact]
    public void Read_BytesAfterTheData_AreRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("t.npy"), Npy(Dict("<f4", "(1,)"), new byte[8]));
        Assert.Contains("holds 8 data bytes but shape (1) of '<f4' needs only 4", Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("t.npy"))).Message);
    }

    [Theory]
    [InlineData("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }", "not a simple type")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", "dtype '|O' is not supported")]
    [InlineData("{'descr': '|f4', 'fortran_order': False, 'shape': (1,), }", "dtype '|f4' is not supported")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "shape entry '-1' is not a dimension")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648,), }", "shape entry '2147483648' is not a dimension")]
    [InlineData("garbage\u0001", "not a Python dict (garbage\\x01)")]
    public void Read_MalformedHeader_IsExplained(string header, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("m.npy"), Npy(header, new byte[4]));
        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("m.npy"))).Message);
    }

    [Fact]
    public void Read_V3HeaderWithInvalidUtf8_IsRefused()
    {
        using var dir = new TempDirectory();
        byte[] bytes = Npy(Dict("<f4", "(1,)") + "'\u00ff': 1", new byte[4], major: 3);
        int at = Array.IndexOf(bytes, (byte)0xFF);
        bytes[at] = 0xFF; // Latin-1 0xFF alone is not UTF-8
        File.WriteAllBytes(dir.File("v3.npy"), bytes);
        Assert.Contains("not valid UTF-8", Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("v3.npy"))).Message);
    }
}
