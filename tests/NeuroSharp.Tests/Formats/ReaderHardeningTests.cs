using System.Buffers.Binary;
using System.Text;
using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Formats;

/// <summary>Malformed, truncated, oversized and hostile safetensors and .npy files: one sentence, never a crash or a big allocation.</summary>
public class ReaderHardeningTests
{
    private static byte[] Safetensors(string header, byte[] data, long? headerLength = null)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        return Build(h, data, headerLength);
    }

    private static byte[] Build(byte[] h, byte[] data, long? headerLength = null)
    {
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(headerLength ?? h.Length));
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static string WriteFile(TempDirectory dir, string name, byte[] bytes)
    {
        string path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("[\"a\", 4]", "[\"a\", 4]")]
    [InlineData("[0.5, 4.5]", "[0.5, 4.5]")]
    [InlineData("[0, 1e30]", "[0, 1e30]")]
    [InlineData("[0]", "[0]")]
    [InlineData("null", "null")]
    public void Safetensors_DataOffsetsNotTwoWholeNumbers_NamesTensorAndValue(string offsets, string shown)
    {
        using var dir = new TempDirectory();
        string path = WriteFile(dir, "m.safetensors", Safetensors($"{{\"centres\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{offsets}}}}}", new byte[4]));
        var e = Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path));
        Assert.Contains("tensor 'centres' has data_offsets " + shown, e.Message);
        Assert.Contains("expected two whole numbers", e.Message);
    }

    [Fact]
    public void Safetensors_InvalidUtf8InHeader_NamesByte()
    {
        using var dir = new TempDirectory();
        byte[] h = Encoding.UTF8.GetBytes("{\"ab\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        h[3] = 0xFF; // inside the name "ab"
        string path = WriteFile(dir, "m.safetensors", Build(h, new byte[4]));
        var e = Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path));
        Assert.Contains("invalid UTF-8 at byte 11", e.Message);
    }

    [Fact]
    public void Safetensors_HeaderLengthOneShort_IsRefusedNotMisaligned()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        SafetensorsFile.Write(path, [SafetensorsTensor.FromSingle("w", [1f, 2f], 2)]);
        byte[] bytes = File.ReadAllBytes(path);
        long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes, n - 1); // the padded header still parses; the data would start a byte early
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path));
        Assert.Contains("cover 8 data bytes but the file holds 9", e.Message);
    }

    [Theory]
    [InlineData("[0,4]", "[8,12]", "leaving bytes 4 to 8 unused")]
    [InlineData("[0,8]", "[4,8]", "overlaps tensor 'a'")]
    [InlineData("[0,4]", "[4,8]", "cover 8 data bytes but the file holds 12")]
    public void Safetensors_OffsetsNotTilingTheData_AreRefused(string a, string b, string expected)
    {
        using var dir = new TempDirectory();
        string aShape = a == "[0,8]" ? "[2]" : "[1]";
        string header = $"{{\"a\":{{\"dtype\":\"F32\",\"shape\":{aShape},\"data_offsets\":{a}}},\"b\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{b}}}}}";
        string path = WriteFile(dir, "m.safetensors", Safetensors(header, new byte[12]));
        var e = Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Safetensors_ShapeDisagreesWithOffsets_OrOverflows_IsRefused()
    {
        using var dir = new TempDirectory();
        string path = WriteFile(dir, "a.safetensors", Safetensors("{\"t\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]));
        Assert.Contains("has 8 bytes but shape [2] of F64 needs 16", Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path)).Message);
        path = WriteFile(dir, "b.safetensors", Safetensors("{\"t\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", []));
        Assert.Contains("needs more than 2^63", Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path)).Message);
        path = WriteFile(dir, "c.safetensors", Safetensors("{\"t\":{\"dtype\":\"1\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]));
        Assert.Contains("unsupported dtype '1'", Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path)).Message);
    }

    [Fact]
    public void Safetensors_DuplicateTensorName_IsRefused()
    {
        using var dir = new TempDirectory();
        string t = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        string path = WriteFile(dir, "m.safetensors", Safetensors($"{{\"w\":{t},\"w\":{t}}}", new byte[4]));
        Assert.Contains("names 'w' twice", Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path)).Message);
    }

    [Fact]
    public void Safetensors_HugeHeaderLength_IsRefusedBeforeReading()
    {
        using var dir = new TempDirectory();
        string path = WriteFile(dir, "m.safetensors", Safetensors("{}", [], headerLength: long.MaxValue));
        Assert.Contains("does not fit in a file of 10 bytes", Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path)).Message);
    }

    [Fact]
    public void Safetensors_WriteThenRead_StillRoundTripsSeveralTensors()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ok.safetensors");
        SafetensorsFile.Write(path,
            [SafetensorsTensor.FromSingle("a", [1f, 2f, 3f], 3), SafetensorsTensor.FromInt64("b", [7L], 1), SafetensorsTensor.FromSingle("empty", [], 0)],
            new Dictionary<string, string> { ["k"] = "v" });
        var c = SafetensorsFile.Read(path);
        Assert.Equal([1f, 2f, 3f], c.Tensors["a"].ToSingleArray());
        Assert.Equal([7L], c.Tensors["b"].ToInt64Array());
        Assert.Empty(c.Tensors["empty"].Data);
    }

    [Fact]
    public void InputFile_SymlinkToDevZero_IsRefusedAsNotRegular()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/dev/zero")) return;
        using var dir = new TempDirectory();
        foreach (string name in new[] { "x.npy", "m.safetensors" })
        {
            string link = dir.File(name);
            File.CreateSymbolicLink(link, "/dev/zero");
            var e = Assert.Throws<InvalidInputException>(() =>
            {
                if (name.EndsWith(".npy", StringComparison.Ordinal)) NpyFile.Read(link);
                else SafetensorsFile.Read(link);
            });
            Assert.Contains("not a regular file", e.Message);
            Assert.Contains(link, e.Message);
        }
    }

    [Fact]
    public void InputFile_Fifo_IsRefusedWithoutWaitingForAWriter()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDirectory();
        string fifo = dir.File("x.npy");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        if (!File.Exists(fifo)) return;
        var e = Assert.Throws<InvalidInputException>(() => NpyFile.Read(fifo));
        Assert.Contains("FIFO", e.Message);
    }

    [Fact]
    public void InputFile_FolderDanglingLinkAndLoop_AreRefused()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("d.npy"));
        Assert.Contains("is a folder", Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("d.npy"))).Message);
        if (OperatingSystem.IsWindows()) return;
        File.CreateSymbolicLink(dir.File("dangling.npy"), dir.File("nowhere.npy"));
        Assert.Contains("file not found (it is a symbolic link to", Assert.Throws<InvalidInputException>(() => NpyFile.Read(dir.File("dangling.npy"))).Message);
        File.CreateSymbolicLink(dir.File("loop.npy"), dir.File("loop.npy"));
        Assert.IsType<InvalidInputException>(Record.Exception(() => NpyFile.Read(dir.File("loop.npy"))));
    }

    [Fact]
    public void InputFile_Printable_EscapesAndTruncates()
    {
        Assert.Equal(@"ab\x01\x7F\uFFFD", InputFile.Printable("ab\u0001\u007f\ufffd"));
        Assert.Equal("abcdefghijklmnopqrst...", InputFile.Printable("abcdefghijklmnopqrstuvwxyz"));
    }
}
