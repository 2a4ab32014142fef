using NeuroSharp.Data;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Data;

public class CsvDatasetReaderTests
{
    [Fact]
    public void Read_HeaderWithLabelColumn_SplitsFeaturesAndLabels()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("d.csv"), "x,label,y\n1.5,2,3\n# comment\n\n-4,0,5e-1\n");
        var d = DatasetFile.Read(dir.File("d.csv"));
        Assert.Equal(2, d.RowCount);
        Assert.Equal(2, d.ColumnCount);
        Assert.Equal([1.5f, 3f, -4f, 0.5f], d.Values.ToArray());
        Assert.Equal([2, 0], d.Labels.ToArray());
    }

    [Fact]
    public void Read_NoHeader_AllColumnsAreFeatures()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("d.csv"), "1,2\n3,4\n");
        var d = CsvDatasetReader.Read(dir.File("d.csv"));
        Assert.False(d.HasLabels);
        Assert.Equal(4, d.Values.Length);
    }

    [Theory]
    [InlineData("1,2\n3\n", "line 2: 1 fields where the file has 2")]
    [InlineData("1,2\n3,abc\n", "line 2, column 2: 'abc' is not a number")]
    [InlineData("a,label\n1,-1\n", "line 2, column 2: label '-1' is not a non-negative integer")]
    [InlineData("1,NaN\n", "line 1, column 2: 'NaN' is not finite")]
    [InlineData("a,b\n", "no data rows")]
    public void Read_BadContent_NamesLineAndColumn(string content, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("d.csv"), content);
        var e = Assert.Throws<InvalidInputException>(() => CsvDatasetReader.Read(dir.File("d.csv")));
        Assert.Contains(expected, e.Message);
        Assert.Contains("d.csv", e.Message);
    }
}
