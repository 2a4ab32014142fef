using System.Text.Json;
using NeuroSharp.Cli.Commands;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Evolution;

/// <summary><c>play</c>'s per-task --steps default (one whole episode of the task's world), --steps overriding it, and --every's default keeping the animation within --max-frames.</summary>
public sealed class PlayStepsTests
{
    [Theory]
    [InlineData("worm-klinotaxis", 3000)] // 60 s of 20 ms world steps
    [InlineData("worm-withdrawal", 750)] // 15 s
    [InlineData("touch-reflex", 930)] // lead-in 120 + 3 bouts of at most 120 touched and 150 quiet steps
    [InlineData("double-pole-nv", 1000)] // its fitness episode
    [InlineData("single-pole", 1000)]
    [InlineData("xor", 1000)]
    public void DefaultSteps_IsTheTasksEpisode(string task, int steps) =>
        Assert.Equal(steps, PlayCommand.DefaultSteps(EvolutionTasks.Create(task)));

    [Theory]
    [InlineData("worm-klinotaxis", "worm-klinotaxis its 60 s episode, {0} steps")]
    [InlineData("worm-withdrawal", "worm-withdrawal its 15 s, {0};")]
    [InlineData("touch-reflex", "touch-reflex its longest protocol, {0};")]
    public void PlayHelp_NamesEachTasksDefaultSteps(string task, string phrase)
    {
        // The help once said 3 750 and 938 steps for the worm tasks, which play 3 000 and 750.
        var r = CliRunner.Run("play", "--help");
        Assert.Equal(0, r.Exit);
        int steps = PlayCommand.DefaultSteps(EvolutionTasks.Create(task));
        string grouped = steps.ToString("N0", new System.Globalization.NumberFormatInfo { NumberGroupSeparator = " " });
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, phrase, grouped), string.Join(' ', r.Out.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Play_WormWithoutSteps_PlaysOneWholeTrialWithinMaxFrames()
    {
        using var dir = new TempDirectory();
        string net = Path.Combine(dir.Path, "champion.json");
        NetworkFile.Save(net, WormKlinotaxisCircuit.BuildEvolved());
        string outDir = Path.Combine(dir.Path, "play");
        var r = CliRunner.Run("play", net, "--task", "worm-withdrawal", "--max-frames", "30", "--out", outDir, "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var m = metrics.RootElement;
        Assert.Equal(750, m.GetProperty("steps").GetInt32());
        Assert.Equal(25, m.GetProperty("every").GetInt32()); // 750 steps in at most 30 frames
        int played = m.GetProperty("stepsPlayed").GetInt32(), frames = m.GetProperty("frames").GetInt32();
        // One trial, to its own end (the worm escapes the touch before its 15 s are up), drawn every 25th step.
        Assert.True(m.GetProperty("endedByTask").GetBoolean());
        Assert.InRange(played, 1, 750);
        Assert.Equal((played + 24) / 25, frames);
        Assert.Equal(played + 1, File.ReadAllLines(Path.Combine(outDir, "trace.csv")).Length);
        PlayAnimationTests.AssertGif(Path.Combine(outDir, "animation.gif"), frames, 496, 516);
    }

    [Fact]
    public void Play_Steps_OverridesTheTasksDefault()
    {
        using var dir = new TempDirectory();
        string net = Path.Combine(dir.Path, "champion.json");
        NetworkFile.Save(net, WormKlinotaxisCircuit.BuildEvolved());
        string outDir = Path.Combine(dir.Path, "play");
        var r = CliRunner.Run("play", net, "--task", "worm-klinotaxis", "--steps", "40", "--animation", "none", "--out", outDir, "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        Assert.Equal(40, metrics.RootElement.GetProperty("steps").GetInt32());
        Assert.Equal(40, metrics.RootElement.GetProperty("stepsPlayed").GetInt32());
        Assert.False(metrics.RootElement.GetProperty("endedByTask").GetBoolean());
        Assert.Equal(5, metrics.RootElement.GetProperty("every").GetInt32());
    }
}
