using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// continuousProjection with linearGradedSynapse, gradedSynapse, silentSynapse and c302's gradedSynapse2: mapping to graded
/// projections (docs/spiking-graded.md), a known answer against a double-precision Euler loop of the LEMS equations, refusals.
/// </summary>
public class NeuroMlGradedTests
{
    // Ex20's cells (NML2_AnalogSynapses.nml): C 3.2 pF, g_L 0.2 nS (tau 16 ms), E_L -70 mV, thresh -55 mV.
    private const string Cell = """<iafCell id="iaf" leakConductance="0.2nS" leakReversal="-70mV" thresh="-55mV" reset="-70mV" C="3.2pF"/>""";

    private static string Write(TempDirectory dir, string components, string connections, string extra = "")
    {
        string path = dir.File("graded.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n  " + Cell + "\n  <silentSynapse id=\"silent\"/>\n  " + components + "\n"
            + "  <pulseGenerator id=\"pulse\" delay=\"20ms\" duration=\"200ms\" amplitude=\"0.0024nA\"/>\n"
            + "  <network id=\"net\"><property tag=\"recommended_dt_ms\" value=\"0.01\"/>\n"
            + "    <population id=\"pre\" component=\"iaf\" size=\"2\"/><population id=\"post\" component=\"iaf\" size=\"2\"/>\n"
            + "    <continuousProjection id=\"cp\" presynapticPopulation=\"pre\" postsynapticPopulation=\"post\">\n      " + connections + "\n    </continuousProjection>\n"
            + "    <explicitInput target=\"pre[0]\" input=\"pulse\"/>" + extra + "\n  </network>\n</neuroml>\n");
        return path;
    }

    private const string Sigmoid = """<gradedSynapse id="gs" conductance="0.1nS" delta="5mV" Vth="-60mV" k="0.025per_ms" erev="0mV"/>""";

    [Fact]
    public void GradedAndLinearGradedSynapses_BecomeGradedProjections_InTheTargetsLeakUnits()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, Sigmoid + """<linearGradedSynapse id="lin" conductance="5pS"/>""", """
            <continuousConnectionInstanceW id="0" preCell="../pre/0/iaf" postCell="../post/1/iaf" preComponent="silent" postComponent="gs" weight="2"/>
            <continuousConnection id="1" preCell="1" postCell="0" preComponent="silent" postComponent="lin"/>
            """));
        Assert.Equal(2, spec.GradedProjections.Count);
        var gs = spec.GradedProjections[0];
        Assert.Equal(("cp_silent_gs", "pre", "post", GradedSynapseKind.Sigmoid), (gs.Name, gs.Source, gs.Target, gs.Kind));
        Assert.Equal(0.1 / 0.2, gs.Conductance, 12); // g / g_L
        Assert.Equal((0.0, -60.0, 5.0, 0.025), (gs.ErevMv!.Value, gs.VthMv!.Value, gs.DeltaMv!.Value, gs.KPerMs!.Value));
        Assert.Equal(2, gs.Weight.Value);
        var c = Assert.IsType<ExplicitConnectivity>(gs.Connectivity);
        Assert.Equal([0], c.Sources);
        Assert.Equal([1], c.Targets);
        var lin = spec.GradedProjections[1];
        Assert.Equal((GradedSynapseKind.Linear, null), (lin.Kind, lin.ErevMv));
        Assert.Equal(0.005 / 0.2, lin.Conductance, 12);
        // The spec a NeuroML file gives is valid and comes back the same through the network file.
        Assert.Equal(NetworkFile.ToJson(spec), NetworkFile.ToJson(NetworkFile.Parse(NetworkFile.ToJson(spec))));
    }

    [Fact]
    public void GradedSynapse_FollowsADoublePrecisionEulerLoopOfTheLemsEquations()
    {
        // pre[0] gets 2.4 pA from 20 to 220 ms: v_inf = -70 + 2.4 / 0.2 = -58 mV (below thresh), crossing Vth = -60 mV, so inf
        // sweeps from 0.12 to 0.6. post[1] takes w g s (erev - v), s' = (inf - s) k / (1 - inf) (w 0.5: it settles near -61 mV,
        // below thresh, so neither cell fires). The loop is jLEMS's: forward
        // Euler on v and s, dt 0.01 ms, in double. The engine's exact steps (v, s) differ from it by O(dt / tau): within 0.005 mV.
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, Sigmoid, """<continuousConnectionInstanceW id="0" preCell="../pre/0/iaf" postCell="../post/1/iaf" preComponent="silent" postComponent="gs" weight="0.5"/>"""));
        var engine = new SpikingEngine(spec);
        double dt = 0.01, c = 3.2, gl = 0.2, el = -70, vPre = -70, vPost = -70, s = 0, worst = 0, peak = 0;
        for (int n = 0; n < 40_000; n++)
        {
            double t = n * dt;
            double i = t >= 20 && t < 220 ? 2.4 : 0;
            double inf = 1 / (1 + Math.Exp((-60 - vPre) / 5));
            double syn = 0.5 * 0.1 * s * (0 - vPost);
            double sRate = 1 - inf > 1e-4 ? (inf - s) * 0.025 / (1 - inf) : 0;
            (vPre, vPost, s) = (vPre + dt * (gl * (el - vPre) + i) / c, vPost + dt * (gl * (el - vPost) + syn) / c, s + dt * sRate);
            engine.Step();
            double got = engine.GetVariable("post", "v")[1];
            worst = Math.Max(worst, Math.Abs(got - vPost));
            peak = Math.Max(peak, vPost - el);
        }
        Assert.True(peak > 5, $"the synapse should depolarise post[1] by several mV (got {peak})");
        Assert.True(worst < 0.005, $"worst |v_engine - v_euler| {worst} mV");
        Assert.Equal(-70f, engine.GetVariable("post", "v")[0]); // nothing feeds post[0]
    }

    [Fact]
    public void NonSilentPreComponent_FeedsThePresynapticCell_FromThePostsynapticPotential()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, """<linearGradedSynapse id="lin" conductance="10pS"/>""",
            """<continuousConnection id="0" preCell="0" postCell="1" preComponent="lin" postComponent="silent"/>"""));
        var back = Assert.Single(spec.GradedProjections);
        Assert.Equal(("cp_reverse", "post", "pre"), (back.Name, back.Source, back.Target));
        var c = Assert.IsType<ExplicitConnectivity>(back.Connectivity);
        Assert.Equal([1], c.Sources);
        Assert.Equal([0], c.Targets);
    }

    private const string RiseDecayType = """
        <ComponentType name="gradedSynapse2" extends="baseGradedSynapse">
          <Property name="weight" dimension="none" defaultValue="1"/>
          <Parameter name="conductance" dimension="conductance"/><Parameter name="ar" dimension="per_time"/><Parameter name="ad" dimension="per_time"/>
          <Parameter name="beta" dimension="per_voltage"/><Parameter name="vth" dimension="voltage"/><Parameter name="erev" dimension="voltage"/>
          <Exposure name="i" dimension="current"/><Requirement name="v" dimension="voltage"/><InstanceRequirement name="peer" type="baseGradedSynapse"/>
          <Dynamics>
            <StateVariable name="s" dimension="none"/>
            <DerivedVariable name="vpeer" dimension="voltage" select="peer/v"/>
            <DerivedVariable name="phi" dimension="none" value="1/(1 + exp(beta * (vth - vpeer)))"/>
            <DerivedVariable name="i" exposure="i"  value="weight * conductance * s * (erev-v)"/>
            <TimeDerivative variable="s" value="DERIVATIVE" />
          </Dynamics>
        </ComponentType>
        """;

    [Fact]
    public void C302GradedSynapse2_IsTheRiseDecaySigmoid_OnlyWithC302sDynamics()
    {
        using var dir = new TempDirectory();
        const string component = """<gradedSynapse2 id="g2" conductance="5 nS" ar=".5 per_s" ad="20 per_s" beta="0.25 per_mV" vth="-20 mV" erev="0 mV"/>""";
        const string connection = """<continuousConnectionInstanceW id="0" preCell="../pre/0/iaf" postCell="../post/0/iaf" preComponent="silent" postComponent="g2" weight="3"/>""";
        var spec = NeuroMlFile.Load(Write(dir, RiseDecayType.Replace("DERIVATIVE", "ar*phi*(1-s) - ad*s", StringComparison.Ordinal) + component, connection));
        var g = Assert.Single(spec.GradedProjections);
        Assert.Equal(GradedSynapseKind.SigmoidRiseDecay, g.Kind);
        Assert.Equal((5 / 0.2, -20.0, 4.0, 0.0005, 0.02, 0.0), (g.Conductance, g.VthMv!.Value, g.DeltaMv!.Value, g.RisePerMs!.Value, g.DecayPerMs!.Value, g.ErevMv!.Value));
        // Another law under the same name is not taken for c302's.
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(Write(dir, RiseDecayType.Replace("DERIVATIVE", "ar*phi - ad*s", StringComparison.Ordinal) + component, connection)));
        Assert.Contains("g2", ex.Message);
    }

    [Theory]
    [InlineData("""<expTwoSynapse id="e" gbase="1nS" erev="0mV" tauDecay="5ms" tauRise="1ms"/>""", "postComponent=\"e\"", "@postComponent is 'e', a spiking synapse or gap junction; a continuousConnection's ends are graded synapses")]
    [InlineData("", "postComponent=\"nothing\"", "@postComponent is 'nothing', which no loaded file defines.")]
    [InlineData(Sigmoid, "postComponent=\"gs\" weight=\"-1\"", "@weight is -1; NeuroSharp's graded synapses take weights of at least 0.")]
    public void BadConnections_RefusedWithTheElementAndWhy(string components, string attributes, string expected)
    {
        using var dir = new TempDirectory();
        string element = attributes.Contains("weight", StringComparison.Ordinal) ? "continuousConnectionInstanceW" : "continuousConnection";
        string cells = element == "continuousConnection" ? "preCell=\"0\" postCell=\"0\"" : "preCell=\"../pre/0/iaf\" postCell=\"../post/0/iaf\"";
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(Write(dir, components, $"<{element} id=\"0\" {cells} preComponent=\"silent\" {attributes}/>")));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("graded.net.nml:", ex.Message);
    }
}
