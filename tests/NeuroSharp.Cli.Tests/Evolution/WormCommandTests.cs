using System.Globalization;
using System.Text.Json;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Evolution;

/// <summary><c>evolve --circuit</c> and <c>play --trials</c> for the worm (docs/world-worm.md, "The klinotaxis circuit").</summary>
public class WormCommandTests
{
    [Fact]
    public void Evolve_CircuitWithNeat_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "worm-klinotaxis", "--algorithm", "neat", "--circuit", "--out", dir.Path), "--circuit", "cmaes");
    }

    [Fact]
    public void Evolve_CircuitOnATaskWithoutOne_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "xor", "--algorithm", "cmaes", "--circuit", "--out", dir.Path), "xor", "seed circuit");
    }

    [Fact]
    public void Evolve_Circuit_MetricsReportTheCircuitsHiddenNeurons()
    {
        // The circuit has 14 hidden neurons (docs/world-worm.md); --hidden (default 4) does not apply to it.
        using var dir = new TempDirectory();
        var r = CliRunner.Run("evolve", "--task", "worm-klinotaxis", "--algorithm", "cmaes", "--circuit", "--population", "4", "--generations", "1", "--out", dir.Path, "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")));
        Assert.Equal(14, metrics.RootElement.GetProperty("hidden").GetInt32());
        Assert.Equal(14, metrics.RootElement.GetProperty("championHidden").GetInt32());
    }

    [Fact]
    public void Evolve_NetworkOnANonWormTaskOrWithNeat_Refused()
    {
        using var dir = new TempDirectory();
        string net = Path.Combine(dir.Path, "worm.json");
        NetworkFile.Save(net, WormKlinotaxisCircuit.BuildEvolved());
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "xor", "--algorithm", "cmaes", "--network", net, "--out", dir.Path), "--network", "xor");
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "worm-klinotaxis", "--algorithm", "neat", "--network", net, "--out", dir.Path), "--network", "cmaes");
    }

    [Fact]
    public void Evolve_NetworkThatIsNotAConnectome_RefusedNamingIt()
    {
        using var dir = new TempDirectory();
        string net = Path.Combine(dir.Path, "worm.json");
        NetworkFile.Save(net, WormKlinotaxisCircuit.BuildEvolved());
        // The klinotaxis circuit has no named muscle cells: it is not a C. elegans connectome.
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "worm-klinotaxis", "--algorithm", "cmaes", "--network", net, "--out", Path.Combine(dir.Path, "out")), "worm-klinotaxis-champion", "no head muscle cell");
    }

    [Fact]
    public void Evolve_TestTrialsOnATaskWithoutAHeldOutSet_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "xor", "--test-trials", "10", "--out", dir.Path), "--test-trials", "xor");
    }

    [Fact]
    public void Evolve_TrialsOrCheckTrialsOutOfRangeOrOnATaskWithoutStarts_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "xor", "--trials", "4", "--out", dir.Path), "--trials", "xor");
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "double-pole", "--check-trials", "50", "--out", dir.Path), "--check-trials", "double-pole");
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "worm-klinotaxis", "--algorithm", "cmaes", "--circuit", "--trials", "0", "--out", dir.Path), "--trials", "0");
        CliAssert.Refused(CliRunner.Run("evolve", "--task", "worm-klinotaxis", "--algorithm", "cmaes", "--circuit", "--check-trials", "-1", "--out", dir.Path), "--check-trials", "-1");
    }

    [Fact]
    public void Evolve_Trials_RecordedInMetricsAndCheckedOnResume()
    {
        using var dir = new TempDirectory();
        string[] Args(int generations, int trials, int checkTrials, bool resume) =>
            ["evolve", "--task", "worm-klinotaxis", "--algorithm", "cmaes", "--circuit", "--population", "2", "--generations", $"{generations}", "--seed", "2",
                "--trials", $"{trials}", "--check-trials", $"{checkTrials}", "--out", dir.Path, "--quiet", .. (resume ? new[] { "--resume" } : [])];
        var r = CliRunner.Run(Args(1, 2, 3, false));
        Assert.True(r.Exit == 0, r.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
        {
            Assert.Equal(2, metrics.RootElement.GetProperty("trials").GetInt32());
            Assert.Equal(3, metrics.RootElement.GetProperty("checkTrials").GetInt32());
        }
        CliAssert.Refused(CliRunner.Run(Args(2, 3, 3, true)), "--trials is 3", "made with 2");
        CliAssert.Refused(CliRunner.Run(Args(2, 2, 4, true)), "--check-trials is 4", "made with 3");
    }

    /// <summary>Plays the evolved klinotaxis champion on a task's held-out trials; returns the output folder.</summary>
    private static string PlayEvolvedChampion(TempDirectory dir, string task, int trials)
    {
        string net = Path.Combine(dir.Path, "champion.json");
        NetworkFile.Save(net, WormKlinotaxisCircuit.BuildEvolved());
        string outDir = Path.Combine(dir.Path, "play");
        var r = CliRunner.Run("play", net, "--task", task, "--trials", $"{trials}", "--out", outDir, "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        return outDir;
    }

    [Fact]
    public void Play_Trials_WritesTheHeldOutSummary()
    {
        using var dir = new TempDirectory();
        string outDir = PlayEvolvedChampion(dir, "worm-withdrawal", trials: 2);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        Assert.Equal(2, metrics.RootElement.GetProperty("testTrials").GetInt32());
        int successes = metrics.RootElement.GetProperty("testSuccesses").GetInt32();
        var rows = File.ReadAllLines(Path.Combine(outDir, "trials.csv"));
        Assert.Equal(3, rows.Length);
        Assert.Equal(successes, rows.Skip(1).Count(l => l.Split(',')[1] == "1"));
        // The path columns: worm-withdrawal has no food, so its four food columns are empty and the touch counts are not.
        Assert.Equal("start_distance_mm,start_bearing_deg,closest_mm,end_distance_mm,head_touch_steps,reverse_steps", string.Join(',', rows[0].Split(',')[6..]));
        foreach (var row in rows.Skip(1))
        {
            var f = row.Split(',');
            Assert.Equal(12, f.Length);
            Assert.All(f[6..10], v => Assert.Equal("", v));
            Assert.True(int.Parse(f[10], CultureInfo.InvariantCulture) > 0, row); // every withdrawal trial starts in front of a wall it crawls into
        }
    }

    [Fact]
    public void Play_KlinotaxisTrials_WriteTheStartAndTheClosestApproach()
    {
        using var dir = new TempDirectory();
        string outDir = PlayEvolvedChampion(dir, "worm-klinotaxis", trials: 2);
        var trials = new WormKlinotaxisTask().TestTrials(2);
        var rows = File.ReadAllLines(Path.Combine(outDir, "trials.csv"));
        for (int i = 0; i < 2; i++)
        {
            var f = rows[i + 1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(WormTrialPath.StartDistance(trials[i]), f[6], 3);
            Assert.Equal(WormTrialPath.StartBearingDegrees(trials[i]), f[7], 1);
            Assert.True(f[6] >= WormKlinotaxisTask.MinStartDistance);
            Assert.True(f[8] <= f[9] + 1e-4, rows[i + 1]); // the closest approach is no farther than the end
            // The end distance is the start less the progress (to the food's edge when it was eaten).
            if (f[1] == 0) Assert.Equal(f[6] - f[3], f[9], 3);
            else Assert.True(f[8] <= 0.25 + 0.01, rows[i + 1]); // eaten within the food radius (the head moves on for the rest of its step)
        }
    }

    [Fact]
    public void Play_SmellCutOff_SaysSoInMetrics_AndIsRefusedForATaskWithoutSmell()
    {
        using var dir = new TempDirectory();
        string net = Path.Combine(dir.Path, "champion.json");
        NetworkFile.Save(net, WormKlinotaxisCircuit.BuildEvolved());
        string outDir = Path.Combine(dir.Path, "play");
        var r = CliRunner.Run("play", net, "--task", "worm-withdrawal", "--trials", "1", "--smell-cut-off", "--out", outDir, "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        Assert.True(metrics.RootElement.GetProperty("smellCutOff").GetBoolean());
        CliAssert.Refused(CliRunner.Run("play", net, "--task", "xor", "--smell-cut-off", "--out", Path.Combine(dir.Path, "p")), "--smell-cut-off", "xor");
    }

    [Fact]
    public void Play_TrialsOnATaskWithoutAHeldOutSet_Refused()
    {
        using var dir = new TempDirectory();
        string net = Path.Combine(dir.Path, "champion.json");
        NetworkFile.Save(net, WormKlinotaxisCircuit.BuildEvolved());
        CliAssert.Refused(CliRunner.Run("play", net, "--task", "double-pole", "--trials", "5", "--out", Path.Combine(dir.Path, "p")), "--trials", "double-pole");
    }

    [Fact]
    public void Play_NeuroMlConnectome_RunsInTheWormWorld()
    {
        // A c302-style file of our own: cells named as in C. elegans bind by name (docs/world-worm.md).
        using var dir = new TempDirectory();
        string nml = Path.Combine(dir.Path, "mini.net.nml");
        File.WriteAllText(nml, """
            <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="mini">
                <expTwoSynapse id="exc_syn" gbase="0.01nS" erev="0mV" tauDecay="5ms" tauRise="3ms"/>
                <iafCell id="iaf" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
                <network id="mini">
                    <population id="ALML" component="iaf" size="1"/>
                    <population id="AVAL" component="iaf" size="1"/>
                    <population id="MDL01" component="iaf" size="1"/>
                    <projection id="ALML_AVAL" presynapticPopulation="ALML" postsynapticPopulation="AVAL" synapse="exc_syn">
                        <connection id="0" preCellId="../ALML[0]" postCellId="../AVAL[0]"/>
                    </projection>
                </network>
            </neuroml>
            """);
        string outDir = Path.Combine(dir.Path, "play");
        var r = CliRunner.Run("play", nml, "--task", "worm-withdrawal", "--steps", "20", "--every", "10", "--out", outDir, "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal(21, File.ReadAllLines(Path.Combine(outDir, "trace.csv")).Length);
    }
}
