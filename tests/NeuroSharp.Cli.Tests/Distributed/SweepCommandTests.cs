using System.Text.Json.Nodes;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Distributed;

public class SweepCommandTests
{
    private const string TwoByTwo = """
        { "command": ["cluster", "--data", "uniform:dims=2,samples=400", "--clusters", "3"],
          "grid": { "--rate": [0.01, 0.2], "--seed": [1, 2] },
          "metrics": ["inertiaPerRow", "seed", "learningRate"] }
        """;

    [Fact]
    public void Sweep_TwoByTwoGrid_OneRowPerPointInNestedLoopOrderWithEachPointsMetrics()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), TwoByTwo);
        var r = CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("o"), "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        var lines = File.ReadAllLines(dir.File("o/sweep.csv"));
        Assert.Equal("point,rate,seed,exitCode,inertiaPerRow,seed,learningRate,error", lines[0]);
        Assert.Equal(5, lines.Length);
        // The last grid key varies fastest; each point's metrics.json carries its own seed and rate back.
        string[][] cells = [.. lines.Skip(1).Select(l => l.Split(','))];
        Assert.Equal(["0.01", "1"], cells[0][1..3]);
        Assert.Equal(["0.01", "2"], cells[1][1..3]);
        Assert.Equal(["0.2", "1"], cells[2][1..3]);
        foreach (var c in cells)
        {
            Assert.Equal("0", c[3]);
            Assert.Equal(c[2], c[5]);
            Assert.Equal(double.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(c[6], System.Globalization.CultureInfo.InvariantCulture), 6);
            Assert.True(double.Parse(c[4], System.Globalization.CultureInfo.InvariantCulture) > 0);
        }
        Assert.True(File.Exists(dir.File("o/points/0003/model.safetensors")));
        Assert.True(File.Exists(dir.File("o/sweep.png")));
    }

    [Fact]
    public void Sweep_SamePointRunAlone_GivesTheSameMetrics()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), TwoByTwo);
        Assert.Equal(0, CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("o"), "--quiet").Exit);
        var alone = CliRunner.Run("cluster", "--data", "uniform:dims=2,samples=400", "--clusters", "3", "--rate", "0.2", "--seed", "2", "--out", dir.File("alone"), "--quiet");
        Assert.Equal(0, alone.Exit);
        double expected = (double)JsonNode.Parse(File.ReadAllText(dir.File("alone/metrics.json")))!["inertiaPerRow"]!;
        string row = File.ReadAllLines(dir.File("o/sweep.csv"))[4];
        Assert.Equal(expected.ToString("R", System.Globalization.CultureInfo.InvariantCulture), row.Split(',')[4]);
    }

    [Fact]
    public void Sweep_Resume_SkipsFinishedPointsAndRunsTheMissingOne()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), TwoByTwo);
        Assert.Equal(0, CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("o"), "--quiet").Exit);
        string before = File.ReadAllText(dir.File("o/sweep.csv"));
        Directory.Delete(dir.File("o/points/0002"), recursive: true); // as if the job died during point 2
        var r = CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("o"), "--resume", "--json");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal(1, (int)JsonNode.Parse(r.Out)!["pointsRunHere"]!);
        Assert.Equal(before, File.ReadAllText(dir.File("o/sweep.csv")));
    }

    [Fact]
    public void Sweep_PointThatFails_ExitsOneAndTheTableNamesItsError()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), """{ "command": ["cluster", "--data", "uniform:dims=2,samples=100"], "grid": { "--clusters": [2, 1000] } }""");
        var r = CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("o"), "--quiet");
        Assert.Equal(1, r.Exit);
        Assert.Contains("1 of 2 sweep points failed", r.Err);
        var lines = File.ReadAllLines(dir.File("o/sweep.csv"));
        Assert.EndsWith(",0,", lines[1][..(lines[1].IndexOf(",0,", StringComparison.Ordinal) + 3)]);
        Assert.Contains("2,", lines[2]);
        Assert.Contains("1000", lines[2]);
    }

    [Theory]
    [InlineData("""[1, 2]""", "$ must be an object")]
    [InlineData("""{ "grid": { "--seed": [1] } }""", "$.command is missing")]
    [InlineData("""{ "command": [], "grid": { "--seed": [1] } }""", "$.command must name a command")]
    [InlineData("""{ "command": ["sweep", "x.json"], "grid": { "--seed": [1] } }""", "must not be sweep")]
    [InlineData("""{ "command": ["cluster", "--out", "x"], "grid": { "--seed": [1] } }""", "$.command[1] must not set --out")]
    [InlineData("""{ "command": ["cluster"] }""", "$.grid is missing")]
    [InlineData("""{ "command": ["cluster"], "grid": { "seed": [1] } }""", "must be an option name starting with --")]
    [InlineData("""{ "command": ["cluster"], "grid": { "--seed": [] } }""", "must be a non-empty list")]
    [InlineData("""{ "command": ["cluster"], "grid": { "--seed": [1, null] } }""", "$.grid[\"--seed\"][1] must be a number, text, true or false (got null)")]
    [InlineData("""{ "command": ["cluster", "--seed", "1"], "grid": { "--seed": [1] } }""", "is also set in $.command")]
    [InlineData("""{ "command": ["cluster"], "grid": { "--seed": [1] }, "plot": true }""", "$.plot is not a known field (known: command, grid, metrics)")]
    [InlineData("""{ "command": ["cluster"], "gird": { "--seed": [1] } }""", "$.gird is not a known field (did you mean grid? known: command, grid, metrics)")]
    [InlineData("""{ "command": ["cluster"], """, "is not JSON")]
    [InlineData("""{ "command": ["clustre"], "grid": { "--seed": [1] } }""", "point 0 (clustre --seed 1) is not a valid command: Unrecognized command or argument 'clustre' (did you mean cluster?).")]
    [InlineData("""{ "command": ["cluster"], "grid": { "--clusterz": [1] } }""", "'--clusterz' (did you mean --clusters?)")]
    public void Sweep_BadFile_ExitsTwoWithOneSentenceNamingTheField(string json, string words)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), json);
        var r = CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("o"));
        CliAssert.Refused(r, "s.json", words);
        Assert.False(Directory.Exists(dir.File("o/points")));
    }

    [Theory]
    [InlineData("--seed", "7")]
    [InlineData("--threads", "1")]
    public void Sweep_OwnSeedOrThreads_RefusedNamingTheOptionAndTheGrid(string option, string value)
    {
        // The sweep's own --seed and --threads reached no point: refused, not silently dropped, and not in --help.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), """{ "command": ["data", "info", "onehot:groups=2,size=2"], "grid": { "--seed": [1] } }""");
        CliAssert.Refused(CliRunner.Run("sweep", dir.File("s.json"), option, value, "--out", dir.File("o")), $"sweep: {option} does not reach the points", "grid");
        Assert.False(Directory.Exists(dir.File("o")));
        Assert.DoesNotContain($"{option} <", CliRunner.Run("sweep", "--help").Out);
    }

    [Fact]
    public void Sweep_MissingFile_ExitsTwo()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run("sweep", dir.File("none.json"), "--out", dir.File("o")), "none.json", "no such sweep file");
    }

    /// <summary>Writes rows of two columns to a CSV file, its folder created.</summary>
    private static void WriteCsv(string path, int rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rng = new Random(rows);
        File.WriteAllLines(path, ["x,y", .. Enumerable.Range(0, rows).Select(_ => FormattableString.Invariant($"{rng.NextDouble():F4},{rng.NextDouble():F4}"))]);
    }

    [Fact]
    public void Sweep_RelativePaths_AreReadFromTheSweepFilesFolderNotTheCurrentOne()
    {
        // The sweep file and its data live in a folder of their own, away from the test's current folder; its paths
        // (grid values, one in a subfolder) name files beside it.
        using var dir = new TempDirectory();
        string home = dir.File("study");
        WriteCsv(Path.Combine(home, "a.csv"), 40);
        WriteCsv(Path.Combine(home, "sub", "b.csv"), 60);
        File.WriteAllText(Path.Combine(home, "s.json"), """
            { "command": ["cluster", "--clusters", "3", "--seed", "1"],
              "grid": { "--data": ["a.csv", "sub/b.csv"] }, "metrics": ["rows"] }
            """);
        Assert.False(File.Exists(Path.GetFullPath("a.csv"))); // not found from the current folder
        var r = CliRunner.Run("sweep", Path.Combine(home, "s.json"), "--out", dir.File("o"), "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        var lines = File.ReadAllLines(dir.File("o/sweep.csv"));
        // The table keeps the values as the file writes them; each point read its own file (40 and 60 rows).
        Assert.Equal("0,a.csv,0,40,", lines[1]);
        Assert.Equal("1,sub/b.csv,0,60,", lines[2]);
        var done = JsonNode.Parse(File.ReadAllText(dir.File("o/points/0001/done.json")))!;
        Assert.Contains(Path.Combine(home, "sub", "b.csv"), done["arguments"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public void Sweep_PathMissingBesideTheSweepFile_IsPassedAsWrittenAndItsPointFails()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), """
            { "command": ["cluster", "--clusters", "3", "--data=missing/none.csv"], "grid": { "--seed": [1] } }
            """);
        var r = CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("o"), "--quiet");
        Assert.NotEqual(0, r.Exit);
        Assert.Contains("missing/none.csv", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_PointFailingAfterItsRun_ErrorIsItsSentenceWithoutProgressLines()
    {
        // A simulate point prints progress lines where no bar is drawn; run in the sweep, they must not end up in its error
        // sentence. Point 1 fails after its run: its spikes.csv is a folder. The CLI runs as a process of its own with a
        // line for every report (NEUROSHARP_PROGRESS_SECONDS=0), which no other test sees.
        using var dir = new TempDirectory();
        string network = Path.Combine(RepositoryRoot.Path, "examples", "networks", "ei-network.json").Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(dir.File("s.json"), $$"""
            { "command": ["simulate", "{{network}}", "--duration-ms", "20", "--threads", "1"], "grid": { "--seed": [1, 2] } }
            """);
        Directory.CreateDirectory(dir.File("o/points/0001/spikes.csv"));
        var (exit, _, err) = await CliRunner.RunProcessWithEveryProgressLineAsync(120, "sweep", dir.File("s.json"), "--out", dir.File("o"), "--quiet");
        Assert.Equal(1, exit);
        string[] lines = File.ReadAllLines(dir.File("o/sweep.csv"));
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("0,1,0,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("1,2,1,", lines[2], StringComparison.Ordinal);
        Assert.Contains("spikes.csv", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("simulate:", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("simulate:", err, StringComparison.Ordinal);
        // done.json records the arguments as the sweep file gives them, without the --quiet the sweep adds.
        var done = JsonNode.Parse(File.ReadAllText(dir.File("o/points/0000/done.json")))!;
        Assert.DoesNotContain("--quiet", done["arguments"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void Sweep_PointWhoseFileIsAFolder_SaysWhichFileAndWhatIsWrong()
    {
        // Point 0's spikes.csv is a folder: the point fails with exit 1, and its error names the file in words, not .NET's
        // "Is a directory : '...'".
        using var dir = new TempDirectory();
        string network = Path.Combine(RepositoryRoot.Path, "examples", "networks", "reflex-arc.json").Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(dir.File("s.json"), $$"""
            { "command": ["simulate", "{{network}}", "--duration-ms", "5"], "grid": { "--seed": [1] } }
            """);
        string spikes = Path.Combine(dir.File("o"), "points", "0000", "spikes.csv");
        Directory.CreateDirectory(spikes);
        var r = CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("o"), "--quiet");
        Assert.Equal(1, r.Exit);
        CliAssert.OneSentence(r.Err, $"the first, point 0, said: {spikes} cannot be written: it is a folder, not a file (see ");
        Assert.DoesNotContain("Is a directory", r.Err, StringComparison.Ordinal);
        Assert.Contains($"{spikes} cannot be written: it is a folder, not a file", File.ReadAllText(dir.File("o/sweep.csv")), StringComparison.Ordinal);
    }
}
