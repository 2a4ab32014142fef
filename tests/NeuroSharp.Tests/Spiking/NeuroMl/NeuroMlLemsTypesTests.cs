using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// Gate functions and gates written as LEMS ComponentTypes (docs/neuroml.md, "LEMS ComponentTypes"): each read into the hh model's
/// expression form with its units in SI, against the standard forms as known answers; ConditionalDerivedVariable cases; a time course
/// that requires the gate's alpha and beta; a gate that reads caConc; a gateFractional as one channel per subGate; and each refusal
/// with its file, line, position and expression text.
/// </summary>
public class NeuroMlLemsTypesTests
{
    private static string Document(string channels, string membrane, string networkAttributes = "", string intracellular = "") =>
        NeuroMlCellTests.Document(channels, membrane, networkAttributes, intracellular: intracellular);

    private const string UseCh = """<channelDensity id="c" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV"/>""";

    /// <summary>Ex10's newExpRate: HHExpRate's formula with its rate, midpoint and scale as Constants.</summary>
    private const string NewExpRate = """
        <ComponentType name="newExpRate" extends="baseVoltageDepRate">
          <Constant name="rate" dimension="per_time" value="0.125per_ms"/>
          <Constant name="midpoint" dimension="voltage" value="-65mV"/>
          <Constant name="scale" dimension="voltage" value="-80mV"/>
          <Dynamics>
            <DerivedVariable name="r" exposure="r" value="rate * exp((v - midpoint)/scale)"/>
          </Dynamics>
        </ComponentType>
        """;

    /// <summary>
    /// A cell whose channel ch has one gate with <see cref="NewExpRate"/> as both rates, the type's text with
    /// <paramref name="find"/> replaced by <paramref name="replacement"/> (a refusal's case).
    /// </summary>
    private static string WithNewExpRate(string find, string replacement) =>
        Document(NewExpRate.Replace(find, replacement, StringComparison.Ordinal)
            + """<ionChannel id="ch"><gateHHrates id="n" instances="1"><forwardRate type="newExpRate"/><reverseRate type="newExpRate"/></gateHHrates></ionChannel>""", UseCh);

    /// <summary>Channels.xml's HHExpLinearRate written as a ComponentType with Parameters: a ConditionalDerivedVariable for x = 0.</summary>
    private const string MyExpLinear = """
        <ComponentType name="myExpLinear" extends="baseVoltageDepRate">
          <Parameter name="rate" dimension="per_time"/>
          <Parameter name="midpoint" dimension="voltage"/>
          <Parameter name="scale" dimension="voltage"/>
          <Dynamics>
            <DerivedVariable name="x" dimension="none" value="(v - midpoint) / scale"/>
            <ConditionalDerivedVariable name="r" exposure="r" dimension="per_time">
              <Case condition="x .neq. 0" value="rate * x / (1 - exp(0 - x))"/>
              <Case condition="x .eq. 0" value="rate"/>
            </ConditionalDerivedVariable>
          </Dynamics>
        </ComponentType>
        """;

    private static string Squid(string nForward, string nReverse, string extra = "") => $"""
        {NewExpRate}{MyExpLinear}{extra}
        <ionChannel id="na" type="ionChannelHH">
          <gateHHrates id="m" instances="3"><forwardRate type="myExpLinear" rate="1per_ms" midpoint="-40mV" scale="10mV"/><reverseRate type="HHExpRate" rate="4per_ms" midpoint="-65mV" scale="-18mV"/></gateHHrates>
          <gateHHrates id="h" instances="1"><forwardRate type="HHExpRate" rate="0.07per_ms" midpoint="-65mV" scale="-20mV"/><reverseRate type="HHSigmoidRate" rate="1per_ms" midpoint="-35mV" scale="10mV"/></gateHHrates>
        </ionChannel>
        <ionChannel id="k" type="ionChannelHH">
          <gateHHrates id="n" instances="4"><forwardRate {nForward}/><reverseRate {nReverse}/></gateHHrates>
        </ionChannel>
        <ionChannelPassive id="leak"/>
        """;

    private const string SquidMembrane = """
        <channelDensity id="leak" ionChannel="leak" condDensity="3 S_per_m2" erev="-54.3mV"/>
        <channelDensity id="na" ionChannel="na" condDensity="1200 S_per_m2" erev="50mV"/>
        <channelDensity id="k" ionChannel="k" condDensity="360 S_per_m2" erev="-77mV"/>
        """;

    private static HodgkinHuxleyNeuronSpec Model(NetworkSpec spec) => Assert.IsType<HodgkinHuxleyNeuronSpec>(spec.Populations[0].Model);

    [Fact]
    public void ComponentTypeRates_AreTheStandardFormsInEngineUnits_AndGiveTheStandardTrace()
    {
        using var dir = new TempDirectory();
        const string Standard = """type="HHExpRate" rate="0.125per_ms" midpoint="-65mV" scale="-80mV" """;
        const string ForwardN = """type="HHExpLinearRate" rate="0.1per_ms" midpoint="-55mV" scale="10mV" """;
        var lems = Model(NeuroMlFixtures.Load(Document(Squid(ForwardN, """type="newExpRate" """), SquidMembrane), dir));
        var standard = Model(NeuroMlFixtures.Load(Document(Squid(ForwardN, Standard).Replace("""type="myExpLinear" """, """type="HHExpLinearRate" """, StringComparison.Ordinal), SquidMembrane), dir));
        var beta = lems.Channels[2].Gates[0].Beta!;
        var alpha = lems.Channels[1].Gates[0].Alpha!;
        Assert.Equal(VoltageFunctionForm.Expression, beta.Form);
        Assert.Equal(VoltageFunctionForm.Expression, alpha.Form);
        // Constants in SI: 0.125 per_ms is 125 1/s, -65 mV is -0.065 V; Parameters from the element's attributes the same way.
        Assert.Equal(125, beta.Expression!.Constants["rate"], 12);
        Assert.Equal(-0.065, beta.Expression.Constants["midpoint"], 15);
        Assert.Equal(1000, alpha.Expression!.Constants["rate"], 12);
        foreach (double v in new[] { -90, -65, -40, -39.9999, 0, 30 })
        {
            Assert.Equal(0.125 * Math.Exp((v + 65) / -80), beta.Evaluate(v), 12);
            Assert.Equal(standard.Channels[1].Gates[0].Alpha!.Evaluate(v), alpha.Evaluate(v), 9);
        }
        Assert.Equal(1.0, alpha.Evaluate(-40), 15); // the x .eq. 0 case

        float[] Trace(HodgkinHuxleyNeuronSpec model)
        {
            var engine = new SpikingEngine(new NetworkSpec
            {
                DtMs = 0.01,
                Populations = [new PopulationSpec { Name = "p", Count = 1, Model = model }],
                Inputs = [new CurrentInputSpec { Target = "p", Amplitude = 8 }],
                Monitors = [new StateMonitorSpec { Target = "p", Variables = ["v"] }],
            });
            engine.Run(3000);
            return engine.StateMonitors[0].Values("v").ToArray();
        }
        var a = Trace(lems);
        var b = Trace(standard);
        Assert.True(a.Max() > 0, "the driven cell should fire");
        double worst = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(worst < 0.01, $"largest difference {worst} mV (float rounding only)");
    }

    [Fact]
    public void TimeCourse_RequiringAlphaAndBeta_ReadsTheGatesRates()
    {
        // Ex15's form: tau = 1 / (alpha + beta), at least 0.05 ms, in s; alpha and beta are the gate's own (unscaled) rates.
        const string Tau = """
            <ComponentType name="myTau" extends="baseVoltageDepTime">
              <Constant name="TIME_SCALE" dimension="time" value="1 s"/>
              <Requirement name="alpha" dimension="per_time"/>
              <Requirement name="beta" dimension="per_time"/>
              <Dynamics>
                <DerivedVariable name="ALPHA" dimension="none" value="alpha * TIME_SCALE"/>
                <DerivedVariable name="BETA" dimension="none" value="beta * TIME_SCALE"/>
                <ConditionalDerivedVariable name="t" exposure="t" dimension="time">
                  <Case condition="1/(ALPHA + BETA) .lt. 0.00005" value="0.00005 * TIME_SCALE"/>
                  <Case value="(1/(ALPHA + BETA)) * TIME_SCALE"/>
                </ConditionalDerivedVariable>
              </Dynamics>
            </ComponentType>
            """;
        using var dir = new TempDirectory();
        var spec = NeuroMlFixtures.Load(Document($"""
            {Tau}{NewExpRate}
            <ionChannel id="ch"><gateHHratesTau id="x" instances="1">
              <forwardRate type="HHExpRate" rate="1.5per_ms" midpoint="-29mV" scale="12mV"/><reverseRate type="newExpRate"/><timeCourse type="myTau"/>
            </gateHHratesTau></ionChannel>
            """, UseCh), dir);
        var gate = Model(spec).Channels[0].Gates[0];
        Assert.Equal(GateKinetics.RatesTau, gate.Kinetics);
        foreach (double v in new[] { -80, -40, 0, 40 })
        {
            double a = 1.5 * Math.Exp((v + 29) / 12), b = 0.125 * Math.Exp((v + 65) / -80);
            Assert.Equal(Math.Max(1 / (a + b), 0.05), gate.Tau!.Evaluate(v), 9);
        }
    }

    private const string CustomHGate = """
        <ComponentType name="customHGate" extends="gateHHtauInf">
          <Parameter name="alpha" dimension="none"/>
          <Parameter name="k" dimension="concentration"/>
          <Parameter name="ca_half" dimension="concentration"/>
          <Constant name="SEC" dimension="time" value="1s"/>
          <Exposure name="tau" dimension="time"/>
          <Exposure name="inf" dimension="none"/>
          <Requirement name="caConc" dimension="concentration"/>
          <Dynamics>
            <DerivedVariable name="rateScale" exposure="rateScale" dimension="none" value="1"/>
            <DerivedVariable name="inf" dimension="none" exposure="inf" value="1 / (1 + (exp( (ca_half - caConc) / k)))"/>
            <DerivedVariable name="tau" dimension="time" exposure="tau" value="0 * SEC"/>
            <DerivedVariable name="q" exposure="q" dimension="none" value="inf"/>
            <DerivedVariable name="fcond" exposure="fcond" dimension="none" value="1 +((q-1) * alpha)"/>
          </Dynamics>
        </ComponentType>
        """;

    private const string Calcium = """
        <species id="ca" ion="ca" concentrationModel="pool" initialConcentration="5e-8 mM" initialExtConcentration="2 mM"/>
        """;

    private const string Pool = """<decayingPoolConcentrationModel id="pool" ion="ca" restingConc="0 mM" decayConstant="10 ms" shellThickness="1 um"/>""";

    [Fact]
    public void CustomHGate_IsAnInstantaneousGateOfFcond_ReadingTheSpeciesCalcium()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFixtures.Load(Document($"""
            {CustomHGate}{Pool}
            <ionChannel id="ch" type="ionChannelHH"><customHGate id="h" instances="1" alpha="0.282473" ca_half="6.41889e-8 mM" k="-1.00056e-8 mM"/></ionChannel>
            """, UseCh, intracellular: Calcium), dir);
        var model = Model(spec);
        var gate = model.Channels[0].Gates[0];
        Assert.Equal(GateKinetics.Instantaneous, gate.Kinetics);
        Assert.Equal(1, gate.Power);
        Assert.True(gate.ReadsConcentration);
        Assert.Equal(5e-8, Assert.Single(model.Concentrations).InitialMm);
        double Expected(double ca) => 1 + (1 / (1 + Math.Exp((6.41889e-8 - ca) / -1.00056e-8)) - 1) * 0.282473;
        Assert.Equal(Expected(5e-8), gate.SteadyState(-30, 5e-8), 12);
        var engine = new SpikingEngine(spec);
        Assert.All(engine.GetVariable("p", "c_h"), x => Assert.Equal(Expected(5e-8), x, 6));
        // The pool (no calcium channel, restingConc 0) decays: the gate reads its concentration at the start of each step.
        for (int n = 0; n < 3; n++)
        {
            double ca = engine.GetVariable("p", "caConc")[0];
            engine.Run(1);
            Assert.All(engine.GetVariable("p", "c_h"), x => Assert.Equal(Expected(ca), x, 6));
        }
        Assert.True(engine.GetVariable("p", "caConc")[0] < 5e-8);
    }

    [Fact]
    public void GateFractional_IsOneChannelPerSubGate_WithItsFraction()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFixtures.Load(Document("""
            <ionChannel id="ch" type="ionChannelHH">
              <gateHHtauInf id="a" instances="2"><timeCourse type="fixedTimeCourse" tau="3ms"/><steadyState type="HHSigmoidVariable" rate="1" midpoint="-40mV" scale="5mV"/></gateHHtauInf>
              <gateFractional id="b" instances="1">
                <subGate id="fast" fractionalConductance="0.25"><steadyState type="HHSigmoidVariable" rate="1" midpoint="-58mV" scale="-11mV"/><timeCourse type="fixedTimeCourse" tau="20ms"/></subGate>
                <subGate id="slow" fractionalConductance="0.75"><steadyState type="HHSigmoidVariable" rate="1" midpoint="-58mV" scale="-11mV"/><timeCourse type="fixedTimeCourse" tau="900ms"/></subGate>
              </gateFractional>
            </ionChannel>
            """, UseCh), dir);
        var channels = Model(spec).Channels;
        Assert.Equal(["c_fast", "c_slow"], channels.Select(c => c.Name));
        // 3 S/m^2 over a sphere 10 um across (pi 100 um^2 with jLEMS's pi): 0.942 nS, a quarter and three quarters of it.
        double g = 3 * 100 * NeuroMlReader.LemsPi / 1000;
        Assert.Equal(0.25 * g, channels[0].ConductanceNs, 12);
        Assert.Equal(0.75 * g, channels[1].ConductanceNs, 12);
        Assert.Equal(["a", "fast"], channels[0].Gates.Select(x => x.Name));
        Assert.Equal(["a", "slow"], channels[1].Gates.Select(x => x.Name));
        Assert.Equal(channels[0].Gates[0], channels[1].Gates[0]);
        Assert.Equal(900, channels[1].Gates[1].TimeConstant(-60), 12);
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        {
            WithNewExpRate("rate * exp((v - midpoint)/scale)", "rate * exp((v - midpoint)/scale"),
            "/ComponentType[1]/Dynamics[1]/DerivedVariable[1]", "@value 'rate * exp((v - midpoint)/scale' is not a LEMS expression: expected ',' or ')' at column 32, found the end of the expression."
        },
        {
            WithNewExpRate("(v - midpoint)", "(v - mid)"),
            "DerivedVariable[1]", "@value 'rate * exp((v - mid)/scale)' reads 'mid' at column 17, which ComponentType 'newExpRate' does not define (known: v, rate, midpoint, scale)."
        },
        {
            WithNewExpRate("rate * exp((v - midpoint)/scale)", "rate * exp(v - midpoint)"),
            "DerivedVariable[1]", "@value 'rate * exp(v - midpoint)' calls 'exp' of voltage at column 8; its argument must be dimensionless."
        },
        {
            WithNewExpRate("rate * exp((v - midpoint)/scale)", "rate + v"),
            "DerivedVariable[1]", "@value 'rate + v' adds per_time and voltage at column 6."
        },
        {
            WithNewExpRate("rate * exp((v - midpoint)/scale)", "exp((v - midpoint)/scale) / rate"),
            "DerivedVariable[1]", "is exposed as 'r' with dimension time; NeuroSharp needs per_time there."
        },
        {
            WithNewExpRate("rate * exp((v - midpoint)/scale)", "rate * cosh(v/scale)"),
            "DerivedVariable[1]", "@value 'rate * cosh(v/scale)' calls 'cosh' at column 8, which is not a function NeuroSharp evaluates"
        },
        {
            Document(MyExpLinear + $"""<ionChannel id="ch"><gateHHrates id="n" instances="1"><forwardRate type="myExpLinear" rate="1per_ms" midpoint="-40mV"/><reverseRate type="myExpLinear" rate="1per_ms" midpoint="-40mV" scale="10mV"/></gateHHrates></ionChannel>""", UseCh),
            "forwardRate[1]", "has type 'myExpLinear', whose Parameter 'scale' (voltage) it does not give."
        },
        {
            Document(MyExpLinear + $"""<ionChannel id="ch"><gateHHrates id="n" instances="1"><forwardRate type="myExpLinear" rate="1per_ms" midpoint="-40mV" scale="10ms"/><reverseRate type="myExpLinear" rate="1per_ms" midpoint="-40mV" scale="10mV"/></gateHHrates></ionChannel>""", UseCh),
            "forwardRate[1]", "@scale is '10ms', a time where dimension 'voltage' is declared."
        },
        {
            Document(MyExpLinear.Replace("x .neq. 0", "x > 0", StringComparison.Ordinal) + $"""<ionChannel id="ch"><gateHHrates id="n" instances="1"><forwardRate type="myExpLinear" rate="1per_ms" midpoint="-40mV" scale="10mV"/><reverseRate type="myExpLinear" rate="1per_ms" midpoint="-40mV" scale="10mV"/></gateHHrates></ionChannel>""", UseCh),
            "Case[1]", "@condition 'x > 0' is not a LEMS expression: unexpected character '>' at column 3."
        },
        {
            Document(CustomHGate + """<ionChannel id="ch" type="ionChannelHH"><customHGate id="h" instances="1" alpha="0.28" ca_half="6e-8 mM" k="-1e-8 mM"/></ionChannel>""", UseCh),
            "/neuroml/cell[@id='cell']", "has channel 'c' whose gate 'h' reads caConc, but no <species ion=\"ca\"> in its intracellularProperties gives a concentration."
        },
        {
            Document("""
                <ComponentType name="stateful" extends="baseVoltageDepRate">
                  <Dynamics><StateVariable name="s" dimension="per_time"/><DerivedVariable name="r" exposure="r" value="s"/></Dynamics>
                </ComponentType>
                <ionChannel id="ch"><gateHHrates id="n" instances="1"><forwardRate type="stateful"/><reverseRate type="stateful"/></gateHHrates></ionChannel>
                """, UseCh),
            "StateVariable[1]", "is <StateVariable> in the Dynamics of ComponentType 'stateful'; NeuroSharp evaluates a gate's function without state"
        },
        {
            Document("""
                <ComponentType name="needsTemp" extends="baseVoltageDepRate">
                  <Requirement name="temperature" dimension="temperature"/>
                  <Constant name="per" dimension="per_time" value="1per_s"/>
                  <Dynamics><DerivedVariable name="r" exposure="r" dimension="per_time" value="per"/></Dynamics>
                </ComponentType>
                <ionChannel id="ch"><gateHHrates id="n" instances="1"><forwardRate type="needsTemp"/><reverseRate type="needsTemp"/></gateHHrates></ionChannel>
                """, UseCh),
            "forwardRate[1]", "has type 'needsTemp', which requires the temperature, but the network gives none"
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusal_NamesFileLinePositionElementExpressionAndReason(string document, string element, string reason)
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(document, dir));
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(dir.File("cell.nml"))}:\d+:\d+: /neuroml/", ex.Message);
        Assert.Contains(element, ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Temperature_IsTheNetworksInKelvin()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFixtures.Load(Document("""
            <ComponentType name="warm" extends="baseVoltageDepRate">
              <Requirement name="temperature" dimension="temperature"/>
              <Constant name="T0" dimension="temperature" value="300K"/>
              <Constant name="KELVIN" dimension="temperature" value="1K"/>
              <Constant name="per" dimension="per_time" value="1per_ms"/>
              <Dynamics><DerivedVariable name="r" exposure="r" dimension="per_time" value="per * (temperature - T0) / KELVIN"/></Dynamics>
            </ComponentType>
            <ionChannel id="ch"><gateHHrates id="n" instances="1"><forwardRate type="warm"/><reverseRate type="HHExpRate" rate="1per_ms" midpoint="0mV" scale="10mV"/></gateHHrates></ionChannel>
            """, UseCh, networkAttributes: """ type="networkWithTemperature" temperature="32 degC" """), dir);
        // (305.15 K - 300 K) x 1 per_ms = 5.15 per_ms.
        Assert.Equal(5.15, Model(spec).Channels[0].Gates[0].Alpha!.Evaluate(-50), 10);
    }
}
