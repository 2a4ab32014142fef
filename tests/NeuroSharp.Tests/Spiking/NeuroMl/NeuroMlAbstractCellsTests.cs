using System.Globalization;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML's abstract cells on the equations model (fitzHughNagumoCell, fitzHughNagumo1969Cell), PyNN's cells and synapses, and
/// c302's iafActivityCell activity column (files in tests/data/neuroml-abstract): known answers against double-precision Euler
/// loops of the LEMS equations, closed forms, and each refusal's sentence.
/// </summary>
public class NeuroMlAbstractCellsTests
{
    private static TempDirectory Copy()
    {
        var dir = new TempDirectory();
        foreach (string f in Directory.GetFiles(Path.Combine(TestData.Directory, "neuroml-abstract"))) File.Copy(f, dir.File(Path.GetFileName(f)));
        return dir;
    }

    /// <summary>
    /// NeuroML2's Ex9 as LEMS_FN.xml in <paramref name="dir"/>: one fitzHughNagumoCell (I 0.8) in population fnPop1, simulated
    /// for <paramref name="length"/> at 0.01 s, fn.dat with <paramref name="columns"/> (on line 6 of the file); its path.
    /// </summary>
    private static string FitzHughNagumoEx9(TempDirectory dir, string length, string columns)
    {
        string path = dir.File("LEMS_FN.xml");
        File.WriteAllText(path, $"""
            <Lems>
              <Target component="sim"/>
              <fitzHughNagumoCell id="fn1" I="0.8"/>
              <network id="net1"><population id="fnPop1" component="fn1" size="1"/></network>
              <Simulation id="sim" length="{length}" step="0.01s" target="net1">
                <OutputFile id="of1" fileName="fn.dat">{columns}</OutputFile>
              </Simulation>
            </Lems>
            """);
        return path;
    }

    private static (LemsSimulation Simulation, SpikingEngine Engine) Run(string path)
    {
        var sim = LemsFile.Load(path);
        var engine = new SpikingEngine(sim.Network);
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(sim.Network.StepsFor(sim.Network.DurationMs!.Value, "test"));
        outputs.Write(engine, Path.GetDirectoryName(path)!);
        return (sim, engine);
    }

    private static double[][] Rows(string path) =>
        [.. File.ReadAllLines(path).Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray())];

    /// <summary>Upward zero crossings of a trace sampled every dt, linearly interpolated.</summary>
    private static List<double> Crossings(IReadOnlyList<double> v, double dt)
    {
        var c = new List<double>();
        for (int k = 1; k < v.Count; k++)
        {
            if (v[k - 1] < 0 && v[k] >= 0) c.Add(dt * (k - 1 + -v[k - 1] / (v[k] - v[k - 1])));
        }
        return c;
    }

    [Fact]
    public void FitzHughNagumo1969_FixedPointAndLimitCycle_AsADoublePrecisionEulerLoop()
    {
        // a 0.7, b 0.8, phi 0.08; I 0 rests at the root of V - V^3/3 = (V + a)/b (W = (V + a)/b); I 0.5 oscillates with the
        // period of the Euler loop of Cells.xml's equations at the same step (0.01 ms), 39.4817 ms.
        using var dir = Copy();
        Run(dir.File("LEMS_FitzHughNagumo1969.xml"));
        var rows = Rows(dir.File("fn1969.dat"));
        Assert.Equal(40_001, rows.Length);
        Assert.Equal(6, rows[0].Length); // t, restV, restW, cycleV, cycleW, cycleF
        Assert.Equal([0, -1, -0.5, -1, -0.5], rows[0][..5]);
        Assert.Equal(-1 + 1.0 / 3, rows[0][5], 6); // F = V - V^3/3 at V = -1

        double fixedV = -1.2;
        for (int k = 0; k < 50; k++)
        {
            double f = fixedV - fixedV * fixedV * fixedV / 3 - (fixedV + 0.7) / 0.8, df = 1 - fixedV * fixedV - 1 / 0.8;
            fixedV -= f / df;
        }
        // The engine steps in float: V and W stall within about 3e-5 of the fixed point (the Euler loop in double is within 1e-7).
        Assert.Equal(fixedV, rows[^1][1], 1e-4);
        Assert.Equal((fixedV + 0.7) / 0.8, rows[^1][2], 1e-4);

        const double dt = 0.01;
        double v = -1, w = -0.5;
        var loop = new List<double> { v };
        for (int k = 0; k < 40_000; k++)
        {
            (v, w) = (v + dt * (v - v * v * v / 3 - w + 0.5), w + dt * 0.08 * (v + 0.7 - 0.8 * w));
            loop.Add(v);
        }
        var cycle = rows.Select(r => r[3]).ToList();
        double worst = loop.Zip(cycle).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst < 1e-3, $"max |V - Euler| = {worst}");
        var expected = Crossings(loop, dt);
        var got = Crossings(cycle, dt);
        Assert.Equal(11, expected.Count);
        Assert.Equal(expected.Count, got.Count);
        foreach (var (e, g) in expected.Zip(got)) Assert.Equal(e, g, 0.001);
        Assert.Equal(39.4817, got[^1] - got[^2], 0.001);
        // F is the derived variable V - V^3/3 of the same row.
        Assert.All(rows.Take(2000), r => Assert.Equal(r[3] - r[3] * r[3] * r[3] / 3, r[5], 1e-5));
    }

    [Fact]
    public void FitzHughNagumoCell_OneSecondTimeScale_OscillatesAsTheEulerLoop()
    {
        // NeuroML2's Ex9: fitzHughNagumoCell I 0.8, derivatives per second (SEC = 1 s), V = W = 0 at the start, dt 0.01 s.
        using var dir = new TempDirectory();
        Run(FitzHughNagumoEx9(dir, "100s", """<OutputColumn id="V" quantity="fnPop1[0]/V"/><OutputColumn id="W" quantity="fnPop1[0]/W"/>"""));
        var rows = Rows(dir.File("fn.dat"));
        Assert.Equal(10_001, rows.Length);
        double v = 0, w = 0;
        var loop = new List<double> { 0 };
        for (int k = 0; k < 10_000; k++)
        {
            (v, w) = (v + 0.01 * (v - v * v * v / 3 - w + 0.8), w + 0.01 * 0.08 * (v + 0.7 - 0.8 * w));
            loop.Add(v);
        }
        var got = Crossings([.. rows.Select(r => r[1])], 0.01);
        var expected = Crossings(loop, 0.01);
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Count, got.Count);
        foreach (var (e, g) in expected.Zip(got)) Assert.Equal(e, g, 0.001);
        Assert.Equal(36.528, got[1] - got[0], 0.001); // seconds
    }

    [Fact]
    public void PyNnCells_StepCurrentClosedFormPeriodAndConductanceSynapses_KnownAnswers()
    {
        using var dir = Copy();
        var (sim, _) = Run(dir.File("LEMS_PyNN.xml"));
        // IF_curr_exp: g_L = cm / tau_m = 0.05 uS; i_offset 0.25 nA and a 0.2 nA step from 100 to 300 ms: E_L + I R = -60 then -56 mV.
        var step = sim.Network.Populations.Single(p => p.Name == "stepPop");
        Assert.IsType<ConductanceLifNeuronSpec>(step.Model);
        var rows = Rows(dir.File("pynn_v.dat"));
        Assert.Equal(-60, rows[10_000][1] * 1000, 0.05);   // 100 ms: 5 tau, 5 e^-5 = 0.034 mV short
        // 300 ms: 10 tau after the step, 2e-4 mV short in exact arithmetic; the engine's float v stalls within about 0.004 mV of a steady
        // state it approaches this slowly (its increment per step falls below half a float's resolution at -56 mV).
        Assert.Equal(-56, rows[30_000][1] * 1000, 0.005);
        Assert.Equal(-60, rows[40_000][1] * 1000, 0.05);

        // IF_cond_exp under i_offset 1 nA: V_inf = -45 mV from v_init = v_rest = -65; first spike at tau ln(20/7), then every
        // tau_refrac + tau ln((V_inf - v_reset) / (V_inf - v_thresh)) = 5 + 20 ln(23/7) ms.
        var spikes = File.ReadAllLines(dir.File("pynn.spikes")).Select(l => double.Parse(l.Split('\t')[0], CultureInfo.InvariantCulture) * 1000).ToList();
        Assert.Equal(20 * Math.Log(20.0 / 7), spikes[0], 0.011);
        double period = 5 + 20 * Math.Log(23.0 / 7);
        for (int k = 1; k < spikes.Count; k++) Assert.Equal(period, spikes[k] - spikes[k - 1], 0.021);
        Assert.Equal(14, spikes.Count); // 21.0 + 13 x 28.79 = 395 ms < 400 ms

        // IF_cond_exp target (cm 0.5 nF, tau_m 10 ms, starting at -60) under PyNN's expCondSynapse (tau 5, 0 mV, w 0.01 uS) at 20, 25,
        // 60 ms and alphaCondSynapse (tau 10, -80 mV, w 0.005 uS) at 100, 140 ms, against PyNN.xml's equations by forward Euler in double.
        const double dt = 0.01;
        double v = -60, ge = 0, gi = 0, a = 0;
        double worst = 0;
        for (int k = 0; k < 40_000; k++)
        {
            // A spike at T reaches the synapse at the end of step ceil(T / dt), as jLEMS delivers a spikeArray's spike.
            int arriving = k;
            if (arriving is 2000 or 2500 or 6000) ge += 0.01;
            if (arriving is 10_000 or 14_000) a += 0.005;
            double dv = (-65 - v) / 10 + (ge * (0 - v) + gi * (-80 - v)) / 0.5;
            (v, ge, gi, a) = (v + dt * dv, ge - dt * ge / 5, gi + dt * (Math.E * a - gi) / 10, a - dt * a / 10);
            worst = Math.Max(worst, Math.Abs(v - rows[k + 1][3] * 1000));
        }
        Assert.True(worst < 0.01, $"max |v - Euler| = {worst} mV");
    }

    [Fact]
    public void IafActivityCell_ActivityColumn_FollowsItsEquationFromV()
    {
        // iafActivityCell as c302's cell_B.xml defines it: under I = 1 pA v settles at E_L + I / g = -40 mV, target
        // (v - reset) / (thresh - reset) = 0.5, and activity relaxes to it with tau1; each row is one Euler step from the row before.
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_Activity.xml");
        File.WriteAllText(path, """
            <Lems>
              <Target component="sim"/>
              <ComponentType name="iafActivityCell" extends="iafCell">
                <Exposure name="activity" dimension="none"/>
                <Parameter name="tau1" dimension="time"/>
                <Dynamics>
                  <StateVariable name="v" exposure="v" dimension="voltage"/>
                  <StateVariable name="activity" exposure="activity" dimension="none"/>
                  <DerivedVariable name="iSyn" dimension="current" exposure="iSyn" select="synapses[*]/i" reduce="add"/>
                  <DerivedVariable name="iMemb" dimension="current" exposure="iMemb" value="leakConductance * (leakReversal - v) + iSyn"/>
                  <DerivedVariable name="target" dimension="none" value="(v - reset) / (thresh - reset)"/>
                  <TimeDerivative variable="v" value="iMemb / C"/>
                  <TimeDerivative variable="activity" value="(target-activity)/tau1"/>
                  <OnStart><StateAssignment variable="v" value="reset"/></OnStart>
                  <OnCondition test="activity .lt. 0"><StateAssignment variable="activity" value="0"/></OnCondition>
                  <OnCondition test="v .gt. thresh"><StateAssignment variable="v" value="reset"/><EventOut port="spike"/></OnCondition>
                </Dynamics>
              </ComponentType>
              <iafCell type="iafActivityCell" id="cell" C="3pF" thresh="-30mV" reset="-50mV" leakConductance="0.1nS" leakReversal="-50mV" tau1="50ms"/>
              <pulseGenerator id="p" delay="0ms" duration="1000ms" amplitude="1pA"/>
              <network id="net"><population id="pop" component="cell" size="1"/><explicitInput target="pop[0]" input="p"/></network>
              <Simulation id="sim" length="600ms" step="0.05ms" target="net">
                <OutputFile id="o" fileName="act.dat"><OutputColumn id="v" quantity="pop/0/cell/v"/><OutputColumn id="a" quantity="pop/0/cell/activity"/></OutputFile>
              </Simulation>
            </Lems>
            """);
        Run(path);
        var rows = Rows(dir.File("act.dat"));
        Assert.Equal(12_001, rows.Length);
        Assert.Equal(0, rows[0][2]);
        for (int k = 1; k < rows.Length; k++)
        {
            double previous = rows[k - 1][1] * 1000;
            double expected = Math.Max(0, rows[k - 1][2] + 0.05 * ((previous + 50) / 20 - rows[k - 1][2]) / 50);
            Assert.Equal(expected, rows[k][2], 1e-6); // the file holds floats
        }
        Assert.Equal(0.5, rows[^1][2], 3);
        Assert.Equal(-40, rows[^1][1] * 1000, 0.01);
    }

    [Theory]
    [InlineData("<EIF_cond_alpha_isfa_ista id=\"c\" a=\"0.0\" b=\"0.0805\" cm=\"0.281\" delta_T=\"-1\" e_rev_E=\"0.0\" e_rev_I=\"-80.0\" i_offset=\"0.6\" tau_m=\"9.3667\" tau_refrac=\"5\" tau_syn_E=\"5.0\" tau_syn_I=\"5.0\" tau_w=\"144.0\" v_init=\"-65\" v_reset=\"-68.0\" v_rest=\"-70.6\" v_spike=\"-40.0\" v_thresh=\"-52.0\"/>",
        "", "/neuroml/EIF_cond_alpha_isfa_ista[@id='c'] has delta_T -1 mV; PyNN.xml's delta_I is defined for delta_T > 0 (the exponential) and delta_T = 0 (none), not below 0.")]
    [InlineData("<IF_curr_exp id=\"c\" cm=\"1nF\" i_offset=\"0\" tau_m=\"20\" tau_refrac=\"2\" tau_syn_E=\"5\" tau_syn_I=\"5\" v_init=\"-65\" v_reset=\"-70\" v_rest=\"-65\" v_thresh=\"-50\"/>",
        "", "/neuroml/IF_curr_exp[@id='c'] @cm is '1nF', not a plain number (PyNN's and the abstract cells' parameters are dimensionless numbers).")]
    [InlineData("<IF_cond_exp id=\"c\" cm=\"1\" i_offset=\"0\" tau_m=\"20\" tau_refrac=\"2\" tau_syn_E=\"5\" tau_syn_I=\"5\" v_init=\"-65\" v_reset=\"-50\" v_rest=\"-65\" v_thresh=\"-50\"/>",
        "", "/neuroml/IF_cond_exp[@id='c'] has v_reset -50 mV, not below v_thresh -50 mV; the cell would fire on every step.")]
    [InlineData("<HH_cond_exp id=\"c\" cm=\"0.2\" e_rev_E=\"0.0\" e_rev_I=\"-80.0\" e_rev_K=\"-90.0\" e_rev_Na=\"50.0\" e_rev_leak=\"-65.0\" g_leak=\"0.01\" gbar_K=\"6.0\" gbar_Na=\"20.0\" i_offset=\"0.2\" tau_syn_E=\"0.2\" tau_syn_I=\"2.0\" v_init=\"-65\" v_offset=\"-63.0\"/>",
        "<projection id=\"pr\" presynapticPopulation=\"src\" postsynapticPopulation=\"p\" synapse=\"s\"><connection id=\"0\" preCellId=\"../src[0]\" postCellId=\"../p[0]\"/></projection>",
        "puts the synapse 's' on population 'p' (HH_cond_exp); NeuroSharp runs HH_cond_exp as equations of its membrane and gates with current inputs only (pulse and ramp generators), not synapses.")]
    [InlineData("<fitzHughNagumoCell id=\"c\" I=\"0.8\"/>",
        "<explicitInput target=\"p[0]\" input=\"pg\"/>", "drives population 'p', a fitzHughNagumoCell, which receives no input.")]
    [InlineData("<fitzHughNagumo1969Cell id=\"c\" a=\"0.7\" b=\"0.8\" I=\"0.5\" phi=\"0.08\" V0=\"x\" W0=\"0\"/>",
        "", "/neuroml/fitzHughNagumo1969Cell[@id='c'] @V0 is 'x', not a plain number")]
    public void AbstractAndPyNnCells_BadInput_AreRefusedInOneSentence(string cell, string network, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("abstract.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n  " + cell + "\n"
            + "  <expCondSynapse id=\"s\" tau_syn=\"5\" e_rev=\"0\"/>\n  <pulseGenerator id=\"pg\" delay=\"0ms\" duration=\"10ms\" amplitude=\"1pA\"/>\n"
            + "  <spikeArray id=\"arr\"><spike id=\"0\" time=\"1ms\"/></spikeArray>\n"
            + "  <network id=\"n\"><population id=\"p\" component=\"c\" size=\"1\"/><population id=\"src\" component=\"arr\" size=\"1\"/>" + network + "</network>\n</neuroml>\n");
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith(path + ":", ex.Message);
    }

    [Fact]
    public void LemsColumns_OfAVariableTheCellDoesNotHave_AreRefusedNamingTheVariablesItHas()
    {
        using var dir = new TempDirectory();
        string path = FitzHughNagumoEx9(dir, "1s", """<OutputColumn id="v" quantity="fnPop1[0]/v"/>""");
        var ex = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Contains("LEMS_FN.xml:6:", ex.Message);
        Assert.Contains("@quantity is 'fnPop1[0]/v', but population 'fnPop1' is a cell whose recorded variables are V, W.", ex.Message);
    }

    [Fact]
    public void CompoundInput_SumsItsChildren_AndTimedSynapticInput_IsASpikeArrayThroughTheSynapse()
    {
        using var dir = Copy();
        var (sim, _) = Run(dir.File("LEMS_Inputs.xml"));
        var rows = Rows(dir.File("inputs_v.dat"));
        // Cell 0: 0.2 pA from the start (the ramp's baseline), + 0.5 pA from 10 to 210 ms, + 1 pA from 100 to 150 ms; cell 1 the same x 2.
        // tau = 30 ms, R = 10 mV/pA: just before 100 ms, v = -70 + 7 (1 - e^-3) + ... computed here in closed form.
        static double V(double t, double weight)
        {
            double tau = 30, v = -70, last = 0;
            (double Start, double Pa)[] steps = [(0, 0.2), (10, 0.5), (100, 1), (150, -1), (210, -0.5)];
            double current = 0;
            foreach (var (start, pa) in steps)
            {
                if (start > t) break;
                double vInf = -70 + weight * 10 * current;
                v = vInf + (v - vInf) * Math.Exp(-(start - last) / tau);
                current += pa;
                last = start;
            }
            double end = -70 + weight * 10 * current;
            return end + (v - end) * Math.Exp(-(t - last) / tau);
        }
        foreach (int row in new[] { 5_000, 9_999, 14_999, 25_000 })
        {
            Assert.Equal(V(row * 0.01, 1), rows[row][1] * 1000, 0.01);
            Assert.Equal(V(row * 0.01, 2), rows[row][2] * 1000, 0.01);
        }

        // The timedSynapticInput became a source population and a projection; a spikeArray with a synapticConnectionWD gives the same v.
        Assert.Contains(sim.Network.Populations, p => p.Name == "timed_train" && p.Count == 1);
        string text = File.ReadAllText(dir.File("LEMS_Inputs.xml"))
            .Replace("""<timedSynapticInput id="train" synapse="syn" spikeTarget="./syn">""", """<spikeArray id="train">""")
            .Replace("</timedSynapticInput>", "</spikeArray>")
            .Replace("""<inputList id="timed" population="pop" component="train">""", """<population id="src" component="train" size="1"/>""")
            .Replace("""<inputW id="0" target="../pop/2/iaf" destination="synapses" weight="2"/>""", """<synapticConnectionWD from="src[0]" to="pop[2]" synapse="syn" weight="2" delay="0ms"/>""")
            .Replace("    </inputList>\n  </network>", "  </network>").Replace("inputs_v.dat", "array_v.dat");
        File.WriteAllText(dir.File("LEMS_Array.xml"), text);
        Run(dir.File("LEMS_Array.xml"));
        var array = Rows(dir.File("array_v.dat"));
        Assert.Equal(array.Length, rows.Length);
        Assert.True(array.Max(r => r[3]) > -0.045, "the array's spikes reach the cell");
        for (int k = 0; k < rows.Length; k++) Assert.Equal(array[k][3], rows[k][3]);
    }

    [Theory]
    [InlineData("<SpikeSourcePoisson id=\"c\" start=\"50ms\" duration=\"-400ms\" rate=\"50Hz\"/>", "/neuroml/SpikeSourcePoisson[@id='c'] @duration is -400 ms; it must be at least 0.")]
    [InlineData("<SpikeSourcePoisson id=\"c\" start=\"50ms\" duration=\"400ms\" rate=\"-5Hz\"/>", "/neuroml/SpikeSourcePoisson[@id='c'] @rate is -5 Hz; a Poisson rate must be at least 0.")]
    [InlineData("<compoundInput id=\"c\"><spikeArray id=\"x\"/></compoundInput>", "is <spikeArray> in compoundInput 'c'; NeuroSharp sums the currents of pulseGenerator, rampGenerator, sineGenerator children.")]
    [InlineData("<timedSynapticInput id=\"c\" synapse=\"s\" spikeTarget=\"./s\"><spike id=\"0\" time=\"-1ms\"/></timedSynapticInput>", "@time is -1 ms; it must be at least 0.")]
    public void InputsThatDoNotMap_AreRefusedInOneSentence(string input, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("inputs.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n  " + input + "\n  <network id=\"n\"/>\n</neuroml>\n");
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.StartsWith(path + ":2:", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void PinskyRinzelCell_Ex22Parameters_BurstsWhereTheEulerLoopBursts()
    {
        // NeuroML2's Ex22 cell pr2A; tests/data/neuroml-abstract/pinsky_rinzel_euler.py (a double-precision Euler loop of Cells.xml's
        // equations at 0.01 ms) puts its first somatic spikes (Vs rising through -10 mV) at 13.81, 92.51 and 96.25 ms.
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_PR.xml");
        File.WriteAllText(path, """
            <Lems>
              <Target component="sim"/>
              <pinskyRinzelCA3Cell id="pr2A" iSoma="0.75 uA_per_cm2" iDend="0 uA_per_cm2" gc="2.1 mS_per_cm2" qd0="0"
                  gLs="0.1 mS_per_cm2" gLd="0.1 mS_per_cm2" gNa="30 mS_per_cm2" gKdr="15 mS_per_cm2" gCa="10 mS_per_cm2" gKahp="0.8 mS_per_cm2"
                  gKC="15 mS_per_cm2" eNa="60 mV" eCa="80 mV" eK="-75 mV" eL="-60 mV" pp="0.5" cm="3 uF_per_cm2" alphac="2" betac="0.1"
                  gNmda="0 mS_per_cm2" gAmpa="0 mS_per_cm2"/>
              <network id="net1"><population id="prApop" component="pr2A" size="1"/></network>
              <Simulation id="sim" length="120ms" step="0.01ms" target="net1">
                <OutputFile id="o" fileName="pr.dat"><OutputColumn id="Vs" quantity="prApop[0]/Vs"/><OutputColumn id="Vd" quantity="prApop[0]/Vd"/><OutputColumn id="q" quantity="prApop[0]/qd"/></OutputFile>
              </Simulation>
            </Lems>
            """);
        Run(path);
        var rows = Rows(dir.File("pr.dat"));
        Assert.Equal(12_001, rows.Length);
        Assert.Equal([0, -0.06, -0.06, 0], rows[0]);
        var spikes = new List<double>();
        for (int k = 1; k < rows.Length; k++)
        {
            if (rows[k - 1][1] < -0.010 && rows[k][1] >= -0.010) spikes.Add(k * 0.01);
        }
        Assert.Equal(3, spikes.Count);
        foreach (var (expected, got) in new[] { 13.81, 92.51, 96.25 }.Zip(spikes)) Assert.Equal(expected, got, 0.05);
    }

    [Fact]
    public void EifCell_MapsOntoAdEx_InPicofaradsNanosiemensAndPicoamperes()
    {
        // NeuroML2's Ex14 EIF_cond_exp_isfa_ista: cm 0.281 nF, tau_m 9.3667 ms, a 0 uS, b 0.0805 nA, i_offset 0.6 nA.
        using var dir = new TempDirectory();
        string path = dir.File("eif.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + """
              <EIF_cond_exp_isfa_ista id="eif" a="0.004" b="0.0805" cm="0.281" delta_T="2.0" e_rev_E="0.0" e_rev_I="-80.0" i_offset="0.6" tau_m="9.3667"
                  tau_refrac="5" tau_syn_E="5.0" tau_syn_I="5.0" tau_w="144.0" v_init="-65" v_reset="-68.0" v_rest="-70.6" v_spike="-40.0" v_thresh="-52.0"/>
              <network id="n"><population id="p" component="eif" size="2"/></network>
            </neuroml>
            """);
        var spec = NeuroMlFile.Load(path);
        var adex = Assert.IsType<AdExNeuronSpec>(spec.Populations[0].Model);
        Assert.Equal(281, adex.CapacitancePf, 9);
        Assert.Equal(281 / 9.3667, adex.LeakNs, 9);
        Assert.Equal((-70.6, -52.0, 2.0, -40.0, -68.0, 144.0, 5.0), (adex.RestMv, adex.ThresholdMv, adex.SlopeMv, adex.PeakMv, adex.ResetMv, adex.TauWMs, adex.RefractoryMs));
        Assert.Equal(4, adex.AdaptationNs, 9);
        Assert.Equal(80.5, adex.SpikeAdaptationPa, 9);
        var offset = Assert.IsType<CurrentInputSpec>(Assert.Single(spec.Inputs));
        Assert.Equal(("p", 600.0, (IReadOnlyList<int>?)null), (offset.Target, offset.Amplitude, offset.Indices));
        Assert.Equal(-65, spec.Populations[0].Initial!["v"].Value);
    }
    /// <summary>
    /// PyNN.xml's EIF_cond_alpha_isfa_ista with delta_T 0 (NeuroML2's Ex14 cell, with a = 0.002 uS so that w also follows v, and i_offset
    /// 1 nA so that it fires tonically where Ex14's 0.6 nA gives two spikes) by forward
    /// Euler in double: delta_I = 0, dv/dt = (v_rest - v) / tau_m + (i_offset - w) / cm, dw/dt = (a (v - v_rest) - w) / tau_w in both
    /// regimes, a spike where v &gt; eif_threshold = v_thresh (checked after the update and stamped at the end of the step), then v = v_reset
    /// held and w += b. <paramref name="heldSteps"/>: the steps after the spike's in which v is held. Spike times in ms.
    /// </summary>
    private static List<double> EifDeltaT0Euler(int steps, int heldSteps, List<double>? vTrace = null)
    {
        const double dt = 0.01, cm = 0.281, tauM = 9.3667, rest = -70.6, thresh = -52, reset = -68, a = 0.002, b = 0.0805, tauW = 144, offset = 1.0;
        double v = -65, w = 0;
        int held = 0;
        var spikes = new List<double>();
        for (int k = 0; k < steps; k++)
        {
            double dw = (a * (v - rest) - w) / tauW;
            if (held > 0)
            {
                w += dt * dw;
                held--;
            }
            else
            {
                double dv = (rest - v) / tauM + (offset - w) / cm;
                (v, w) = (v + dt * dv, w + dt * dw);
                if (v > thresh)
                {
                    spikes.Add((k + 1) * dt);
                    v = reset;
                    w += b;
                    held = heldSteps;
                }
            }
            vTrace?.Add(v);
        }
        return spikes;
    }

    [Fact]
    public void EifCell_DeltaT0_IsAnAdaptiveLifThatFiresAtVThresh_AsADoublePrecisionEulerLoop()
    {
        // PyNN.xml with delta_T 0: delta_I = 0 and eif_threshold = v_spike H(-1e-12) + v_thresh H(1e-9) = v_thresh. The engine's adex with
        // slopeMv 0 drops the exponential and spikes above thresholdMv; v_spike (-40 mV) is never reached and plays no part.
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_Eif0.xml");
        File.WriteAllText(path, """
            <Lems>
              <Target component="sim"/>
              <EIF_cond_alpha_isfa_ista id="eif0" a="0.002" b="0.0805" cm="0.281" delta_T="0" e_rev_E="0.0" e_rev_I="-80.0" i_offset="1.0"
                  tau_m="9.3667" tau_refrac="5" tau_syn_E="5.0" tau_syn_I="5.0" tau_w="144.0" v_init="-65" v_reset="-68.0" v_rest="-70.6"
                  v_spike="-40.0" v_thresh="-52.0"/>
              <network id="net"><population id="pop" component="eif0" size="1"/></network>
              <Simulation id="sim" length="500ms" step="0.01ms" target="net">
                <OutputFile id="o" fileName="eif0.dat"><OutputColumn id="v" quantity="pop[0]/v"/><OutputColumn id="w" quantity="pop[0]/w"/></OutputFile>
                <EventOutputFile id="s" fileName="eif0.spikes" format="TIME_ID"><EventSelection id="0" select="pop[0]" eventPort="spike"/></EventOutputFile>
              </Simulation>
            </Lems>
            """);
        var (sim, _) = Run(path);
        var adex = Assert.IsType<AdExNeuronSpec>(sim.Network.Populations[0].Model);
        Assert.Equal((0.0, -52.0), (adex.SlopeMv, adex.ThresholdMv));
        var got = File.ReadAllLines(dir.File("eif0.spikes")).Select(l => 1000 * double.Parse(l.Split('\t', ' ')[0], CultureInfo.InvariantCulture)).ToList();

        // With the engine's refractory count (v held in the 499 steps after the spike's; it integrates again 500 steps = tau_refrac
        // after it) the loop and the engine fire in the same steps: float against double shifts none of the spikes by a step here.
        var trace = new List<double>();
        var engineCount = EifDeltaT0Euler(50_000, 499, trace);
        Assert.True(engineCount.Count >= 10, $"the cell should fire tonically ({engineCount.Count} spikes)");
        Assert.Equal(engineCount.Count, got.Count);
        for (int k = 0; k < got.Count; k++) Assert.True(Math.Abs(engineCount[k] - got[k]) <= 0.01 + 1e-9, $"spike {k}: {got[k]} ms, the loop's {engineCount[k]} ms");
        var rows = Rows(dir.File("eif0.dat"));
        double worst = 0;
        // The row of a spike's step holds v before its reset (the state monitor samples before the reset; the loop's -68 mV): skipped.
        var spikeRows = new HashSet<int>(engineCount.Select(t => (int)Math.Round(t / 0.01)));
        for (int k = 0; k < trace.Count; k++)
        {
            if (!spikeRows.Contains(k + 1)) worst = Math.Max(worst, Math.Abs(trace[k] - rows[k + 1][1] * 1000));
        }
        Assert.True(worst < 0.05, $"max |v - Euler| = {worst} mV");

        // jLEMS leaves the refractory regime at the first step with t > spike + tau_refrac: v held in the 501 steps after the spike's.
        // Each interval is then two steps longer, and the w it adapts to barely differs: every interval within 0.03 ms of the engine's.
        var lems = EifDeltaT0Euler(50_000, 501);
        for (int k = 1; k < Math.Min(lems.Count, got.Count); k++)
            Assert.True(Math.Abs((lems[k] - lems[k - 1]) - (got[k] - got[k - 1])) <= 0.03, $"interval {k}: {got[k] - got[k - 1]} ms, jLEMS's loop {lems[k] - lems[k - 1]} ms");
    }

    [Fact]
    public void PyNnTargetPopulation_CurrentAndConductanceSynapsesOnOneCell_AsADoublePrecisionEulerLoop()
    {
        // NeuroML2's Ex14 target population (silent_cell, an IF_cond_alpha: cm 1 nF, tau_m 20 ms, v_rest -65 mV) under its four PyNN
        // synapses, each tau_syn 5 ms: expCondSynapse syn1 (w 0.01 uS) onto cell 0, alphaCondSynapse syn2 (w 0.005) onto cell 1,
        // expCurrSynapse syn3 (w 1 nA) onto cell 2 and, 40 ms later, onto cell 0 beside syn1, alphaCurrSynapse syn4 (w 0.5 nA) onto
        // cell 3; one spike at 10 ms through delays 0, 10, 20, 30 and 40 ms. The engine gives the cell a synaptic port per kind, the
        // current ones current ports. Against PyNN.xml's equations by forward Euler in double: v within 0.02 mV, and the recorded
        // synapses:syn1:0/g and synapses:syn2:0/g (numbers in uS) within 1e-5 uS (0.1% of syn1's peak).
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_Target.xml");
        File.WriteAllText(path, """
            <Lems>
              <Target component="sim"/>
              <IF_cond_alpha id="silent_cell" cm="1.0" e_rev_E="0.0" e_rev_I="-70.0" i_offset="0" tau_m="20.0" tau_refrac="5.0" tau_syn_E="5"
                  tau_syn_I="10" v_init="-65" v_reset="-65.0" v_rest="-65.0" v_thresh="-50.0"/>
              <expCondSynapse id="syn1" tau_syn="5" e_rev="0"/>
              <alphaCondSynapse id="syn2" tau_syn="5" e_rev="0"/>
              <expCurrSynapse id="syn3" tau_syn="5"/>
              <alphaCurrSynapse id="syn4" tau_syn="5"/>
              <spikeArray id="once"><spike id="0" time="10ms"/></spikeArray>
              <network id="net">
                <population id="pop_target" component="silent_cell" size="4"/>
                <population id="src" component="once" size="1"/>
                <projection id="p1" presynapticPopulation="src" postsynapticPopulation="pop_target" synapse="syn1">
                  <connectionWD id="0" preCellId="../src[0]" postCellId="../pop_target[0]" weight="0.01" delay="0ms"/></projection>
                <projection id="p2" presynapticPopulation="src" postsynapticPopulation="pop_target" synapse="syn2">
                  <connectionWD id="0" preCellId="../src[0]" postCellId="../pop_target[1]" weight="0.005" delay="10ms"/></projection>
                <projection id="p3" presynapticPopulation="src" postsynapticPopulation="pop_target" synapse="syn3">
                  <connectionWD id="0" preCellId="../src[0]" postCellId="../pop_target[2]" weight="1" delay="20ms"/>
                  <connectionWD id="1" preCellId="../src[0]" postCellId="../pop_target[0]" weight="1" delay="40ms"/></projection>
                <projection id="p4" presynapticPopulation="src" postsynapticPopulation="pop_target" synapse="syn4">
                  <connectionWD id="0" preCellId="../src[0]" postCellId="../pop_target[3]" weight="0.5" delay="30ms"/></projection>
              </network>
              <Simulation id="sim" length="150ms" step="0.01ms" target="net">
                <OutputFile id="v" fileName="target.dat">
                  <OutputColumn id="t0" quantity="pop_target[0]/v"/><OutputColumn id="t1" quantity="pop_target[1]/v"/>
                  <OutputColumn id="t2" quantity="pop_target[2]/v"/><OutputColumn id="t3" quantity="pop_target[3]/v"/>
                </OutputFile>
                <OutputFile id="g" fileName="target_g.dat">
                  <OutputColumn id="syn1" quantity="pop_target[0]/synapses:syn1:0/g"/><OutputColumn id="syn2" quantity="pop_target[1]/synapses:syn2:0/g"/>
                </OutputFile>
              </Simulation>
            </Lems>
            """);
        var (sim, _) = Run(path);
        var model = Assert.IsType<ConductanceLifNeuronSpec>(sim.Network.Populations.Single(p => p.Name == "pop_target").Model);
        Assert.Equal([false, false, true, true], model.Ports.Select(p => p.Current));
        var rows = Rows(dir.File("target.dat"));
        var gRows = Rows(dir.File("target_g.dat"));
        Assert.Equal(15_001, rows.Length);

        const double dt = 0.01, cm = 1, tauM = 20, rest = -65, tau = 5, e = 2.7182818;
        var v = new[] { -65.0, -65, -65, -65 };
        double g1 = 0, g2 = 0, a2 = 0, i3 = 0, i3on0 = 0, i4 = 0, a4 = 0, worstV = 0, worstG = 0;
        var peaks = new double[4];
        for (int k = 0; k < 15_000; k++)
        {
            double[] iSyn = [g1 * (0 - v[0]) + i3on0, g2 * (0 - v[1]), i3, i4];
            for (int c = 0; c < 4; c++) v[c] += dt * ((rest - v[c]) / tauM + iSyn[c] / cm);
            (g1, g2, a2, i3, i3on0, i4, a4) = (g1 - dt * g1 / tau, g2 + dt * (e * a2 - g2) / tau, a2 - dt * a2 / tau, i3 - dt * i3 / tau,
                i3on0 - dt * i3on0 / tau, i4 + dt * (e * a4 - i4) / tau, a4 - dt * a4 / tau);
            // A spike at T with delay D reaches the synapse at the end of step (T + D) / dt - 1 (the row after it holds the jump; as the
            // IF_cond_exp test above, whose loop adds it at the start of the next step).
            if (k == 999) g1 += 0.01;
            if (k == 1999) a2 += 0.005;
            if (k == 2999) i3 += 1;
            if (k == 3999) a4 += 0.5;
            if (k == 4999) i3on0 += 1;
            for (int c = 0; c < 4; c++)
            {
                worstV = Math.Max(worstV, Math.Abs(v[c] - rows[k + 1][c + 1] * 1000));
                peaks[c] = Math.Max(peaks[c], v[c]);
            }
            worstG = Math.Max(worstG, Math.Max(Math.Abs(g1 - gRows[k + 1][1]), Math.Abs(g2 - gRows[k + 1][2])));
        }
        Assert.True(peaks.Min() > rest + 0.5, $"each cell should feel its synapse (peaks {string.Join(", ", peaks)} mV)");
        Assert.True(worstV < 0.02, $"max |v - Euler| = {worstV} mV");
        // The engine decays g exactly and Euler by (1 - dt / tau) per step: 0.063% of syn1's 0.01 uS peak apart at most.
        Assert.True(worstG < 1e-5, $"max |g - Euler| = {worstG} uS");
    }

    [Fact]
    public void HindmarshRose1984_Bursts_AsADoublePrecisionEulerLoop()
    {
        // tests/data/neuroml-abstract/LEMS_HindmarshRose.xml: a 1, b 3, c 1, d 5, r 0.005, s 4, x1 -1.6, v_scaling 20 mV, C 1 pF, 60 pA
        // (3 in x's units), dt 0.01 ms. The loop below is Cells.xml's equations by forward Euler in double, its OnConditions after
        // each update (spike where v > 0 and spiking < 0.5, spiking = 0 where v < 0), spikes stamped at the end of the step as the
        // EventOutputFile writes them. The engine runs in float: the same 34 spikes over 500 ms (two bursts).
        using var dir = Copy();
        Run(dir.File("LEMS_HindmarshRose.xml"));
        var got = File.ReadAllLines(dir.File("hr.spikes")).Select(l => 1000 * double.Parse(l.Split('\t', ' ')[0], CultureInfo.InvariantCulture)).ToList();

        const double dt = 0.01, vs = 20, cm = 1, current = 60, a = 1, b = 3, c = 1, d = 5, r = 0.005, s = 4, x1 = -1.6;
        double v = -1.6 * vs, y = -11.8, z = 0, spiking = 0;
        var expected = new List<double>();
        var trace = new List<double>();
        for (int n = 0; n < 50_000; n++)
        {
            double x = v / vs;
            double phi = y - a * x * x * x + b * x * x, chi = c - d * x * x - y, rho = s * (x - x1) - z;
            v += dt * (vs * (phi - z) + current / cm);
            y += dt * chi;
            z += dt * r * rho;
            if (v > 0 && spiking < 0.5)
            {
                spiking = 1;
                expected.Add((n + 1) * dt);
            }
            else if (v < 0)
            {
                spiking = 0;
            }
            trace.Add(v);
        }
        Assert.True(expected.Count > 20, $"the cell should burst (the loop has {expected.Count} spikes)");
        Assert.True(expected.Max() - expected.Min() > 200, "the spikes should span two bursts");
        Assert.Equal(expected.Count, got.Count);
        // The first 31 spikes (to 330 ms, the first burst and most of the second) are in the loop's steps (0.02 ms leaves a step for
        // rounding); the last three follow a slow passage where rounding grows (a float copy of this very loop puts the 34th spike
        // 0.38 ms from the double one): within 1 ms.
        for (int k = 0; k < got.Count; k++)
        {
            double tolerance = expected[k] < 350 ? 0.02 + 1e-9 : 1;
            Assert.True(Math.Abs(expected[k] - got[k]) <= tolerance, $"spike {k}: {got[k]} ms, the loop's {expected[k]} ms");
        }
        var rows = Rows(dir.File("hr.dat"));
        double worstV = 0;
        for (int n = 0; n < 20_000; n++) worstV = Math.Max(worstV, Math.Abs(1000 * rows[n + 1][1] - trace[n]));
        // v moves up to about 100 mV/ms on an upstroke: float rounding of a spike by 1e-3 ms is 0.1 mV there.
        Assert.True(worstV < 0.25, $"v differs from the loop by up to {worstV} mV over the first 200 ms");
    }
}
