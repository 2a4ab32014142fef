using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests;

public class GeneralCommandTests
{
    private static string Snapshot(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Snapshots", name)).ReplaceLineEndings("\n");

    [Theory]
    [InlineData("root-help.txt")]
    [InlineData("metacluster-help.txt", "metacluster")]
    [InlineData("cluster-help.txt", "cluster")]
    public void Help_MatchesCommittedSnapshot(string snapshot, params string[] command)
    {
        // A changed help text must be a reviewed change: update the snapshot in tests/NeuroSharp.Cli.Tests/Snapshots.
        var (exit, stdout, _) = CliRunner.Run([.. command, "--help"]);
        Assert.Equal(0, exit);
        Assert.Equal(Snapshot(snapshot), stdout.ReplaceLineEndings("\n").Replace("NeuroSharp.Cli", "neurosharp").Replace("testhost", "neurosharp"));
    }

    [Fact]
    public void UnknownCommand_ExitsWith2()
    {
        var (exit, _, stderr) = CliRunner.Run("frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains("frobnicate", stderr);
    }

    [Theory]
    [InlineData("--cluster", "--clusters", "cluster", "--data", "uniform:dims=2", "--cluster", "5")] // a letter short: the start of one name
    [InlineData("--clsuters", "--clusters", "cluster", "--data", "uniform:dims=2", "--clsuters", "5")] // two letters swapped
    [InlineData("--generation", "--generations", "evolve", "--task", "xor", "--generation", "5")]
    [InlineData("--memory-limt", "--memory-limit", "cluster", "--data", "uniform:dims=2", "--memory-limt", "1G")] // the root's option, on every command
    [InlineData("--duration", "--duration-ms", "simulate", "net.json", "--duration", "5")]
    [InlineData("clustr", "cluster", "clustr", "--data", "mnist")]
    [InlineData("metaclustr", "metacluster", "metaclustr")]
    public void MisspelledOptionOrCommand_SuggestsTheNearestName(string typo, string meant, params string[] args)
    {
        // A new user's typo once got only "Unrecognized command or argument '--cluster'."
        CliAssert.Refused(CliRunner.Run(args), $"Unrecognized command or argument '{typo}' (did you mean {meant}?).");
    }

    [Theory]
    [InlineData("Unknown experiment 'stdp-mnst'; did you mean stdp-mnist? known: analogy,", "experiment", "run", "stdp-mnst")]
    [InlineData("Unknown experiment 'stdp-mnst'; did you mean stdp-mnist? known: analogy,", "tour", "--only", "stdp-mnst")]
    [InlineData("Unknown task 'xorr' (did you mean xor? known: xor, single-pole,", "evolve", "--task", "xorr")]
    public void MisspelledExperimentOrTask_SuggestsTheNearestName(string sentence, params string[] args)
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run([.. args, "--out", dir.Path]), sentence);
    }

    [Theory]
    [InlineData("neurosharp: a command is needed (tour, data, cluster, metacluster,", "'neurosharp --help' says what each does.")]
    [InlineData("neurosharp: experiment needs a command (list, run); 'neurosharp experiment --help' says what each does.", "", "experiment")]
    [InlineData("neurosharp: data needs a command (fetch, info); 'neurosharp data --help' says what each does.", "", "data")]
    public void NoCommand_NamesTheCommandsAndHelp(string sentence, string end, params string[] args)
    {
        // "neurosharp" alone once said only "Required command was not provided."
        CliAssert.Refused(CliRunner.Run(args), sentence, end);
    }

    [Theory]
    [InlineData("--init must be one of plusplus, samples, zeros (got zero) (did you mean zeros?).", "metacluster", "--data", "uniform:dims=2", "--init", "zero")]
    [InlineData("--partition must be one of blocks, round-robin (got block) (did you mean blocks?).", "simulate", "net.json", "--partition", "block")]
    [InlineData("--metric must be one of l1, l2 (got l3).", "cluster", "--data", "uniform:dims=2", "--metric", "l3")] // two as near: no guess
    public void MisspelledChoice_SuggestsTheNearestOne(string sentence, params string[] args) =>
        CliAssert.Refused(CliRunner.Run(args), sentence);

    [Theory]
    [InlineData("cluster", "--data", "uniform:dims=2", "--frobnicate", "5")] // nothing near
    [InlineData("zzzzz")]
    public void UnknownOptionOrCommand_WithNothingNear_SuggestsNothing(params string[] args)
    {
        var r = CliRunner.Run(args);
        CliAssert.Refused(r, "Unrecognized command or argument");
        Assert.DoesNotContain("did you mean", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ExperimentList_NamesTheSeed000Reproductions()
    {
        var (exit, stdout, _) = CliRunner.Run("experiment", "list");
        Assert.Equal(0, exit);
        foreach (string name in new[] { "points2d", "mnist-clusters", "mnist-split2", "side-by-side", "onehot-5x5", "onehot-10x10" })
            Assert.Contains(name, stdout);
    }

    [Fact]
    public void ExperimentList_LongestName_ArticleColumnStillAligned()
    {
        // transmitter-neurons (19 characters) once pushed its [002] one column right of every other line's.
        var (exit, stdout, _) = CliRunner.Run("experiment", "list");
        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("transmitter-neurons ", StringComparison.Ordinal));
        Assert.Single(lines.Select(l => l.IndexOf(" [", StringComparison.Ordinal)).Distinct());
    }

    [Fact]
    public void ExperimentRun_OneHot5x5Quick_WritesPicturesAndMetrics()
    {
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = CliRunner.Run("experiment", "run", "onehot-5x5", "--quick", "--out", dir.Path, "--json");
        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(dir.File("onehot-5x5/masks.png")));
        using var metrics = JsonDocument.Parse(File.ReadAllText(dir.File("onehot-5x5/metrics.json")));
        Assert.Equal(3, metrics.RootElement.GetProperty("seedsRecovered").GetInt32());
        Assert.Equal("onehot-5x5", JsonDocument.Parse(stdout).RootElement.GetProperty("experiment").GetString());
    }

    [Fact]
    public void ExperimentRun_Unknown_ListsTheKnownOnes()
    {
        var (exit, _, stderr) = CliRunner.Run("experiment", "run", "nope");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown experiment 'nope'; known:", stderr);
        Assert.Contains("side-by-side", stderr);
    }

    [Fact]
    public void DataInfo_DescribesAGeneratedSpec()
    {
        var (exit, stdout, _) = CliRunner.Run("data", "info", "onehot:groups=4,size=3,samples=10", "--json");
        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(10, root.GetProperty("rows").GetInt32());
        Assert.Equal(12, root.GetProperty("columns").GetInt32());
        Assert.Equal(4, root.GetProperty("plantedGroups").GetInt32());
    }

    [Fact]
    public void DataInfo_Text_ShowsTheNameAsWritten()
    {
        // The name of onehot:groups=5,size=5 is onehot:groups=5,sizes=5+5+5+5+5; the text output once showed its JSON escape (\u002B).
        var (exit, stdout, _) = CliRunner.Run("data", "info", "onehot:groups=5,size=5,samples=10");
        Assert.Equal(0, exit);
        Assert.Contains("  name           onehot:groups=5,sizes=5+5+5+5+5\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  imageShape     -\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DataInfo_BadSpec_ExitsWith2()
    {
        var (exit, _, stderr) = CliRunner.Run("data", "info", "onehot:groups=x,size=3");
        Assert.Equal(2, exit);
        Assert.Contains("groups must be a whole number from 1 to 2147483647", stderr);
    }
}
