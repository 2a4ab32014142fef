using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Evolution;

/// <summary>
/// Ctrl+C at the very end of an evolve run: right after its last generation, and during the champion's held-out tests.
/// The press comes from <see cref="CtrlC.PressAtForTests"/> at a named point, so the moment is exact, not a matter of timing.
/// </summary>
public class EvolveInterruptTests
{
    private static readonly string[] NvCircuit =
        ["--task", "double-pole-nv", "--algorithm", "cmaes", "--circuit", "--sensor-code", "linear", "--population", "4", "--generations", "2", "--seed", "4", "--threads", "1"];

    private static (int Exit, string Out, string Err) Evolve(string folder, string[] args, string? pressAt = null)
    {
        CtrlC.PressAtForTests.Value = pressAt is null ? null : point => point == pressAt;
        try
        {
            return CliRunner.Run(["evolve", "--out", folder, "--quiet", .. args]);
        }
        finally
        {
            CtrlC.PressAtForTests.Value = null;
        }
    }

    private static JsonElement Metrics(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Evolve_CtrlCRightAfterTheLastGeneration_SavesChampionAndInterruptedMetrics_ResumeFinishes()
    {
        // Before, Ctrl+C was caught only while generations ran: one pressed after the last generation killed the
        // process while it wrote its files (history.csv written, no champion, no metrics, no message).
        using var dir = new TempDirectory();
        string cut = Path.Combine(dir.Path, "cut"), whole = Path.Combine(dir.Path, "whole");
        var r = Evolve(cut, NvCircuit, pressAt: "unit 2 of 2");
        Assert.True(r.Exit == 1, $"exit {r.Exit}: {r.Err}");
        Assert.Contains("interrupted after the run's last generation (2)", r.Err);
        Assert.Contains("--resume", r.Err);
        foreach (string f in new[] { "champion.json", "checkpoint.json", "history.csv", "metrics.json" })
            Assert.True(File.Exists(Path.Combine(cut, f)), f);
        Assert.True(Metrics(cut).GetProperty("interrupted").GetBoolean());
        Assert.Equal(2, Metrics(cut).GetProperty("generations").GetInt32());

        var resumed = Evolve(cut, [.. NvCircuit, "--resume"]);
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.False(Metrics(cut).GetProperty("interrupted").GetBoolean());
        Assert.Equal(2, Metrics(cut).GetProperty("generations").GetInt32());
        // The run interrupted at its end and finished by --resume is the uninterrupted run.
        var straight = Evolve(whole, NvCircuit);
        Assert.True(straight.Exit == 0, straight.Err);
        Assert.False(Metrics(whole).GetProperty("interrupted").GetBoolean());
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "champion.json")), File.ReadAllText(Path.Combine(cut, "champion.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "history.csv")).Split('\n').Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 5))),
            File.ReadAllText(Path.Combine(cut, "history.csv")).Split('\n').Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 5)))); // all but evaluations per second
    }

    [Fact]
    public void Evolve_CtrlCBeforeTheChampionsHeldOutTests_SkipsThemSavesTheRestAndResumeRunsThem()
    {
        using var dir = new TempDirectory();
        string[] worm = ["--task", "worm-klinotaxis", "--algorithm", "cmaes", "--circuit", "--population", "2", "--generations", "1", "--trials", "1",
            "--test-trials", "2", "--seed", "3", "--threads", "1"];
        var r = Evolve(dir.Path, worm, pressAt: "evolve champion tests");
        Assert.True(r.Exit == 1, $"exit {r.Exit}: {r.Err}");
        Assert.Contains("before the champion's tests ended", r.Err);
        Assert.True(File.Exists(Path.Combine(dir.Path, "champion.json")));
        var cut = Metrics(dir.Path);
        Assert.True(cut.GetProperty("interrupted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cut.GetProperty("testSuccesses").ValueKind);

        var resumed = Evolve(dir.Path, [.. worm, "--resume"]);
        Assert.True(resumed.Exit == 0, resumed.Err);
        var done = Metrics(dir.Path);
        Assert.False(done.GetProperty("interrupted").GetBoolean());
        Assert.Equal(2, done.GetProperty("testTrials").GetInt32());
        Assert.InRange(done.GetProperty("testSuccesses").GetInt32(), 0, 2);
    }

    [Fact]
    public void Evolve_DuringTheRun_HistoryCsvHoldsEveryCheckpointedGeneration()
    {
        // Read while the second generation reports its progress: the first one's checkpoint is saved, the second's not yet.
        using var dir = new TempDirectory();
        string[]? during = null;
        CtrlC.PressAtForTests.Value = point =>
        {
            if (point == "unit 2 of 2") during = File.ReadAllLines(Path.Combine(dir.Path, "history.csv"));
            return false;
        };
        (int Exit, string Out, string Err) r;
        try
        {
            r = CliRunner.Run(["evolve", "--out", dir.Path, "--quiet", .. NvCircuit]);
        }
        finally
        {
            CtrlC.PressAtForTests.Value = null;
        }
        Assert.True(r.Exit == 0, r.Err);
        Assert.NotNull(during);
        Assert.Equal(2, during.Length);
        Assert.StartsWith("0,", during[1]); // generations count from 0
        var after = File.ReadAllLines(Path.Combine(dir.Path, "history.csv"));
        Assert.Equal(3, after.Length);
        Assert.Equal(during[1], after[1]);
    }

    [Fact]
    public void Evolve_CtrlCMidRunThenResume_HistoryCsvEqualsAnUninterruptedRunsRowForRow()
    {
        // The cut run's history.csv holds generation 0 only; the resumed run appends generation 1 to it, and the whole file
        // equals a run that was never cut (all but evaluations per second, a timing): header, then one row per generation.
        using var dir = new TempDirectory();
        string cut = dir.File("cut"), whole = dir.File("whole");
        var r = Evolve(cut, NvCircuit, pressAt: "unit 1 of 2");
        Assert.True(r.Exit == 1, $"exit {r.Exit}: {r.Err}");
        string[] before = File.ReadAllLines(Path.Combine(cut, "history.csv"));
        Assert.Equal(2, before.Length);
        var resumed = Evolve(cut, [.. NvCircuit, "--resume"]);
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.True(Evolve(whole, NvCircuit).Exit == 0);
        string[] after = File.ReadAllLines(Path.Combine(cut, "history.csv"));
        Assert.Equal(before, after[..2]); // the rows written before the cut are kept as they were, timing and all
        static string[] WithoutTiming(string[] rows) => [.. rows.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 5)))];
        Assert.Equal(WithoutTiming(File.ReadAllLines(Path.Combine(whole, "history.csv"))), WithoutTiming(after));
        Assert.Equal(3, after.Length);
    }

    [Fact]
    public void Evolve_CtrlCMidRun_StillSaysInterruptedAtTheGeneration()
    {
        using var dir = new TempDirectory();
        var r = Evolve(dir.Path, NvCircuit, pressAt: "unit 1 of 2");
        Assert.True(r.Exit == 1, $"exit {r.Exit}: {r.Err}");
        Assert.Contains("interrupted at generation 1", r.Err);
        Assert.True(Metrics(dir.Path).GetProperty("interrupted").GetBoolean());
        Assert.Equal(1, Metrics(dir.Path).GetProperty("generations").GetInt32());
    }
}
