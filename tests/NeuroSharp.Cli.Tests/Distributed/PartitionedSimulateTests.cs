using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Distributed;

/// <summary>
/// <c>mpiexec -n N neurosharp simulate</c>: the network split over N ranks (oversubscribed on this machine,
/// so these check results, never speed) writes the same bytes as one process.
/// </summary>
[Trait("Category", "Mpi")]
public class PartitionedSimulateTests
{
    private static readonly string[] Files = ["spikes.csv", "state.csv", "rates.csv"];
    private static readonly string[] SpikesAndState = ["spikes.csv", "state.csv"];

    /// <summary>
    /// Simulates <paramref name="network"/> in one process and under mpiexec on <paramref name="ranks"/> ranks (both with
    /// <paramref name="both"/>, the job also with <paramref name="jobOnly"/>), asserts that <paramref name="files"/> are the
    /// same bytes, and returns the job's metrics.json.
    /// </summary>
    private static JsonNode SameFilesAsOneProcess(string network, int ranks, string[] files, string[] both, params string[] jobOnly)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), network);
        Assert.Equal(0, CliRunner.Run(["simulate", dir.File("net.json"), .. both, "--out", dir.File("one"), "--quiet"]).Exit);
        var r = MpiJobTests.Mpiexec(ranks, TimeSpan.FromSeconds(180), ["simulate", dir.File("net.json"), .. both, .. jobOnly, "--out", dir.File("many"), "--quiet"]);
        Assert.True(r.Exit == 0, r.Err + r.Out);
        foreach (string f in files) Assert.Equal(File.ReadAllBytes(dir.File($"one/{f}")), File.ReadAllBytes(dir.File($"many/{f}")));
        return JsonNode.Parse(File.ReadAllText(dir.File("many/metrics.json")))!;
    }

    [Theory]
    [InlineData(1, "round-robin", 1)]
    [InlineData(2, "round-robin", 2)]
    [InlineData(3, "blocks", 1)]
    [InlineData(4, "round-robin", 1)]
    public void Simulate_CubaWithDelaysOverRanks_WritesTheSameFilesAsOneProcess(int ranks, string partition, int threads)
    {
        var metrics = SameFilesAsOneProcess(PartitionNetworks.CubaDelays, ranks, Files, ["--seed", "3"],
            "--partition", partition, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ranks, (int)metrics["ranks"]!);
        Assert.Equal(3, (int)metrics["exchangeWindowSteps"]!);
        Assert.Equal(ranks, metrics["rankFigures"]!.AsArray().Count);
    }

    [Fact]
    public void Simulate_StdpWithDelaysOverTwoRanks_WritesTheSameFilesAsOneProcess()
    {
        SameFilesAsOneProcess(PartitionNetworks.Stdp(perSynapseDelays: true), 2, SpikesAndState, []);
    }

    /// <summary>
    /// The STDP projection's final weights in simulation.nwb (/processing/weights, gathered from both ranks in the whole
    /// projection's synapse order) are one process's, weight for weight.
    /// </summary>
    [Fact]
    public void Simulate_StdpOverTwoRanks_NwbFinalWeightsAreOneProcesss()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), PartitionNetworks.Stdp(perSynapseDelays: true));
        Assert.Equal(0, CliRunner.Run(["simulate", dir.File("net.json"), "--format", "nwb", "--out", dir.File("one"), "--quiet"]).Exit);
        var r = MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), ["simulate", dir.File("net.json"), "--format", "nwb", "--out", dir.File("many"), "--quiet"]);
        Assert.True(r.Exit == 0, r.Err + r.Out);
        string dump = dir.File("dump.py");
        File.WriteAllText(dump, "import sys, h5py\nwith h5py.File(sys.argv[1], 'r') as f:\n    for name, t in f['processing']['weights'].items():\n"
            + "        print(name, ' '.join(repr(float(w)) for w in t['weight'][()]))\n");
        var one = DebianPython.Run(TimeSpan.FromMinutes(2), null, dump, dir.File("one/simulation.nwb"));
        var many = DebianPython.Run(TimeSpan.FromMinutes(2), null, dump, dir.File("many/simulation.nwb"));
        Assert.True(one.Exit == 0 && many.Exit == 0, one.Err + many.Err);
        Assert.Equal(one.Out, many.Out);
        Assert.True(one.Out.Split(' ').Length > 10, $"the one-process file holds too few weights to compare: {one.Out}");
    }

    /// <summary>Populations of model equations (compiled programs, a variable held while refractory) over two ranks.</summary>
    [Fact]
    public void Simulate_EquationsOverTwoRanks_WritesTheSameFilesAsOneProcess()
    {
        SameFilesAsOneProcess(PartitionNetworks.Equations, 2, SpikesAndState, ["--seed", "5"], "--partition", "round-robin");
    }

    [Theory]
    [InlineData("routed", "routed")]
    [InlineData("auto", "routed")] // under blocks a neuron of the chain has targets on one or two of the three ranks
    [InlineData("all-gather", "all-gather")]
    public void Simulate_SpikeExchangeOverThreeRanks_WritesTheSameFilesAsOneProcess(string option, string used)
    {
        var metrics = SameFilesAsOneProcess(PartitionNetworks.Chain, 3, SpikesAndState, [], "--partition", "blocks", "--spike-exchange", option);
        Assert.Equal(used, (string)metrics["spikeExchange"]!);
    }

    [Fact]
    public void Simulate_RefusedAfterTheRanksFirstTalked_ExitsTwoWithOneSentenceEveryTime()
    {
        // The build's collectives (synapse counts) have run when each rank finds that the state monitor over the run
        // would pass --memory-limit: every rank stops there, tells the others, and the job ends with exit 2 and rank 0's
        // one sentence (before, each rank exited alone and the launcher killed the rest: exit 2 or 9 at random).
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), PartitionNetworks.Chain.Replace(", \"indices\": [0, 17, 39]", "", StringComparison.Ordinal));
        const string Sentence = "$.monitors[2] over 100000000 steps would need about";
        for (int k = 0; k < 4; k++)
        {
            var r = MpiJobTests.Mpiexec(2 + k % 2, TimeSpan.FromSeconds(180), "simulate", dir.File("net.json"), "--steps", "100000000", "--memory-limit", "256M",
                "--out", dir.File("o"), "--quiet");
            string all = r.Out + r.Err;
            Assert.True(r.Exit == 2, $"try {k} on {2 + k % 2} ranks: exit {r.Exit}: {all}");
            Assert.Equal(1, all.Split(Sentence).Length - 1);
            Assert.Contains("net.json: " + Sentence, r.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("BAD TERMINATION", all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Simulate_CtrlCUnderMpiexec_EveryRankStopsAtOneStepAndRankZeroWritesWhatOneProcessWrites()
    {
        // mpiexec passes SIGINT to every rank; they agree to stop at one step, and rank 0 writes the files of the steps run,
        // as one process does on Ctrl+C (exit 1 and one sentence), instead of hanging in an exchange or dying of the signal.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), PartitionNetworks.CubaDelays);
        var psi = MpiJobTests.Start(2, "simulate", dir.File("net.json"), "--seed", "3", "--steps", "50000000", "--out", dir.File("two"), "--checkpoint", dir.File("ck"));
        using var mpiexec = Process.Start(psi)!;
        var stderr = mpiexec.StandardError.ReadToEndAsync();
        string? line;
        do line = mpiexec.StandardOutput.ReadLine(); // rank 0's line after the build, before the run
        while (line is not null && !line.StartsWith("simulate ", StringComparison.Ordinal));
        Assert.NotNull(line);
        var stdout = mpiexec.StandardOutput.ReadToEndAsync();
        Thread.Sleep(2000); // inside the run
        InterruptAndWait(mpiexec);
        string err = await stderr, output = await stdout;
        // Every rank ends with 1 (as one process does). Hydra before MPICH 4.1 replaces a rank's status by 0 when it reaps
        // the rank after the last stdout/stderr closed, once it has forwarded a signal (docs/distributed.md, "Exit code 0
        // after Ctrl+C under MPICH 4.0"): only there is 0 let through.
        bool hydraDropsStatus = MpiJobTests.HydraVersion() is { } v && v < new Version(4, 1);
        Assert.True(mpiexec.ExitCode == 1 || (hydraDropsStatus && mpiexec.ExitCode == 0), $"exit {mpiexec.ExitCode}: {err}{output}");
        Assert.Contains("neurosharp: interrupted after", err, StringComparison.Ordinal);
        Assert.DoesNotContain("BAD TERMINATION", err + output, StringComparison.Ordinal);
        // The files hold the steps run, exactly as one process that runs that many steps writes them.
        long steps = (long)JsonNode.Parse(File.ReadAllText(dir.File("two/metrics.json")))!["steps"]!;
        Assert.True(steps >= 0 && steps % 1024 == 0, $"the ranks stop together at a multiple of 1024 steps (got {steps})");
        // With --checkpoint every rank saved its part at the step where they stopped.
        for (int r = 0; r < 2; r++) Assert.Equal(steps, NeuroSharp.Spiking.Simulation.SimulationCheckpoint.Kind.Read(dir.File($"ck.rank-{r}-of-2")).Metadata.Step);
        // Under load a rank may still be between its build and its run when Ctrl+C comes: it then asks to stop at the
        // run's first agreement, step 0, and there is no run to compare.
        if (steps == 0) return;
        Assert.Equal(0, CliRunner.Run("simulate", dir.File("net.json"), "--seed", "3", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir.File("one"), "--quiet").Exit);
        foreach (string f in Files) Assert.Equal(File.ReadAllBytes(dir.File($"one/{f}")), File.ReadAllBytes(dir.File($"two/{f}")));
    }

    [Fact]
    public async Task Simulate_CtrlCAsSoonAsEveryRankCatchesIt_TheRanksStopTogetherAtStepZero()
    {
        // Ctrl+C before the run began (the ranks still starting MPI, reading the network or building): each rank holds it and
        // the run stops at its first agreement, step 0, with the one sentence and the files of no steps; before, a rank there
        // exited 130 without a word (or was killed by the signal while MPI started). The signal goes as soon as every rank
        // has taken SIGINT over: the first thing a rank does, long before its run.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), PartitionNetworks.CubaDelays);
        var psi = MpiJobTests.Start(2, "simulate", dir.File("net.json"), "--seed", "3", "--steps", "50000000", "--out", dir.File("two"), "--checkpoint", dir.File("ck"));
        using var mpiexec = Process.Start(psi)!;
        var stderr = mpiexec.StandardError.ReadToEndAsync();
        var stdout = mpiexec.StandardOutput.ReadToEndAsync();
        Assert.True(WaitUntilEveryRankCatchesSigint(dir.File("net.json"), 2, TimeSpan.FromSeconds(120)), "the ranks did not take SIGINT over within 120 s");
        InterruptAndWait(mpiexec);
        string err = await stderr, output = await stdout;
        bool hydraDropsStatus = MpiJobTests.HydraVersion() is { } v && v < new Version(4, 1);
        Assert.True(mpiexec.ExitCode == 1 || (hydraDropsStatus && mpiexec.ExitCode == 0), $"exit {mpiexec.ExitCode}: {err}{output}");
        Assert.Contains("neurosharp: interrupted after 0 of 50000000 steps", err, StringComparison.Ordinal);
        Assert.DoesNotContain("BAD TERMINATION", err + output, StringComparison.Ordinal);
        Assert.Equal(0L, (long)JsonNode.Parse(File.ReadAllText(dir.File("two/metrics.json")))!["steps"]!);
        for (int r = 0; r < 2; r++) Assert.Equal(0, NeuroSharp.Spiking.Simulation.SimulationCheckpoint.Kind.Read(dir.File($"ck.rank-{r}-of-2")).Metadata.Step);
    }

    /// <summary>Ctrl+C to mpiexec (which passes SIGINT to every rank), then its end within 120 s, or the job killed and the test failed.</summary>
    private static void InterruptAndWait(Process mpiexec)
    {
        using (var kill = Process.Start("kill", ["-INT", mpiexec.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        bool ended = mpiexec.WaitForExit(TimeSpan.FromSeconds(120));
        if (!ended) mpiexec.Kill(entireProcessTree: true);
        Assert.True(ended, "mpiexec did not end within 120 s of Ctrl+C");
    }

    /// <summary>
    /// Waits until <paramref name="ranks"/> processes whose command line holds <paramref name="marker"/> (not mpiexec) have the
    /// runtime's signal thread (".NET SigHandler"), which the first SIGINT registration starts: a rank's first line. (SigCgt
    /// would not do: the runtime catches SIGINT from its start, and ends the process by it until something registers.)
    /// </summary>
    private static bool WaitUntilEveryRankCatchesSigint(string marker, int ranks, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            int catching = 0;
            foreach (var d in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(d), out _)) continue;
                try
                {
                    string[] cmdline = File.ReadAllText(Path.Combine(d, "cmdline")).Split('\0');
                    if (!cmdline.Contains(marker) || Path.GetFileName(cmdline[0]).StartsWith("mpiexec", StringComparison.Ordinal)) continue;
                    if (Directory.EnumerateDirectories(Path.Combine(d, "task")).Any(t => File.ReadAllText(Path.Combine(t, "comm")).Trim() == ".NET SigHandler")) catching++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process or thread ended, or is not ours.
                }
            }
            if (catching == ranks) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    /// <summary>
    /// A partitioned run checkpointed part way (inside an exchange window for CubaDelays, whose window is 3 steps; with
    /// STDP's one-step window for the other) and resumed under mpiexec writes, byte for byte, the files of one run.
    /// </summary>
    [Theory]
    [InlineData("cuba", "301")]
    [InlineData("stdp", "150")]
    public void Simulate_CheckpointThenResumeOverTwoRanks_WritesTheFilesOfOneRun(string network, string half)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), network == "cuba" ? PartitionNetworks.CubaDelays : PartitionNetworks.Stdp(perSynapseDelays: true));
        string[] common = ["simulate", dir.File("net.json"), "--seed", "3", "--quiet"];
        var whole = MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), [.. common, "--steps", "600", "--out", dir.File("whole")]);
        Assert.True(whole.Exit == 0, whole.Err);
        var first = MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), [.. common, "--steps", half, "--checkpoint", dir.File("ck"), "--checkpoint-every-ms", "7", "--out", dir.File("first")]);
        Assert.True(first.Exit == 0, first.Err);
        Assert.False(File.Exists(dir.File("ck")), "one file per rank, none under the plain name");
        Assert.False(File.Exists(dir.File("ck.rank-0-of-2.next")), "a part's .next file is renamed once every rank wrote its own");
        var resumed = MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), [.. common, "--steps", "600", "--resume", dir.File("ck"), "--out", dir.File("resumed")]);
        Assert.True(resumed.Exit == 0, resumed.Err);
        foreach (string f in SpikesAndState) Assert.Equal(File.ReadAllBytes(dir.File($"whole/{f}")), File.ReadAllBytes(dir.File($"resumed/{f}")));
        Assert.True(File.ReadAllLines(dir.File("whole/spikes.csv")).Length > 20, "too few spikes to compare");
    }

    [Fact]
    public void Simulate_ResumeOverRanks_AnotherJobsCheckpoint_RefusedInOneSentence()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), PartitionNetworks.CubaDelays);
        string[] common = ["simulate", dir.File("net.json"), "--seed", "3", "--quiet", "--out", dir.File("o")];
        Assert.Equal(0, MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), [.. common, "--steps", "100", "--checkpoint", dir.File("ck")]).Exit);
        Assert.Equal(0, MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), [.. common, "--steps", "50", "--checkpoint", dir.File("early")]).Exit);
        string ck = dir.File("ck");
        // Another rank count, one process, another partition.
        var three = MpiJobTests.Mpiexec(3, TimeSpan.FromSeconds(180), [.. common, "--steps", "200", "--resume", ck]);
        Assert.True(three.Exit == 2, three.Err);
        Assert.Contains($"neurosharp: {ck} was written by an MPI job of 2 ranks ({ck}.rank-0-of-2 ...), but this job has 3: resume it under mpiexec -n 2.", three.Err, StringComparison.Ordinal);
        var one = CliRunner.Run([.. common, "--steps", "200", "--resume", ck]);
        Assert.Equal(2, one.Exit);
        Assert.Contains($"{ck} was written by an MPI job of 2 ranks ({ck}.rank-0-of-2 ...): resume it under mpiexec -n 2.", one.Err, StringComparison.Ordinal);
        var blocks = MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), [.. common, "--steps", "200", "--resume", ck, "--partition", "blocks"]);
        Assert.True(blocks.Exit == 2, blocks.Err);
        Assert.Contains("partition is round-robin, but this run's is blocks; resume with --partition round-robin.", blocks.Err, StringComparison.Ordinal);
        // The parts of two steps (a job stopped while the ranks replaced them): refused, not resumed from a mix.
        File.Copy(dir.File("early.rank-1-of-2"), dir.File("ck.rank-1-of-2"), overwrite: true);
        var mixed = MpiJobTests.Mpiexec(2, TimeSpan.FromSeconds(180), [.. common, "--steps", "200", "--resume", ck]);
        Assert.True(mixed.Exit == 2, mixed.Err);
        Assert.Contains("the parts are of steps 50 to 100, not one step", mixed.Err, StringComparison.Ordinal);
        Assert.Single(mixed.Err.Split('\n'), l => l.Contains("not one step", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("round-robin")]
    [InlineData("blocks")]
    public void Simulate_MoreRanksThanNeurons_EmptyRanksHoldNothingAndTheFilesAreOneProcesss(string partition)
    {
        // Two linked neurons on four ranks: two ranks hold no neuron and take part in every collective.
        const string Network = """
            {"format": "neurosharp.network", "version": 1, "dtMs": 0.1,
             "neurons": [{"id": "a", "model": "lif", "preset": "cuba"}, {"id": "b", "model": "lif", "preset": "cuba"}],
             "links": [{"from": "a", "to": "b", "weight": 30, "delayMs": 0.3}],
             "inputs": [{"type": "current", "target": "a", "amplitude": 20}],
             "monitors": [{"type": "spikes", "target": "a"}, {"type": "spikes", "target": "b"}, {"type": "state", "target": "b", "variables": ["v"]}]}
            """;
        var metrics = SameFilesAsOneProcess(Network, 4, SpikesAndState, ["--steps", "400"], "--partition", partition);
        Assert.Equal(2, metrics["rankFigures"]!.AsArray().Count(f => (long)f!["neurons"]! == 0));
        Assert.True((long)metrics["spikes"]! >= 4, metrics.ToJsonString());
    }

    [Theory]
    [InlineData("reflex-arc.json", 1, "round-robin")]
    [InlineData("reflex-arc.json", 2, "round-robin")]
    [InlineData("reflex-arc.json", 3, "blocks")]
    [InlineData("reflex-arc.json", 4, "round-robin")]
    [InlineData("article-two-neurons.json", 3, "round-robin")] // sequential delivery: both neurons on one rank
    public void Simulate_TransmitterNeuronsOverRanks_WritesTheSameFilesAsOneProcess(string example, int ranks, string partition)
    {
        // Every transmitter neuron's state after every step (state.csv, phases.csv) and its releases (spikes.csv).
        string network = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "networks", example));
        var metrics = SameFilesAsOneProcess(network, ranks, ["spikes.csv", "state.csv", "phases.csv"], ["--steps", "200"], "--partition", partition);
        var figures = metrics["rankFigures"]!.AsArray();
        Assert.Equal((long)metrics["transmitterNeurons"]!, figures.Sum(f => (long)f!["transmitterNeurons"]!));
        bool travels = ranks > 1 && example == "reflex-arc.json"; // the arc's links span ranks; sequential delivery keeps them on one
        Assert.Equal(travels, figures.Sum(f => (long)f!["transmitterShareBytes"]!) > 0);
    }

    [Theory]
    [InlineData(1, "round-robin", 2)]
    [InlineData(2, "round-robin", 1)]
    [InlineData(3, "blocks", 2)]
    [InlineData(4, "round-robin", 1)]
    public void Simulate_GapJunctionsOverRanks_WritesTheSameFilesAsOneProcess(int ranks, string partition, int threads)
    {
        // The v of the remote partners travel every step (gap junctions have no delay), the spikes every 6 steps.
        var metrics = SameFilesAsOneProcess(PartitionNetworks.GapJunctions, ranks, SpikesAndState, ["--seed", "5"],
            "--partition", partition, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var figures = metrics["rankFigures"]!.AsArray();
        Assert.All(figures, f => Assert.True(ranks == 1 ? (long)f!["gapJunctionBytes"]! == 0 : (long)f!["gapJunctionBytes"]! > 0, f!.ToJsonString()));
    }

    [Theory]
    [InlineData("routed")]
    [InlineData("all-gather")]
    public void Simulate_GapJunctionsInAOneStepWindow_VRidesWithTheSpikesTwoCollectivesPerStep(string exchange)
    {
        // Spikes travel every step (a delay of 0), so the v of the remote partners ride with them: per step one spike
        // exchange of two MPI calls (the sizes, then the data) instead of three; v alone only before the first step.
        var metrics = SameFilesAsOneProcess(PartitionNetworks.GapJunctionsEveryStep, 2, SpikesAndState, ["--seed", "5"], "--spike-exchange", exchange);
        long steps = (long)metrics["steps"]!;
        Assert.Equal(1, (int)metrics["exchangeWindowSteps"]!);
        Assert.All(metrics["rankFigures"]!.AsArray(), f =>
        {
            Assert.Equal(steps, (long)f!["exchanges"]!);
            Assert.Equal(1, (long)f["gapJunctionExchanges"]!);
            // + the first step's v, the one agreement on Ctrl+C (every 1024 steps) and the run's sum of spikes and events.
            Assert.Equal(2 * steps + 3, (long)f["collectives"]!);
        });
    }

    [Fact]
    public void Simulate_SingleNeuronsOverThreeRanks_WritesTheSameFilesAsOneProcess()
    {
        // Single spiking neurons are populations of 1 dealt with the rest: the linked pair sits on two ranks.
        SameFilesAsOneProcess(PartitionNetworks.SingleNeurons, 3, SpikesAndState, []);
    }

    [Fact]
    public async Task Simulate_OverTwoRanks_OnlyRankZeroPrintsTheHeaderProgressAndMetrics()
    {
        // docs/distributed.md: only rank 0 prints results. Rank 1's stdout is dropped (NeuroSharpCli runs it on
        // TextWriter.Null) and it draws no progress lines; with a line for every report (NEUROSHARP_PROGRESS_SECONDS=0)
        // a rank that printed would show a second header, a second "0.0 of" line or a line about rank 1.
        using var dir = new TempDirectory();
        string network = Path.Combine(RepositoryRoot.Path, "examples", "networks", "ei-network.json");
        var psi = MpiJobTests.Start(2, "simulate", network, "--duration-ms", "20", "--threads", "1", "--out", dir.File("o"));
        psi.Environment[ProgressLines.SecondsVariable] = "0";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(180)))
        {
            try
            {
                await p.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail("mpiexec -n 2 simulate did not end within 180 s");
            }
        }
        string stdout = await output, stderr = await error;
        Assert.True(p.ExitCode == 0, stderr);
        Assert.Equal($"simulate {network}: ", stdout[..$"simulate {network}: ".Length]);
        Assert.Single(stdout.Split('\n'), l => l.EndsWith($" -> {dir.File("o")}", StringComparison.Ordinal));
        Assert.Single(stdout.Split('\n'), l => l.StartsWith("  command ", StringComparison.Ordinal));
        string[] progress = [.. stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("simulate: ", StringComparison.Ordinal))];
        Assert.NotEmpty(progress);
        Assert.Single(progress, l => l.StartsWith("simulate: 0.0 of 20.0 ms", StringComparison.Ordinal));
        Assert.All(progress, l => Assert.Contains(" on rank 0 ", l, StringComparison.Ordinal));
        Assert.DoesNotContain("rank 1", stderr, StringComparison.Ordinal);
    }
}
