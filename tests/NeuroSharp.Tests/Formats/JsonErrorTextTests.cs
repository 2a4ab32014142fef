using NeuroSharp.Formats;

namespace NeuroSharp.Tests.Formats;

/// <summary>System.Text.Json's messages reach users inside our sentences: in JSON words, never with .NET type names (found by the fuzz suite).</summary>
public class JsonErrorTextTests
{
    [Theory]
    [InlineData("The JSON value could not be converted to System.String. Path: $.layerStreams[1][1][2] | LineNumber: 0.", "expected text")]
    [InlineData("The JSON value could not be converted to System.Int32. Path: $.network.layerSizes[2]", "expected a whole number")]
    [InlineData("The JSON value could not be converted to System.Nullable`1[System.Int32]. Path: $.count", "expected a whole number")]
    [InlineData("The JSON value could not be converted to System.String[][]. Path: $.layerStreams[1]", "expected a list")]
    [InlineData("The JSON value could not be converted to System.Double. Path: $.rate", "expected a number")]
    public void FirstSentence_ConversionError_NamesTheJsonShape(string message, string expected) =>
        Assert.Equal(expected, JsonErrorText.FirstSentence(message));

    [Fact]
    public void FirstSentence_NullConstructorParameter_NamesTheField() =>
        Assert.Equal("'format' must not be null",
            JsonErrorText.FirstSentence("The constructor parameter 'Format' on type 'NeuroSharp.Learning.MlpFileMetadata' doesn't allow null values. Consider updating the annotation."));

    [Theory]
    [InlineData("The JSON value could not be converted to NeuroSharp.Clustering.ClusteringModelMetadata. Path: $.init")]
    [InlineData("Something about 'NeuroSharp.Learning.TrainingOptions' happened")]
    public void FirstSentence_AnyTypeName_IsNotShown(string message)
    {
        string s = JsonErrorText.FirstSentence(message);
        Assert.DoesNotContain("NeuroSharp.", s);
        Assert.DoesNotContain("System.", s);
    }

    [Fact]
    public void FirstSentence_PlainMessage_KeepsItsFirstSentence() =>
        Assert.Equal("'x' is an invalid start of a value", JsonErrorText.FirstSentence("'x' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0."));
}
