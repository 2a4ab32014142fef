using System.Text.Json.Nodes;

namespace NeuroSharp.Cli.Tests;

/// <summary>The text form of a command's metrics: one line per number, the values in one column.</summary>
public class MetricsOutputTests
{
    private static string[] Lines(JsonObject metrics)
    {
        var output = new StringWriter();
        MetricsOutput.Write(new CliContext(output, TextWriter.Null, Interactive: false), new CommonValues(1, "out", false, false, 0), metrics, fileName: null);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Text_ShortKeys_ValuesStartInColumn27()
    {
        var lines = Lines(new JsonObject { ["accuracy"] = 0.81, ["command"] = "experiment", ["seed"] = 1 });
        Assert.Equal(["  accuracy                 0.81", "  command                  experiment", "  seed                     1"], lines);
    }

    [Fact]
    public void Text_KeyLongerThanTheColumn_EveryValueStillInOneColumn()
    {
        // stdp-mnist's trainRateIncreasesPerImage (26 characters) used to push its value one place right of the others.
        var lines = Lines(new JsonObject { ["accuracy"] = 0.81, ["trainRateIncreasesPerImage"] = 0.5, ["nested"] = new JsonObject { ["x"] = 1 } });
        Assert.Equal(2, lines.Length); // objects are in metrics.json only
        Assert.Equal(lines[0].IndexOf("0.81", StringComparison.Ordinal), lines[1].IndexOf("0.5", StringComparison.Ordinal));
        Assert.Equal("  trainRateIncreasesPerImage 0.5", lines[1]);
    }
}
