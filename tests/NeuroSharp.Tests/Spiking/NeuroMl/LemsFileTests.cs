using System.Globalization;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// LEMS simulation files (tests/data/lems): the run's length and step, jnml's layout of OutputFiles and EventOutputFiles
/// (rows, columns, SI units), known answers (a cell at rest, a pulse-driven iafCell's first spike by hand, izhikevichCell
/// against a double-precision Euler loop), and each refusal's sentence.
/// </summary>
public class LemsFileTests
{
    /// <summary>Copies tests/data/lems into a fresh folder (the outputs are written next to the LEMS file, as jnml does).</summary>
    private static TempDirectory Copy()
    {
        var dir = new TempDirectory();
        foreach (string f in Directory.GetFiles(Path.Combine(TestData.Directory, "lems"))) File.Copy(f, dir.File(Path.GetFileName(f)));
        return dir;
    }

    /// <summary>Runs a LEMS file for its length and writes its files into its folder.</summary>
    private static (LemsSimulation Simulation, SpikingEngine Engine, IReadOnlyList<string> Written) Run(string path)
    {
        var sim = LemsFile.Load(path);
        var engine = new SpikingEngine(sim.Network);
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(sim.Network.StepsFor(sim.Network.DurationMs!.Value, "test"));
        return (sim, engine, outputs.Write(engine, Path.GetDirectoryName(path)!));
    }

    private static double[][] Rows(string path) =>
        [.. File.ReadAllLines(path).Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray())];

    [Fact]
    public void Load_PulsedIaf_LengthStepTargetAndOutputsComeFromTheFile()
    {
        using var dir = Copy();
        var sim = LemsFile.Load(dir.File("LEMS_PulsedIaf.xml"));
        Assert.Equal("sim", sim.SimulationId);
        Assert.Equal(0.01, sim.Network.DtMs);
        Assert.Equal(40, sim.Network.DurationMs);
        Assert.Equal("net", sim.Network.Name);
        var file = Assert.Single(sim.OutputFiles);
        Assert.Equal("results/pulsed_iaf.v.dat", file.FileName);
        Assert.Equal([("rest", 0, "v", 1e-3), ("driven", 1, "v", 1e-3)], file.Columns.Select(c => (c.Population, c.Index, c.Variable, c.ToSi)));
        Assert.Equal(2, sim.EventFiles.Count);
        Assert.False(sim.EventFiles[0].TimeFirst);
        Assert.Equal([("7", "driven", 1), ("0", "rest", 0)], sim.EventFiles[0].Selections.Select(s => (s.Id, s.Population, s.Index)));
    }

    [Fact]
    public void OutputFile_JnmlLayout_OneRowPerStepAndTheStartTimeInSecondsThenVolts()
    {
        // jnml writes t = 0 (the initial state) and a row after every step: 40 ms / 0.01 ms + 1 rows; each value is
        // followed by a tab. The cell at rest stays at E_L = reset = -70 mV = -0.07 V; the driven cell starts there too.
        using var dir = Copy();
        var (_, _, written) = Run(dir.File("LEMS_PulsedIaf.xml"));
        Assert.Equal(dir.File("results/pulsed_iaf.v.dat"), written[0]);
        string[] lines = File.ReadAllLines(written[0]);
        Assert.Equal(4001, lines.Length);
        Assert.Equal("0.0\t-0.07\t-0.07\t", lines[0]);
        Assert.Equal("1.0E-5\t-0.07\t-0.07\t", lines[1]);
        var rows = Rows(written[0]);
        for (int k = 0; k < rows.Length; k++)
        {
            Assert.Equal(3, rows[k].Length);
            Assert.Equal(k * 1e-5, rows[k][0], 1e-9);
            Assert.Equal(-0.07, rows[k][1]); // at rest: exactly v0 in volts, every row
            Assert.InRange(rows[k][2], -0.0700001, -0.05); // never above threshold after a step's reset
        }
        Assert.Equal(0.04, rows[^1][0], 1e-9);
    }

    [Fact]
    public void EventOutputFile_PulsedIaf_FirstSpikeAtTheHandComputedTime()
    {
        // tau = C / g = 10 ms, V_inf = -70 + 30 pA / 1 nS = -40 mV: threshold (-50 mV) 10 ln(30 / 10) = 10.986 ms after
        // the pulse starts at 10 ms, so at 20.986 ms; jnml puts a spike at the end of its step: 20.99 ms. The next comes one
        // period (10.986 ms) after the reset, at 31.98 ms. The resting cell (selection id 0) never fires.
        using var dir = Copy();
        var (_, _, written) = Run(dir.File("LEMS_PulsedIaf.xml"));
        double first = 10 + 10 * Math.Log(3);
        string[] idTime = File.ReadAllLines(dir.File("results/pulsed_iaf.spikes"));
        Assert.Equal(2, idTime.Length);
        Assert.All(idTime, l => Assert.StartsWith("7\t", l));
        double t0 = double.Parse(idTime[0].Split('\t')[1], CultureInfo.InvariantCulture);
        Assert.Equal(Math.Ceiling(first / 0.01) * 0.01 / 1000, t0, 1e-9);
        Assert.InRange(t0 * 1000 - first, 0, 0.01);
        double t1 = double.Parse(idTime[1].Split('\t')[1], CultureInfo.InvariantCulture);
        Assert.InRange(t1 * 1000 - t0 * 1000 - 10 * Math.Log(3), 0, 0.01);
        Assert.Equal([$"{idTime[0].Split('\t')[1]}\tdriven1", $"{idTime[1].Split('\t')[1]}\tdriven1"], File.ReadAllLines(dir.File("results/pulsed_iaf.time_id.spikes")));
        Assert.Equal(3, written.Count);
    }

    [Fact]
    public void IzhikevichCell_AgreesWithADoublePrecisionEulerLoop()
    {
        // NeuroML's izhikevichCell stepped by forward Euler in double (as tests/data/lems/izhikevich_euler.py does):
        // v(0) = v0, U(0) = b v0, I from delay on; v > thresh -> v = c, U += d. The engine's izhikevich model in float
        // gives the same spikes, each within one step (0.005 ms), and v within 0.5 mV between spikes' upstrokes.
        using var dir = Copy();
        var (sim, _, written) = Run(dir.File("LEMS_Izhikevich.xml"));
        Assert.Equal(0.005, sim.Network.DtMs);
        var (tonic, tonicTrace) = Euler(0.02, 0.2, -65, 6, -70, 14, 20);
        var (burst, _) = Euler(0.02, 0.2, -50, 2, -70, 15, 22);
        var events = File.ReadAllLines(dir.File("izh.spikes")).Select(l => l.Split('\t')).ToList();
        double[] Times(string id) => [.. events.Where(e => e[1] == id).Select(e => double.Parse(e[0], CultureInfo.InvariantCulture) * 1000)];
        Assert.Equal(tonic.Count, Times("0").Length);
        Assert.Equal(burst.Count, Times("1").Length);
        Assert.True(tonic.Count >= 8 && burst.Count >= 20, $"{tonic.Count} tonic and {burst.Count} burst spikes");
        foreach (var (expected, got) in tonic.Zip(Times("0")).Concat(burst.Zip(Times("1")))) Assert.Equal(expected, got, 0.0051);
        var rows = Rows(written[0]);
        Assert.Equal(tonicTrace.Count, rows.Length);
        Assert.Equal(-0.07, rows[0][1], 1e-9);
        Assert.Equal(-14, rows[0][2], 1e-6); // U(0) = b v0, dimensionless
        for (int k = 0; k < rows.Length; k++)
        {
            if (tonicTrace[k].V < 0) Assert.True(Math.Abs(rows[k][1] * 1000 - tonicTrace[k].V) < 0.5, $"row {k}: {rows[k][1] * 1000} mV vs {tonicTrace[k].V} mV");
        }
    }

    private static (List<double> Spikes, List<(double V, double U)> Trace) Euler(double a, double b, double c, double d, double v0, double amp, double delay)
    {
        const double dt = 0.005;
        double v = v0, u = b * v0;
        var spikes = new List<double>();
        var trace = new List<(double, double)> { (v, u) };
        for (int k = 0; k < 40_000; k++)
        {
            double i = k * dt >= delay ? amp : 0;
            (v, u) = (v + dt * (0.04 * v * v + 5 * v + 140 - u + i), u + dt * (a * (b * v - u)));
            if (v > 30)
            {
                (v, u) = (c, u + d);
                spikes.Add((k + 1) * dt);
            }
            trace.Add((v, u));
        }
        return (spikes, trace);
    }

    [Theory]
    [InlineData(0f, "0.0")]
    [InlineData(-0.07f, "-0.07")]
    [InlineData(5e-6f, "5.0E-6")]
    [InlineData(1e-5f, "1.0E-5")]
    [InlineData(0.001f, "0.001")]
    [InlineData(0.0009999f, "9.999E-4")]
    [InlineData(0.3f, "0.3")]
    [InlineData(1f, "1.0")]
    [InlineData(-14f, "-14.0")]
    [InlineData(1234567f, "1234567.0")]
    [InlineData(1e7f, "1.0E7")]
    [InlineData(-0.06999469f, "-0.06999469")]
    [InlineData(1.5e-10f, "1.5E-10")]
    public void JavaFloat_WritesAsJavasFloatToString(float value, string expected) => Assert.Equal(expected, LemsOutputs.JavaFloat(value));

    [Fact]
    public void Load_NoTarget_SaysTheFileHasNone()
    {
        using var dir = Copy();
        string path = Rewrite(dir, "<Target component=\"sim\"/>", "");
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Equal($"{path}: the LEMS file has no <Target component=\"...\"/>, which names the <Simulation> to run.", e.Message);
    }

    [Fact]
    public void Load_TargetNamesNoSimulation_NamesTheSimulations()
    {
        using var dir = Copy();
        string path = Rewrite(dir, "<Target component=\"sim\"/>", "<Target component=\"run\"/>");
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Equal($"{path}:3:4: /Lems/Target[1] @component is 'run', which names no <Simulation> of the file (simulations: sim).", e.Message);
    }

    [Theory]
    [InlineData("length=\"40ms\"", "length=\"40 parsecs\"", "@length is '40 parsecs', not a time (units: s, ms, us).")]
    [InlineData("step=\"0.01ms\"", "step=\"-0.01ms\"", "@step is '-0.01ms'; it must be above 0.")]
    [InlineData("target=\"net\"", "target=\"net\" method=\"rk4\"", "has the attribute method=\"rk4\", which a LEMS Simulation does not have (id, length, step, target, seed).")]
    public void Load_BadSimulationAttribute_NamesTheAttributeAndValue(string from, string to, string expected)
    {
        using var dir = Copy();
        string path = Rewrite(dir, from, to);
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Equal($"{path}:9:4: /Lems/Simulation[@id='sim'] {expected}", e.Message);
    }

    [Fact]
    public void Load_SimulationTargetsNoNetwork_NamesTheNetworks()
    {
        using var dir = Copy();
        string path = Rewrite(dir, "target=\"net\"", "target=\"network\"");
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Equal($"{path}:9:4: /Lems/Simulation[@id='sim'] @target is 'network', which names no network of the loaded files (networks: net).", e.Message);
    }

    [Theory]
    [InlineData("rest[0]/v", "nopop[0]/v", "@quantity is 'nopop[0]/v', but network 'net' has no population 'nopop' (populations: rest, driven).")]
    [InlineData("rest[0]/v", "rest[1]/v", "@quantity is 'rest[1]/v', but population 'rest' has 1 cell (0 to 0).")]
    [InlineData("rest[0]/v", "rest[0]/iSyn", "@quantity is 'rest[0]/iSyn', but population 'rest' is a cell whose recorded variable is v.")]
    [InlineData("rest[0]/v", "rest/v", "@quantity is 'rest/v', not a cell's variable such as pop[0]/v or pop/0/cell/v (NeuroSharp records cells' variables).")]
    public void Load_BadOutputColumn_NamesTheColumnAndWhatIsWrong(string from, string to, string expected)
    {
        using var dir = Copy();
        string path = Rewrite(dir, from, to);
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Equal($"{path}:14:8: /Lems/Simulation[@id='sim']/OutputFile[@id='v']/OutputColumn[@id='rest'] {expected}", e.Message);
    }

    [Fact]
    public void Load_EventFileFormat_OnlyTimeIdOrIdTime()
    {
        using var dir = Copy();
        string path = Rewrite(dir, "format=\"ID_TIME\"", "format=\"CSV\"");
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Equal($"{path}:17:6: /Lems/Simulation[@id='sim']/EventOutputFile[@id='spikes'] @format is 'CSV'; a LEMS event file is TIME_ID or ID_TIME.", e.Message);
    }

    [Fact]
    public void Load_IncludedFileMissing_NamesTheInclude()
    {
        using var dir = Copy();
        File.Delete(dir.File("pulsed_iaf.net.nml"));
        string path = dir.File("LEMS_PulsedIaf.xml");
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.StartsWith($"{path}:7:4: /Lems/Include[4] names '{dir.File("pulsed_iaf.net.nml")}', which cannot be read", e.Message);
    }

    [Fact]
    public void NetworkFormats_NeitherNeuroMlNorLems_RefusesByTheRootElement()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.xml");
        File.WriteAllText(path, "<sbml><model/></sbml>");
        var e = Assert.Throws<InvalidInputException>(() => NetworkFormats.Load(path));
        Assert.Equal($"{path}:1:2: the root element is <sbml>, neither <neuroml> (a NeuroML 2 document) nor <Lems> (a LEMS simulation file).", e.Message);
    }

    [Fact]
    public void NetworkFormats_LemsFile_IsItsSimulationsNetwork()
    {
        using var dir = Copy();
        var spec = NetworkFormats.Load(dir.File("LEMS_Izhikevich.xml"));
        Assert.Equal(0.005, spec.DtMs);
        Assert.Equal(200, spec.DurationMs);
        var model = Assert.IsType<IzhikevichNeuronSpec>(spec.Populations[0].Model);
        Assert.Equal((0.02, 0.2, -65.0, 6.0, 30.0), (model.A, model.B, model.C, model.D, model.PeakMv));
        Assert.Equal(14, Assert.IsType<CurrentInputSpec>(spec.Inputs[0]).Amplitude);
    }

    [Fact]
    public void IzhikevichCell_PulseGeneratorInAmperes_IsRefused()
    {
        using var dir = Copy();
        string path = Rewrite(dir, "<pulseGeneratorDL id=\"i14\" delay=\"20ms\" duration=\"2000ms\" amplitude=\"14\"/>",
            "<pulseGenerator id=\"i14\" delay=\"20ms\" duration=\"2000ms\" amplitude=\"14pA\"/>", "LEMS_Izhikevich.xml");
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Contains("puts the pulseGenerator 'i14' (in amperes) on population 'tonicPop' (izhikevichCell), whose current is dimensionless; use a pulseGeneratorDL.", e.Message);
    }

    /// <summary>A LEMS file with one source population (spikeArray or spikeGenerator) onto an iafCell through an expOneSynapse.</summary>
    private static string SourceFile(TempDirectory dir, string source, string extra = "") =>
        WriteFile(dir, "LEMS_Source.xml", $$"""
            <Lems>
              <Target component="sim"/>
              <Include file="Cells.xml"/>
              {{source}}
              <iafCell id="cell" leakReversal="-70mV" thresh="-50mV" reset="-70mV" C="10pF" leakConductance="1nS"/>
              <expOneSynapse id="syn" gbase="1nS" erev="0mV" tauDecay="2ms"/>
              {{extra}}
              <network id="net">
                <population id="src" component="train" size="2"/>
                <population id="post" component="cell" size="1"/>
                <projection id="p" presynapticPopulation="src" postsynapticPopulation="post" synapse="syn">
                  <connection id="0" preCellId="../src[0]" postCellId="../post[0]"/>
                </projection>
              </network>
              <Simulation id="sim" length="40ms" step="0.1ms" target="net">
                <EventOutputFile id="e" fileName="src.spikes" format="ID_TIME"><EventSelection id="a" select="src[0]"/><EventSelection id="b" select="src[1]"/></EventOutputFile>
                <OutputFile id="o" fileName="post.dat"><OutputColumn id="v" quantity="post[0]/v"/></OutputFile>
              </Simulation>
            </Lems>
            """);

    private static string WriteFile(TempDirectory dir, string name, string text)
    {
        File.WriteAllText(dir.File(name), text);
        return dir.File(name);
    }

    private static double[] EventTimesMs(string path, string id) =>
        [.. File.ReadAllLines(path).Select(l => l.Split('\t')).Where(x => x[0] == id).Select(x => Math.Round(double.Parse(x[1], CultureInfo.InvariantCulture) * 1000, 6))];

    [Fact]
    public void SpikeArray_EmitsAtTheEndOfTheStepThatReachesEachTime()
    {
        // jLEMS emits a spike due at T at the end of the first step ending at or after T: 5, 12 and 30 ms on a 0.1 ms grid,
        // from every cell of the population; the engine's source fires in the step before (4.9 ms), which ends there.
        using var dir = new TempDirectory();
        string path = SourceFile(dir, """<spikeArray id="train"><spike id="0" time="12ms"/><spike id="1" time="5ms"/><spike id="2" time="30ms"/></spikeArray>""");
        var (sim, _, _) = Run(path);
        var source = Assert.IsType<SpikeTimesSourceSpec>(sim.Network.Populations[0].Model);
        Assert.Equal([4.9, 4.9, 11.9, 11.9, 29.9, 29.9], source.TimesMs.Select(t => Math.Round(t, 9)));
        Assert.Equal([0, 1, 0, 1, 0, 1], source.Indices);
        Assert.Equal([5.0, 12, 30], EventTimesMs(dir.File("src.spikes"), "a"));
        Assert.Equal([5.0, 12, 30], EventTimesMs(dir.File("src.spikes"), "b"));
        var v = Rows(dir.File("post.dat"));
        Assert.Equal(-0.07, v[50][1]); // t = 5 ms: the spike has just been emitted; nothing has reached v yet
        Assert.True(v[60][1] > -0.0699, $"v at 6 ms is {v[60][1]} V: the first spike should have depolarised the cell");
    }

    [Fact]
    public void SpikeGenerator_SpikesEveryPeriodUpToTheRunsLength()
    {
        // period 7 ms over 40 ms: 7, 14, 21, 28, 35 ms (the first one period after the start, as NeuroML's spikeGenerator).
        using var dir = new TempDirectory();
        string path = SourceFile(dir, """<spikeGenerator id="train" period="7ms"/>""");
        Run(path);
        Assert.Equal([7.0, 14, 21, 28, 35], EventTimesMs(dir.File("src.spikes"), "a"));
        var longer = LemsFile.Load(path, durationMs: 50);
        Assert.Equal(7, Assert.IsType<SpikeTimesSourceSpec>(longer.Network.Populations[0].Model).TimesMs.Count / 2); // --duration-ms 50: 7 spikes per cell
    }

    [Fact]
    public void TransientPoissonFiringSynapse_IsAPoissonInput_OnFromDelayForDuration()
    {
        using var dir = new TempDirectory();
        const string Input = """<inputList id="in" population="post" component="drive"><input id="0" target="../post[0]" destination="synapses"/></inputList>""";
        string Make(string delay, string duration) => File.ReadAllText(SourceFile(dir, """<spikeArray id="train"/>""",
            $"""<transientPoissonFiringSynapse id="drive" averageRate="50Hz" delay="{delay}" duration="{duration}" synapse="syn" spikeTarget="./syn"/>"""))
            .Replace("</network>", Input + "</network>", StringComparison.Ordinal);
        string whole = WriteFile(dir, "whole.xml", Make("0ms", "40ms"));
        var poisson = Assert.IsType<PoissonInputSpec>(Assert.Single(LemsFile.Load(whole).Network.Inputs));
        Assert.Equal((50.0, 0.0, (double?)40), (poisson.RateHz, poisson.StartMs, poisson.StopMs));
        // Until 2026-12-07 a window other than the whole run was refused; now it is the engine's window (PoissonWindowTests).
        string part = WriteFile(dir, "part.xml", Make("10ms", "20ms"));
        var windowed = Assert.IsType<PoissonInputSpec>(Assert.Single(LemsFile.Load(part).Network.Inputs));
        Assert.Equal((10.0, (double?)30), (windowed.StartMs, windowed.StopMs));
        string endless = WriteFile(dir, "endless.xml", Make("5ms", "1e9ms"));
        Assert.Null(Assert.IsType<PoissonInputSpec>(Assert.Single(LemsFile.Load(endless).Network.Inputs)).StopMs);
    }

    [Fact]
    public void IafTauCell_FiresWithTheClosedFormPeriod_AndTakesNoInput()
    {
        // NeuroML2's Ex0 cell: tau 30 ms, leakReversal -50 mV above thresh -55 mV, reset -70 mV. It starts at leakReversal, fires
        // in the first step, and after each reset reaches thresh in tau ln((E_L - reset) / (E_L - thresh)) = 30 ln 4 = 41.589 ms.
        using var dir = new TempDirectory();
        string path = WriteFile(dir, "LEMS_Tau.xml", """
            <Lems>
              <Target component="sim"/>
              <iafTauCell id="tau" leakReversal="-50mV" thresh="-55mV" reset="-70mV" tau="30ms"/>
              <network id="net"><population id="p" component="tau" size="1"/></network>
              <Simulation id="sim" length="300ms" step="0.005ms" target="net">
                <OutputFile id="o" fileName="v.dat"><OutputColumn id="v" quantity="p[0]/v"/></OutputFile>
                <EventOutputFile id="e" fileName="p.spikes" format="TIME_ID"><EventSelection id="0" select="p[0]"/></EventOutputFile>
              </Simulation>
            </Lems>
            """);
        Run(path);
        var times = File.ReadAllLines(dir.File("p.spikes")).Select(l => double.Parse(l.Split('\t')[0], CultureInfo.InvariantCulture) * 1000).ToArray();
        Assert.Equal(0.005, times[0], 1e-9);
        double period = 30 * Math.Log(4);
        Assert.Equal(1 + (int)Math.Floor((300 - 0.005) / period), times.Length);
        for (int k = 1; k < times.Length; k++) Assert.InRange(times[k] - times[k - 1] - period, -0.0051, 0.0051);
        Assert.Equal("0.0\t-0.05\t", File.ReadLines(dir.File("v.dat")).First());

        File.WriteAllText(path, File.ReadAllText(path)
            .Replace("<network id=\"net\">", "<pulseGenerator id=\"i\" delay=\"0ms\" duration=\"1ms\" amplitude=\"1pA\"/><network id=\"net\">", StringComparison.Ordinal)
            .Replace("</population>", "", StringComparison.Ordinal)
            .Replace("size=\"1\"/>", "size=\"1\"/><explicitInput target=\"p[0]\" input=\"i\"/>", StringComparison.Ordinal));
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Contains("/Lems/network[@id='net']/explicitInput[1] drives population 'p', a iafTauCell, which receives no input.", e.Message);
    }

    private static string Rewrite(TempDirectory dir, string from, string to, string file = "LEMS_PulsedIaf.xml")
    {
        string path = dir.File(file);
        string text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        return path;
    }
}
