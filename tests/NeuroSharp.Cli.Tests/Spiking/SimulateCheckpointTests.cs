using System.Text.Json;
using NeuroSharp.Cli;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>neurosharp simulate --checkpoint FILE [--checkpoint-every-ms M]</c> and <c>--resume FILE</c> (docs/cli.md): a run to T1
/// resumed to T2 writes the files of one run to T2, byte for byte; a checkpoint of another network, seed or step, a damaged or
/// missing one, or one past the run asked for, is refused in one sentence naming the file (exit 2).
/// </summary>
public sealed class SimulateCheckpointTests : IDisposable
{
    // Poisson sources onto LIF neurons through plastic (STDP) and depressing (STP) synapses, with delays, recorded three ways.
    private const string Network = """
        { "format": "neurosharp.network", "version": 1, "dtMs": 0.1,
          "populations": [
            { "name": "src", "count": 30, "model": "poisson", "params": { "rateHz": 150 } },
            { "name": "p", "count": 12, "model": "lif", "preset": "cuba" } ],
          "projections": [
            { "source": "src", "target": "p", "receptor": "excitatory", "connectivity": { "rule": "fixedProbability", "probability": 0.5 },
              "weight": { "uniform": [1, 3] }, "delayMs": { "uniform": [0.1, 2] },
              "stdp": { "aPlus": 0.05, "aMinus": 0.055, "wMax": 4 } },
            { "source": "p", "target": "p", "receptor": "inhibitory", "connectivity": { "rule": "fixedProbability", "probability": 0.3 },
              "weight": 1, "delayMs": 1, "shortTermPlasticity": { "u": 0.3, "tauRecMs": 100 } } ],
          "monitors": [
            { "type": "spikes", "target": "p" }, { "type": "spikes", "target": "src" },
            { "type": "state", "target": "p", "variables": ["v", "ge"], "indices": [0, 5], "everySteps": 2 },
            { "type": "rate", "target": "p", "binMs": 3 } ] }
        """;

    private readonly TempDirectory _dir = new();
    private readonly string _network;

    public SimulateCheckpointTests()
    {
        _network = _dir.File("net.json");
        File.WriteAllText(_network, Network);
    }

    public void Dispose() => _dir.Dispose();

    private (int Code, string Output, string Error) Simulate(string outName, double durationMs, params string[] more) =>
        Run(["simulate", _network, "--duration-ms", durationMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", _dir.File(outName), "--json", .. more]);

    [Fact]
    public void Resume_WritesTheFilesOfOneUninterruptedRun_ByteForByte()
    {
        var (code, whole, err) = Simulate("whole", 60, "--threads", "1");
        Assert.True(code == 0, err);
        string checkpoint = _dir.File("run.safetensors");
        (code, _, err) = Simulate("first", 23.4, "--checkpoint", checkpoint, "--checkpoint-every-ms", "7", "--threads", "2");
        Assert.True(code == 0, err);
        var (code2, resumed, err2) = Simulate("resumed", 60, "--resume", checkpoint, "--checkpoint", checkpoint, "--threads", "4");
        Assert.True(code2 == 0, err2);
        foreach (string file in new[] { "spikes.csv", "state.csv", "rates.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir.File("whole"), file)), File.ReadAllBytes(Path.Combine(_dir.File("resumed"), file)));
        var a = JsonDocument.Parse(whole).RootElement;
        var b = JsonDocument.Parse(resumed).RootElement;
        foreach (string field in new[] { "steps", "spikes", "synapticEvents", "durationMs" })
            Assert.Equal(a.GetProperty(field).GetRawText(), b.GetProperty(field).GetRawText());
        Assert.Equal(234, b.GetProperty("resumedAtStep").GetInt32());
        Assert.Equal(366, b.GetProperty("runSteps").GetInt32());
        // Only the checkpoint itself is left in its folder: each write went through a temporary file renamed over it.
        Assert.Equal(["net.json", "run.safetensors"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // The checkpoint now holds step 600: resuming it to 60 ms again runs nothing and writes the same files.
        (code, _, err) = Simulate("again", 60, "--resume", checkpoint);
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir.File("whole"), "spikes.csv")), File.ReadAllBytes(Path.Combine(_dir.File("again"), "spikes.csv")));
    }

    /// <summary>
    /// A network that gained timed changes and a current input from the checkpoint's time on (a PyNN set() between runs) resumes
    /// and writes the files of one run of it from 0, byte for byte; one whose change before that time differs is refused in one
    /// sentence naming the checkpoint, the change and its time (docs/formats.md, "Resuming a network that changed later").
    /// </summary>
    [Fact]
    public void Resume_NetworkThatGainedLaterChanges_FilesOfOneRunOfIt_AnEarlierChangeRefused()
    {
        static string With(string rate) => Network.Replace("\"binMs\": 3 } ] }", "\"binMs\": 3 } ],\n"
            + "\"changes\": [ { \"atMs\": 20, \"population\": \"p\", \"params\": { \"thresholdMv\": -52 } },"
            + $" {{ \"atMs\": 30, \"population\": \"src\", \"params\": {{ \"rateHz\": {rate} }} }} ],\n"
            + "\"inputs\": [ { \"type\": \"current\", \"target\": \"p\", \"indices\": [1, 2, 3], \"amplitude\": 8, \"startMs\": 25, \"stopMs\": 35 } ] }", StringComparison.Ordinal);
        string changed = _dir.File("changed.json");
        File.WriteAllText(changed, With("300"));
        Assert.NotEqual(Network, With("300"));
        var (code, whole, err) = Run(["simulate", changed, "--duration-ms", "50", "--out", _dir.File("whole"), "--json", "--threads", "1"]);
        Assert.True(code == 0, err);
        string checkpoint = _dir.File("run.safetensors");
        (code, _, err) = Simulate("first", 20, "--checkpoint", checkpoint, "--threads", "2");
        Assert.True(code == 0, err);
        (code, var resumed, err) = Run(["simulate", changed, "--duration-ms", "50", "--out", _dir.File("resumed"), "--json", "--resume", checkpoint, "--checkpoint", checkpoint]);
        Assert.True(code == 0, err);
        foreach (string file in new[] { "spikes.csv", "state.csv", "rates.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir.File("whole"), file)), File.ReadAllBytes(Path.Combine(_dir.File("resumed"), file)));
        Assert.Equal(200, JsonDocument.Parse(resumed).RootElement.GetProperty("resumedAtStep").GetInt32());
        Assert.Equal(JsonDocument.Parse(whole).RootElement.GetProperty("spikes").GetRawText(), JsonDocument.Parse(resumed).RootElement.GetProperty("spikes").GetRawText());
        // Without the changes the run differs: they were applied at the resume, not lost.
        (code, _, err) = Simulate("plain", 50, "--threads", "1");
        Assert.True(code == 0, err);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_dir.File("whole"), "spikes.csv")), File.ReadAllBytes(Path.Combine(_dir.File("plain"), "spikes.csv")));

        // The checkpoint is at 50 ms now, past both changes: one of them different is refused (exit 2, one sentence).
        File.WriteAllText(changed, With("250"));
        (code, _, err) = Run(["simulate", changed, "--duration-ms", "60", "--out", _dir.File("refused"), "--json", "--resume", checkpoint]);
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"{checkpoint}: the network's $.changes[1] (atMs 30, population 'src') is not the change the checkpoint made there, before its t = 50 ms; "
            + "only the changes from then on may differ; run from t = 0 (without --resume) to change an earlier one.", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Resume_OtherNetworkSeedOrDamagedFile_RefusedInOneSentence()
    {
        string checkpoint = _dir.File("c.safetensors");
        var (code, _, err) = Simulate("first", 10, "--checkpoint", checkpoint, "--seed", "5");
        Assert.True(code == 0, err);

        (code, _, err) = Simulate("seed", 20, "--resume", checkpoint, "--seed", "6");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"{checkpoint}: seed is 5, but this run's seed is 6; resume with --seed 5.", err);

        (code, _, err) = Simulate("dt", 20, "--resume", checkpoint, "--seed", "5", "--dt-ms", "0.05");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"{checkpoint}: networkSha256 is ", err);

        File.WriteAllText(_network, Network.Replace("\"rateHz\": 150", "\"rateHz\": 151", StringComparison.Ordinal));
        (code, _, err) = Simulate("other", 20, "--resume", checkpoint, "--seed", "5");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains("the checkpoint is of another network file", err);
        File.WriteAllText(_network, Network);

        (code, _, err) = Simulate("short", 5, "--resume", checkpoint, "--seed", "5");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"{checkpoint}: the checkpoint is at step 100 (10 ms), past the 50 steps asked for; give a longer --duration-ms.", err);

        (code, _, err) = Simulate("missing", 20, "--resume", _dir.File("none.safetensors"), "--seed", "5");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains(_dir.File("none.safetensors"), err);

        var bytes = File.ReadAllBytes(checkpoint);
        string damaged = _dir.File("damaged.safetensors"), truncated = _dir.File("truncated.safetensors");
        bytes[^2] ^= 0x40;
        File.WriteAllBytes(damaged, bytes);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 100)]);
        (code, _, err) = Simulate("damaged", 20, "--resume", damaged, "--seed", "5");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"{damaged}: dataSha256 does not match the tensors' bytes; the file is damaged.", err);
        (code, _, err) = Simulate("truncated", 20, "--resume", truncated, "--seed", "5");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"{truncated}: ", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void CheckpointEvery_WithoutCheckpointOrNotPositive_Refused()
    {
        var (code, _, err) = Simulate("a", 10, "--checkpoint-every-ms", "5");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains("--checkpoint-every-ms needs --checkpoint FILE.", err);
        (code, _, err) = Simulate("b", 10, "--checkpoint", _dir.File("c.safetensors"), "--checkpoint-every-ms", "0");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains("--checkpoint-every-ms must be a number above 0 (got 0).", err);
    }

    [Fact]
    public void Checkpoint_ThatCannotBeWritten_RefusedBeforeTheRun()
    {
        // Found by the option fuzz suite: a 4 000-character name failed after the run, with exit 1.
        string missing = Path.Combine(_dir.Path, "no-such-folder", "c.safetensors");
        var (code, _, err) = Simulate("a", 10, "--checkpoint", missing);
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"--checkpoint {missing} cannot be written: a folder on its path does not exist.", err);
        Assert.False(File.Exists(Path.Combine(_dir.File("a"), "spikes.csv")), "the run should not have started");
        (code, _, err) = Simulate("b", 10, "--checkpoint", _dir.Path);
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"--checkpoint {_dir.Path} cannot be written: it is a folder, not a file.", err);
        string longName = _dir.File(new string('z', 4000));
        (code, _, err) = Simulate("c", 10, "--checkpoint", longName);
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains("cannot be written: the path is too long.", err);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.probe"));
    }
}
