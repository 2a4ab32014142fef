using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML izhikevich2007Cells receiving more than two kinds of synapse, or a blocked one (docs/neuroml.md; Ex16_Inputs): each kind
/// becomes a synaptic port of the izhikevich2007 model (docs/spiking-izhikevich.md), its weight in nS (weight x gbase); two kinds
/// without a block keep g_e and g_i.
/// </summary>
public class NeuroMlIzhikevich2007PortsTests
{
    private const string Components = """
        <izhikevich2007Cell id="izh" C="100pF" v0="-60mV" k="0.7nS_per_mV" vr="-60mV" vt="-40mV" vpeak="35mV" a="0.03per_ms" b="-2nS" c="-50.0mV" d="100pA"/>
          <expOneSynapse id="fast" gbase="2nS" erev="0mV" tauDecay="2ms"/>
          <expTwoSynapse id="slow" gbase="1nS" erev="0mV" tauRise="1ms" tauDecay="8ms"/>
          <blockingPlasticSynapse id="NMDA" gbase="4nS" erev="0mV" tauRise="2ms" tauDecay="20ms"><voltageConcDepBlockMechanism id="block" species="mg" blockConcentration="1.2 mM" scalingConc="1.920544 mM" scalingVolt="16.129 mV"/></blockingPlasticSynapse>
          <expTwoSynapse id="GABA" gbase="0.5nS" erev="-80mV" tauRise="0.5ms" tauDecay="10ms"/>
          <spikeArray id="spks"><spike id="0" time="10 ms"/><spike id="1" time="30 ms"/></spikeArray>
        """;

    private static string Write(TempDirectory dir, string connections)
    {
        string path = dir.File("izhports.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n  " + Components + "\n  <network id=\"net\"><property tag=\"recommended_dt_ms\" value=\"0.05\"/>"
            + "<population id=\"post\" component=\"izh\" size=\"3\"/><population id=\"pre\" component=\"spks\" size=\"1\"/>\n    " + connections + "\n  </network>\n</neuroml>\n");
        return path;
    }

    private static string Wd(int cell, string synapse, double weight) =>
        $"""<synapticConnectionWD from="pre[0]" to="post[{cell}]" synapse="{synapse}" destination="synapses" weight="{weight}" delay="0ms"/>""";

    [Fact]
    public void ThreeKindsAndABlock_OntoAnIzhikevich2007Cell_FourPorts_WeightsInNanosiemens()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, string.Join("\n    ", Wd(0, "fast", 2), Wd(0, "GABA", 1), Wd(1, "NMDA", 3), Wd(2, "slow", 0.5))));
        var izh = Assert.IsType<Izhikevich2007NeuronSpec>(spec.Populations.Single(p => p.Name == "post").Model);
        Assert.Equal(
        [
            new SynapticPortSpec("fast", 2, 0),
            new SynapticPortSpec("GABA", 10, -80) { RiseMs = 0.5 },
            new SynapticPortSpec("NMDA", 20, 0) { RiseMs = 2, Block = new MagnesiumBlockSpec(1.2, 1.920544, 16.129) },
            new SynapticPortSpec("slow", 8, 0) { RiseMs = 1 },
        ], izh.Ports);
        Assert.Equal((100.0, -60.0, -40.0, 35.0), (izh.CapacitancePf, izh.RestMv, izh.ThresholdMv, izh.PeakMv));
        Assert.Equal([1, 2, 3, 4], spec.Projections.Select(p => p.Port));
        // weight x gbase in nS: 2 x 2, 1 x 0.5, 3 x 4, 0.5 x 1.
        Assert.Equal([4.0, 0.5, 12.0, 0.5], spec.Projections.Select(p => Math.Round(p.Weight.Value, 12)));
        Assert.Equal(Receptor.Inhibitory, spec.Projections[1].Receptor); // GABA's reversal is below rest
        spec.Validate();
        // It runs: the blocked port's conductance and block are recorded, the fast port moves cell 0 above rest.
        var engine = new SpikingEngine(spec with { Monitors = [new StateMonitorSpec { Target = "post", Variables = ["v", "fast", "NMDA", "NMDA_block"] }] });
        engine.Run(800);
        var m = engine.StateMonitors[0];
        Assert.True(m.Values("v").ToArray().Where((_, i) => i % 3 == 0).Max() > -59, "cell 0's PSP");
        Assert.True(m.Values("NMDA").ToArray().Where((_, i) => i % 3 == 1).Max() > 11, "cell 1's NMDA conductance (peak 12 nS)");
        Assert.InRange(m.Values("NMDA_block").ToArray()[1], 0.0372f, 0.0375f); // B(-60 mV) = 1 / (1 + 1.2 / 1.920544 exp(60 / 16.129)) = 0.03734
    }

    [Fact]
    public void TwoKindsWithoutABlock_KeepGeAndGi()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, string.Join("\n    ", Wd(0, "fast", 2), Wd(0, "GABA", 1))));
        var izh = Assert.IsType<Izhikevich2007NeuronSpec>(spec.Populations.Single(p => p.Name == "post").Model);
        Assert.Empty(izh.Ports);
        Assert.Equal((2.0, 0.0, 0.0, 10.0, 0.5, -80.0), (izh.TauExcMs, izh.RiseExcMs, izh.ExcReversalMv, izh.TauInhMs, izh.RiseInhMs, izh.InhReversalMv));
        Assert.All(spec.Projections, p => Assert.Equal(0, p.Port));
    }

    [Fact]
    public void Export_AnIzhikevich2007PopulationWithPorts_ReadsBackTheSame()
    {
        // The exporter lists the ports in neurosharp:ports, so that they come back in their order and with their names (docs/neuroml.md).
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, string.Join("\n    ", Wd(0, "fast", 2), Wd(1, "NMDA", 3))));
        Assert.NotEmpty(Assert.IsType<Izhikevich2007NeuronSpec>(spec.Populations.Single(p => p.Name == "post").Model).Ports);
        string nml = dir.File("out.net.nml");
        NeuroMlFile.Save(nml, spec);
        Assert.Equal(NetworkFile.ToJson(spec), NetworkFile.ToJson(NeuroMlFile.Load(nml)));
    }
}
