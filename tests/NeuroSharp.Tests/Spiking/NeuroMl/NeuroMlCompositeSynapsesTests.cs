using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// expThreeSynapse and doubleSynapse (docs/neuroml.md): each connection through one becomes one connection per part. Known answers:
/// expThreeSynapse's conductance after one spike against Synapses.xml's own A, B, C equations in double; a doubleSynapse gives the
/// v of the same two synapses on two connections, bit for bit; and the refusals.
/// </summary>
public class NeuroMlCompositeSynapsesTests
{
    // A passive pointCellCondBased: leak 3 nS at -54.3 mV, 10 pF.
    private const string Cell = """
        <ionChannelPassive id="passive" conductance="10pS"/>
        <pointCellCondBased id="pas" C="10pF" v0="-65mV" thresh="20mV"><channelPopulation id="leak" ionChannel="passive" number="300" erev="-54.3mV"/></pointCellCondBased>
        <expTwoSynapse id="ampa" gbase="1nS" erev="0mV" tauRise="1ms" tauDecay="2ms"/>
        <blockingPlasticSynapse id="nmda" gbase="4nS" erev="0mV" tauRise="2ms" tauDecay="20ms">
          <voltageConcDepBlockMechanism id="block" species="mg" blockConcentration="1.2 mM" scalingConc="1.920544 mM" scalingVolt="16.129 mV"/>
        </blockingPlasticSynapse>
        <doubleSynapse id="both" synapse1="ampa" synapse1Path="./ampa" synapse2="nmda" synapse2Path="./nmda"/>
        <expThreeSynapse id="three" gbase1="1.5nS" tauRise="0.1ms" tauDecay1="0.7ms" gbase2="0.5nS" tauDecay2="2.5ms" erev="0mV"/>
        <spikeArray id="spks"><spike id="0" time="10 ms"/></spikeArray>
        """;

    private static string Write(TempDirectory dir, string connections, string extra = "")
    {
        string path = dir.File("composite.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n" + Cell + extra + """
              <network id="net"><property tag="recommended_dt_ms" value="0.01"/>
                <population id="pre" component="spks" size="1"/><population id="post" component="pas" size="2"/>
            """ + connections + "\n  </network>\n</neuroml>\n");
        return path;
    }

    /// <summary>Runs and records cell 0 (and cell 1 where <paramref name="both"/>).</summary>
    private static SpikingEngine Run(NetworkSpec spec, int steps, bool both, params string[] variables)
    {
        var engine = new SpikingEngine(spec with { Monitors = [new StateMonitorSpec { Target = "post", Variables = ["v", .. variables], Indices = both ? [0, 1] : [0] }] });
        engine.Run(steps);
        return engine;
    }

    /// <summary>
    /// One spike of weight 2 through the expThreeSynapse: the cell's ge + gi (its two parts, erev 0 both) is Synapses.xml's g =
    /// gbase1 (B - A) + gbase2 (C - A) with A += w (gbase1 f1 + gbase2 f2) / (gbase1 + gbase2), B += w f1, C += w f2 at the spike and
    /// exact exponential decay, at every step after the spike's arrival (the engine's rise state sampled at whole steps) within 1e-5 nS.
    /// </summary>
    [Fact]
    public void ExpThree_OneSpike_IsSynapsesXmlsConductance()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, """<synapticConnectionWD from="pre[0]" to="post[0]" synapse="three" destination="synapses" weight="2" delay="0ms"/>"""));
        Assert.Equal(["synapticConnection0_three_1", "synapticConnection0_three_2"], spec.Projections.Select(p => p.Name));
        Assert.Equal([3.0, 1.0], spec.Projections.Select(p => p.Weight.Value)); // w gbase in nS
        var hh = Assert.IsType<HodgkinHuxleyNeuronSpec>(spec.Populations.Single(p => p.Name == "post").Model);
        Assert.Equal((0.7, 2.5, 0.1, 0.1), (hh.TauExcMs, hh.TauInhMs, hh.RiseExcMs, hh.RiseInhMs));
        var engine = Run(spec, 3000, false, "ge", "gi");
        var ge = engine.StateMonitors[0].Values("ge").ToArray();
        var gi = engine.StateMonitors[0].Values("gi").ToArray();
        double w = 2, g1 = 1.5, g2 = 0.5, tr = 0.1, t1 = 0.7, t2 = 2.5, dt = 0.01;
        static double Factor(double tr, double td)
        {
            double tp = Math.Log(td / tr) * tr * td / (td - tr);
            return 1 / (-Math.Exp(-tp / tr) + Math.Exp(-tp / td));
        }
        double f1 = Factor(tr, t1), f2 = Factor(tr, t2);
        double a = w * (g1 * f1 + g2 * f2) / (g1 + g2), b = w * f1, c = w * f2;
        int first = Array.FindIndex(ge, x => x > 0);
        Assert.True(first > 0, "the spike should arrive");
        // The first row with g above 0 is one step after the rise state took the spike.
        for (int s = first; s < ge.Length; s++)
        {
            double t = (s - first + 1) * dt;
            double g = g1 * (b * Math.Exp(-t / t1) - a * Math.Exp(-t / tr)) + g2 * (c * Math.Exp(-t / t2) - a * Math.Exp(-t / tr));
            Assert.True(Math.Abs(ge[s] + gi[s] - g) < 1e-5, $"step {s}: ge + gi = {ge[s] + gi[s]} nS, Synapses.xml's g = {g} nS");
        }
        Assert.True((ge.Max() + gi.Max()) > 2, "the conductance should reach about w (gbase1 + gbase2) at its peak");
    }

    /// <summary>A doubleSynapse connection onto cell 0 gives the v of an AMPA and an NMDA connection onto cell 0, bit for bit, on the same two ports.</summary>
    [Fact]
    public void DoubleSynapse_IsItsTwoSynapsesOnTheirPorts_BitForBit()
    {
        using var dir = new TempDirectory();
        var both = NeuroMlFile.Load(Write(dir, """
            <synapticConnectionWD from="pre[0]" to="post[0]" synapse="both" destination="synapses" weight="0.5" delay="5ms"/>
            <synapticConnectionWD from="pre[0]" to="post[1]" synapse="ampa" destination="synapses" weight="0.5" delay="5ms"/>
            """));
        var two = NeuroMlFile.Load(Write(dir, """
            <synapticConnectionWD from="pre[0]" to="post[0]" synapse="ampa" destination="synapses" weight="0.5" delay="5ms"/>
            <synapticConnectionWD from="pre[0]" to="post[0]" synapse="nmda" destination="synapses" weight="0.5" delay="5ms"/>
            <synapticConnectionWD from="pre[0]" to="post[1]" synapse="ampa" destination="synapses" weight="0.5" delay="5ms"/>
            """));
        var hh = Assert.IsType<HodgkinHuxleyNeuronSpec>(both.Populations.Single(p => p.Name == "post").Model);
        Assert.Equal(["ampa", "nmda"], hh.Ports.Select(p => p.Name));
        Assert.Equal([(1, 0.5), (2, 2.0), (1, 0.5)], both.Projections.Select(p => (p.Port, p.Weight.Value)));
        Assert.Equal(hh, two.Populations.Single(p => p.Name == "post").Model);
        var v = Run(both, 6000, true, "nmda_g").StateMonitors[0];
        var w = Run(two, 6000, true, "nmda_g").StateMonitors[0];
        Assert.Equal(w.Values("v").ToArray(), v.Values("v").ToArray());
        Assert.True(v.Values("nmda_g").ToArray().Max() > 0.01f, "the NMDA part should open");
        Assert.True(v.Values("v").ToArray().Max() > -60, "the EPSP should depolarise cell 0");
    }

    [Theory]
    [InlineData("""<doubleSynapse id="bad" synapse1="ampa" synapse2="ghost"/>""", "synapse=\"bad\"", "/neuroml/doubleSynapse[@id='bad'] names synapse 'ghost', which no loaded file defines.")]
    [InlineData("""<doubleSynapse id="bad" synapse1="ampa" synapse2="three"/>""", "synapse=\"bad\"", "/neuroml/doubleSynapse[@id='bad'] names 'three', a expThreeSynapse; NeuroSharp's doubleSynapse joins two conductance synapses that are not themselves made of parts.")]
    [InlineData("""<doubleSynapse id="bad" synapse1="ampa" synapse2="pas"/>""", "synapse=\"bad\"", "/neuroml/doubleSynapse[@id='bad'] names 'pas' as a synapse, but it is a <pointCellCondBased>.")]
    [InlineData("""<doubleSynapse id="bad" synapse1="ampa" synapse2="nmda" weight="2"/>""", "synapse=\"bad\"", "/neuroml/doubleSynapse[@id='bad'] has the attribute weight=\"2\", which a doubleSynapse does not have (id, synapse1, synapse2, synapse1Path, synapse2Path).")]
    [InlineData("""<expThreeSynapse id="bad" gbase1="1nS" tauRise="1ms" tauDecay1="0.5ms" gbase2="1nS" tauDecay2="2ms" erev="0mV"/>""", "synapse=\"bad\"", "/neuroml/expThreeSynapse[@id='bad'] has tauRise 1 ms; NeuroSharp's channels need 0 <= tauRise <= tauDecay1 (0.5 ms).")]
    public void Refusals_NameTheElementAndWhy(string extra, string use, string expected)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, $"""<synapticConnectionWD from="pre[0]" to="post[0]" {use} destination="synapses" weight="1" delay="0ms"/>""", extra);
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains("composite.net.nml:", e.Message);
        Assert.EndsWith(expected, e.Message);
    }

    [Fact]
    public void PoissonInputThroughExpThree_IsRefused()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, """<inputList id="in" population="post" component="drive"><input id="0" target="../post[0]" destination="synapses"/></inputList>""",
            """<poissonFiringSynapse id="drive" averageRate="10 Hz" synapse="three" spikeTarget="./three"/>""");
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains("feeds population 'post' by the Poisson input 'drive' through 'three', a expThreeSynapse of two conductances that each spike raises together; NeuroSharp's Poisson input feeds one channel", e.Message);
    }
}
