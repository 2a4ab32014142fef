using System.Buffers.Binary;
using System.Text;
using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Formats;

public class SafetensorsFileTests
{
    [Fact]
    public void WriteThenRead_RoundTripsTensorsAndMetadata()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        float[] a = [1.5f, -2f, 3.25f, 0f, 5f, 6f];
        long[] b = [7, -8, long.MaxValue];
        SafetensorsFile.Write(path,
            [SafetensorsTensor.FromSingle("a", a, 2, 3), SafetensorsTensor.FromInt64("b", b, 3)],
            new Dictionary<string, string> { ["k"] = "v" });
        var content = SafetensorsFile.Read(path);
        Assert.Equal(a, content.Require("a", SafetensorsDataType.F32, 2, 3).ToSingleArray());
        Assert.Equal(b, content.Require("b", SafetensorsDataType.I64, 3).ToInt64Array());
        Assert.Equal("v", content.Metadata["k"]);
    }

    [Fact]
    public void Write_AlignsDataTo8Bytes_AndHeaderIsJson()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        SafetensorsFile.Write(path, [SafetensorsTensor.FromSingle("x", [1f], 1)]);
        byte[] bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + (int)n)));
    }

    [Fact]
    public void Read_HandMadeFile_KnownLayout()
    {
        // A file as the Python reference writes it: header {"t":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}.
        using var dir = new TempDirectory();
        string path = dir.File("hand.safetensors");
        byte[] header = Encoding.UTF8.GetBytes("{\"t\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        var bytes = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 + header.Length), 41);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12 + header.Length), -3);
        File.WriteAllBytes(path, bytes);
        Assert.Equal([41, -3], SafetensorsFile.Read(path).Require("t", SafetensorsDataType.I32, 2).ToInt32Array());
    }

    [Fact]
    public void Read_TruncatedData_NamesTensorAndBytes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.safetensors");
        SafetensorsFile.Write(path, [SafetensorsTensor.FromSingle("w", new float[4], 4)]);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var e = Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path));
        Assert.Contains("tensor 'w'", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_NotSafetensors_SaysSo()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.safetensors");
        File.WriteAllText(path, "hello, this is text");
        var e = Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path));
        Assert.Contains("header length", e.Message);
        Assert.Contains("file not found", Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(dir.File("missing"))).Message);
    }

    [Fact]
    public void Require_WrongShape_NamesExpectedShape()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        SafetensorsFile.Write(path, [SafetensorsTensor.FromSingle("a", new float[6], 2, 3)]);
        var e = Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path).Require("a", SafetensorsDataType.F32, 3, 2));
        Assert.Contains("[2, 3], expected [3, 2]", e.Message);
    }

    [Fact]
    public void FromSingle_ShapeMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => SafetensorsTensor.FromSingle("a", new float[5], 2, 3));
    }
}
