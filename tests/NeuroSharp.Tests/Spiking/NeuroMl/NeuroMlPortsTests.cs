using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML's multi-synapse hh cells (docs/neuroml.md): a pointCellCondBased receiving N kinds of synapse (expOne, expTwo, alpha,
/// blocking with a voltageConcDepBlockMechanism) gets N synaptic ports, each projection its port; two kinds keep ge and gi.
/// </summary>
public class NeuroMlPortsTests
{
    // Ex3's channels and a passive-free HH cell (LEMS_NML2_Ex3_Net.xml).
    private const string Cell = """
        <ionChannelPassive id="passive" conductance="10pS"/>
          <ionChannelHH id="k" conductance="10pS"><gateHHrates id="n" instances="4"><forwardRate type="HHExpLinearRate" rate="0.1per_ms" midpoint="-55mV" scale="10mV"/><reverseRate type="HHExpRate" rate="0.125per_ms" midpoint="-65mV" scale="-80mV"/></gateHHrates></ionChannelHH>
          <pointCellCondBased id="hh" C="10pF" v0="-65mV" thresh="20mV"><channelPopulation id="leak" ionChannel="passive" number="300" erev="-54.3mV"/><channelPopulation id="kChans" ionChannel="k" number="36000" erev="-77mV"/></pointCellCondBased>
          <expOneSynapse id="ampa" gbase="0.5nS" erev="0mV" tauDecay="3ms"/>
          <expTwoSynapse id="gaba" gbase="2nS" erev="-80mV" tauRise="1ms" tauDecay="20ms"/>
          <alphaSynapse id="fast" gbase="0.25nS" erev="-10mV" tau="2ms"/>
          <blockingPlasticSynapse id="nmda" gbase="0.5nS" erev="0mV" tauRise="2ms" tauDecay="8ms"><voltageConcDepBlockMechanism id="block" species="mg" blockConcentration="1.2 mM" scalingConc="1.920544 mM" scalingVolt="16.129 mV"/></blockingPlasticSynapse>
        """;

    private static string Write(TempDirectory dir, params string[] synapses)
    {
        string path = dir.File("ports.net.nml");
        string connections = string.Join("\n    ", synapses.Select((s, k) => $"""<synapticConnectionWD id="c{k}" from="pre[0]" to="post[0]" synapse="{s}" destination="synapses" weight="2" delay="1ms"/>"""));
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n  " + Cell + "\n  <spikeArray id=\"spks\"><spike id=\"0\" time=\"10 ms\"/></spikeArray>\n"
            + "  <network id=\"net\"><property tag=\"recommended_dt_ms\" value=\"0.01\"/><population id=\"post\" component=\"hh\" size=\"1\"/><population id=\"pre\" component=\"spks\" size=\"1\"/>\n    "
            + connections + "\n  </network>\n</neuroml>\n");
        return path;
    }

    [Fact]
    public void FourKinds_FourPorts_EachConnectionOnItsOwn()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(Write(dir, "ampa", "gaba", "fast", "nmda", "ampa"));
        var hh = Assert.IsType<HodgkinHuxleyNeuronSpec>(spec.Populations.Single(p => p.Name == "post").Model);
        Assert.Equal(
        [
            new SynapticPortSpec("ampa", 3, 0),
            new SynapticPortSpec("gaba", 20, -80) { RiseMs = 1 },
            new SynapticPortSpec("fast", 2, -10) { RiseMs = 2 },
            new SynapticPortSpec("nmda", 8, 0) { RiseMs = 2, Block = new MagnesiumBlockSpec(1.2, 1.920544, 16.129) },
        ], hh.Ports);
        Assert.Equal([1, 2, 3, 4, 1], spec.Projections.Select(p => p.Port));
        // The receptor is only a label on a port (erev gives the sign): excitatory where erev is above the cell's rest.
        Assert.Equal([Receptor.Excitatory, Receptor.Inhibitory, Receptor.Excitatory, Receptor.Excitatory, Receptor.Excitatory], spec.Projections.Select(p => p.Receptor));
        // Weights are weight x gbase in nS (the hh cell's unit).
        Assert.Equal([1.0, 4.0, 0.5, 1.0, 1.0], spec.Projections.Select(p => p.Weight.Value));
        spec.Validate();
        var engine = new SpikingEngine(spec with { Monitors = [new StateMonitorSpec { Target = "post", Variables = ["v", "ampa", "nmda"] }] });
        engine.Run(3000);
        var ampa = engine.StateMonitors[0].Values("ampa").ToArray();
        // Two connections of weight 2 x 0.5 nS on one port: 2 nS at the spike's arrival (10 ms + 1 ms).
        Assert.InRange(ampa.Max(), 1.99f, 2.0001f);
        Assert.True(engine.StateMonitors[0].Values("nmda").ToArray().Max() > 0.99f);
    }

    [Fact]
    public void TwoKindsWithoutBlock_KeepGeAndGi_ABlockedOneMakesPorts()
    {
        using var dir = new TempDirectory();
        var two = (HodgkinHuxleyNeuronSpec)NeuroMlFile.Load(Write(dir, "ampa", "gaba")).Populations.Single(p => p.Name == "post").Model;
        Assert.Empty(two.Ports);
        Assert.Equal(3, two.TauExcMs);
        var blocked = NeuroMlFile.Load(Write(dir, "nmda"));
        var one = (HodgkinHuxleyNeuronSpec)blocked.Populations.Single(p => p.Name == "post").Model;
        Assert.Equal("nmda", Assert.Single(one.Ports).Name);
        Assert.Equal(1, blocked.Projections[0].Port);
    }
}
