using System.Text.Json.Nodes;

namespace NeuroSharp.Studio.Tests.Api;

/// <summary>
/// The evolution page's connectome (<c>evolve --network</c>): a C. elegans-style NeuroML file sent with the request becomes
/// the worm's network, the run tunes its gains, and a bad file is refused with one sentence (docs/studio.md).
/// </summary>
public sealed class EvolutionConnectomeApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    private static string Request(string task, string algorithm, string network, string name) =>
        new JsonObject
        {
            ["task"] = task, ["algorithm"] = algorithm, ["population"] = 4, ["generations"] = 1, ["seed"] = 3,
            ["network"] = network, ["networkName"] = name,
        }.ToJsonString();

    private async Task<JsonNode> StatusAsync(string id) => (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}")).Body!;

    [Fact]
    public async Task WormWithAConnectome_EvolvesItsGains_ChampionKeepsTheWiring_ReplayShowsTheWormAndEveryCell()
    {
        // worm-withdrawal: 4 trials of 15 s, the cheaper worm task.
        var (code, started) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request("worm-withdrawal", "cmaes", Networks.MiniWormConnectome, "mini_worm.net.nml"));
        Assert.True(code == 201, $"POST /api/evolution answered {code}: {started}");
        string id = (string)started!["id"]!;
        Assert.Equal("mini_worm.net.nml", (string)started["network"]!);
        // Generous: a busy machine (other builds on two cores) makes the worm's trials slow.
        await StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] == "done", "the run to be done", 180);
        var status = await StatusAsync(id);
        Assert.Equal(1, (int)status["generation"]!);
        Assert.Equal(4L, (long)status["evaluations"]!);

        var network = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/champion")).Body!["network"]!;
        var populations = network["populations"]!.AsArray().Select(p => ((string)p!["name"]!, (int)p["count"]!)).ToList();
        // The ten cells packed into one population, and the interface: 7 sensor neurons, 3 readouts, the smell-rise relay.
        Assert.Equal([("cells", 10), ("input", 7), ("output", 3), ("steer", 1)], populations);
        // Every synapse of the file is kept, in its order: SMDDL (4) -> MDL01 (8) among the excitatory ones onto muscles.
        var projections = network["projections"]!.AsArray();
        var toMuscles = projections.Single(p => (string)p!["name"]! == "cells->cells excitatory onto muscles")!;
        var sources = toMuscles["connectivity"]!["sources"]!.AsArray().Select(x => (int)x!).ToArray();
        var targets = toMuscles["connectivity"]!["targets"]!.AsArray().Select(x => (int)x!).ToArray();
        Assert.Equal([(4, 8), (5, 9)], sources.Zip(targets));
        // The head oscillator's pulses and the steering synapses are in the champion file, so play and the editor run it as evolved.
        Assert.Contains(projections, p => (string)p!["name"]! == "steer->cells steering rise");
        Assert.Contains(network["inputs"]!.AsArray(), i => i!["indices"] is JsonArray { Count: > 0 });

        var replay = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/replay")).Body!;
        Assert.Equal("worm", (string)replay["world"]!);
        Assert.InRange(replay["frames"]!.AsArray().Count, 1, 400);
        var groups = replay["raster"]!["groups"]!.AsArray().Select(g => ((string)g!["name"]!, (int)g["count"]!)).ToArray();
        Assert.Equal([("sensors", 7), ("hidden", 11), ("motor", 3)], groups); // hidden: the ten cells and the relay
        // The head oscillator drives the head motor neurons whatever the gains: the cells' rows have spikes.
        Assert.Contains(replay["frames"]!.AsArray(), f => f!["neurons"]!.AsArray().Skip(7).Take(11).Any(c => (int)c! > 0));
    }

    [Theory]
    [InlineData("worm-klinotaxis", "cmaes", "<neuroml><network", "bad.net.nml", "network 'bad.net.nml':")]
    [InlineData("worm-klinotaxis", "cmaes", """<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="x"><iafCell id="c" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/><network id="x"><population id="AVAL" component="c" size="1"/></network></neuroml>""", "x.net.nml", "has no head muscle cell")]
    [InlineData("worm-klinotaxis", "cmaes", "{\"format\": \"neurosharp.network\", \"version\": 1, \"neurons\": 3}", "x.json", "network 'x.json':")]
    [InlineData("xor", "cmaes", "<neuroml/>", "x.net.nml", "network applies to the worm tasks")]
    [InlineData("worm-klinotaxis", "neat", "<neuroml/>", "x.net.nml", "use it with algorithm cmaes or cosyne, not neat")]
    public async Task BadConnectome_IsRefusedWithOneSentence_NothingStarts(string task, string algorithm, string network, string name, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request(task, algorithm, network, name));
        Assert.Equal(400, status);
        string error = (string)body!["error"]!;
        Assert.Contains(expected, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task WithoutAConnectome_StatusSaysNetworkNull()
    {
        var (code, started) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", """{"task": "xor", "population": 10, "generations": 1}""");
        Assert.Equal(201, code);
        Assert.True(started!.AsObject().ContainsKey("network"));
        Assert.Null(started["network"]);
        await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{(string)started["id"]!}/stop");
    }
}
