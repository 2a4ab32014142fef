using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML's conductance-based <c>&lt;cell&gt;</c> (one segment, ion channels of HH gates) read into the engine's hh model:
/// the segment's area and every unit by known answers, each gate kind, q10 factors, channelPopulation, species, and each refusal's
/// sentence with its file, line and position (tests/data/neuroml-cell, docs/neuroml.md).
/// </summary>
public class NeuroMlCellTests
{
    private static string DataFile(string name) => Path.Combine(TestData.Directory, "neuroml-cell", name);

    private static HodgkinHuxleyNeuronSpec Model(NetworkSpec spec, int population = 0) => Assert.IsType<HodgkinHuxleyNeuronSpec>(spec.Populations[population].Model);

    /// <summary>
    /// A document with the channels <paramref name="channels"/> and one cell (a sphere of diameter 10 um, 1 uF/cm^2) whose
    /// membraneProperties hold <paramref name="membrane"/>, in a network with the attributes <paramref name="networkAttributes"/>.
    /// </summary>
    internal static string Document(string channels, string membrane, string networkAttributes = "", string morphology = DefaultMorphology, string intracellular = "") =>
        NeuroMlFixtures.Header + $"""

          {channels}
          <cell id="cell">
            {morphology}
            <biophysicalProperties id="bio">
              <membraneProperties>
                {membrane}
                <spikeThresh value="-20mV"/>
                <specificCapacitance value="1 uF_per_cm2"/>
                <initMembPotential value="-65mV"/>
              </membraneProperties>
              <intracellularProperties>{intracellular}</intracellularProperties>
            </biophysicalProperties>
          </cell>
          <network id="net"{networkAttributes}>
            <population id="p" component="cell" size="2"/>
          </network>
        </neuroml>
        """;

    internal const string DefaultMorphology = """
        <morphology id="morph">
              <segment id="0" name="soma">
                <proximal x="0" y="0" z="0" diameter="10"/>
                <distal x="0" y="0" z="0" diameter="10"/>
              </segment>
              <segmentGroup id="soma_group"><member segment="0"/></segmentGroup>
            </morphology>
        """;

    private static NetworkSpec Load(string text, out string path, TempDirectory dir)
    {
        path = dir.File("cell.nml");
        File.WriteAllText(path, text);
        return NeuroMlFile.Load(path);
    }

    [Theory]
    [InlineData("3 S_per_m2", NeuroMlDimension.ConductanceDensity, 3)]
    [InlineData("0.3 mS_per_cm2", NeuroMlDimension.ConductanceDensity, 3)]
    [InlineData("0.0003 S_per_cm2", NeuroMlDimension.ConductanceDensity, 3)]
    [InlineData("300 uS_per_cm2", NeuroMlDimension.ConductanceDensity, 3)]
    [InlineData("1 uF_per_cm2", NeuroMlDimension.SpecificCapacitance, 0.01)]
    [InlineData("0.01 F_per_m2", NeuroMlDimension.SpecificCapacitance, 0.01)]
    [InlineData("0.1per_ms", NeuroMlDimension.PerTime, 0.1)]
    [InlineData("125 per_s", NeuroMlDimension.PerTime, 0.125)]
    [InlineData("125Hz", NeuroMlDimension.PerTime, 0.125)]
    [InlineData("2E-6 mol_per_cm3", NeuroMlDimension.Concentration, 2)]
    [InlineData("0.002 M", NeuroMlDimension.Concentration, 2)]
    [InlineData("0.03 kohm_cm", NeuroMlDimension.Resistivity, 0.3)]
    public void Units_CellQuantities_ConvertExactly(string text, NeuroMlDimension dimension, double expected)
    {
        Assert.Null(NeuroMlUnits.TryParse(text, dimension, out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("6.3 degC", 279.45)]
    [InlineData("279.45K", 279.45)]
    [InlineData("-5degC", 268.15)]
    public void Units_Temperature_InKelvin(string text, double kelvin)
    {
        Assert.Null(NeuroMlUnits.TryParseTemperature(text, out double value));
        Assert.Equal(kelvin, value, 1e-12);
        Assert.NotNull(NeuroMlUnits.TryParseTemperature("6.3 C", out _));
    }

    [Fact]
    public void PassiveCylinder_AreaCapacitanceAndLeak_KnownAnswers()
    {
        // A cylinder 10 um wide and 20 um long: side pi d L = 200 pi um^2 (jLEMS's pi, 3.14159265). 1 uF/cm^2 = 0.01 pF/um^2 gives
        // C = 2 pi pF; 0.5 mS/cm^2 = 5 pS/um^2 gives g = pi nS; so tau = C / g = 2 ms, and 10 pA moves v by 10 / pi mV.
        var spec = NeuroMlFile.Load(DataFile("passive_cell.nml"));
        var model = Model(spec);
        Assert.Equal(2 * NeuroMlReader.LemsPi, model.CapacitancePf, 1e-12);
        var leak = Assert.Single(model.Channels);
        Assert.Equal("leak", leak.Name);
        Assert.Equal(NeuroMlReader.LemsPi, leak.ConductanceNs, 1e-12);
        Assert.Equal(-70, leak.ReversalMv);
        Assert.Empty(leak.Gates);
        Assert.Equal(2, model.CapacitancePf / leak.ConductanceNs, 1e-12);
        Assert.Equal(-70, model.InitialMv);
        Assert.Equal(0, model.SpikeThresholdMv);
        var input = Assert.IsType<CurrentInputSpec>(Assert.Single(spec.Inputs));
        Assert.Equal(10, input.Amplitude); // 0.01 nA in pA, unscaled: the hh model's currents are in pA
        Assert.Equal(10, input.StartMs);
        Assert.Equal(0.01, spec.DtMs);
    }

    [Fact]
    public void SquidSphere_AreaChannelsAndGates_KnownAnswers()
    {
        // A sphere 20 um across (proximal = distal): pi d^2 = 400 pi um^2. gNa 120 mS/cm^2 = 1200 pS/um^2 -> 480 pi nS,
        // gK 0.036 S/cm^2 -> 144 pi nS, gL 3 S/m^2 -> 1.2 pi nS, C 4 pi pF.
        var model = Model(NeuroMlFile.Load(DataFile("squid_cell.nml")));
        const double pi = NeuroMlReader.LemsPi;
        Assert.Equal(4 * pi, model.CapacitancePf, 1e-12);
        Assert.Equal(["leak", "na", "k"], model.Channels.Select(c => c.Name));
        Assert.Equal([1.2 * pi, 480 * pi, 144 * pi], model.Channels.Select(c => c.ConductanceNs), new ToleranceComparer(1e-9));
        Assert.Equal([-54.3, 50, -77], model.Channels.Select(c => c.ReversalMv));
        var m = model.Channels[1].Gates[0];
        Assert.Equal(new GateSpec("m", 3, GateKinetics.Rates, new(VoltageFunctionForm.ExpLinear, 1, -40, 10), new(VoltageFunctionForm.Exp, 4, -65, -18), null, null, 1), m);
        Assert.Equal(new GateSpec("h", 1, GateKinetics.Rates, new(VoltageFunctionForm.Exp, 0.07, -65, -20), new(VoltageFunctionForm.Sigmoid, 1, -35, 10), null, null, 1), model.Channels[1].Gates[1]);
        Assert.Equal(new GateSpec("n", 4, GateKinetics.Rates, new(VoltageFunctionForm.ExpLinear, 0.1, -55, 10), new(VoltageFunctionForm.Exp, 0.125, -65, -80), null, null, 1), Assert.Single(model.Channels[2].Gates));
        // The squid membrane's resting state: m_inf(-65) = alpha / (alpha + beta) with alpha_m = 0.1 * 25 / (exp(2.5) - 1), beta_m = 4.
        double alpha = 0.1 * 25 / (Math.Exp(2.5) - 1);
        Assert.Equal(alpha / (alpha + 4), m.SteadyState(-65), 1e-12);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }

    private const string Sigmoid = """type="HHSigmoidVariable" rate="1" midpoint="-30mV" scale="5mV" """;
    private const string Fixed = """type="fixedTimeCourse" tau="4ms" """;
    private const string Forward = """type="HHExpLinearRate" rate="0.5per_ms" midpoint="-40mV" scale="10mV" """;
    private const string Reverse = """type="HHExpRate" rate="2per_ms" midpoint="-60mV" scale="-20mV" """;

    [Theory]
    [InlineData("<gateHHrates id=\"x\" instances=\"2\"><forwardRate " + Forward + "/><reverseRate " + Reverse + "/></gateHHrates>", GateKinetics.Rates, "ab")]
    [InlineData("<gate id=\"x\" type=\"gateHHrates\" instances=\"2\"><forwardRate " + Forward + "/><reverseRate " + Reverse + "/></gate>", GateKinetics.Rates, "ab")]
    [InlineData("<gateHHtauInf id=\"x\" instances=\"2\"><timeCourse " + Fixed + "/><steadyState " + Sigmoid + "/></gateHHtauInf>", GateKinetics.TauInf, "ti")]
    [InlineData("<gate id=\"x\" type=\"gateHHtauInf\" instances=\"2\"><timeCourse " + Fixed + "/><steadyState " + Sigmoid + "/></gate>", GateKinetics.TauInf, "ti")]
    [InlineData("<gateHHratesTau id=\"x\" instances=\"2\"><forwardRate " + Forward + "/><reverseRate " + Reverse + "/><timeCourse " + Fixed + "/></gateHHratesTau>", GateKinetics.RatesTau, "abt")]
    [InlineData("<gateHHratesInf id=\"x\" instances=\"2\"><forwardRate " + Forward + "/><reverseRate " + Reverse + "/><steadyState " + Sigmoid + "/></gateHHratesInf>", GateKinetics.RatesInf, "abi")]
    [InlineData("<gateHHratesTauInf id=\"x\" instances=\"2\"><forwardRate " + Forward + "/><reverseRate " + Reverse + "/><timeCourse " + Fixed + "/><steadyState " + Sigmoid + "/></gateHHratesTauInf>", GateKinetics.TauInf, "ti")]
    [InlineData("<gateHHInstantaneous id=\"x\" instances=\"2\"><steadyState " + Sigmoid + "/></gateHHInstantaneous>", GateKinetics.Instantaneous, "i")]
    public void Gate_EachKind_MapsToTheEnginesKinetics(string gate, GateKinetics kinetics, string functions)
    {
        using var dir = new TempDirectory();
        var spec = Load(Document($"<ionChannel id=\"ch\" conductance=\"10pS\">{gate}</ionChannel>",
            """<channelDensity id="chans" ionChannel="ch" condDensity="10 S_per_m2" erev="-80mV"/>"""), out _, dir);
        var g = Assert.Single(Assert.Single(Model(spec).Channels).Gates);
        Assert.Equal("x", g.Name);
        Assert.Equal(2, g.Power);
        Assert.Equal(kinetics, g.Kinetics);
        Assert.Equal(1, g.RateFactor);
        Assert.Equal(functions.Contains('a') ? new VoltageFunction(VoltageFunctionForm.ExpLinear, 0.5, -40, 10) : null, g.Alpha);
        Assert.Equal(functions.Contains('b') ? new VoltageFunction(VoltageFunctionForm.Exp, 2, -60, -20) : null, g.Beta);
        Assert.Equal(functions.Contains('t') ? VoltageFunction.Const(4) : null, g.Tau);
        Assert.Equal(functions.Contains('i') ? new VoltageFunction(VoltageFunctionForm.Sigmoid, 1, -30, 5) : null, g.Inf);
    }

    [Fact]
    public void Q10_FixedAndTemperatureSettings_MultiplyIntoTheRateFactor()
    {
        // NeuroML's rateScale is the product of the gate's q10Settings: q10Fixed 2 and q10ExpTemp 3^((22 - 6.3) / 10) at the
        // network's 22 degC. q10ConductanceScaling 1.5^((22 - 12) / 10) = 1.5 scales the channel's conductance.
        using var dir = new TempDirectory();
        string channel = $"""
            <ionChannelHH id="ch" conductance="10pS">
              <q10ConductanceScaling q10Factor="1.5" experimentalTemp="12 degC"/>
              <gateHHtauInf id="x" instances="1">
                <q10Settings type="q10Fixed" fixedQ10="2"/>
                <q10Settings type="q10ExpTemp" q10Factor="3" experimentalTemp="6.3 degC"/>
                <timeCourse {Fixed}/><steadyState {Sigmoid}/>
              </gateHHtauInf>
            </ionChannelHH>
            """;
        var spec = Load(Document(channel, """<channelDensity id="chans" ionChannel="ch" condDensity="10 S_per_m2" erev="-80mV"/>""",
            " type=\"networkWithTemperature\" temperature=\"22 degC\""), out _, dir);
        var c = Assert.Single(Model(spec).Channels);
        Assert.Equal(2 * Math.Pow(3, (22 - 6.3) / 10), c.Gates[0].RateFactor, 1e-12);
        Assert.Equal(10 * 100 * NeuroMlReader.LemsPi / 1000 * 1.5, c.ConductanceNs, 1e-12); // 10 pS/um^2 x 100 pi um^2 (a sphere 10 um across) x 1.5
        Assert.Equal(4 / c.Gates[0].RateFactor, c.Gates[0].TimeConstant(-30), 1e-12);
    }

    [Fact]
    public void ChannelPopulation_NumberTimesTheChannelsConductance()
    {
        using var dir = new TempDirectory();
        var spec = Load(Document("""<ionChannelPassive id="ch" conductance="20pS"/>""",
            """<channelPopulation id="pop" ionChannel="ch" number="150" erev="-70mV" segment="0"/>"""), out _, dir);
        var c = Assert.Single(Model(spec).Channels);
        Assert.Equal(("pop", 3.0, -70.0), (c.Name, c.ConductanceNs, c.ReversalMv));
    }

    [Fact]
    public void Species_WithAConcentrationModel_BecomesTheCellsCalciumPool()
    {
        // A species is now simulated (NeuroMlConcentrationTests); a channel without ion="ca" neither feeds nor reads it.
        using var dir = new TempDirectory();
        const string membrane = """<channelDensity id="leak" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV"/>""";
        var plain = Model(Load(Document("""<ionChannelPassive id="ch"/>""", membrane), out _, dir));
        var pooled = Model(Load(Document("""<ionChannelPassive id="ch"/><fixedFactorConcentrationModel id="pool" ion="ca" restingConc="0 mM" decayConstant="11 ms" rho="0.0002 mol_per_m_per_A_per_s"/>""",
            membrane, intracellular: """<species id="ca" concentrationModel="pool" ion="ca" initialConcentration="0 mM" initialExtConcentration="2E-6 mol_per_cm3"/><resistivity value="0.1 kohm_cm"/>"""), out _, dir));
        Assert.Equal(plain with { Concentrations = pooled.Concentrations }, pooled);
        Assert.Equal(ConcentrationModel.FixedFactor, Assert.Single(pooled.Concentrations).Model);
        Assert.Null(pooled.Channels[0].Ion);
    }

    [Fact]
    public void PassiveCylinder_StepCurrent_FollowsTauAndSettlesAtELPlusIOverG()
    {
        // C dv/dt = g (E_L - v) + I with tau = C / g = 2 ms and I / g = 10 / pi mV: v = E_L + (I / g)(1 - exp(-(t - 10) / tau))
        // from the pulse's start at 10 ms. A linear membrane under a constant current is exact under exponential Euler, so the
        // engine's trace agrees to 1e-3 mV: v is a float, and near -67 mV (ulp 7.6e-6 mV) a step's change (v_inf - v)(1 - exp(-dt / tau))
        // rounds away once v is within about ulp / (2 dt / tau) = 8e-4 mV of its target, where it stays.
        var spec = NeuroMlFile.Load(DataFile("passive_cell.nml"));
        spec = spec with { Monitors = [new StateMonitorSpec { Target = "p", Variables = ["v"] }, new SpikeMonitorSpec { Target = "p" }] };
        var engine = new SpikingEngine(spec);
        engine.Run(4000);
        var v = engine.StateMonitors[0].Values("v");
        double shift = 10 / NeuroMlReader.LemsPi;
        for (int k = 0; k < 4000; k += 50)
        {
            double t = (k + 1) * 0.01; // v after step k
            double expected = t <= 10 ? -70 : -70 + shift * (1 - Math.Exp(-(t - 10) / 2));
            Assert.True(Math.Abs(v[k] - expected) < 1e-3, $"t = {t} ms: v = {v[k]} mV, expected {expected} mV");
        }
        Assert.Equal(-70 + shift, v[3999], 1e-3); // 15 tau after the step: E_L + I / g
        Assert.Empty(engine.SpikeMonitors[0].TimesMs()); // threshold 0 mV is never reached
    }

    /// <summary>
    /// Hodgkin and Huxley's squid membrane of squid_cell.nml (per area: C 0.01 pF/um^2; gNa 1.2, gK 0.36, gL 0.003 nS/um^2) in
    /// double precision by classical RK4 at 1 us, written here from the 1952 equations (not from the engine's code), with
    /// <paramref name="currentPerArea"/> pA/um^2 from 20 ms: the spike times (upward crossings of -20 mV, at the end of their step).
    /// </summary>
    private static List<double> SquidRk4(double currentPerArea, double durationMs)
    {
        static double ExpLinear(double rate, double x) => Math.Abs(x) < 1e-9 ? rate : rate * x / (1 - Math.Exp(-x));
        static double[] Derivative(double[] s, double i)
        {
            double v = s[0], m = s[1], h = s[2], n = s[3];
            double am = ExpLinear(1, (v + 40) / 10), bm = 4 * Math.Exp(-(v + 65) / 18);
            double ah = 0.07 * Math.Exp(-(v + 65) / 20), bh = 1 / (1 + Math.Exp(-(v + 35) / 10));
            double an = ExpLinear(0.1, (v + 55) / 10), bn = 0.125 * Math.Exp(-(v + 65) / 80);
            double current = 1.2 * m * m * m * h * (50 - v) + 0.36 * n * n * n * n * (-77 - v) + 0.003 * (-54.3 - v) + i;
            return [current / 0.01, am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n];
        }
        static double Inf(double a, double b) => a / (a + b);
        double v0 = -65;
        double[] state = [v0, Inf(ExpLinear(1, -2.5), 4), Inf(0.07, 1 / (1 + Math.Exp(3))), Inf(ExpLinear(0.1, -1), 0.125)];
        const double dt = 0.001;
        var spikes = new List<double>();
        int steps = (int)Math.Round(durationMs / dt);
        for (int k = 0; k < steps; k++)
        {
            double i = k * dt >= 20 - 1e-9 ? currentPerArea : 0;
            var k1 = Derivative(state, i);
            var k2 = Derivative([.. state.Select((x, j) => x + dt / 2 * k1[j])], i);
            var k3 = Derivative([.. state.Select((x, j) => x + dt / 2 * k2[j])], i);
            var k4 = Derivative([.. state.Select((x, j) => x + dt * k3[j])], i);
            double before = state[0];
            for (int j = 0; j < 4; j++) state[j] += dt / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
            if (before <= -20 && state[0] > -20) spikes.Add((k + 1) * dt);
        }
        return spikes;
    }

    [Theory]
    [InlineData(0.01, 0.4)]
    [InlineData(0.001, 0.04)]
    public void SquidCell_StepCurrent_SpikesAsADoublePrecisionRk4(double dtMs, double toleranceMs)
    {
        // 0.1 nA on 400 pi um^2 is 7.96 uA/cm^2, above the squid membrane's rheobase for repetitive firing (about 6.3 uA/cm^2):
        // the reference gives 5 spikes in 100 ms (22.10, 38.32, 54.34, 70.37, 86.39 ms). The engine steps by exponential Euler:
        // at the file's 0.01 ms each spike is late by at most 0.36 ms (the error grows with each period; Brian2's exponential
        // Euler at 0.01 ms gives the same times, squid_brian2.py), and at 0.001 ms within 0.04 ms.
        var sim = LemsFile.Load(DataFile("LEMS_SquidCell.xml"), dtMs: dtMs);
        var engine = new SpikingEngine(sim.Network);
        engine.Run(sim.Network.StepsFor(100, "test"));
        var reference = SquidRk4(100 / (400 * NeuroMlReader.LemsPi), 100);
        Assert.Equal(5, reference.Count);
        // The engine's spike in step n (from n dt) is at jnml's (n + 1) dt, the end of the step that crossed.
        var times = engine.SpikeMonitors[0].TimesMs().Select(t => t + dtMs).ToArray();
        Assert.Equal(reference.Count, times.Length);
        foreach (var (expected, got) in reference.Zip(times)) Assert.InRange(got - expected, -toleranceMs, toleranceMs);
    }

    [Fact]
    public void SquidCell_LemsGateColumns_StartAtTheSteadyStateAndStayInZeroOne()
    {
        // jnml's OutputFile of naChans/naChan/m/q etc.: the engine's gate variables na_m, na_h, k_n, dimensionless, from the
        // steady state at initMembPotential (-65 mV): m_inf = 0.0529, h_inf = 0.5961, n_inf = 0.3177 (the 1952 values).
        using var dir = new TempDirectory();
        foreach (string f in Directory.GetFiles(Path.Combine(TestData.Directory, "neuroml-cell"))) File.Copy(f, dir.File(Path.GetFileName(f)));
        var sim = LemsFile.Load(dir.File("LEMS_SquidCell.xml"));
        Assert.Equal(["na_m", "na_h", "k_n"], sim.OutputFiles[1].Columns.Select(c => c.Variable));
        var engine = new SpikingEngine(sim.Network);
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(sim.Network.StepsFor(100, "test"));
        var written = outputs.Write(engine, dir.Path);
        var rows = File.ReadAllLines(written[1]).Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(10001, rows.Count);
        Assert.Equal(0.0529, rows[0][1], 1e-4);
        Assert.Equal(0.5961, rows[0][2], 1e-4);
        Assert.Equal(0.3177, rows[0][3], 1e-4);
        Assert.All(rows, r => Assert.All(r.Skip(1), q => Assert.InRange(q, 0, 1)));
        Assert.True(rows.Max(r => r[1]) > 0.9, "m opens during a spike");
        Assert.Equal(5, File.ReadAllLines(written[2]).Length);
    }

    /// <summary>A channelDensity of the channel "ch": channels are read when a cell uses them.</summary>
    private const string UseCh = """<channelDensity id="c" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV"/>""";

    public static TheoryData<string, string, string> Refusals() => new()
    {
        {
            Document("""<ionChannelPassive id="ch"/>""", """<channelDensity id="leak" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV"/>""", morphology: """
                <morphology id="morph">
                  <segment id="0"><proximal x="0" y="0" z="0" diameter="10"/><distal x="10" y="0" z="0" diameter="10"/></segment>
                  <segment id="1"><parent segment="0"/><distal x="20" y="0" z="0" diameter="2"/></segment>
                </morphology>
                """),
            "/neuroml/cell[@id='cell']/biophysicalProperties[@id='bio']/intracellularProperties", "has no resistivity; a cell of several segments needs the axial resistivity that couples them"
        },
        {
            Document("""<ionChannelPassive id="ch"/>""", """<channelDensity id="leak" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV" segmentGroup="dendrites"/>"""),
            "channelDensity[@id='leak']", "@segmentGroup is 'dendrites', which does not hold the cell's one segment (0)"
        },
        {
            Document("""<ionChannelKS id="ch" conductance="10pS"><gateKS id="n" instances="1"><closedState id="c"/><closedState id="o"/><forwardTransition from="c" to="o"><rate type="HHExpRate" rate="0.1per_ms" midpoint="-65mV" scale="10mV"/></forwardTransition></gateKS></ionChannelKS>""", UseCh),
            "/neuroml/ionChannelKS[@id='ch']/gateKS[@id='n']", "is not a kinetic scheme NeuroSharp can step: has no open state"
        },
        {
            Document("""<ionChannel id="ch" type="ionChannelHH"><gateFractional id="x" instances="1"/></ionChannel>""", UseCh),
            "gateFractional[@id='x']", "has no subGate."
        },
        {
            Document("""<ionChannel id="ch" type="ionChannelHH"><customHGate id="h" instances="1" alpha="0.28" ca_half="6e-8 mM" k="-1e-8 mM"/></ionChannel>""", UseCh),
            "/neuroml/ionChannel[@id='ch']/customHGate[@id='h']", "is <customHGate>, an element that NeuroSharp does not simulate in an ion channel"
        },
        {
            Document($"""<ionChannel id="ch"><gateHHrates id="n" instances="4"><forwardRate {Forward}/><reverseRate type="newExpRate"/></gateHHrates></ionChannel>""", UseCh),
            "reverseRate[1]", "has type 'newExpRate', which NeuroSharp does not simulate; a reverseRate is one of HHExpRate, HHSigmoidRate, HHExpLinearRate"
        },
        {
            Document("""<ionChannelPassive id="ch"/>""", """<channelDensityNernst id="ca" ionChannel="ch" condDensity="3 S_per_m2" ion="ca"/>"""),
            "channelDensityNernst[@id='ca']", "is a channelDensityNernst, whose current depends on the temperature, but network 'net' gives none"
        },
        {
            Document("""<ionChannelPassive id="ch"/>""", "", intracellular: """<species id="ca" concentrationModel="nowhere" ion="ca" initialConcentration="0 mM" initialExtConcentration="2 mM"/>"""),
            "species[@id='ca']", "@concentrationModel is 'nowhere', which no loaded file defines"
        },
        {
            Document($"""<ionChannel id="ch"><gateHHtauInf id="x" instances="1"><q10Settings type="q10ExpTemp" q10Factor="3" experimentalTemp="6.3 degC"/><timeCourse {Fixed}/><steadyState {Sigmoid}/></gateHHtauInf></ionChannel>""",
                """<channelDensity id="c" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV"/>"""),
            "q10Settings[1]", "scales with the temperature (experimentalTemp), but network 'net' gives none"
        },
        {
            Document($"""<ionChannel id="ch"><gateHHrates id="x" instances="1.5"><forwardRate {Forward}/><reverseRate {Reverse}/></gateHHrates></ionChannel>""", UseCh),
            "gateHHrates[@id='x']", "@instances is '1.5'; a gate's power is a whole number from 1 to 100"
        },
        {
            Document($"""<ionChannel id="ch"><gateHHrates id="x" instances="1"><forwardRate {Forward}/></gateHHrates></ionChannel>""", UseCh),
            "gateHHrates[@id='x']", "is a gateHHrates, which takes exactly a forwardRate and a reverseRate"
        },
        {
            Document("""<ionChannelPassive id="ch"/>""", """<channelDensity id="c" ionChannel="nothing" condDensity="3 S_per_m2" erev="-70mV"/>"""),
            "channelDensity[@id='c']", "@ionChannel is 'nothing', which no loaded file defines"
        },
        {
            Document("""<ionChannelPassive id="ch"/>""", """<channelDensity id="c" ionChannel="ch" condDensity="3 mS" erev="-70mV"/>"""),
            "channelDensity[@id='c']", "@condDensity is '3 mS', not a conductance density (units: S_per_m2, mS_per_cm2, S_per_cm2, uS_per_cm2)"
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusal_NamesFileLinePositionElementAndReason(string document, string element, string reason)
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InvalidInputException>(() => Load(document, out string path, dir));
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(dir.File("cell.nml"))}:\d+:\d+: /neuroml/", ex.Message);
        Assert.Contains(element, ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void UnusedChannel_NotSimulated_IsNotRead()
    {
        // c302's cell_C.xml defines ca_boyle (with a customHGate) beside the channels its level C0 cells use: a channel is read
        // when a cell uses it, so the unused one does not stop the file.
        using var dir = new TempDirectory();
        var spec = Load(Document("""<ionChannelPassive id="ch"/><ionChannel id="unused"><customHGate id="h" instances="1"/></ionChannel>""", UseCh), out _, dir);
        Assert.Equal("c", Assert.Single(Model(spec).Channels).Name);
    }

    [Fact]
    public void Refusal_NoSpikeThresh_SaysWhatTheCellNeeds()
    {
        using var dir = new TempDirectory();
        string text = Document("""<ionChannelPassive id="ch"/>""", "").Replace("""<spikeThresh value="-20mV"/>""", "", StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidInputException>(() => Load(text, out _, dir));
        Assert.Contains("membraneProperties[1] has no spikeThresh; NeuroML's cell spikes when v crosses it upwards.", ex.Message);
    }
}
