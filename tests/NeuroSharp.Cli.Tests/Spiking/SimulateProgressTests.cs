using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NeuroSharp.Runs;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>simulate</c> where no bar is drawn (a log, --json) prints progress lines on stderr, as <c>experiment run</c> does:
/// simulated ms of the total, steps per second and spikes so far; --quiet prints none, and the files do not change.
/// The CLI runs as a process of its own, so that NEUROSHARP_PROGRESS_SECONDS=0 (a line for every report) reaches no other test.
/// </summary>
public partial class SimulateProgressTests
{
    [GeneratedRegex(@"^simulate: (?<ms>\d+\.\d) of 50\.0 ms, \d+ steps/s, (?<spikes>\d+) spikes \(\d+ %, \d+ s\)$")]
    private static partial Regex ProgressLine();

    private static Task<(int Exit, string Out, string Err)> Simulate(string folder, params string[] options) =>
        CliRunner.RunProcessWithEveryProgressLineAsync(120, ["simulate", Path.Combine(RepositoryRoot.Path, "examples", "networks", "ei-network.json"),
            "--duration-ms", "50", "--seed", "3", "--threads", "1", "--out", folder, .. options]);

    [Fact]
    public async Task Simulate_Json_ProgressLinesOnStderr_QuietNone_FilesUnchanged()
    {
        using var dir = new TempDirectory();
        string withLines = dir.File("lines"), quiet = dir.File("quiet");

        var (code, output, err) = await Simulate(withLines, "--json");
        Assert.True(code == 0, err);
        using var metrics = JsonDocument.Parse(output); // stdout stays the one JSON object
        string[] lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 10, $"{lines.Length} progress lines:\n{err}");
        double lastMs = -1;
        long lastSpikes = -1;
        foreach (string line in lines)
        {
            var m = ProgressLine().Match(line);
            Assert.True(m.Success, $"not a progress line: {line}");
            double ms = double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture);
            long spikes = long.Parse(m.Groups["spikes"].Value, CultureInfo.InvariantCulture);
            Assert.True(ms >= lastMs && spikes >= lastSpikes, $"went back: {line}");
            (lastMs, lastSpikes) = (ms, spikes);
        }
        // The last report is the run's end: all 50 ms, and every spike of the run.
        Assert.Equal(50.0, lastMs);
        Assert.Equal(metrics.RootElement.GetProperty("spikes").GetInt64(), lastSpikes);
        Assert.True(lastSpikes > 0);

        var silent = await Simulate(quiet, "--quiet");
        Assert.True(silent.Exit == 0, silent.Err);
        Assert.Equal("", silent.Out + silent.Err);

        // The recordings are the same bytes with and without the lines.
        string[] files = [.. Directory.GetFiles(withLines).Select(Path.GetFileName).Where(f => f != "metrics.json").Order(StringComparer.Ordinal)!];
        Assert.Contains("spikes.csv", files);
        Assert.Contains("state.csv", files);
        Assert.Equal(files, Directory.GetFiles(quiet).Select(Path.GetFileName).Where(f => f != "metrics.json").Order(StringComparer.Ordinal).ToArray());
        foreach (string f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(withLines, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(quiet, f))), $"{f} differs");
    }

    [Fact]
    public void ProgressLine_StepsPerSecond_AreThoseOfTheLastInterval_NotTheAverageSinceTheStart()
    {
        // 1 000 steps in the first 10 s (100 steps/s), 4 000 in the next 10 s (400 steps/s): the second line says 400, where
        // the average since the start would say 250. The status is SimulateCommand's, made only when a line is written.
        var engine = new NeuroSharp.Spiking.Simulation.SpikingEngine(
            NeuroSharp.Spiking.NeuroMl.NetworkFormats.Load(Path.Combine(RepositoryRoot.Path, "examples", "networks", "reflex-arc.json"), MemoryBudget.Default));
        var now = TimeSpan.Zero;
        var error = new StringWriter();
        var lines = new ProgressLines(error, "simulate", TimeSpan.FromSeconds(10), () => now);
        var rate = new IntervalRate(() => now);
        const int steps = 10_000;
        foreach (var (seconds, done) in new[] { (5.0, 500), (10.0, 1000), (15.0, 3000), (20.0, 5000), (25.0, 5100) })
        {
            now = TimeSpan.FromSeconds(seconds);
            double fraction = done / (double)steps;
            lines.Report(fraction, () => Commands.SimulateCommand.RunStatus(engine, fraction, steps, rate, partitioned: false));
        }
        string[] written = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, written.Length);
        Assert.Contains(", 100 steps/s, ", written[0], StringComparison.Ordinal);
        Assert.EndsWith("(10 %, 10 s)", written[0], StringComparison.Ordinal);
        Assert.Contains(", 400 steps/s, ", written[1], StringComparison.Ordinal);
        Assert.EndsWith("(50 %, 20 s)", written[1], StringComparison.Ordinal);
    }
}
