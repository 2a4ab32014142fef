using System.Text.Json.Nodes;

namespace NeuroSharp.Studio.Tests.Api;

/// <summary>
/// NEAT's genome and reproduction options in the evolution request (evolve's --push-pull, --pv-step, --weight-limit, --bias-step,
/// --min-scale, --shared-delay, --delay-step, --elitism, --survival, --weight-gene-rate, --cauchy, --add-neuron-rate,
/// --add-link-rate): each reaches the run and comes back in its status; each refusal is the CLI's sentence in the API's field names.
/// </summary>
public sealed class EvolutionNeatOptionsApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    private async Task<JsonNode> StatusAsync(string id) => (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}")).Body!;

    private Task WaitForStateAsync(string id, string state, double seconds = 120) =>
        StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] == state, $"the run to be {state}", seconds);

    /// <summary>The status's NEAT options when none is set: evolve's defaults.</summary>
    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["pushPull"] = "false", ["pvStep"] = "null", ["weightLimit"] = "null", ["biasStep"] = "1", ["minScale"] = "null", ["sharedDelay"] = "false",
        ["delayStep"] = "1", ["elitism"] = "null", ["survival"] = "null", ["weightGeneRate"] = "null", ["cauchy"] = "false",
        ["addNeuronRate"] = "null", ["addLinkRate"] = "null",
    };

    [Theory]
    [InlineData("pushPull", "true", "\"mirror\": true")]
    [InlineData("pvStep", "0.3", null)]
    [InlineData("weightLimit", "50", null)]
    [InlineData("biasStep", "0.033", null)]
    [InlineData("minScale", "0.2", null)]
    [InlineData("sharedDelay", "true", null)]
    [InlineData("delayStep", "8", null)]
    [InlineData("elitism", "0.2", null)]
    [InlineData("survival", "0.3", null)]
    [InlineData("weightGeneRate", "0.3", null)]
    [InlineData("cauchy", "true", null)]
    [InlineData("addNeuronRate", "0.1", null)]
    [InlineData("addLinkRate", "0.2", null)]
    public async Task Option_IsAccepted_ReachesTheRun_AndItsStatusSaysIt(string field, string value, string? with)
    {
        string extra = with is null ? "" : $", {with}";
        var (code, status) = await studio.SendAsync(HttpMethod.Post, "/api/evolution",
            $$"""{"task": "single-pole", "algorithm": "neat", "population": 4, "generations": 1, "seed": 2, "{{field}}": {{value}}{{extra}}}""");
        Assert.True(code == 201, $"POST /api/evolution answered {code}: {status}");
        string id = (string)status!["id"]!;
        Assert.Equal(value, status[field]!.ToJsonString());
        // Every other NEAT option keeps evolve's default.
        foreach (var (name, fallback) in Defaults.Where(d => d.Key != field))
        {
            Assert.True(status.AsObject().ContainsKey(name), $"the status has no {name}");
            Assert.Equal(fallback, status[name]?.ToJsonString() ?? "null");
        }
        await WaitForStateAsync(id, "done");
        var done = await StatusAsync(id);
        Assert.Equal(1, (int)done["generation"]!);
        Assert.Equal(value, done[field]!.ToJsonString());
    }

    [Theory]
    // The algorithm each needs.
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "pushPull": true}""", "pushPull ties NEAT's mirror-tied genes in push-pull groups: use it with algorithm neat and mirror, not cmaes.")]
    [InlineData("""{"task": "single-pole", "algorithm": "neat", "pushPull": true}""", "pushPull ties NEAT's mirror-tied genes in push-pull groups: use it with algorithm neat and mirror.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "biasStep": 0.5}""", "biasStep scales NEAT's bias weight steps: use it with algorithm neat, not cmaes.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cosyne", "pvStep": 0.3}""", "pvStep, weightLimit, sharedDelay, delayStep and minScale shape NEAT's genome: use them with algorithm neat, not cosyne.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cosyne", "weightLimit": 50}""", "pvStep, weightLimit, sharedDelay, delayStep and minScale shape NEAT's genome: use them with algorithm neat, not cosyne.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "sharedDelay": true}""", "pvStep, weightLimit, sharedDelay, delayStep and minScale shape NEAT's genome: use them with algorithm neat, not cmaes.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "delayStep": 4}""", "pvStep, weightLimit, sharedDelay, delayStep and minScale shape NEAT's genome: use them with algorithm neat, not cmaes.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "minScale": 0.2}""", "pvStep, weightLimit, sharedDelay, delayStep and minScale shape NEAT's genome: use them with algorithm neat, not cmaes.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "elitism": 0.2}""", "elitism, survival, weightGeneRate, cauchy, addNeuronRate and addLinkRate set NEAT's reproduction: use them with algorithm neat, not cmaes.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cosyne", "cauchy": true}""", "elitism, survival, weightGeneRate, cauchy, addNeuronRate and addLinkRate set NEAT's reproduction: use them with algorithm neat, not cosyne.")]
    [InlineData("""{"task": "single-pole", "algorithm": "cmaes", "addLinkRate": 0.3}""", "elitism, survival, weightGeneRate, cauchy, addNeuronRate and addLinkRate set NEAT's reproduction: use them with algorithm neat, not cmaes.")]
    // The combinations the CLI refuses.
    [InlineData("""{"task": "single-pole", "algorithm": "neat", "pvStep": 0.3, "weightGeneRate": 0.3}""", "pvStep draws every weight of a mutated genome in (P, V) coordinates, Gaussian: it does not combine with weightGeneRate or cauchy.")]
    [InlineData("""{"task": "single-pole", "algorithm": "neat", "pvStep": 0.3, "cauchy": true}""", "pvStep draws every weight of a mutated genome in (P, V) coordinates, Gaussian: it does not combine with weightGeneRate or cauchy.")]
    // The tasks each applies to.
    [InlineData("""{"task": "xor", "algorithm": "neat", "biasStep": 0.5}""", "Task xor has no bias sensor for biasStep (tasks with one: single-pole, double-pole, double-pole-nv); leave biasStep out.")]
    [InlineData("""{"task": "xor", "algorithm": "neat", "minScale": 0.2}""", "Task xor does not self-adapt NEAT's mutation size, so minScale has nothing to bound (tasks that do: single-pole, double-pole, double-pole-nv); leave it out.")]
    [InlineData("""{"task": "xor", "algorithm": "neat", "sharedDelay": true}""", "Task xor allows one link per pair, so it has no slow lane for sharedDelay (tasks with two: single-pole, double-pole, double-pole-nv); leave sharedDelay out.")]
    [InlineData("""{"task": "xor", "algorithm": "neat", "mirror": true, "pushPull": true}""", "Task xor has no mirror symmetry for mirror (tasks with one: single-pole, double-pole, double-pole-nv); leave mirror out.")]
    // Each value's range.
    [InlineData("""{"task": "single-pole", "pvStep": 0}""", "pvStep must be above 0 and at most 100 (got 0).")]
    [InlineData("""{"task": "single-pole", "pvStep": 101}""", "pvStep must be above 0 and at most 100 (got 101).")]
    [InlineData("""{"task": "single-pole", "weightLimit": -3}""", "weightLimit must be above 0 and at most 1000000 genome units (got -3).")]
    [InlineData("""{"task": "single-pole", "biasStep": 0}""", "biasStep must be above 0 and at most 100 (got 0).")]
    [InlineData("""{"task": "single-pole", "minScale": 11}""", "minScale must be above 0 and at most 10 (got 11).")]
    [InlineData("""{"task": "single-pole", "delayStep": 0}""", "delayStep must be between 1 and 1000 engine steps (got 0).")]
    [InlineData("""{"task": "single-pole", "delayStep": 1001}""", "delayStep must be between 1 and 1000 engine steps (got 1001).")]
    [InlineData("""{"task": "single-pole", "elitism": 1.5}""", "elitism must be at least 0 and at most 1 (got 1.5).")]
    [InlineData("""{"task": "single-pole", "survival": 0}""", "survival must be above 0 and at most 1 (got 0).")]
    [InlineData("""{"task": "single-pole", "weightGeneRate": 0}""", "weightGeneRate must be above 0 and at most 1 (got 0).")]
    [InlineData("""{"task": "single-pole", "addNeuronRate": -0.1}""", "addNeuronRate must be at least 0 and at most 1 (got -0.1).")]
    [InlineData("""{"task": "single-pole", "addLinkRate": 2}""", "addLinkRate must be at least 0 and at most 1 (got 2).")]
    public async Task BadOption_IsRefusedWithTheClisSentence_InTheApisFieldNames(string request, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", request);
        Assert.Equal(400, status);
        Assert.Equal(expected, (string)body!["error"]!);
    }

    [Theory]
    [InlineData("""{"task": "single-pole", "pvStep": "big"}""", "The evolution request's $.pvStep must be a number above 0 and at most 100, or null")]
    [InlineData("""{"task": "single-pole", "cauchy": "yes"}""", "The evolution request's $.cauchy must be true or false")]
    [InlineData("""{"task": "single-pole", "delayStep": 2.5}""", "The evolution request's $.delayStep must be a whole number in [1, 1000]")]
    public async Task WrongJsonShape_IsRefusedInTheApisWords(string request, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", request);
        Assert.Equal(400, status);
        Assert.StartsWith(expected, (string)body!["error"]!);
    }

    [Fact]
    public void EverySentence_IsTheClisWithTheFlagsAsFields()
    {
        // The studio's words are the CLI's, flag for field: the same check, named two ways.
        var task = NeuroSharp.Evolution.EvolutionTasks.Create("xor");
        var settings = new NeuroSharp.Evolution.EvolverSettings("neat", 0, 0, 1, SharedDelay: true);
        string cli = Assert.Throws<InvalidInputException>(() => NeuroSharp.Evolution.EvolveOptionChecks.Check(settings, task)).Message;
        string api = Assert.Throws<InvalidInputException>(() => NeuroSharp.Evolution.EvolveOptionChecks.Check(settings, task, NeuroSharp.Evolution.EvolveOptionNames.Fields)).Message;
        Assert.Equal("Task xor allows one link per pair, so it has no slow lane for --shared-delay (tasks with two: single-pole, double-pole, double-pole-nv); leave --shared-delay out.", cli);
        Assert.Equal(cli.Replace("--shared-delay", "sharedDelay", StringComparison.Ordinal), api);
        Assert.Equal("weightGeneRate", NeuroSharp.Evolution.EvolveOptionNames.Fields["--weight-gene-rate"]);
        Assert.Equal("--weight-gene-rate", NeuroSharp.Evolution.EvolveOptionNames.Flags["--weight-gene-rate"]);
    }

    [Fact]
    public async Task Tasks_SayWhichTakeTheBiasStepTheScaleFloorAndTheSharedDelay()
    {
        var tasks = (await studio.SendAsync(HttpMethod.Get, "/api/evolution/tasks")).Body!["tasks"]!.AsArray().ToDictionary(t => (string)t!["name"]!);
        foreach (string pole in new[] { "single-pole", "double-pole", "double-pole-nv" })
        {
            Assert.True((bool)tasks[pole]!["biasStep"]!, pole);
            Assert.True((bool)tasks[pole]!["minScale"]!, pole);
            Assert.True((bool)tasks[pole]!["sharedDelay"]!, pole);
        }
        Assert.False((bool)tasks["xor"]!["biasStep"]!);
        Assert.False((bool)tasks["xor"]!["minScale"]!);
        Assert.False((bool)tasks["xor"]!["sharedDelay"]!);
    }

    /// <summary>The preset's request (the setting of docs/results.md that solves 40 of 50 seeds), with a short budget.</summary>
    private static string Preset(int generations, ulong seed) => $$"""
        {"task": "double-pole-nv", "algorithm": "neat", "circuit": true, "mirror": true, "pushPull": true, "sensorCode": "linear",
         "pvStep": 0.3, "weightLimit": 50, "biasStep": 0.033, "minScale": 0.2, "generations": {{generations}}, "maxEvaluations": 40000, "seed": {{seed}}}
        """;

    [Fact]
    public async Task PresetSetting_StoppedAndResumed_GivesTheUninterruptedCurve_TheCheckpointCarriesItsOptions()
    {
        // A linear-coded run: the resume must match the checkpoint's sensor code as well as every NEAT option.
        string whole = (string)(await studio.SendAsync(HttpMethod.Post, "/api/evolution", Preset(4, 5))).Body!["id"]!;
        await WaitForStateAsync(whole, "done", 300);
        var uninterrupted = await StatusAsync(whole);
        Assert.True((int)uninterrupted["generation"]! == 4 || (bool)uninterrupted["solved"]!, uninterrupted.ToJsonString());

        string id = "";
        for (int attempt = 0; attempt < 5; attempt++)
        {
            id = (string)(await studio.SendAsync(HttpMethod.Post, "/api/evolution", Preset(4, 5))).Body!["id"]!;
            await StudioFixture.WaitForAsync(async () => (int)(await StatusAsync(id))["generation"]! >= 1, "one generation", 300);
            await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{id}/stop");
            await StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] != "running", "the run to stop", 300);
            if ((string?)(await StatusAsync(id))["state"] == "stopped") break;
        }
        await WaitForStateAsync(id, "stopped");
        var (resumeCode, resumed) = await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{id}/resume");
        Assert.True(resumeCode == 200, $"resume answered {resumeCode}: {resumed}");
        // Until it ends: a resume the checkpoint refuses (e.g. a sensor code it does not match) fails at once, with its sentence.
        await StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] != "running", "the resumed run to end", 300);
        var after = await StatusAsync(id);
        Assert.Null((string?)after["error"]);
        Assert.Equal("done", (string?)after["state"]);
        Assert.Equal(uninterrupted["curve"]!.ToJsonString(), after["curve"]!.ToJsonString());
        foreach (var (field, value) in new[] { ("pushPull", "true"), ("pvStep", "0.3"), ("weightLimit", "50"), ("biasStep", "0.033"), ("minScale", "0.2"), ("sensorCode", "\"linear\"") })
            Assert.Equal(value, after[field]!.ToJsonString());
    }
}
