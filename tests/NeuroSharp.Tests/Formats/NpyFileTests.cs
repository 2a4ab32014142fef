using System.Text;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Formats;

public class NpyFileTests
{
    private static byte[] Npy(string descr, string shape, byte[] data, bool fortran = false)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        string header = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add(1);
        bytes.Add(0);
        bytes.Add((byte)(header.Length & 0xFF));
        bytes.Add((byte)(header.Length >> 8));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    [Fact]
    public void WriteThenRead_Float32_RoundTrips()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.npy");
        float[] v = [1, 2, 3, 4, 5, 6];
        NpyFile.Write(path, v, 2, 3);
        var a = NpyFile.Read(path);
        Assert.Equal("<f4", a.Descr);
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal(v, a.ToSingleArray());
        Assert.Equal(0, (File.ReadAllBytes(path).Length - 24) % 8); // data starts on a 64-byte boundary
    }

    [Fact]
    public void Read_Float64AndUint8_ConvertToFloat()
    {
        using var dir = new TempDirectory();
        var d = new byte[16];
        BitConverter.GetBytes(0.5).CopyTo(d, 0);
        BitConverter.GetBytes(-2.0).CopyTo(d, 8);
        File.WriteAllBytes(dir.File("f8.npy"), Npy("<f8", "(2,)", d));
        Assert.Equal([0.5f, -2f], NpyFile.Read(dir.File("f8.npy")).ToSingleArray());
        File.WriteAllBytes(dir.File("u1.npy"), Npy("|u1", "(1, 3)", [0, 128, 255]));
        Assert.Equal([0f, 128f, 255f], NpyFile.Read(dir.File("u1.npy")).ToSingleArray());
    }

    [Fact]
    public void Read_FortranOrder_IsReorderedToRowMajor()
    {
        using var dir = new TempDirectory();
        // numpy.asfortranarray([[1, 2, 3], [4, 5, 6]], dtype='<f4') stores the columns: 1 4 2 5 3 6.
        var d = new List<byte>();
        foreach (float v in new[] { 1f, 4f, 2f, 5f, 3f, 6f }) d.AddRange(BitConverter.GetBytes(v));
        File.WriteAllBytes(dir.File("f.npy"), Npy("<f4", "(2, 3)", [.. d], fortran: true));
        var a = NpyFile.Read(dir.File("f.npy"));
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], a.ToSingleArray());
    }

    [Fact]
    public void Read_UnsupportedDtype_ListsSupported()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("c.npy"), Npy("<c8", "(1,)", new byte[8]));
        var e = Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("c.npy")));
        Assert.Contains("'<c8'", e.Message);
        Assert.Contains("float32", e.Message);
    }

    [Fact]
    public void Read_TruncatedData_SaysHowMuchIsMissing()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("t.npy"), Npy("<f4", "(2, 2)", new byte[12]));
        var e = Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("t.npy")));
        Assert.Contains("needs 16 data bytes", e.Message);
    }

    [Fact]
    public void DatasetFile_Npy3D_IsRejectedAsNot2D()
    {
        using var dir = new TempDirectory();
        NpyFile.Write(dir.File("x.npy"), new float[8], 2, 2, 2);
        var e = Assert.Throws<InvalidInputException>(() => DatasetFile.Read(dir.File("x.npy")));
        Assert.Contains("2-D", e.Message);
    }

    [Fact]
    public void DatasetFile_NpyWithNaN_NamesRowAndColumn()
    {
        using var dir = new TempDirectory();
        NpyFile.Write(dir.File("n.npy"), [0f, 1f, 2f, float.NaN], 2, 2);
        var e = Assert.Throws<InvalidInputException>(() => DatasetFile.Read(dir.File("n.npy")));
        Assert.Contains("row 1, column 1", e.Message);
        Assert.Contains("NaN", e.Message);
    }
}
