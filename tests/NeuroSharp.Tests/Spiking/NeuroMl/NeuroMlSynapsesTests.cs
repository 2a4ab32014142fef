using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>alphaCurrentSynapse, blockingPlasticSynapse, silentSynapse and synapticConnectionWD: mapping, a known answer, refusals (expThreeSynapse: NeuroMlCompositeSynapsesTests).</summary>
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
        // jLEMS emits the spike at the end of the step that reaches 10 ms), v(0) = leakReversal; dt 0.001 ms. As
        // tests/data/lems/alpha_current_euler.py does for Ex21: the engine's exact steps agree with Euler to 2e-4 mV.
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, """<alphaCurrentSynapse id="s" tau="1.0ms" ibase="1nA"/>""", Wd));
        Assert.Equal(0.001, spec.DtMs);
        var engine = new SpikingEngine(spec);
        var v = ((LifGroupBase)engine.Groups[0]).V;
        double ve = 0, i = 0, j = 0, worst = 0, peak = double.MinValue;
        for (int k = 0; k < 30_000; k++)
        {
            if (k == 11_000) j += 50; // pA
            (ve, i, j) = (ve + 0.001 * (12.5 * (0 - ve) + i) / 250, i + 0.001 * (Math.E * j - i) / 1.0, j - 0.001 * j / 1.0);
            engine.Step();
            worst = Math.Max(worst, Math.Abs(v[0] - ve));
            peak = Math.Max(peak, ve);
        }
        Assert.True(peak > 0.3, $"the PSP peaks at {peak} mV"); // about 0.5 mV above rest, where v starts
        Assert.True(worst < 2e-3, $"largest difference {worst} mV");
    }

    [Theory]
    [InlineData("""<alphaCurrentSynapse id="s" tau="1ms" ibase="-1nA"/><expOneSynapse id="g" gbase="1nS" erev="0mV" tauDecay="2ms"/>""",
        """<synapticConnection from="pre[0]" to="post[0]" synapse="s" destination="synapses"/><synapticConnection from="pre[0]" to="post[0]" synapse="g" destination="synapses"/>""",
        "receives the hyperpolarising current-based synapse 's' (negative ibase) beside conductance synapses; NeuroSharp runs such a population with a current port per current-based kind")]
    [InlineData("""<stdpSynapse id="s" gbase="0.1nS" erev="0mV" tauRise="0.1ms" tauDecay="2ms"/>""", Wd,
        "is an stdpSynapse, whose LEMS definition (NeuroML2CoreTypes/Synapses.xml, marked 'not yet working') changes no weight: M and P stay 1 and tsince is read by nothing, so it matches none of NeuroSharp's STDP rules")]
    [InlineData("""<blockingPlasticSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"><tsodyksMarkramDepMechanism id="a" initReleaseProb="0.5" tauRec="100ms"/><plasticityMechanism type="tsodyksMarkramDepFacMechanism" initReleaseProb="0.5" tauRec="100ms" tauFac="10ms"/></blockingPlasticSynapse>""", Wd,
        "/blockingPlasticSynapse[@id='s']/plasticityMechanism[1] is a second plasticity mechanism of blockingPlasticSynapse 's', whose factors NeuroML multiplies; NeuroSharp's projections take one Tsodyks-Markram mechanism.")]
    [InlineData("""<blockingPlasticSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"><tsodyksMarkramDepMechanism id="a" initReleaseProb="0" tauRec="100ms"/></blockingPlasticSynapse>""", Wd,
        "@initReleaseProb is 0; NeuroSharp's short-term plasticity needs a release probability in (0, 1].")]
    [InlineData("""<blockingPlasticSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"><plasticityMechanism type="tsodyksMarkramDepFacMechanism" initReleaseProb="0.5" tauRec="100ms"/></blockingPlasticSynapse>""", Wd,
        "/plasticityMechanism[1] has no tauFac attribute.")]
    [InlineData("""<blockingPlasticSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"><tsodyksMarkramDepMechanism id="a" initReleaseProb="0.5" tauRec="100ms"/></blockingPlasticSynapse><poissonFiringSynapse id="drive" averageRate="10Hz" synapse="s" spikeTarget="./s"/>""",
        """<inputList id="in" population="post" component="drive"><input id="0" target="../post/0/iaf" destination="synapses"/></inputList>""",
        "feeds population 'post' by the Poisson input 'drive' through 's', which has short-term plasticity; NeuroSharp's Poisson inputs have none (its projections do).")]
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
        // Nothing arrived: v stays where it started, at E_L = 0 (NeuroML's OnStart v = leakReversal); the blocking synapse above moves it.
        Assert.Equal(0f, ((LifGroupBase)engine.Groups[0]).V[0]);
    }

    [Fact]
    public void TsodyksMarkramMechanisms_BecomeTheProjectionsShortTermPlasticity_InBothSpellings()
    {
        using var dir = new TempDirectory();
        var dep = NeuroMlFile.Load(Write(dir, """<blockingPlasticSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"><tsodyksMarkramDepMechanism id="m" initReleaseProb="0.3" tauRec="0.25s"/></blockingPlasticSynapse>""", Wd));
        Assert.Equal(new ShortTermPlasticitySpec { U = 0.3, TauRecMs = 250, TauFacMs = 0 }, dep.Projections[0].ShortTermPlasticity);
        Assert.Equal(0.05 * 5 / 12.5, dep.Projections[0].Weight.Value, 12);
        var depFac = NeuroMlFile.Load(Write(dir, """<blockingPlasticSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"><notes>n</notes><plasticityMechanism type="tsodyksMarkramDepFacMechanism" initReleaseProb="0.5" tauRec="120 ms" tauFac="10 ms"/></blockingPlasticSynapse>""",
            """<projection id="p" presynapticPopulation="pre" postsynapticPopulation="post" synapse="s"><connection id="0" preCellId="../pre/0/spks" postCellId="../post/0/iaf"/></projection>"""));
        Assert.Equal(new ShortTermPlasticitySpec { U = 0.5, TauRecMs = 120, TauFacMs = 10 }, depFac.Projections[0].ShortTermPlasticity);
        Assert.Null(NeuroMlFile.Load(Write(dir, """<expTwoSynapse id="s" gbase="5nS" tauDecay="10ms" tauRise="1ms" erev="0V"/>""", Wd)).Projections[0].ShortTermPlasticity);
    }

    [Fact]
    public void TsodyksMarkram_PspAmplitudesOfARegularTrain_FollowNeuroMlsRecursion()
    {
        // A spike every 20 ms onto three cells (tau_m 1 ms, synapse 0.1/1 ms: PSPs over long before the next spike) through an
        // expTwoSynapse, a depressing and a depressing-facilitating blockingPlasticSynapse. gbase is tiny (PSPs of about 0.01 mV
        // against a 70 mV driving force), so each PSP is the plain synapse's times the release factor, to about 1e-4. The factors
        // by hand, in NeuroML's own form (Synapses.xml): the spike releases R U; then R *= 1 - U, U += U0 (1 - U) (Dep: U stays U0);
        // between spikes R -> 1 with tauRec, U -> U0 with tauFac.
        const double Period = 20, TauRec = 100, TauFac = 50;
        const int Spikes = 8;
        var times = string.Join("", Enumerable.Range(0, Spikes).Select(k => $"<spike id=\"{k}\" time=\"{10 + Period * k} ms\"/>"));
        using var dir = new TempDirectory();
        string path = dir.File("stp.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + $"""
              <iafCell id="c" C="10pF" thresh="100mV" reset="0mV" leakConductance="10nS" leakReversal="0mV"/>
              <expTwoSynapse id="plain" gbase="0.003nS" erev="70mV" tauRise="0.1ms" tauDecay="1ms"/>
              <blockingPlasticSynapse id="dep" gbase="0.003nS" erev="70mV" tauRise="0.1ms" tauDecay="1ms"><tsodyksMarkramDepMechanism id="m" initReleaseProb="0.5" tauRec="{TauRec}ms"/></blockingPlasticSynapse>
              <blockingPlasticSynapse id="depFac" gbase="0.003nS" erev="70mV" tauRise="0.1ms" tauDecay="1ms"><plasticityMechanism type="tsodyksMarkramDepFacMechanism" initReleaseProb="0.2" tauRec="{TauRec}ms" tauFac="{TauFac}ms"/></blockingPlasticSynapse>
              <spikeArray id="train">{times}</spikeArray>
              <network id="net"><property tag="recommended_dt_ms" value="0.01"/>
                <population id="plainPop" component="c" size="1"/><population id="depPop" component="c" size="1"/><population id="depFacPop" component="c" size="1"/>
                <population id="pre" component="train" size="1"/>
                <synapticConnection from="pre[0]" to="plainPop[0]" synapse="plain" destination="synapses"/>
                <synapticConnection from="pre[0]" to="depPop[0]" synapse="dep" destination="synapses"/>
                <synapticConnection from="pre[0]" to="depFacPop[0]" synapse="depFac" destination="synapses"/>
              </network>
            </neuroml>
            """);
        var engine = new SpikingEngine(NeuroMlFile.Load(path));
        int perSpike = (int)Math.Round(Period / 0.01);
        var peaks = new double[3, Spikes];
        engine.Run((int)Math.Round(10 / 0.01) - 5);
        for (int k = 0; k < Spikes; k++)
        {
            for (int step = 0; step < perSpike; step++)
            {
                engine.Run(1);
                for (int g = 0; g < 3; g++) peaks[g, k] = Math.Max(peaks[g, k], ((LifGroupBase)engine.Groups[g]).V[0]);
            }
        }

        double r = 1, decayRec = Math.Exp(-Period / TauRec);
        double rf = 1, u = 0.2, decayFac = Math.Exp(-Period / TauFac);
        for (int k = 0; k < Spikes; k++)
        {
            double dep = r * 0.5, depFac = rf * u;
            r *= 1 - 0.5;
            rf *= 1 - u;
            u += 0.2 * (1 - u);
            r = 1 - (1 - r) * decayRec;
            rf = 1 - (1 - rf) * decayRec;
            u = 0.2 + (u - 0.2) * decayFac;
            Assert.InRange(peaks[0, k], 0.005, 0.05); // the plain PSP: small, and the same at every spike
            Assert.Equal(1, peaks[0, k] / peaks[0, 0], 1e-4);
            Assert.True(Math.Abs(peaks[1, k] / peaks[0, k] - dep) < 1e-3 * dep, $"Dep spike {k}: PSP ratio {peaks[1, k] / peaks[0, k]}, NeuroML's R U {dep}");
            Assert.True(Math.Abs(peaks[2, k] / peaks[0, k] - depFac) < 1e-3 * depFac, $"DepFac spike {k}: PSP ratio {peaks[2, k] / peaks[0, k]}, NeuroML's R U {depFac}");
        }
    }
}
