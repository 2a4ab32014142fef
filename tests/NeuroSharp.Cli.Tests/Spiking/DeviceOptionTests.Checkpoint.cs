using System.Text.Json;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>simulate --device gpu --checkpoint/--resume</c> (docs/gpu.md, "Checkpoints"), in the class that sets the simulator's
/// variable, so that no other test clears it during these runs.
/// </summary>
public partial class DeviceOptionTests
{
    [Fact]
    public void Simulate_CheckpointAndResumeOnTheSimulatedDevice_FilesOfOneRun_AndTheFileResumesOnTheCpu()
    {
        using var dir = new TempDirectory();
        string network = Example("cuba.json"), checkpoint = dir.File("run.safetensors");
        var whole = WithSimulator(() => Run("simulate", network, "--duration-ms", "12", "--device", "gpu", "--out", dir.File("whole"), "--json"));
        Assert.True(whole.Exit == 0, whole.Err);
        var first = WithSimulator(() => Run("simulate", network, "--duration-ms", "5.3", "--device", "gpu", "--checkpoint", checkpoint, "--checkpoint-every-ms", "2",
            "--out", dir.File("first"), "--json"));
        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(3, JsonDocument.Parse(first.Out).RootElement.GetProperty("checkpointWrites").GetInt32()); // at 2 and 4 ms, and at the end
        var resumed = WithSimulator(() => Run("simulate", network, "--duration-ms", "12", "--device", "gpu", "--resume", checkpoint, "--out", dir.File("resumed"), "--json"));
        Assert.True(resumed.Exit == 0, resumed.Err);
        // The same file resumed by the CPU engine (cuba's kernels are exact against it on the simulated device).
        var cpu = Run("simulate", network, "--duration-ms", "12", "--resume", checkpoint, "--out", dir.File("cpu"), "--json");
        Assert.True(cpu.Exit == 0, cpu.Err);

        string spikes = File.ReadAllText(Path.Combine(dir.File("whole"), "spikes.csv"));
        Assert.True(spikes.Split('\n').Length > 100, "the network should fire");
        Assert.Equal(spikes, File.ReadAllText(Path.Combine(dir.File("resumed"), "spikes.csv")));
        Assert.Equal(spikes, File.ReadAllText(Path.Combine(dir.File("cpu"), "spikes.csv")));
        var a = JsonDocument.Parse(whole.Out).RootElement;
        var b = JsonDocument.Parse(resumed.Out).RootElement;
        foreach (string field in new[] { "steps", "spikes", "synapticEvents" })
            Assert.Equal(a.GetProperty(field).GetRawText(), b.GetProperty(field).GetRawText());
        Assert.Equal(53, b.GetProperty("resumedAtStep").GetInt32());
        Assert.Contains("ILGPU's CPU accelerator", b.GetProperty("device").GetString());
        Assert.Equal("cpu", JsonDocument.Parse(cpu.Out).RootElement.GetProperty("device").GetString());
    }

    [Fact]
    public void Simulate_ResumeOnTheSimulatedDevice_CpuCheckpointResumes_OtherSeedRefusedInOneSentence()
    {
        using var dir = new TempDirectory();
        string network = Example("cuba.json"), checkpoint = dir.File("cpu.safetensors");
        var whole = Run("simulate", network, "--duration-ms", "8", "--out", dir.File("whole"));
        Assert.True(whole.Exit == 0, whole.Err);
        var first = Run("simulate", network, "--duration-ms", "3", "--checkpoint", checkpoint, "--out", dir.File("first"));
        Assert.True(first.Exit == 0, first.Err);
        var resumed = WithSimulator(() => Run("simulate", network, "--duration-ms", "8", "--device", "gpu", "--resume", checkpoint, "--out", dir.File("resumed")));
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.File("whole"), "spikes.csv")), File.ReadAllText(Path.Combine(dir.File("resumed"), "spikes.csv")));

        CliAssert.Refused(WithSimulator(() => Run("simulate", network, "--duration-ms", "8", "--device", "gpu", "--seed", "5", "--resume", checkpoint, "--out", dir.File("other"))),
            $"{checkpoint}: seed is", "but this run's seed is 5; resume with --seed");
    }
}
