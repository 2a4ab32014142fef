using System.Text.Json.Nodes;
using NeuroSharp.Data;
using NeuroSharp.Reports.Experiments;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Results;

/// <summary>
/// The figures of docs/results.md against their commands: each figure's check comment names the command and
/// the metrics field it comes from, and this reruns the command in-process and compares. By default only the
/// quick checks run (CI); NEUROSHARP_RESULTS_CHECK=long runs every check (tools/check-results --long, hours).
/// Quick figures measured on the real MNIST are checked where MNIST is cached (tools/check-results fetches it).
/// </summary>
public class ResultsFigureTests
{
    private static readonly Lazy<IReadOnlyList<FigureCheck>> Checks = new(() =>
        FigureCheck.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "results.md"))));

    /// <summary>The checks this run makes, by index in the page: quick ones (long ones too under NEUROSHARP_RESULTS_CHECK=long).</summary>
    public static TheoryData<int, string> Selected()
    {
        bool all = Environment.GetEnvironmentVariable("NEUROSHARP_RESULTS_CHECK") == "long";
        bool mnist = new MnistRepository().IsAvailable;
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Checks.Value.Count; i++)
        {
            var c = Checks.Value[i];
            if ((all || c.Mode == "quick") && (mnist || !c.NeedsMnist)) data.Add(i, $"results.md:{c.Line} {c.Field} <- {c.Command}");
        }
        return data;
    }

    // Several figures come from one command: each command runs once per test run.
    private static readonly Dictionary<string, Lazy<(int Exit, string Out, string Err)>> Runs = new(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Selected))]
    public void ResultsFigure_RerunOfItsCommand_GivesTheFigure(int index, string figure)
    {
        var check = Checks.Value[index];
        Lazy<(int, string, string)> run;
        lock (Runs)
        {
            if (!Runs.TryGetValue(check.Command, out run!))
                Runs[check.Command] = run = new(() => RunOnce(check));
        }
        var (exit, stdout, stderr) = run.Value;
        Assert.True(exit == 0, $"{figure}: exit {exit}: {stderr}");
        string? mismatch = check.Mismatch(check.Measured(JsonNode.Parse(stdout)!.AsObject()));
        Assert.True(mismatch is null, mismatch);
    }

    private static (int, string, string) RunOnce(FigureCheck check)
    {
        using var dir = new TempDirectory();
        return CliRunner.Run([.. check.Arguments, "--json", "--out", dir.Path]);
    }

    [Fact]
    public void ResultsPage_CheckComments_ReadAndNameKnownExperiments()
    {
        var checks = Checks.Value;
        Assert.Contains(checks, c => c.Mode == "quick" && !c.NeedsMnist);
        Assert.Contains(checks, c => c.Mode == "long" && c.Command.Contains("stdp-mnist", StringComparison.Ordinal));
        foreach (var c in checks)
        {
            string[] args = c.Arguments;
            Assert.True(args is ["experiment", "run", _, ..], $"{c}: the checks rerun experiments (experiment run NAME ...).");
            Assert.True(ExperimentCatalog.All.Any(e => e.Name == args[2]), $"{c}: no experiment is called {args[2]}.");
        }
    }

    [Fact]
    public void FigureCheck_Comment_ReadsEveryAttribute()
    {
        var checks = FigureCheck.Parse("text\n| 81.5 % <!-- check: cmd=\"experiment run stdp-mnist --neurons 100\" field=\"accuracy\" expect=\"81.5\" scale=\"100\" mode=\"long\" needs=\"mnist\" --> |\n"
            + "<!-- check: cmd=\"experiment run cuba-network --quick\" field=\"meanRateHz\" expect=\"6\" tol=\"0.5\" mode=\"quick\" -->");
        Assert.Equal(2, checks.Count);
        Assert.Empty(FigureCheck.Parse("```\n<!-- check: an example in a code block -->\n```\n"));
        var (a, b) = (checks[0], checks[1]);
        Assert.Equal((2, "accuracy", 100.0, true, "long"), (a.Line, a.Field, a.Scale, a.NeedsMnist, a.Mode));
        Assert.Null(a.Mismatch(0.8146 * 100));
        Assert.Contains("the command gives 80.33", a.Mismatch(0.8033 * 100));
        Assert.Equal(0.5, b.Allowed);
        Assert.Null(b.Mismatch(6.4));
        Assert.NotNull(b.Mismatch(6.6));
    }

    [Theory]
    [InlineData("81.5", 0.05)]
    [InlineData("8033", 0.5)]
    [InlineData("3.4e-8", 0.05e-8)]
    [InlineData("0.77", 0.005)]
    public void FigureCheck_HalfLastDigit_IsHalfAUnitInTheLastPrintedDigit(string printed, double half)
    {
        Assert.Equal(half, FigureCheck.HalfLastDigit(printed), 15);
    }

    [Theory]
    [InlineData("cmd=\"experiment run x --quick\" field=\"f\" expect=\"1\"", "attribute mode is missing")]
    [InlineData("cmd=\"experiment run x --quick\" field=\"f\" expect=\"one\" mode=\"quick\"", "expect=\"one\" is not a number")]
    [InlineData("cmd=\"experiment run x --quick\" field=\"f\" expect=\"1\" mode=\"fast\"", "expected quick or long")]
    [InlineData("cmd=\"experiment run x --quick --json\" field=\"f\" expect=\"1\" mode=\"quick\"", "the checker adds --json and --out")]
    [InlineData("cmd=\"experiment run x --quick\" field=\"f\" expect=\"1\" mode=\"quick\" tolerance=\"1\"", "unknown attribute tolerance")]
    [InlineData("cmd=\"experiment run x --quick\" field=f expect=\"1\" mode=\"quick\"", "cannot read 'field=f")]
    public void FigureCheck_BadComment_NamesTheLineAndTheProblem(string attributes, string expected)
    {
        var e = Assert.Throws<FormatException>(() => FigureCheck.Parse($"a\nb <!-- check: {attributes} -->"));
        Assert.Contains("docs/results.md:2", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void FigureCheck_MissingField_ListsTheFieldsThereAre()
    {
        var check = FigureCheck.Parse("<!-- check: cmd=\"experiment run x --quick\" field=\"fa.endAngle\" expect=\"1\" mode=\"quick\" -->")[0];
        var e = Assert.Throws<InvalidOperationException>(() => check.Measured(JsonNode.Parse("{\"fa\":{\"endAngleLayer2\":83.1}}")!.AsObject()));
        Assert.Contains("no field fa.endAngle (at endAngle: fields endAngleLayer2)", e.Message);
        var indexed = FigureCheck.Parse("<!-- check: cmd=\"experiment run x --quick\" field=\"table.1.v\" expect=\"0.29\" mode=\"quick\" -->")[0];
        Assert.Equal(0.29, indexed.Measured(JsonNode.Parse("{\"table\":[{\"v\":0.4},{\"v\":0.29}]}")!.AsObject()));
        var nested = FigureCheck.Parse("<!-- check: cmd=\"experiment run x --quick\" field=\"fa.endAngleLayer2\" expect=\"83\" mode=\"quick\" -->")[0];
        Assert.Null(nested.Mismatch(nested.Measured(JsonNode.Parse("{\"fa\":{\"endAngleLayer2\":83.1}}")!.AsObject())));
    }
}
