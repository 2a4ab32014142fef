using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>neurosharp simulate --format nwb</c>: the NWB 2 file checked by h5py (tools/nwb/check_nwb.py: the
/// schema's required groups and attributes, the units table, and spike times and state samples equal to
/// the CSV files of the same run), and the refusals of bad --format values.
/// </summary>
public class SimulateNwbTests
{
    private static string Example(string name) => Path.Combine(RepositoryRoot.Path, "examples", "networks", name);

    private static string Checker => Path.Combine(RepositoryRoot.Path, "tools", "nwb", "check_nwb.py");

    [Theory]
    [InlineData("ei-network.json", "300", 1)]      // populations, a state monitor (v), Poisson input
    [InlineData("reflex-arc.json", "60", 13)]      // transmitter neurons: their 13 state values as TimeSeries
    public void Simulate_FormatCsvAndNwb_NwbPassesH5pyCheckAndEqualsCsv(string network, string steps, int stateSeries)
    {
        using var dir = new TempDirectory();
        var (code, _, err) = Run("simulate", Example(network), "--steps", steps, "--format", "csv,nwb", "--out", dir.Path, "--quiet");
        Assert.True(code == 0, err);
        string nwb = dir.File("simulation.nwb");
        var (exit, output, error) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Checker, nwb, dir.File("spikes.csv"), dir.File("state.csv"));
        Assert.True(exit == 0, output + error);
        Assert.StartsWith("ok: ", output);
        Assert.Contains("spikes equal to spikes.csv", output);
        Assert.Contains($", {stateSeries} state series equal to state.csv", output);
    }

    [Fact]
    public void Simulate_TransmitterState_CheckerFindsAValueThatDiffersFromStateCsv()
    {
        // The checker compares the transmitter neurons' rows too: one changed value in state.csv is reported.
        using var dir = new TempDirectory();
        var (code, _, err) = Run("simulate", Example("reflex-arc.json"), "--steps", "20", "--format", "csv,nwb", "--out", dir.Path, "--quiet");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(dir.File("state.csv"));
        int row = Array.FindIndex(lines, l => l.Split(',') is [_, _, _, "0", "sta", _]);
        Assert.True(row > 0, "state.csv has no transmitter sta row");
        var cells = lines[row].Split(',');
        cells[5] = (double.Parse(cells[5], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        lines[row] = string.Join(',', cells);
        File.WriteAllLines(dir.File("changed.csv"), lines);
        var (exit, output, error) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Checker, dir.File("simulation.nwb"), dir.File("spikes.csv"), dir.File("changed.csv"));
        Assert.True(exit == 1, output + error);
        Assert.Contains("/acquisition/transmitter_sta: values differ from state.csv", output);
    }

    [Fact]
    public void Checker_UnusableArguments_OneSentenceNamingThemExitTwo()
    {
        // Until 2026-12-07 a missing file, a file that is not HDF5 or a CSV of another kind ended in an h5py or KeyError traceback.
        using var dir = new TempDirectory();
        var (code, _, err) = Run("simulate", Example("ei-network.json"), "--steps", "20", "--format", "csv,nwb", "--out", dir.Path, "--quiet");
        Assert.True(code == 0, err);
        string nwb = dir.File("simulation.nwb");
        (string[] Args, string Sentence)[] cases =
        [
            ([dir.File("none.nwb")], $"{dir.File("none.nwb")}: no such file"),
            ([dir.File("metrics.json")], $"{dir.File("metrics.json")}: not an HDF5 file, so not an NWB 2 file."),
            ([nwb, dir.File("metrics.json")], $"{dir.File("metrics.json")}: its first line is '{{', not spikes.csv's header step,timeMs,population,neuron."),
            ([nwb, dir.File("spikes.csv"), dir.File("spikes.csv")], "not state.csv's header step,timeMs,population,neuron,variable,value."),
        ];
        foreach (var (args, sentence) in cases)
        {
            var (exit, output, error) = DebianPython.Run(TimeSpan.FromMinutes(2), null, [Checker, .. args]);
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}: {output}{error}");
            Assert.Contains(sentence, error);
            Assert.DoesNotContain("Traceback", error);
        }
    }

    /// <summary>
    /// The plastic projections' final weights (docs/formats.md, "NWB": /processing/weights): polychronization.json's two STDP
    /// projections, one DynamicTable each in synapse order, equal (as float32) to the weights of the engine after the same
    /// run; its static inh->exc projection has none. The weights moved from their initial 6 and stay in [0, 10].
    /// </summary>
    [Fact]
    public void Simulate_FormatNwb_WritesThePlasticProjectionsFinalWeights()
    {
        using var dir = new TempDirectory();
        var spec = NeuroSharp.Spiking.NetworkFile.Load(Example("polychronization.json"));
        var engine = new NeuroSharp.Spiking.Simulation.SpikingEngine(spec);
        engine.Run(400);
        string nwb = dir.File("weights.nwb");
        NeuroSharp.Spiking.Simulation.SimulationNwb.Write(nwb, engine, "weights test");
        string dump = dir.File("dump.py");
        File.WriteAllText(dump, "import sys, h5py\nwith h5py.File(sys.argv[1], 'r') as f:\n    for name, t in f['processing']['weights'].items():\n"
            + "        print(name, t.attrs['projection'], t.attrs['neurodata_type'], ' '.join(repr(float(w)) for w in t['weight'][()]))\n");
        var (exit, output, error) = DebianPython.Run(TimeSpan.FromMinutes(2), null, dump, nwb);
        Assert.True(exit == 0, output + error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(r => r[0]);
        Assert.Equal(["exc->exc", "exc->inh"], rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, row) in rows)
        {
            Assert.Equal(name, row[1]);
            Assert.Equal("DynamicTable", row[2]);
            var written = row[3..].Select(w => float.Parse(w, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var expected = new float[engine.SynapseCountOf(name)];
            engine.CopyWeights(name, expected);
            Assert.Equal(expected, written);
            Assert.All(written, w => Assert.InRange(w, 0f, 10f));
            Assert.Contains(written, w => w != 6f);
        }
        var (checkExit, checkOut, checkErr) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Checker, nwb);
        Assert.True(checkExit == 0, checkOut + checkErr);
    }

    [Fact]
    public void Simulate_FormatNwb_WritesNwbAndNoCsv()
    {
        using var dir = new TempDirectory();
        var (code, _, err) = Run("simulate", Example("ei-network.json"), "--steps", "50", "--format", "nwb", "--out", dir.Path, "--quiet");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(dir.File("simulation.nwb")));
        Assert.False(File.Exists(dir.File("spikes.csv")));
        // HDF5's signature opens the file.
        Assert.Equal(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a }, File.ReadAllBytes(dir.File("simulation.nwb"))[..8]);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("")]
    [InlineData("csv,,nwb")]
    [InlineData("NWB")]
    public void Simulate_BadFormat_ExitsTwoWithOneSentence(string format)
    {
        using var dir = new TempDirectory();
        var (code, _, err) = Run("simulate", Example("ei-network.json"), "--steps", "5", "--format", format, "--out", dir.Path);
        Assert.Equal(2, code);
        Assert.Contains($"--format is '{format}'; give csv, nwb or csv,nwb.", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(File.Exists(dir.File("simulation.nwb")));
    }
}
