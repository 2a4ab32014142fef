using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NeuroSharp.Evolution;
using NeuroSharp.Studio.Evolution;
using NeuroSharp.Studio.Hosting;

namespace NeuroSharp.Studio.Api;

/// <summary>
/// The evolution endpoints: the tasks (each with its world and default neuron model, as <c>evolve</c> picks it) and algorithms, start a run, read its status, stop and resume it, its
/// champion (a network file) and the champion's replay in its world, and its WebSocket stream of frames.
/// Saving the champion goes through the workspace's own <c>PUT /api/file</c> (confinement, atomic write, 409).
/// </summary>
internal static class EvolutionEndpoints
{
    private static readonly (string Name, string Shape)[] RequestFields =
    [
        ("task", "a task name as a string"),
        ("algorithm", "\"neat\", \"cmaes\" or \"cosyne\""),
        ("population", $"a whole number in [2, {EvolutionRequest.MaxPopulation}], or null for the algorithm's default"),
        ("generations", $"a whole number in [1, {EvolutionRequest.MaxGenerations}]"),
        ("model", $"one of {string.Join(", ", ControllerModel.All.Select(m => m.Name))}, or null for the task's default"),
        ("hidden", $"a whole number in [0, {EvolutionRequest.MaxHidden}]"),
        ("seed", "a whole number of at least 0"),
        ("circuit", "true or false (cmaes, cosyne: tune the task's seed circuit; neat: start from its topology, double-pole-nv)"),
        ("sensorCode", "\"log\" or \"linear\" (linear: the pole tasks only)"),
        ("mirror", "true or false (neat on the pole tasks: mirror-tied genes)"),
        ("cartDelay", "a number of ms in [1, 1000], or null (double-pole-nv with circuit, cmaes or cosyne: x's own slow-path delay)"),
        ("maxEvaluations", "a whole number of at least 0 (0: no bound)"),
        ("sigma", "a number above 0 and at most 100 (cmaes: the initial step size; neat: a factor on the first genomes' weight spread; 1: the default)"),
        ("restarts", "a whole number in [0, 20] (cmaes: the most IPOP-CMA-ES restarts; 0: none)"),
        ("restartGrowth", "a whole number in [1, 4] (cmaes: each restart multiplies the population by it; 2: IPOP)"),
        ("testAllBalanced", "true or false (double-pole-nv: the 100 000-step test for every network that balanced the episode)"),
        ("pushPull", "true or false (neat with mirror on the pole tasks: push-pull tied genes)"),
        ("pvStep", "a number above 0 and at most 100, or null (neat: lane pairs mutated in (P, V) coordinates)"),
        ("weightLimit", "a number of genome units above 0, or null for the task's limit (neat)"),
        ("biasStep", "a number above 0 and at most 100 (neat on the pole tasks; 1: none)"),
        ("minScale", "a number above 0 and at most 10, or null (neat on the pole tasks: the mutation scale's floor)"),
        ("sharedDelay", "true or false (neat on the pole tasks: one shared slow delay)"),
        ("delayStep", "a whole number in [1, 1000] (neat: engine steps per delay mutation)"),
        ("elitism", "a fraction in [0, 1], or null (neat)"),
        ("survival", "a fraction above 0 and at most 1, or null (neat)"),
        ("weightGeneRate", "a probability above 0 and at most 1, or null (neat)"),
        ("cauchy", "true or false (neat: Cauchy weight perturbations)"),
        ("addNeuronRate", "a probability in [0, 1], or null (neat)"),
        ("addLinkRate", "a probability in [0, 1], or null (neat)"),
        ("network", "the text of a C. elegans connectome (NeuroML .net.nml or network JSON) as a string, or null"),
        ("networkName", "the connectome file's name as a string, e.g. \"c302_A_Full.net.nml\""),
        ("includes", "the files the connectome includes, as an object of name and text, e.g. {\"cell_B.xml\": \"<neuroml ...>\"}, or null"),
    ];

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The application.</param>
    /// <param name="studio">The shared state.</param>
    public static void Map(WebApplication app, StudioContext studio)
    {
        app.MapGet("/api/evolution/tasks", () => ApiResults.Json(new JsonObject
        {
            ["tasks"] = new JsonArray([.. EvolutionTasks.Names.Select(n => (n, t: EvolutionTasks.Create(n))).Select(x => (JsonNode)new JsonObject { ["name"] = x.n, ["world"] = ChampionReplay.WorldOf(x.t), ["model"] = x.t.DefaultModel.Name, ["circuit"] = x.t.Circuit is not null, ["neatStart"] = x.t.NeatStartLinks is not null, ["mirror"] = x.t.NeatMirror is not null, ["cartDelay"] = x.t is NeuroSharp.Evolution.Tasks.PoleBalancingTask { Variant: NeuroSharp.Evolution.Tasks.PoleVariant.DoublePoleNoVelocity }, ["biasStep"] = x.t.NeatDefaults.BiasSensor is not null, ["minScale"] = x.t.NeatDefaults.AdaptiveMutation, ["sharedDelay"] = x.t.NeatDefaults.MaxParallelLinks >= 2, ["testAllBalanced"] = EvolveOptionChecks.TestsAllBalanced(x.t), ["sensorCodes"] = new JsonArray([.. EvolutionRequest.SensorCodesOf(x.t).Select(c => (JsonNode)c)]) })]),
            ["algorithms"] = new JsonArray([.. EvolverFactory.Algorithms.Select(a => (JsonNode)a)]),
            ["models"] = new JsonArray([.. ControllerModel.All.Select(m => (JsonNode)m.Name)]),
            ["maxPopulation"] = EvolutionRequest.MaxPopulation,
            ["maxGenerations"] = EvolutionRequest.MaxGenerations,
        }));

        app.MapPost("/api/evolution", async (HttpRequest request) =>
        {
            // A few hundred bytes, or with a connectome file (network) up to twice --max-upload: c302's 1.5 MB files fit the default.
            string text = await RequestBody.ReadTextAsync(request, 2 * studio.Options.MaxUploadBytes + 16 * 1024, "an evolution request is a few hundred bytes plus its connectome file; start the studio with a larger --max-upload for a larger connectome").ConfigureAwait(false);
            var job = studio.Evolution.Start(JsonBodyError.Parse(text, StudioJsonContext.Default.EvolutionRequest, "The evolution request", "{\"task\": \"xor\", \"algorithm\": \"neat\", \"population\": 50, \"seed\": 1}", RequestFields));
            return Json(job.Status(), StatusCodes.Status201Created);
        });

        app.MapGet("/api/evolution/{id}", (string id) =>
            studio.Evolution.Find(id) is { } job ? Json(job.Status()) : NotFound(id));

        app.MapPost("/api/evolution/{id}/stop", (string id) =>
        {
            if (studio.Evolution.Find(id) is not { } job) return NotFound(id);
            job.Stop();
            return Json(job.Status());
        });

        app.MapPost("/api/evolution/{id}/resume", (string id) =>
        {
            if (studio.Evolution.Find(id) is not { } job) return NotFound(id);
            studio.Evolution.Resume(job);
            return Json(job.Status());
        });

        app.MapGet("/api/evolution/{id}/champion", (string id) =>
        {
            if (studio.Evolution.Find(id) is not { } job) return NotFound(id);
            if (job.ChampionNetwork() is not { } champion)
                return ApiResults.Error(StatusCodes.Status404NotFound, $"The evolution run '{id}' has no champion yet (it has one once its first generation is evaluated).");
            return ApiResults.Json(new JsonObject
            {
                ["generation"] = champion.Champion.Generation,
                ["fitness"] = champion.Champion.Fitness,
                ["solved"] = champion.Champion.Solved,
                ["network"] = JsonNode.Parse(champion.Network),
            });
        });

        app.MapGet("/api/evolution/{id}/replay", (string id) =>
        {
            if (studio.Evolution.Find(id) is not { } job) return NotFound(id);
            return job.Replay() is { } replay
                ? Results.Bytes(replay, "application/json; charset=utf-8")
                : ApiResults.Error(StatusCodes.Status404NotFound, $"The evolution run '{id}' has no champion yet (it has one once its first generation is evaluated).");
        });

        JobStreamEndpoint.Map(app, studio, "/api/evolution/{id}/stream", id => studio.Evolution.Find(id), NotFoundMessage);
    }

    private static IResult Json(byte[] status, int code = StatusCodes.Status200OK) =>
        Results.Content(System.Text.Encoding.UTF8.GetString(status), "application/json; charset=utf-8", null, code);

    private static IResult NotFound(string id) => ApiResults.Error(StatusCodes.Status404NotFound, NotFoundMessage(id));

    private static string NotFoundMessage(string id) =>
        $"There is no evolution run '{id}' (a run no page watched and no request used for the studio's --idle-timeout is forgotten; start one with POST /api/evolution).";
}
