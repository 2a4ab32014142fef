using System.Text.Json;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Evolution;

public class EvolveCommandTests
{
    private static (int Exit, string Out, string Err) Evolve(string folder, params string[] more) =>
        CliRunner.Run(["evolve", "--out", folder, "--quiet", .. more]);

    [Fact]
    public void Evolve_UnknownTask_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "juggling"), "'juggling'", "double-pole-nv");
    }

    [Fact]
    public void Evolve_PopulationZero_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--population", "0"), "--population", "0");
    }

    [Fact]
    public void Evolve_UnknownAlgorithm_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--algorithm", "hill"), "--algorithm", "'hill'");
    }

    [Fact]
    public void Evolve_CorruptCheckpoint_Refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "checkpoint.json"), "{ not json");
        CliAssert.Refused(Evolve(dir.Path, "--resume"), "checkpoint.json", "not a valid evolution checkpoint");
    }

    [Fact]
    public void Evolve_ResumeWithOtherSettings_RefusedAndResumeWithSameContinues()
    {
        using var dir = new TempDirectory();
        var first = Evolve(dir.Path, "--task", "xor", "--population", "20", "--generations", "2", "--seed", "4");
        Assert.True(first.Exit == 0, first.Err);
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--population", "20", "--generations", "3", "--seed", "5", "--resume"),
            "--seed", "5", "4");
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--population", "20", "--generations", "3", "--seed", "4", "--resume"),
            "--task", "single-pole", "xor");
        var resumed = Evolve(dir.Path, "--task", "xor", "--population", "20", "--generations", "3", "--seed", "4", "--resume");
        Assert.True(resumed.Exit == 0, resumed.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")));
        Assert.Equal(3, metrics.RootElement.GetProperty("generations").GetInt32());
    }

    [Fact]
    public void Evolve_Xor_WritesChampionThatSimulatesAndPlays()
    {
        using var dir = new TempDirectory();
        var r = Evolve(dir.Path, "--task", "xor", "--population", "30", "--generations", "2", "--seed", "1");
        Assert.True(r.Exit == 0, r.Err);
        foreach (string f in new[] { "champion.json", "history.csv", "fitness.png", "metrics.json", "checkpoint.json" })
            Assert.True(File.Exists(Path.Combine(dir.Path, f)), f);
        var history = File.ReadAllLines(Path.Combine(dir.Path, "history.csv"));
        Assert.Equal(3, history.Length);
        // Every generation of NEAT has at least one species, generation 0 too (it said 0: read before its first speciation).
        Assert.Equal("species", history[0].Split(',')[3]);
        Assert.All(history.Skip(1), row => Assert.True(int.Parse(row.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture) >= 1, row));
        string champion = Path.Combine(dir.Path, "champion.json");
        var spec = NetworkFile.Load(champion);
        Assert.Contains(spec.Populations, p => p.Name == "input" && p.Count == 3);
        var sim = CliRunner.Run("simulate", champion, "--out", Path.Combine(dir.Path, "sim"), "--quiet");
        Assert.True(sim.Exit == 0, sim.Err);
        var play = CliRunner.Run("play", champion, "--task", "xor", "--out", Path.Combine(dir.Path, "play"), "--quiet");
        Assert.True(play.Exit == 0, play.Err);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(dir.Path, "play", "trace.csv")).Length);
    }

    [Fact]
    public void Evolve_SameSeedOneAndTwoThreads_SameChampionFile()
    {
        using var dir = new TempDirectory();
        string a = Path.Combine(dir.Path, "a"), b = Path.Combine(dir.Path, "b");
        Assert.Equal(0, Evolve(a, "--task", "double-pole", "--algorithm", "cosyne", "--population", "12", "--generations", "2", "--threads", "1").Exit);
        Assert.Equal(0, Evolve(b, "--task", "double-pole", "--algorithm", "cosyne", "--population", "12", "--generations", "2", "--threads", "2").Exit);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "champion.json")), File.ReadAllText(Path.Combine(b, "champion.json")));
    }

    [Fact]
    public void Play_PoleChampion_WritesFrames()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Evolve(dir.Path, "--task", "single-pole", "--algorithm", "cmaes", "--generations", "1").Exit);
        var play = CliRunner.Run("play", Path.Combine(dir.Path, "champion.json"), "--task", "single-pole", "--steps", "20", "--every", "5",
            "--animation", "png", "--out", Path.Combine(dir.Path, "play"), "--quiet");
        Assert.True(play.Exit == 0, play.Err);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir.Path, "play", "frames"), "frame-*.png"));
        Assert.False(File.Exists(Path.Combine(dir.Path, "play", "animation.gif")));
    }

    [Fact]
    public void SensorCode_BadValueWrongTaskOrMismatchedNetwork_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "double-pole", "--sensor-code", "cubic"), "--sensor-code", "'cubic'");
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--sensor-code", "linear"), "--sensor-code", "xor");
        // A network with the linear code's sensors, played under the default log code, and the other way round.
        string linear = Path.Combine(dir.Path, "linear.json"), log = Path.Combine(dir.Path, "log.json");
        NetworkFile.Save(linear, NeuroSharp.Evolution.Tasks.PoleVelocityCircuit.LinearTemplate.Seed());
        NetworkFile.Save(log, NeuroSharp.Evolution.Tasks.PoleVelocityCircuit.Template.Seed());
        CliAssert.Refused(CliRunner.Run("play", linear, "--task", "double-pole-nv", "--animation", "none", "--out", Path.Combine(dir.Path, "p")), "--sensor-code linear");
        CliAssert.Refused(CliRunner.Run("play", log, "--task", "double-pole-nv", "--sensor-code", "linear", "--animation", "none", "--out", Path.Combine(dir.Path, "p")), "--sensor-code linear");
    }

    [Fact]
    public void Evolve_ResumeWithAnotherSensorCode_Refused()
    {
        using var dir = new TempDirectory();
        var first = Evolve(dir.Path, "--task", "double-pole-nv", "--algorithm", "cmaes", "--circuit", "--sensor-code", "linear", "--population", "4", "--generations", "1", "--seed", "1");
        Assert.True(first.Exit == 0, first.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
            Assert.Equal("linear", metrics.RootElement.GetProperty("sensorCode").GetString());
        CliAssert.Refused(Evolve(dir.Path, "--task", "double-pole-nv", "--algorithm", "cmaes", "--circuit", "--population", "4", "--generations", "2", "--seed", "1", "--resume"),
            "--sensor-code", "linear");
    }

    [Fact]
    public void Play_StepsOutOfRange_Refused()
    {
        using var dir = new TempDirectory();
        string net = Path.Combine(dir.Path, "net.json");
        NetworkFile.Save(net, NeuroSharp.Evolution.Tasks.PoleVelocityCircuit.Template.Seed());
        CliAssert.Refused(CliRunner.Run("play", net, "--task", "double-pole-nv", "--steps", "0", "--out", Path.Combine(dir.Path, "p")), "--steps", "0");
        CliAssert.Refused(CliRunner.Run("play", net, "--task", "double-pole-nv", "--steps", "100001", "--out", Path.Combine(dir.Path, "p")), "--steps", "100001");
    }

    [Fact]
    public void Play_DoublePoleNvFitnessEpisode_ReportsFitnessButNoSolvedFlag()
    {
        // double-pole-nv decides success only on each generation's champion in evolve (100 000 steps and the 625 starts),
        // so play's 1 000-step fitness episode reports the fitness and leaves "solved" null rather than a false "no".
        using var dir = new TempDirectory();
        string net = SaveSilentNvCircuit(dir);
        string outDir = Path.Combine(dir.Path, "play");
        var r = CliRunner.Run("play", net, "--task", "double-pole-nv", "--animation", "none", "--out", outDir, "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        Assert.InRange(metrics.RootElement.GetProperty("fitness").GetDouble(), 0.001, 0.0099); // 0.1 t / 1000 with t < 100
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("solved").ValueKind);
    }

    [Fact]
    public void Play_DoublePoleNvStepsPastTheFitnessEpisode_PlaysOneEpisodeUntilThePolesFall()
    {
        // All gains 0: no motor fires, so the unforced cart fails at step t (< 100); past the 1 000-step fitness
        // episode play runs the plain episode: every step up to and including the failing one is traced, no fitness.
        using var dir = new TempDirectory();
        string net = SaveSilentNvCircuit(dir);
        string outDir = Path.Combine(dir.Path, "play");
        var r = CliRunner.Run("play", net, "--task", "double-pole-nv", "--steps", "5000", "--animation", "none", "--out", outDir, "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        int balanced = metrics.RootElement.GetProperty("stepsBalanced").GetInt32();
        Assert.InRange(balanced, 10, 99);
        Assert.Equal(balanced + 1, metrics.RootElement.GetProperty("stepsPlayed").GetInt32());
        Assert.True(metrics.RootElement.GetProperty("endedByTask").GetBoolean());
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("fitness").ValueKind);
        Assert.Equal(balanced + 2, File.ReadAllLines(Path.Combine(outDir, "trace.csv")).Length);
    }

    [Fact]
    public void Evolve_TouchReflex_EvolvesTransmitterNeuronsByDefault()
    {
        using var dir = new TempDirectory();
        var r = Evolve(dir.Path, "--task", "touch-reflex", "--population", "60", "--generations", "10", "--seed", "1");
        Assert.True(r.Exit == 0, r.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")));
        Assert.Equal("transmitter", metrics.RootElement.GetProperty("model").GetString());
        Assert.True(metrics.RootElement.GetProperty("solved").GetBoolean()); // seed 1 solves it in generation 3 (TransmitterEvolutionTests)
        Assert.NotEqual(0, metrics.RootElement.GetProperty("solvedAtGeneration").GetInt32());
        var champion = NetworkFile.Load(Path.Combine(dir.Path, "champion.json"));
        Assert.Contains(champion.Neurons, n => n.Id == "input.0" && n.Model is TransmitterNeuronSpec);
        Assert.DoesNotContain(champion.Links, l => l.From == "input.0" && l.To == "output.0");
        var sim = CliRunner.Run("simulate", Path.Combine(dir.Path, "champion.json"), "--steps", "50", "--out", Path.Combine(dir.Path, "sim"), "--quiet");
        Assert.True(sim.Exit == 0, sim.Err);
    }

    [Fact]
    public void Evolve_TransmitterModelOnXor_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--model", "transmitter"), "Task xor binds spiking populations only", "lif");
    }

    [Fact]
    public void Play_NetworkWithoutTheTasksPopulations_Refused()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Evolve(dir.Path, "--task", "xor", "--population", "10", "--generations", "1").Exit);
        CliAssert.Refused(CliRunner.Run("play", Path.Combine(dir.Path, "champion.json"), "--task", "double-pole", "--out", Path.Combine(dir.Path, "p")),
            "input", "needs", "(task double-pole).");
        // Without --task the champion meets double-pole, the default: the sentence says so (it once said only "the task needs 13").
        CliAssert.Refused(CliRunner.Run("play", Path.Combine(dir.Path, "champion.json"), "--out", Path.Combine(dir.Path, "p")),
            "input", "needs", "(task double-pole, the default: give --task the task the network was evolved for).");
    }

    /// <summary>The double-pole-nv delay-line circuit with every gain 0 (no motor fires), saved as silent.json.</summary>
    private static string SaveSilentNvCircuit(TempDirectory dir)
    {
        string net = Path.Combine(dir.Path, "silent.json");
        var p = new double[NeuroSharp.Evolution.Tasks.PoleVelocityCircuit.Parameters.Count];
        p[^1] = NeuroSharp.Evolution.Tasks.PoleVelocityCircuit.StartDelayMs;
        NetworkFile.Save(net, NeuroSharp.Evolution.Tasks.PoleVelocityCircuit.Build(p));
        return net;
    }

    [Fact]
    public void Evolve_RestartsWithNeatOrNegative_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--algorithm", "neat", "--restarts", "2"), "--restarts", "neat");
        CliAssert.Refused(Evolve(dir.Path, "--algorithm", "cmaes", "--restarts", "-1"), "--restarts", "-1");
        CliAssert.Refused(Evolve(dir.Path, "--max-evaluations", "-5"), "--max-evaluations", "-5");
    }

    [Fact]
    public void Evolve_CmaEsRestartsAndEvaluationBudget_RecordedAndResumeChecksRestarts()
    {
        using var dir = new TempDirectory();
        var first = Evolve(dir.Path, "--task", "xor", "--algorithm", "cmaes", "--hidden", "0", "--population", "4", "--restarts", "1",
            "--generations", "50", "--max-evaluations", "10", "--seed", "2", "--json");
        Assert.True(first.Exit == 0, first.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
        {
            Assert.Equal(3, metrics.RootElement.GetProperty("generations").GetInt32()); // 4 + 4 + 4 >= 10
            Assert.Equal(12, metrics.RootElement.GetProperty("evaluations").GetInt32());
            Assert.Equal(1, metrics.RootElement.GetProperty("maxRestarts").GetInt32());
            Assert.Equal(0, metrics.RootElement.GetProperty("restarts").GetInt32());
        }
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--algorithm", "cmaes", "--hidden", "0", "--population", "4", "--restarts", "2",
            "--generations", "50", "--seed", "2", "--resume"), "--restarts", "2", "1");
    }

    [Fact]
    public void Evolve_SigmaOrGrowthOutOfRangeOrNotCmaEs_RefusedAndResumeChecksBoth()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--algorithm", "cmaes", "--sigma", "0"), "--sigma", "0");
        CliAssert.Refused(Evolve(dir.Path, "--algorithm", "cmaes", "--sigma", "-1"), "--sigma", "-1");
        CliAssert.Refused(Evolve(dir.Path, "--algorithm", "cosyne", "--sigma", "0.5"), "--sigma", "cosyne");
        CliAssert.Refused(Evolve(dir.Path, "--algorithm", "cmaes", "--restart-growth", "0"), "--restart-growth", "0");
        CliAssert.Refused(Evolve(dir.Path, "--algorithm", "cosyne", "--restart-growth", "1"), "--restart-growth", "cosyne");
        var first = Evolve(dir.Path, "--task", "xor", "--algorithm", "cmaes", "--hidden", "0", "--population", "4", "--sigma", "0.5",
            "--generations", "2", "--seed", "2", "--json");
        Assert.True(first.Exit == 0, first.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
            Assert.Equal(0.5, metrics.RootElement.GetProperty("sigma").GetDouble());
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--algorithm", "cmaes", "--hidden", "0", "--population", "4", "--sigma", "0.5",
            "--restart-growth", "1", "--generations", "4", "--seed", "2", "--resume"), "--restart-growth", "1", "2");
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--algorithm", "cmaes", "--hidden", "0", "--population", "4",
            "--generations", "4", "--seed", "2", "--resume"), "--sigma", "1", "0.5");
    }

    [Fact]
    public void Evolve_MirrorOnATaskWithoutMirrorOrWithoutNeat_Refused()
    {
        // Mirror-tied genes need a task with a mirror symmetry (the pole tasks) and NEAT's genome.
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--mirror"), "xor has no mirror symmetry", "--mirror");
        CliAssert.Refused(Evolve(dir.Path, "--task", "double-pole", "--algorithm", "cmaes", "--mirror"), "--mirror", "cmaes");
    }

    [Fact]
    public void Evolve_NeatMirrorResumedWithoutMirror_RefusedAndMetricsSayMirror()
    {
        using var dir = new TempDirectory();
        var first = Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--mirror", "--sigma", "0.5", "--population", "6",
            "--generations", "1", "--seed", "2", "--json");
        Assert.True(first.Exit == 0, first.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
        {
            Assert.True(metrics.RootElement.GetProperty("mirror").GetBoolean());
            Assert.Equal(0.5, metrics.RootElement.GetProperty("sigma").GetDouble());
        }
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--sigma", "0.5", "--population", "6",
            "--generations", "2", "--seed", "2", "--resume"), "--mirror is left out but the checkpoint", "was made with it; add --mirror or start a new run.");
    }

    [Fact]
    public void Evolve_TestAllBalancedOnAnotherTask_Refused()
    {
        // Only double-pole-nv tests generation champions for 100 000 steps, so the option means nothing elsewhere.
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--test-all-balanced"), "--test-all-balanced", "not xor.");
        CliAssert.Refused(Evolve(dir.Path, "--task", "double-pole", "--algorithm", "cmaes", "--test-all-balanced"), "--test-all-balanced", "not double-pole.");
    }

    [Fact]
    public void Evolve_NeatPushPullResumedWithoutIt_RefusedAndMetricsSayPushPull()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--push-pull"), "--push-pull", "--mirror");
        var first = Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--mirror", "--push-pull", "--population", "6",
            "--generations", "1", "--seed", "2", "--json");
        Assert.True(first.Exit == 0, first.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
            Assert.True(metrics.RootElement.GetProperty("pushPull").GetBoolean());
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--mirror", "--population", "6",
            "--generations", "2", "--seed", "2", "--resume"), "--push-pull is left out but the checkpoint", "was made with it; add --push-pull or start a new run.");
    }

    [Fact]
    public void Evolve_NeatBiasStepResumedWithAnother_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "cmaes", "--bias-step", "0.1"), "--bias-step", "not cmaes");
        var first = Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--bias-step", "0.1", "--population", "6",
            "--generations", "1", "--seed", "2", "--json");
        Assert.True(first.Exit == 0, first.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
            Assert.Equal(0.1, metrics.RootElement.GetProperty("biasStep").GetDouble());
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--population", "6",
            "--generations", "2", "--seed", "2", "--resume"), "--bias-step", "1", "0.1");
    }

    [Theory]
    [InlineData("--pv-step", "0.2", "0.2", "(none)")]
    [InlineData("--weight-limit", "50", "50", "(none)")]
    [InlineData("--shared-delay", null, "True", "False")]
    [InlineData("--delay-step", "8", "8", "1")]
    [InlineData("--min-scale", "0.2", "0.2", "(none)")]
    public void Evolve_NeatGenomeOptionResumedWithout_RefusedAndMetricsSayIt(string flag, string? value, string recorded, string requested)
    {
        using var dir = new TempDirectory();
        string[] with = value is null ? [flag] : [flag, value];
        CliAssert.Refused(Evolve(dir.Path, ["--task", "single-pole", "--algorithm", "cmaes", .. with]), flag, "not cmaes");
        var first = Evolve(dir.Path, ["--task", "single-pole", "--algorithm", "neat", "--population", "6", "--generations", "1", "--seed", "2", "--json", .. with]);
        Assert.True(first.Exit == 0, first.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
            Assert.Equal(recorded, metrics.RootElement.GetProperty(flag switch { "--pv-step" => "pvStep", "--weight-limit" => "weightLimit", "--delay-step" => "delayStep", "--min-scale" => "minScale", _ => "sharedDelay" }).ToString(), ignoreCase: true);
        // A switch is named given or left out, not by .NET's True and False.
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--population", "6",
            "--generations", "2", "--seed", "2", "--resume"), value is null ? [$"{flag} is left out", "was made with it"] : [flag, requested, recorded]);
    }

    [Fact]
    public void Evolve_NeatGenomeOptionsOutOfRange_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--pv-step", "0"), "--pv-step", "0");
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--weight-limit", "-3"), "--weight-limit", "-3");
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--shared-delay"), "--shared-delay", "xor");
        // xor has one lane, so --pv-step would move every weight as without it (it once ran and wrote pvStep into metrics.json).
        CliAssert.Refused(Evolve(dir.Path, "--task", "xor", "--pv-step", "0.3"), "--pv-step", "xor");
        Assert.False(File.Exists(Path.Combine(dir.Path, "metrics.json")));
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--delay-step", "0"), "--delay-step", "0");
    }

    [Fact]
    public void Evolve_PvStepWithSparseOrCauchyMutation_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--pv-step", "0.3", "--weight-gene-rate", "0.3"),
            "--pv-step", "--weight-gene-rate");
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--pv-step", "0.3", "--cauchy"), "--pv-step", "--cauchy");
        Assert.False(File.Exists(Path.Combine(dir.Path, "metrics.json")));
    }

    [Fact]
    public void Evolve_NeatBreedingResumedWithAnother_RefusedAndMetricsSayIt()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "cmaes", "--elitism", "0.2"), "--elitism", "not cmaes");
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--weight-gene-rate", "1.5"), "--weight-gene-rate", "1.5");
        var first = Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--elitism", "0.2", "--weight-gene-rate", "0.3", "--cauchy",
            "--population", "6", "--generations", "1", "--seed", "2", "--json");
        Assert.True(first.Exit == 0, first.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
        {
            Assert.Equal(0.2, metrics.RootElement.GetProperty("elitism").GetDouble());
            Assert.Equal(0.3, metrics.RootElement.GetProperty("weightGeneRate").GetDouble());
            Assert.True(metrics.RootElement.GetProperty("cauchy").GetBoolean());
            Assert.False(metrics.RootElement.TryGetProperty("survival", out _));
        }
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--elitism", "0.3", "--weight-gene-rate", "0.3", "--cauchy",
            "--population", "6", "--generations", "2", "--seed", "2", "--resume"), "--elitism", "0.3", "0.2");
        CliAssert.Refused(Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--elitism", "0.2", "--weight-gene-rate", "0.3",
            "--population", "6", "--generations", "2", "--seed", "2", "--resume"), "--cauchy is left out but the checkpoint", "was made with it; add --cauchy or start a new run.");
        var resumed = Evolve(dir.Path, "--task", "single-pole", "--algorithm", "neat", "--elitism", "0.2", "--weight-gene-rate", "0.3", "--cauchy",
            "--population", "6", "--generations", "2", "--seed", "2", "--resume");
        Assert.True(resumed.Exit == 0, resumed.Err);
    }
}
