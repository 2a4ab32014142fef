namespace NeuroSharp.Cli.Tests;

/// <summary>
/// Long work without a terminal (a log, --json) reports plain progress lines on stderr at most once per interval; stdout keeps
/// only the result, and --quiet prints none.
/// </summary>
public sealed class ProgressLinesTests
{
    [Fact]
    public void Report_AtMostOneLinePerInterval_TheFirstAfterOneInterval()
    {
        var error = new StringWriter();
        var now = TimeSpan.Zero;
        var lines = new ProgressLines(error, "stdp-mnist", TimeSpan.FromSeconds(10), () => now);

        foreach (var (seconds, fraction) in new[] { (0.0, 0.0), (9.9, 0.1), (10.0, 0.25), (15.0, 0.3), (21.0, 0.5), (30.9, 0.6), (31.0, 1.2) })
        {
            now = TimeSpan.FromSeconds(seconds);
            lines.Report(fraction, $"image {seconds:F0}/60");
        }

        Assert.Equal(
            "stdp-mnist: image 10/60 (25 %, 10 s)\nstdp-mnist: image 21/60 (50 %, 21 s)\nstdp-mnist: image 31/60 (100 %, 31 s)\n",
            error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, false, 2)] // --json: the lines go to stderr, stdout keeps the one JSON object
    [InlineData(false, false, 2)] // redirected output without a terminal
    [InlineData(true, true, 0)] // --quiet: none
    [InlineData(false, true, 0)]
    public void Run_WithLines_WritesThemToStderrOnly_NoneWhenQuiet(bool json, bool quiet, int expected)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var ctx = new CliContext(output, error, Interactive: false);
        var common = new CommonValues(1, "out", json, quiet, 0);

        int result = ProgressDisplay.Run(ctx, common, "train", report =>
        {
            report(0.5, "image 1/2");
            report(1.0, "image 2/2");
            return 7;
        }, lines: true, every: TimeSpan.Zero);

        Assert.Equal(7, result);
        Assert.Equal("", output.ToString());
        string[] written = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, written.Length);
        if (expected > 0) Assert.StartsWith("train: image 1/2 (50 %, ", written[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithoutLines_StaysSilentWithoutATerminal()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        ProgressDisplay.Run(new CliContext(output, error, Interactive: false), new CommonValues(1, "out", false, false, 0), "simulate", report =>
        {
            report(0.5, "half");
            return 0;
        });
        Assert.Equal("", output.ToString() + error.ToString());
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("-1", 10.0)]
    [InlineData("soon", 10.0)]
    [InlineData(null, 10.0)]
    public void Every_ReadsTheVariable_TenSecondsOtherwise(string? value, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProgressLines.Parse(value));
    }
}
