using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
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
    public void Species_WithAConcentrationModel_IsAcceptedAndChangesNothing()
    {
        // No channel NeuroSharp simulates reads a concentration (fixed erev, gates of v alone), so the pool cannot act on v.
        using var dir = new TempDirectory();
        const string membrane = """<channelDensity id="leak" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV"/>""";
        var plain = Model(Load(Document("""<ionChannelPassive id="ch"/>""", membrane), out _, dir));
        var pooled = Model(Load(Document("""<ionChannelPassive id="ch"/><fixedFactorConcentrationModel id="pool" ion="ca" restingConc="0 mM" decayConstant="11 ms" rho="0.0002 mol_per_m_per_A_per_s"/>""",
            membrane, intracellular: """<species id="ca" concentrationModel="pool" ion="ca" initialConcentration="0 mM" initialExtConcentration="2E-6 mol_per_cm3"/><resistivity value="0.1 kohm_cm"/>"""), out _, dir));
        Assert.Equal(plain, pooled);
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        {
            Document("""<ionChannelPassive id="ch"/>""", """<channelDensity id="leak" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV"/>""", morphology: """
                <morphology id="morph">
                  <segment id="0"><proximal x="0" y="0" z="0" diameter="10"/><distal x="10" y="0" z="0" diameter="10"/></segment>
                  <segment id="1"><parent segment="0"/><distal x="20" y="0" z="0" diameter="2"/></segment>
                </morphology>
                """),
            "/neuroml/cell[@id='cell']", "has 2 segments; NeuroSharp simulates single-compartment cells (one segment), not multi-compartment ones"
        },
        {
            Document("""<ionChannelPassive id="ch"/>""", """<channelDensity id="leak" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV" segmentGroup="dendrites"/>"""),
            "channelDensity[@id='leak']", "@segmentGroup is 'dendrites', which does not hold the cell's one segment (0)"
        },
        {
            Document("""<ionChannelKS id="ks" conductance="10pS"/>""", ""),
            "/neuroml/ionChannelKS[@id='ks']", "a kinetic-scheme channel, which NeuroSharp does not simulate"
        },
        {
            Document("""<ionChannel id="ch" type="ionChannelHH"><gateFractional id="x" instances="1"/></ionChannel>""", ""),
            "gateFractional[@id='x']", "is a gateFractional, which NeuroSharp does not simulate; its gates are gateHHrates"
        },
        {
            Document("""<ionChannel id="ch" type="ionChannelHH"><customHGate id="h" instances="1" alpha="0.28" ca_half="6e-8 mM" k="-1e-8 mM"/></ionChannel>""", ""),
            "/neuroml/ionChannel[@id='ch']/customHGate[@id='h']", "is <customHGate>, an element that NeuroSharp does not simulate in an ion channel"
        },
        {
            Document($"""<ionChannel id="ch"><gateHHrates id="n" instances="4"><forwardRate {Forward}/><reverseRate type="newExpRate"/></gateHHrates></ionChannel>""", ""),
            "reverseRate[1]", "has type 'newExpRate', which NeuroSharp does not simulate; a reverseRate is one of HHExpRate, HHSigmoidRate, HHExpLinearRate"
        },
        {
            Document("""<ionChannelPassive id="ch"/>""", """<channelDensityNernst id="ca" ionChannel="ch" condDensity="3 S_per_m2" ion="ca"/>"""),
            "channelDensityNernst[@id='ca']", "is <channelDensityNernst>, which NeuroSharp does not simulate"
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
            Document($"""<ionChannel id="ch"><gateHHrates id="x" instances="1.5"><forwardRate {Forward}/><reverseRate {Reverse}/></gateHHrates></ionChannel>""", ""),
            "gateHHrates[@id='x']", "@instances is '1.5'; a gate's power is a whole number from 1 to 100"
        },
        {
            Document($"""<ionChannel id="ch"><gateHHrates id="x" instances="1"><forwardRate {Forward}/></gateHHrates></ionChannel>""", ""),
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
    public void Refusal_NoSpikeThresh_SaysWhatTheCellNeeds()
    {
        using var dir = new TempDirectory();
        string text = Document("""<ionChannelPassive id="ch"/>""", "").Replace("""<spikeThresh value="-20mV"/>""", "", StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidInputException>(() => Load(text, out _, dir));
        Assert.Contains("membraneProperties[1] has no spikeThresh; NeuroML's cell spikes when v crosses it upwards.", ex.Message);
    }
}
