using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Studio;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Evolution;

/// <summary>
/// The studio's evolution page runs what <c>neurosharp evolve</c> runs: the setting that solves 40 of 50 seeds of double-pole-nv
/// (docs/results.md), asked of a real studio server and of the CLI with the same seed, gives the same history, generation by
/// generation, bit for bit (same seed, same result; the studio evaluates on one thread, the CLI on its default).
/// </summary>
public sealed class EvolveStudioParityTests
{
    private const int Generations = 3;

    [Fact]
    public async Task NeatDoublePoleNvPreset_ThroughTheStudio_GivesTheClisHistory()
    {
        const ulong seed = 3;
        using var dir = new TempDirectory();
        string cliOut = Path.Combine(dir.Path, "cli");
        var cli = CliRunner.Run("evolve", "--out", cliOut, "--quiet", "--task", "double-pole-nv", "--algorithm", "neat", "--circuit", "--mirror", "--push-pull",
            "--sensor-code", "linear", "--pv-step", "0.3", "--weight-limit", "50", "--bias-step", "0.033", "--min-scale", "0.2",
            "--generations", Generations.ToString(CultureInfo.InvariantCulture), "--max-evaluations", "40000", "--seed", seed.ToString(CultureInfo.InvariantCulture));
        Assert.True(cli.Exit == 0, cli.Err);
        var rows = File.ReadAllLines(Path.Combine(cliOut, "history.csv")).Skip(1).Select(l => l.Split(',')).ToArray();

        await using var server = await StudioServer.StartAsync(new StudioOptions { Port = 0, Workspace = Path.Combine(dir.Path, "ws") });
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        string request = $$"""
            {"task": "double-pole-nv", "algorithm": "neat", "circuit": true, "mirror": true, "pushPull": true, "sensorCode": "linear",
             "pvStep": 0.3, "weightLimit": 50, "biasStep": 0.033, "minScale": 0.2, "generations": {{Generations}}, "maxEvaluations": 40000, "seed": {{seed}}}
            """;
        using var started = await http.PostAsync("/api/evolution", new StringContent(request, Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
        string startedText = await started.Content.ReadAsStringAsync();
        Assert.True((int)started.StatusCode == 201, startedText);
        string id = (string)JsonNode.Parse(startedText)!["id"]!;
        JsonNode status;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            status = JsonNode.Parse(await http.GetStringAsync($"/api/evolution/{id}"))!;
            if ((string?)status["state"] is "done" or "failed") break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Gave up waiting for the studio's run after 5 minutes.");
            await Task.Delay(100);
        }
        Assert.Null((string?)status["error"]);

        var curve = status["curve"]!.AsArray();
        Assert.Equal(rows.Length, curve.Count);
        Assert.True(rows.Length == Generations || rows[^1][6] == "1", $"{rows.Length} generations");
        for (int g = 0; g < rows.Length; g++)
        {
            Assert.Equal(int.Parse(rows[g][0], CultureInfo.InvariantCulture), (int)curve[g]![0]!);
            // history.csv writes each fitness round-trip ("R"); the status writes the same double.
            Assert.Equal(double.Parse(rows[g][1], CultureInfo.InvariantCulture), (double)curve[g]![1]!);
            Assert.Equal(double.Parse(rows[g][2], CultureInfo.InvariantCulture), (double)curve[g]![2]!);
        }
        Assert.Equal(long.Parse(rows[^1][4], CultureInfo.InvariantCulture), (long)status["evaluations"]!);
        Assert.Equal(int.Parse(rows[^1][3], CultureInfo.InvariantCulture), (int)status["species"]!);
        Assert.Equal(150, (int)status["population"]!);
    }
}
