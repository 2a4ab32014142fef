using System.Text.Json.Nodes;

namespace NeuroSharp.Studio.Tests.Api;

public sealed class EvolutionApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    private async Task<string> StartAsync(string request)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", request);
        Assert.True(status == 201, $"POST /api/evolution answered {status}: {body}");
        return (string)body!["id"]!;
    }

    private async Task<JsonNode> StatusAsync(string id) => (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}")).Body!;

    private Task WaitForStateAsync(string id, string state, double seconds = 60) =>
        StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] == state, $"the run to be {state}", seconds);

    private static int Generation(JsonNode status) => (int)status["generation"]!;

    /// <summary>The champion network the same double-pole-nv run (linear code, one thread) gives outside the studio.</summary>
    private static JsonNode ChampionOutsideTheStudio(NeuroSharp.Evolution.EvolverSettings settings, int generations)
    {
        var task = NeuroSharp.Evolution.EvolutionTasks.Create("double-pole-nv", "linear");
        var run = new NeuroSharp.Evolution.EvolutionRun(task, NeuroSharp.Evolution.ControllerModel.Lif, NeuroSharp.Evolution.EvolverFactory.Create(settings, task), settings.Seed, generations, 1);
        NeuroSharp.Runs.CheckpointRunner.Run(run, 1);
        return JsonNode.Parse(NeuroSharp.Spiking.NetworkFile.ToJson(run.Decode(run.Best!.Genome)))!;
    }

    [Fact]
    public async Task Xor_EvolvesGenerations_ChampionIsANetworkWithTheTaskPopulations_AndItsReplayIsTheEpisode()
    {
        string id = await StartAsync("""{"task": "xor", "algorithm": "neat", "population": 20, "generations": 3, "seed": 7}""");
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/evolution/{id}/stream");
        await WaitForStateAsync(id, "done");
        var status = await StatusAsync(id);
        int generations = Generation(status);
        // Three generations, unless one of the first two already solved XOR (the run ends at the first solution).
        Assert.True(generations == 3 || (bool)status["solved"]!, $"{generations} generations, solved {status["solved"]}");
        var curve = status["curve"]!.AsArray();
        Assert.Equal(generations, curve.Count);
        for (int g = 0; g < curve.Count; g++)
        {
            Assert.Equal(g, (int)curve[g]![0]!);
            Assert.True((double)curve[g]![1]! >= (double)curve[g]![2]!, $"generation {g}: best {curve[g]![1]} below mean {curve[g]![2]}");
        }
        Assert.Equal(20, (int)status["population"]!);
        // Every genome of every generation is evaluated; a solving generation counts up to its first solver.
        long evaluations = (long)status["evaluations"]!;
        if ((bool)status["solved"]!) Assert.InRange(evaluations, (generations - 1) * 20L + 1, generations * 20L);
        else Assert.Equal(generations * 20L, evaluations);

        var (code, champion) = await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/champion");
        Assert.Equal(200, code);
        var populations = champion!["network"]!["populations"]!.AsArray().Select(p => ((string)p!["name"]!, (int)p["count"]!)).ToList();
        Assert.Contains(("input", 3), populations);
        Assert.Contains(("output", 1), populations);
        // The champion's fitness is the best of every generation's best: (4 - error)^2 on [0, 16].
        double best = curve.Max(p => (double)p![1]!);
        Assert.Equal(best, (double)champion["fitness"]!, 9);

        var (replayCode, replay) = await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/replay");
        Assert.Equal(200, replayCode);
        Assert.Equal("xor", (string)replay!["world"]!);
        var frames = replay["frames"]!.AsArray();
        Assert.Equal(4, frames.Count);
        // The four patterns in order: [a, b, target, y], target = a xor b, y = min(1, spikes / 25).
        double error = 0;
        for (int p = 0; p < 4; p++)
        {
            var s = frames[p]!["state"]!.AsArray().Select(v => (double)v!).ToArray();
            Assert.Equal(p >> 1, s[0]);
            Assert.Equal(p & 1, s[1]);
            Assert.Equal((p >> 1) ^ (p & 1), s[2]);
            Assert.Equal(Math.Min(1, (int)frames[p]!["spikes"]![0]! / 25.0), s[3], 4);
            error += Math.Abs(s[3] - s[2]);
        }
        // The replay is the very episode that earned the champion its fitness.
        Assert.Equal((double)champion["fitness"]!, (4 - error) * (4 - error), 3);

        await page.WaitForAsync(m => (string?)m["state"] == "done", "the last frame on the stream");
        Assert.Contains(page.Messages, m => (string?)m["type"] == "evolution" && (int)m["generation"]! >= 1);
    }

    [Fact]
    public async Task StopThenResume_GoesOnFromTheCheckpoint_AsAnUninterruptedRun()
    {
        // Seed 11 with 16 genomes does not solve XOR within 12 generations, so the run is still going when stopped.
        const string request = """{"task": "xor", "algorithm": "neat", "population": 16, "generations": 12, "seed": 11}""";
        string whole = await StartAsync(request);
        await WaitForStateAsync(whole, "done");
        var uninterrupted = await StatusAsync(whole);
        Assert.False((bool)uninterrupted["solved"]!);
        Assert.Equal(12, Generation(uninterrupted));

        // On idle cores a run can evaluate its last ten generations between the poll that sees two and the stop, and
        // end done: such a try proves nothing about resuming, so the test starts another (at most five tries).
        string id = "";
        for (int attempt = 0; attempt < 5; attempt++)
        {
            id = await StartAsync(request);
            await StudioFixture.WaitForAsync(async () => Generation(await StatusAsync(id)) >= 2, "two generations");
            var (stopCode, _) = await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{id}/stop");
            Assert.Equal(200, stopCode);
            await StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] != "running", "the run to stop", 60);
            if ((string?)(await StatusAsync(id))["state"] == "stopped") break;
        }
        await WaitForStateAsync(id, "stopped");
        int at = Generation(await StatusAsync(id));
        Assert.InRange(at, 2, 11);
        var (resumeCode, resumed) = await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{id}/resume");
        Assert.True(resumeCode == 200, $"resume answered {resumeCode}: {resumed}");
        Assert.Equal("running", (string?)resumed!["state"]);
        Assert.Equal(at, Generation(resumed));
        await WaitForStateAsync(id, "done");
        // Same seed, same generations: the curve after a stop and a resume is the uninterrupted run's, bit for bit.
        Assert.Equal(uninterrupted["curve"]!.ToJsonString(), (await StatusAsync(id))["curve"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"task": "juggling"}""", "Unknown task 'juggling' (known: xor, single-pole")]
    [InlineData("""{"task": "xor", "population": 0}""", "population must be in [2, 2000] for neat (got 0)")]
    [InlineData("""{"task": "xor", "algorithm": "cosyne", "population": 3}""", "population must be in [4, 2000] for cosyne (got 3)")]
    [InlineData("""{"algorithm": "genetic"}""", "algorithm must be one of neat, cmaes, cosyne (got 'genetic')")]
    [InlineData("""{"generations": 0}""", "generations must be in [1, 100000] (got 0)")]
    [InlineData("""{"hidden": -1}""", "hidden must be in [0, 64] (got -1)")]
    [InlineData("""{"model": "hodgkin"}""", "Unknown neuron model 'hodgkin'")]
    [InlineData("""{"task": "xor", "model": "transmitter"}""", "binds spiking populations only")]
    [InlineData("""{"population": "ten"}""", "$.population must be a whole number")]
    [InlineData("""{"colour": 1}""", "unknown field \"colour\"")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    [InlineData("""{"task": "double-pole-nv", "sensorCode": "cubic"}""", "sensorCode must be log or linear (got 'cubic')")]
    [InlineData("""{"task": "xor", "sensorCode": "linear"}""", "sensorCode linear applies to the pole tasks")]
    [InlineData("""{"task": "xor", "algorithm": "cmaes", "circuit": true}""", "circuit applies to the tasks with a seed circuit (single-pole, double-pole, double-pole-nv, worm-klinotaxis); task xor has none")]
    [InlineData("""{"task": "double-pole", "algorithm": "neat", "circuit": true}""", "use it with algorithm cmaes or cosyne, not neat (neat starts from a circuit's topology only on double-pole-nv)")]
    [InlineData("""{"task": "double-pole-nv", "circuit": "yes"}""", "$.circuit must be")]
    [InlineData("""{"task": "double-pole-nv", "sensorCode": 2}""", "$.sensorCode must be")]
    [InlineData("""{"task": "double-pole-nv", "algorithm": "cosyne", "mirror": true}""", "mirror ties NEAT's genes in mirror pairs: use it with algorithm neat, not cosyne")]
    [InlineData("""{"task": "xor", "algorithm": "neat", "mirror": true}""", "Task xor has no mirror symmetry for mirror (tasks with one: single-pole, double-pole, double-pole-nv); leave mirror out.")]
    [InlineData("""{"task": "double-pole", "algorithm": "cosyne", "circuit": true, "cartDelay": 20}""", "cartDelay applies to task double-pole-nv (the delay-line circuit), not double-pole")]
    [InlineData("""{"task": "double-pole-nv", "algorithm": "cosyne", "cartDelay": 20}""", "cartDelay applies to circuit with algorithm cmaes or cosyne (the tuned delay-line circuit); add circuit.")]
    [InlineData("""{"task": "double-pole-nv", "algorithm": "neat", "circuit": true, "cartDelay": 20}""", "cartDelay applies to circuit with algorithm cmaes or cosyne (the tuned delay-line circuit), not neat")]
    [InlineData("""{"task": "double-pole-nv", "algorithm": "cmaes", "circuit": true, "cartDelay": 0}""", "cartDelay must be between 1 and 1000 ms (got 0)")]
    [InlineData("""{"task": "double-pole-nv", "algorithm": "cmaes", "circuit": true, "cartDelay": 1500}""", "cartDelay must be between 1 and 1000 ms (got 1500)")]
    [InlineData("""{"task": "xor", "maxEvaluations": -1}""", "maxEvaluations must be 0 or more (got -1).")]
    [InlineData("""{"task": "double-pole-nv", "mirror": "yes"}""", "$.mirror must be")]
    public async Task BadRequest_IsRefusedWithOneSentence(string request, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", request);
        Assert.Equal(400, status);
        Assert.Contains(expected, (string)body!["error"]!);
    }

    [Fact]
    public async Task UnknownRun_Answers404_AndAResumeOfARunningRunIsRefused()
    {
        var (code, body) = await studio.SendAsync(HttpMethod.Get, "/api/evolution/0123456789abcdef");
        Assert.Equal(404, code);
        Assert.Contains("no evolution run '0123456789abcdef'", (string)body!["error"]!);
        Assert.Equal(404, (await studio.SendAsync(HttpMethod.Get, "/api/evolution/0123456789abcdef/champion")).Status);

        string id = await StartAsync("""{"task": "xor", "population": 20, "generations": 100000, "seed": 2}""");
        var (resume, refusal) = await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{id}/resume");
        Assert.Equal(400, resume);
        Assert.Contains("only a stopped run resumes", (string)refusal!["error"]!);
        await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{id}/stop");
        await StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] != "running", "the run to stop");
    }

    [Fact]
    public async Task ThirdRunningRun_IsRefusedWith429_UntilOneStops()
    {
        const string endless = """{"task": "xor", "population": 20, "generations": 100000, "seed": 3}""";
        string a = await StartAsync(endless), b = await StartAsync(endless);
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", endless);
        Assert.Equal(429, status);
        Assert.Contains("2 evolution runs are running already", (string)body!["error"]!);
        foreach (string id in new[] { a, b })
        {
            await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{id}/stop");
            await StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] != "running", "the run to stop");
        }
        string c = await StartAsync(endless);
        await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{c}/stop");
        await StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(c))["state"] != "running", "the run to stop");
    }

    [Fact]
    public async Task Start_FromAnotherOrigin_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/evolution") { Content = StudioFixture.Json("""{"task": "xor"}""") };
        request.Headers.Add("Origin", "http://attacker.example");
        using var response = await studio.Http.SendAsync(request);
        Assert.Equal(403, (int)response.StatusCode);
    }

    [Fact]
    public async Task Stream_FromAnotherOrigin_IsRefused_AndABodyOverItsLimitIs413()
    {
        string id = await StartAsync("""{"task": "xor", "population": 10, "generations": 1, "seed": 1}""");
        var e = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => StreamClient.ConnectAsync(studio.Server.Url, $"/api/evolution/{id}/stream", "http://attacker.example"));
        Assert.Contains("403", e.Message);
        // An evolution request is a few hundred bytes, plus a connectome file of up to twice --max-upload (64 KiB here):
        // 200 KiB is refused before it is read whole.
        string padded = "{\"task\": \"xor\", \"padding\": \"" + new string('x', 200 * 1024) + "\"}";
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", padded);
        Assert.Equal(413, status);
        Assert.Contains("an evolution request is a few hundred bytes", (string)body!["error"]!);
        await WaitForStateAsync(id, "done");
    }

    [Fact]
    public async Task CartDelayAndMaxEvaluations_ReachTheRun_AsEvolveRunsThem()
    {
        // evolve --task double-pole-nv --algorithm cosyne --circuit --sensor-code linear --cart-delay 20 --population 4
        // --max-evaluations 8: two generations of 4, then the run stops; the champion is the same run's outside the studio.
        string id = await StartAsync("""{"task": "double-pole-nv", "algorithm": "cosyne", "circuit": true, "sensorCode": "linear", "cartDelay": 20, "maxEvaluations": 8, "population": 4, "generations": 50, "seed": 2}""");
        await WaitForStateAsync(id, "done", 120);
        var status = await StatusAsync(id);
        Assert.Equal(2, Generation(status));
        Assert.Equal(8, (long)status["evaluations"]!);
        Assert.Equal(20, (double)status["cartDelay"]!);
        Assert.Equal(8, (long)status["maxEvaluations"]!);
        Assert.False((bool)status["mirror"]!);
        var task = (NeuroSharp.Evolution.Tasks.PoleBalancingTask)NeuroSharp.Evolution.EvolutionTasks.Create("double-pole-nv", "linear");
        task.CartDelayMs = 20;
        var settings = new NeuroSharp.Evolution.EvolverSettings("cosyne", 4, 4, 2, Circuit: true, CartDelayMs: 20);
        var run = new NeuroSharp.Evolution.EvolutionRun(task, NeuroSharp.Evolution.ControllerModel.Lif, NeuroSharp.Evolution.EvolverFactory.Create(settings, task), 2, 50, 1) { MaxEvaluations = 8 };
        NeuroSharp.Runs.CheckpointRunner.Run(run, 1);
        Assert.Equal(2, run.History.Count);
        var outside = JsonNode.Parse(NeuroSharp.Spiking.NetworkFile.ToJson(run.Decode(run.Best!.Genome)))!;
        var champion = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/champion")).Body!["network"]!;
        // The cart delay's ninth number makes x's slow path its own projection; the network is the same as outside.
        Assert.Equal(outside["projections"]!.ToJsonString(), champion["projections"]!.ToJsonString());
    }

    [Fact]
    public async Task Mirror_ReachesANeatRun_AndTheTasksSayWhichOffersItAndTheCartDelay()
    {
        var body = (await studio.SendAsync(HttpMethod.Get, "/api/evolution/tasks")).Body!;
        var tasks = body["tasks"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => t!);
        Assert.True((bool)tasks["double-pole-nv"]["mirror"]!);
        Assert.False((bool)tasks["xor"]["mirror"]!);
        Assert.True((bool)tasks["double-pole-nv"]["cartDelay"]!);
        Assert.False((bool)tasks["double-pole"]["cartDelay"]!);
        string id = await StartAsync("""{"task": "double-pole-nv", "algorithm": "neat", "mirror": true, "population": 10, "generations": 1, "seed": 3}""");
        Assert.True((bool)(await StatusAsync(id))["mirror"]!);
        await WaitForStateAsync(id, "done", 120);
    }

    [Fact]
    public async Task Tasks_ListEveryTaskWithItsWorld()
    {
        var body = (await studio.SendAsync(HttpMethod.Get, "/api/evolution/tasks")).Body!;
        var worlds = body["tasks"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string)t!["world"]!);
        Assert.Equal("xor", worlds["xor"]);
        Assert.Equal("cart-pole", worlds["double-pole-nv"]);
        Assert.Equal("worm", worlds["worm-klinotaxis"]);
        Assert.Equal(["neat", "cmaes", "cosyne"], body["algorithms"]!.AsArray().Select(a => (string)a!).ToArray());
    }

    [Fact]
    public async Task Tasks_NameEachTasksDefaultModel_AsTheCliPicksIt()
    {
        var body = (await studio.SendAsync(HttpMethod.Get, "/api/evolution/tasks")).Body!;
        var models = body["tasks"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string)t!["model"]!);
        Assert.Equal("transmitter", models["touch-reflex"]);
        Assert.Equal("lif", models["xor"]);
        Assert.Equal("lif", models["double-pole-nv"]);
        var known = body["models"]!.AsArray().Select(m => (string)m!).ToHashSet();
        Assert.All(models.Values, m => Assert.Contains(m, known));
    }

    [Theory]
    [InlineData("touch-reflex", "transmitter")]
    [InlineData("xor", "lif")]
    public async Task Start_WithoutAModel_GetsTheTasksDefaultModel(string task, string expected)
    {
        string id = await StartAsync($$"""{"task": "{{task}}", "algorithm": "neat", "population": 6, "generations": 1, "seed": 3}""");
        Assert.Equal(expected, (string?)(await StatusAsync(id))["model"]);
        await WaitForStateAsync(id, "done");
        // The champion was decoded with that model (a transmitter champion is a list of neurons, a lif one populations).
        var network = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/champion")).Body!["network"]!;
        Assert.EndsWith($"model {expected}.", (string)network["description"]!);
    }

    [Fact]
    public async Task Page_IsServed_WithItsScript()
    {
        string page = await studio.Http.GetStringAsync("/evolution");
        Assert.Contains("/assets/evolution.js", page);
        Assert.True((await studio.Http.GetStringAsync("/assets/evolution.js")).Length > 1000);
    }

    [Theory]
    [InlineData("double-pole-nv", "cmaes", 6, "cart-pole", 6, 7)]
    [InlineData("touch-reflex", "cosyne", 8, "touch-reflex", 3, 1)]
    public async Task OtherTasksAndAlgorithms_ReplayTheChampionInItsWorld(string task, string algorithm, int population, string world, int stateLength, int sensors)
    {
        // lif named: touch-reflex's own default, transmitter, evolves by NEAT only.
        string id = await StartAsync($$"""{"task": "{{task}}", "algorithm": "{{algorithm}}", "population": {{population}}, "generations": 1, "model": "lif", "hidden": 2, "seed": 5}""");
        await WaitForStateAsync(id, "done");
        var status = await StatusAsync(id);
        Assert.Equal(1, Generation(status));
        Assert.Equal(world, (string)status["world"]!);
        var replay = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/replay")).Body!;
        Assert.Equal(world, (string)replay["world"]!);
        var frames = replay["frames"]!.AsArray();
        Assert.InRange(frames.Count, 1, 400);
        Assert.All(frames, f => Assert.Equal(stateLength, f!["state"]!.AsArray().Count));
        // One spike count per motor neuron in every frame, never negative.
        int motors = (int)replay["motorNeurons"]!;
        Assert.All(frames, f => Assert.True(f!["spikes"]!.AsArray().Count == motors && f["spikes"]!.AsArray().All(c => (int)c! >= 0)));
        var network = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/champion")).Body!["network"]!;
        Assert.Contains(network["populations"]!.AsArray(), p => (string)p!["name"]! == "output" && (int)p["count"]! == motors);
        // The raster: every neuron of the fixed topology (2 hidden), grouped sensors, hidden, motor; its motor rows are the
        // motor spikes of the same frame.
        var raster = replay["raster"]!;
        var groups = raster["groups"]!.AsArray().Select(g => ((string)g!["name"]!, (int)g["start"]!, (int)g["count"]!)).ToArray();
        Assert.Equal([("sensors", 0, sensors), ("hidden", sensors, 2), ("motor", sensors + 2, motors)], groups);
        Assert.Equal(sensors + 2 + motors, (int)raster["neurons"]!);
        Assert.All(frames, f =>
        {
            var rows = f!["neurons"]!.AsArray().Select(c => (int)c!).ToArray();
            Assert.Equal(sensors + 2 + motors, rows.Length);
            Assert.Equal(f["spikes"]!.AsArray().Select(c => (int)c!), rows[(sensors + 2)..]);
        });
        // The sensors fire (the pole's bias sensor always, the skin when touched), so the raster shows more than the motor neurons.
        Assert.Contains(frames, f => f!["neurons"]!.AsArray().Take(sensors).Any(c => (int)c! > 0));
    }

    [Fact]
    public async Task Tasks_SayWhichHaveASeedCircuitANeatStartAndWhichSensorCodes()
    {
        var tasks = (await studio.SendAsync(HttpMethod.Get, "/api/evolution/tasks")).Body!["tasks"]!.AsArray().ToDictionary(t => (string)t!["name"]!);
        Assert.True((bool)tasks["double-pole-nv"]!["circuit"]!);
        Assert.True((bool)tasks["worm-klinotaxis"]!["circuit"]!);
        Assert.False((bool)tasks["xor"]!["circuit"]!);
        // NEAT's start topology (circuit with neat): double-pole-nv only, not the tasks whose circuit only CMA-ES and CoSyNE tune.
        Assert.True((bool)tasks["double-pole-nv"]!["neatStart"]!);
        Assert.False((bool)tasks["double-pole"]!["neatStart"]!);
        Assert.False((bool)tasks["worm-klinotaxis"]!["neatStart"]!);
        Assert.Equal(["log", "linear"], tasks["double-pole-nv"]!["sensorCodes"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Equal(["log"], tasks["worm-klinotaxis"]!["sensorCodes"]!.AsArray().Select(c => (string)c!).ToArray());
    }

    [Fact]
    public async Task DoublePoleNvCircuitLinear_EvolvesTheCircuitWithTheLinearCode_AsTheCliDoes()
    {
        string id = await StartAsync("""{"task": "double-pole-nv", "algorithm": "cmaes", "circuit": true, "sensorCode": "linear", "population": 4, "generations": 2, "seed": 4}""");
        await WaitForStateAsync(id, "done", 120);
        var status = await StatusAsync(id);
        Assert.True((bool)status["circuit"]!);
        Assert.Equal("linear", (string)status["sensorCode"]!);
        Assert.Equal(2, Generation(status));
        // The champion is the delay-line circuit under the linear code, not a fully connected network: its description
        // is the network the same run evolves outside the studio (as `evolve --circuit --sensor-code linear` does).
        var network = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/champion")).Body!["network"]!;
        var expected = ChampionOutsideTheStudio(new NeuroSharp.Evolution.EvolverSettings("cmaes", 4, 4, 4, Circuit: true), generations: 2);
        Assert.Equal(expected["populations"]!.ToJsonString(), network["populations"]!.ToJsonString());
        Assert.Equal(expected["projections"]!.ToJsonString(), network["projections"]!.ToJsonString());
    }

    [Fact]
    public async Task DoublePoleNvNeatCircuit_StartsNeatFromTheDelayLineTopology_AsTheCliDoes()
    {
        string id = await StartAsync("""{"task": "double-pole-nv", "algorithm": "neat", "circuit": true, "sensorCode": "linear", "population": 6, "generations": 1, "seed": 3}""");
        await WaitForStateAsync(id, "done", 120);
        var status = await StatusAsync(id);
        Assert.True((bool)status["circuit"]!);
        // The champion is a NEAT genome grown from the start topology: the studio's network equals the one the same
        // run decodes outside the studio (evolve --algorithm neat --circuit).
        var network = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/champion")).Body!["network"]!;
        var expected = ChampionOutsideTheStudio(new NeuroSharp.Evolution.EvolverSettings("neat", 6, 0, 3, Circuit: true), generations: 1);
        Assert.Equal(expected["projections"]!.ToJsonString(), network["projections"]!.ToJsonString());
    }
}
