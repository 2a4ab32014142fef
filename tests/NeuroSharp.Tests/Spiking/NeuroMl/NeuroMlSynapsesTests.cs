using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>alphaCurrentSynapse, blockingPlasticSynapse, silentSynapse, expThreeSynapse and synapticConnectionWD: mapping, a known answer, refusals.</summary>
public class NeuroMlSynapsesTests
{
    // Ex21's cell and synapse (LEMS_NML2_Ex21_CurrentBasedSynapses.xml).
    private const string Cell = """<iafRefCell id="iaf" C="250pF" thresh="1mV" reset="-1mV" leakConductance="12.5nS" leakReversal="0mV" refract="2ms"/>""";

    private static string Write(TempDirectory dir, string components, string network)
    {
        string path = dir.File("syn.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n  " + Cell + "\n  " + components + "\n  <spikeArray id=\"spks\"><spike id=\"0\" time=\"10 ms\"/></spikeArray>\n"
            + "  <network id=\"net\"><property tag=\"recommended_dt_ms\" value=\"0.001\"/><population id=\"post\" component=\"iaf\" size=\"1\"/><population id=\"pre\" component=\"spks\" size=\"1\"/>\n    " + network
            + "\n  </network>\n</neuroml>\n");
        return path;
    }

    private const string Wd = """<synapticConnectionWD from="pre[0]" to="post[0]" synapse="s" destination="synapses" weight="0.05" delay="1ms"/>""";

    [Fact]
    public void AlphaCurrentSynapse_MakesTheIafCellTheCurrentBasedLif_WithAnAlphaOfPeakWIbaseOverGl()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, """<alphaCurrentSynapse id="s" tau="1.0ms" ibase="1nA"/>""", Wd));
        var lif = Assert.IsType<LifNeuronSpec>(spec.Populations[0].Model);
        Assert.Equal((20.0, 0.0, -1.0, 1.0, 2.0), (lif.TauMs, lif.RestMv, lif.ResetMv, lif.ThresholdMv, lif.RefractoryMs)); // tau = C / g_L
        Assert.Equal((1.0, 1.0), (lif.TauExcMs, lif.RiseExcMs));
        var p = Assert.Single(spec.Projections);
        Assert.Equal(Receptor.Excitatory, p.Receptor);
        Assert.Equal(0.05 * 1000 / 12.5, p.Weight.Value, 12); // w ibase / g_L = 4 mV
        Assert.Equal(1, p.DelayMs.Value);
        // A negative ibase hyperpolarises: the inhibitory channel, the weight a magnitude.
        var negative = NeuroMlFile.Load(Write(dir, """<alphaCurrentSynapse id="s" tau="2ms" ibase="-0.5nA"/>""", Wd));
        Assert.Equal(Receptor.Inhibitory, negative.Projections[0].Receptor);
        Assert.Equal(2, negative.Projections[0].Weight.Value, 12);
        Assert.Equal((2.0, 2.0), (((LifNeuronSpec)negative.Populations[0].Model).TauInhMs, ((LifNeuronSpec)negative.Populations[0].Model).RiseInhMs));
    }

    [Fact]
    public void AlphaCurrentSynapse_OneSpike_FollowsADoublePrecisionEulerLoopOfNeuroMlsEquations()
    {
        // C dv/dt = g_L (E_L - v) + I, dI/dt = (e J - I) / tau, dJ/dt = -J / tau, J += w ibase at the arrival (10 ms + 1 ms delay;
        // jLEMS emits the spike at the end of the step that reaches 10 ms), v(0) = reset; dt 0.001 ms. As
        // tests/data/lems/alpha_current_euler.py does for Ex21: the engine's exact steps agree with Euler to 2e-4 mV.
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, """<alphaCurrentSynapse id="s" tau="1.0ms" ibase="1nA"/>""", Wd));
        Assert.Equal(0.001, spec.DtMs);
        var engine = new SpikingEngine(spec);
        var v = ((LifGroupBase)engine.Groups[0]).V;
        double ve = -1, i = 0, j = 0, worst = 0, peak = double.MinValue;
        for (int k = 0; k < 30_000; k++)
        {
            if (k == 11_000) j += 50; // pA
            (ve, i, j) = (ve + 0.001 * (12.5 * (0 - ve) + i) / 250, i + 0.001 * (Math.E * j - i) / 1.0, j - 0.001 * j / 1.0);
            engine.Step();
            worst = Math.Max(worst, Math.Abs(v[0] - ve));
            peak = Math.Max(peak, ve);
        }
        Assert.True(peak > -0.6, $"the PSP peaks at {peak} mV"); // about 0.5 mV above its baseline
        Assert.True(worst < 2e-3, $"largest difference {worst} mV");
    }

    [Theory]
    [InlineData("""<alphaCurrentSynapse id="s" tau="1ms" ibase="1nA"/><expOneSynapse id="g" gbase="1nS" erev="0mV" tauDecay="2ms"/>""",
        """<synapticConnection from="pre[0]" to="post[0]" synapse="s" destination="synapses"/><synapticConnection from="pre[0]" to="post[0]" synapse="g" destination="synapses"/>""",
        "receives the current-based synapse 's' and the conductance synapse 'g'; NeuroSharp's cells take one kind")]
    [InlineData("""<expThreeSynapse id="s" gbase1="1.5nS" tauRise="0.1ms" tauDecay1="0.7ms" gbase2="0.5nS" tauDecay2="2.5ms" erev="0mV"/>""", Wd,
        "is an expThreeSynapse, two conductances with decays tauDecay1 and tauDecay2 that every spike raises together")]
    [InlineData("""<blockingPlasticSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"><blockMechanism type="voltageConcDepBlockMechanism" species="mg" blockConcentration="1.2mM" scalingConc="1.9mM" scalingVolt="0.016V"/></blockingPlasticSynapse>""", Wd,
        "/blockingPlasticSynapse[@id='s']/blockMechanism[1] is a block of its conductance (such as NMDA's voltage-dependent magnesium block) of blockingPlasticSynapse 's', which NeuroSharp's conductance channels do not have")]
    public void Unsupported_AreRefusedWithTheReason(string components, string network, string expected)
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(Write(dir, components, network)));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void BlockingPlasticSynapse_WithoutChildren_IsTheExpTwoSynapseItExtends_AndSilentSynapseDeliversNothing()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, """<blockingPlasticSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"/>""", Wd));
        var model = Assert.IsType<ConductanceLifNeuronSpec>(spec.Populations[0].Model);
        Assert.Equal((10.0, 1.0, 0.0), (model.TauExcMs, model.RiseExcMs, model.ExcReversalMv));
        Assert.Equal(0.05 * 5 / 12.5, spec.Projections[0].Weight.Value, 12);
        var silent = NeuroMlFile.Load(Write(dir, """<silentSynapse id="s"/>""", Wd));
        Assert.Equal(0, silent.Projections[0].Weight.Value);
        var engine = new SpikingEngine(silent);
        engine.Run(20_000);
        // Nothing arrived: v relaxes from reset (-1 mV) to E_L = 0 as -exp(-t / tau), tau 20 ms, t 20 ms.
        Assert.True(Math.Abs(-Math.Exp(-1) - ((LifGroupBase)engine.Groups[0]).V[0]) < 1e-3, $"v {((LifGroupBase)engine.Groups[0]).V[0]}"); // float steps: within 1e-3 mV
    }
}
