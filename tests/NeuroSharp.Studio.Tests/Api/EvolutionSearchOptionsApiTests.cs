using System.Text.Json.Nodes;
using NeuroSharp.Evolution;

namespace NeuroSharp.Studio.Tests.Api;

/// <summary>
/// The search options in the evolution request (evolve's --sigma, --restarts, --restart-growth and --test-all-balanced): each
/// reaches the run and comes back in its status; each refusal is the CLI's sentence in the API's field names.
/// </summary>
public sealed class EvolutionSearchOptionsApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    private async Task<JsonNode> StatusAsync(string id) => (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}")).Body!;

    private Task WaitForStateAsync(string id, string state, double seconds = 120) =>
        StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] == state, $"the run to be {state}", seconds);

    /// <summary>The status's search options when none is set: evolve's defaults.</summary>
    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["sigma"] = "1", ["restarts"] = "0", ["restartGrowth"] = "2", ["testAllBalanced"] = "false",
    };

    [Theory]
    [InlineData("single-pole", "cmaes", "sigma", "0.5")]
    [InlineData("single-pole", "neat", "sigma", "2")]
    [InlineData("single-pole", "cmaes", "restarts", "3")]
    [InlineData("single-pole", "cmaes", "restartGrowth", "1")]
    [InlineData("double-pole-nv", "neat", "testAllBalanced", "true")]
    [InlineData("double-pole-nv", "cosyne", "testAllBalanced", "true")]
    public async Task Option_IsAccepted_AndTheStatusSaysIt(string task, string algorithm, string field, string value)
    {
        var (code, status) = await studio.SendAsync(HttpMethod.Post, "/api/evolution",
            $$"""{"task": "{{task}}", "algorithm": "{{algorithm}}", "population": 4, "generations": 1, "seed": 2, "{{field}}": {{value}}}""");
        Assert.True(code == 201, $"POST /api/evolution answered {code}: {status}");
        string id = (string)status!["id"]!;
        Assert.Equal(value, status[field]!.ToJsonString());
        foreach (var (name, fallback) in Defaults.Where(d => d.Key != field))
            Assert.Equal(fallback, status[name]?.ToJsonString() ?? "null");
        await WaitForStateAsync(id, "done", 300);
        var done = await StatusAsync(id);
        Assert.Null((string?)done["error"]);
        Assert.Equal(value, done[field]!.ToJsonString());
    }

    [Fact]
    public async Task Restarts_ReachTheRun_AStalledCmaEsRestartsWithALargerPopulation()
    {
        // XOR without hidden neurons cannot be solved: plain CMA-ES spends exactly 4 evaluations in each of 60 generations,
        // IPOP-CMA-ES restarts when it stalls and doubles the population, so it spends more (as IpopCmaEsTests finds in the library).
        async Task<long> EvaluationsAsync(int restarts)
        {
            var (code, status) = await studio.SendAsync(HttpMethod.Post, "/api/evolution",
                $$"""{"task": "xor", "algorithm": "cmaes", "hidden": 0, "population": 4, "generations": 60, "seed": 3, "restarts": {{restarts}}}""");
            Assert.True(code == 201, $"POST /api/evolution answered {code}: {status}");
            string id = (string)status!["id"]!;
            await WaitForStateAsync(id, "done", 300);
            var done = await StatusAsync(id);
            Assert.Equal(60, (int)done["generation"]!);
            return (long)done["evaluations"]!;
        }
        Assert.Equal(240, await EvaluationsAsync(0));
        Assert.True(await EvaluationsAsync(2) > 240);
    }

    [Theory]
    // The algorithm each needs.
    [InlineData("""{"task": "single-pole", "algorithm": "neat", "restarts": 2}""", "restarts applies to algorithm cmaes (IPOP-CMA-ES), not neat.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cosyne", "restartGrowth": 1}""", "restartGrowth applies to algorithm cmaes (its restarts), not cosyne.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cosyne", "sigma": 0.5}""", "sigma applies to algorithm cmaes (its initial step size) and neat (its first genomes' spread), not cosyne.")]
    // The task the all-balancers test applies to.
    [InlineData("""{"task": "single-pole", "algorithm": "neat", "testAllBalanced": true}""", "testAllBalanced applies to task double-pole-nv (the task that tests each generation's fittest network for 100 000 steps), not single-pole.")]
    [InlineData("""{"task": "double-pole", "algorithm": "cmaes", "testAllBalanced": true}""", "testAllBalanced applies to task double-pole-nv (the task that tests each generation's fittest network for 100 000 steps), not double-pole.")]
    [InlineData("""{"task": "xor", "algorithm": "neat", "testAllBalanced": true}""", "testAllBalanced applies to task double-pole-nv (the task that tests each generation's fittest network for 100 000 steps), not xor.")]
    // Each value's range.
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "restarts": -1}""", "restarts must be between 0 and 20 (got -1).")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "restarts": 21}""", "restarts must be between 0 and 20 (got 21).")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "restartGrowth": 0}""", "restartGrowth must be between 1 and 4 (got 0).")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "restartGrowth": 5}""", "restartGrowth must be between 1 and 4 (got 5).")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "sigma": 0}""", "sigma must be above 0 and at most 100 (got 0).")]
    [InlineData("""{"task": "single-pole", "algorithm": "neat", "sigma": 100.5}""", "sigma must be above 0 and at most 100 (got 100.5).")]
    public async Task BadOption_IsRefusedWithTheClisSentence_InTheApisFieldNames(string request, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", request);
        Assert.Equal(400, status);
        Assert.Equal(expected, (string)body!["error"]!);
    }

    [Theory]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "restarts": 2.5}""", "The evolution request's $.restarts must be a whole number in [0, 20]")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "sigma": "big"}""", "The evolution request's $.sigma must be a number above 0 and at most 100")]
    [InlineData("""{"task": "double-pole-nv", "testAllBalanced": 1}""", "The evolution request's $.testAllBalanced must be true or false")]
    public async Task WrongJsonShape_IsRefusedInTheApisWords(string request, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", request);
        Assert.Equal(400, status);
        Assert.StartsWith(expected, (string)body!["error"]!);
    }

    [Fact]
    public void RangeSentences_AreTheClisWithTheFlagsAsFields()
    {
        // The CLI's evolve and the studio share these checks: the same sentence, named two ways.
        var task = EvolutionTasks.Create("single-pole");
        foreach (var (settings, flag) in new[]
        {
            (new EvolverSettings("cmaes", 0, 0, 1, Restarts: 21), "--restarts"),
            (new EvolverSettings("cmaes", 0, 0, 1, Growth: 5), "--restart-growth"),
            (new EvolverSettings("cmaes", 0, 0, 1, Sigma: -1), "--sigma"),
        })
        {
            string cli = Assert.Throws<InvalidInputException>(() => EvolveOptionChecks.Check(settings, task)).Message;
            string api = Assert.Throws<InvalidInputException>(() => EvolveOptionChecks.Check(settings, task, EvolveOptionNames.Fields)).Message;
            Assert.StartsWith($"{flag} must be ", cli);
            Assert.Equal(cli.Replace(flag, EvolveOptionNames.Fields[flag], StringComparison.Ordinal), api);
        }
        string testAll = Assert.Throws<InvalidInputException>(() => EvolveOptionChecks.CheckTestAllBalanced(true, task)).Message;
        Assert.Equal("--test-all-balanced applies to task double-pole-nv (the task that tests each generation's fittest network for 100 000 steps), not single-pole.", testAll);
    }

    [Fact]
    public async Task Tasks_SayWhichTakesTheAllBalancersTest()
    {
        var tasks = (await studio.SendAsync(HttpMethod.Get, "/api/evolution/tasks")).Body!["tasks"]!.AsArray().ToDictionary(t => (string)t!["name"]!);
        Assert.True((bool)tasks["double-pole-nv"]!["testAllBalanced"]!);
        foreach (string other in tasks.Keys.Where(k => k != "double-pole-nv"))
            Assert.False((bool)tasks[other]!["testAllBalanced"]!, other);
    }
}
