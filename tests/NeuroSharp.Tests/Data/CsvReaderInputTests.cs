using NeuroSharp.Data;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Data;

/// <summary>CSV quoting (RFC 4180), labels past the int32 range and binary fields.</summary>
public class CsvReaderInputTests
{
    private static Dataset Read(TempDirectory dir, string content)
    {
        File.WriteAllText(dir.File("d.csv"), content);
        return CsvDatasetReader.Read(dir.File("d.csv"));
    }

    private static string Refusal(string content)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("d.csv"), content);
        return Assert.Throws<InvalidInputException>(() => CsvDatasetReader.Read(dir.File("d.csv"))).Message;
    }

    [Fact]
    public void Read_QuotedFieldWithComma_IsOneFieldAndRefusedAsNotANumber()
    {
        // "1,5" used to become two numbers, 1 and 5.
        Assert.Contains("line 2, column 1: '1,5' is not a number", Refusal("a,b\n\"1,5\",2\n3,4\n"));
    }

    [Fact]
    public void Read_QuotedNumbersAndHeader_AreRead()
    {
        using var dir = new TempDirectory();
        var d = Read(dir, "\"a\",\"b, with comma\",\"label\"\n\"1.5\", \"2\" ,\"1\"\n3,4,0\n");
        Assert.Equal(2, d.RowCount);
        Assert.Equal(2, d.ColumnCount);
        Assert.Equal([1.5f, 2f], d.Row(0).ToArray());
        Assert.Equal([1, 0], d.Labels.ToArray());
    }

    [Fact]
    public void Read_QuotedFieldAcrossLines_IsOneField()
    {
        Assert.Contains("line 2, column 2: '2\\x0A3' is not a number", Refusal("a,b\n1,\"2\n3\"\n"));
    }

    [Theory]
    [InlineData("a,b\n\"1.5,2\n3,4\n", "line 2, column 1: the quoted field is never closed")]
    [InlineData("a,b\n\"1\"x,2\n", "line 2, column 1: 'x,2' follows the closing quote")]
    [InlineData("a,b\n\"1\"\"\",2\n", "line 2, column 1: '1\"' is not a number")]
    public void Read_BadQuoting_NamesLineAndColumn(string content, string expected) =>
        Assert.Contains(expected, Refusal(content));

    [Theory]
    [InlineData("3000000000")]
    [InlineData("1e40")]
    [InlineData("2147483648")]
    public void Read_LabelAboveInt32_IsRefusedWithLineColumnValue(string label)
    {
        string m = Refusal($"a,label\n1,0\n2,{label}\n");
        Assert.Contains($"line 3, column 2: label '{label}' is not a non-negative integer up to 2147483647", m);
    }

    [Fact]
    public void Read_LargeLabelInRange_IsExact()
    {
        using var dir = new TempDirectory();
        // float32 would round 16777217 to 16777216; labels are read exactly.
        Assert.Equal([16777217, 2147483647], Read(dir, "a,label\n1,16777217\n2,2147483647\n").Labels.ToArray());
    }

    [Fact]
    public void Read_BinaryField_IsShownEscapedAndTruncated()
    {
        string m = Refusal("a,b\n1,\u0001\u0002\u00ffABCDEFGHIJKLMNOPQRSTUVWXYZ\n");
        Assert.Contains(@"line 2, column 2: '\x01\x02ÿABCDEFGHIJKLMNOPQ...' is not a number", m);
    }

    [Fact]
    public void Read_BinaryFile_IsRefusedAsNotText()
    {
        using var dir = new TempDirectory();
        var bytes = new byte[300];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 37 + 1);
        File.WriteAllBytes(dir.File("b.csv"), bytes);
        var e = Assert.Throws<InvalidInputException>(() => CsvDatasetReader.Read(dir.File("b.csv")));
        Assert.Contains("b.csv line 1", e.Message);
        Assert.DoesNotContain("\u0001", e.Message);
    }
}
