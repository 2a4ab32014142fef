using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Spiking.Sonata;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.Sonata;

/// <summary>SONATA import of NEST's glif_psc and glif_cond: NEST's parameters onto the GLIF model, receptor_type onto ports, the PSC's timing, refusals.</summary>
public class SonataGlifTests
{
    /// <summary>A LIF_ASC cell in the form of the Allen database's fits (three ports here), of our own numbers.</summary>
    private const string Glif = """
        { "V_m": -70.0, "V_th": -48.0, "g": 6.0, "E_L": -70.0, "C_m": 60.0, "t_ref": 2.5, "V_reset": -70.0,
          "asc_init": [0.0, 0.0], "asc_decay": [0.1, 0.3], "asc_amps": [-40.0, -60.0], "asc_r": [1.0, 1.0],
          "tau_syn": [5.5, 8.5, 2.8], "spike_dependent_threshold": false, "after_spike_currents": true, "adapting_threshold": false }
        """;

    /// <summary>One virtual node driving one glif cell through an edge whose type names <paramref name="receptorType"/> (null: none); the spike at 10 ms arrives at 12 ms.</summary>
    private static string OneSynapse(TempDirectory dir, string cellJson, int? receptorType, double weight, string template = "nest:glif_psc")
    {
        var f = new SonataFixture(dir.Path) { Run = (0.1, 100) };
        f.NodePopulations.Add(("cells", [1]));
        f.NodePopulations.Add(("ext", [100]));
        f.NodeTypes.Add($"1 point_neuron {template} cell.json");
        f.NodeTypes.Add("100 virtual NULL NULL");
        f.Cell("cell.json", cellJson);
        File.WriteAllText(Path.Combine(dir.Path, "components", "synapses", "port.json"), receptorType is { } r ? $$"""{ "receptor_type": {{r}} }""" : "{}");
        f.EdgeTypes.Clear();
        f.EdgeTypes.Add("1 static_synapse port.json 2.0");
        f.EdgePopulations.Add(("ext", "cells", [0], [0], [1], [weight], [2.0]));
        f.Spikes = ("ext", [0], [10.0]);
        return f.Write();
    }

    [Fact]
    public void GlifPsc_LifAsc_MapsNestsParametersAndTheReceptorPort()
    {
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(OneSynapse(dir, Glif, 3, 200));
        var cell = Assert.IsType<GlifNeuronSpec>(spec.Populations.Single(p => p.Name == "cells_1").Model);
        Assert.Equal((60.0, 6.0, -70.0, -48.0, -70.0, 2.5), (cell.CapacitancePf, cell.LeakNs, cell.RestMv, cell.ThresholdMv, cell.ResetMv, cell.RefractoryMs));
        Assert.Equal([5.5, 8.5, 2.8], cell.SynapseTausMs);
        Assert.Equal([0.1, 0.3], cell.AscDecayPerMs);
        Assert.Equal([-40.0, -60.0], cell.AscAmpsPa);
        Assert.False(cell.SpikeDependentThreshold);
        var projection = Assert.Single(spec.Projections);
        Assert.Equal((3, Receptor.Excitatory), (projection.Port, projection.Receptor));
    }

    [Fact]
    public void GlifPsc_OneEdgeOnPort3_FollowsTheAlphaPscFromTheStepNestLandsIt()
    {
        // NEST: the spike at 10 ms arrives at 12 ms; port 3's current is w (s / tau) e^(1 - s / tau), tau = 2.8 ms, s = t - 12, and
        // C U' = -g U + I gives U(s) = (w e / (C tau)) e^(-s/tau_m) (1 - e^(-a s)(1 + a s)) / a^2, a = 1/tau - 1/tau_m, tau_m = C / g.
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(OneSynapse(dir, Glif, 3, 100));
        var engine = new SpikingEngine(spec);
        double tauM = 10, tau = 2.8, a = 1 / tau - 1 / tauM, peak = 0;
        for (int n = 0; n < 400; n++)
        {
            engine.Step();
            double v = engine.GetVariable("cells_1", "v")[0], s = (n + 1) * 0.1 - 12;
            double expected = s <= 1e-9 ? -70 : -70 + 100 * Math.E / (60 * tau) * Math.Exp(-s / tauM) * (1 - Math.Exp(-a * s) * (1 + a * s)) / (a * a);
            // float state: a few ulps of 70 mV.
            Assert.True(Math.Abs(v - expected) < 2e-4, $"after step {n + 1}: v {v} mV vs {expected} mV");
            peak = Math.Max(peak, v + 70);
        }
        Assert.True(peak > 1, $"the PSP peaked at {peak} mV");
    }

    [Theory]
    [InlineData(4, "has receptor_type 4; nest:glif_psc of 'cells_1' has ports 1 to 3")]
    [InlineData(0, "has receptor_type 0; nest:glif_psc of 'cells_1' has ports 1 to 3")]
    [InlineData(null, "has receptor_type 0; nest:glif_psc of 'cells_1' has ports 1 to 3")]
    public void GlifPsc_ReceptorTypeOutsideItsPorts_NamesTheEdgeAndTheType(int? receptorType, string expected)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(OneSynapse(dir, Glif, receptorType, 100)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("/edges/ext_to_cells[0] (edge type 1, line 2 of", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "adapting_threshold": true, "spike_dependent_threshold": true }""", "sets adapting_threshold true with spike_dependent_threshold true and after_spike_currents false; NEST's glif models take it only with both true")]
    [InlineData("""{ "adapting_threshold": true, "spike_dependent_threshold": true, "after_spike_currents": true, "th_voltage_decay": 0 }""", "th_voltage_decay is 0; it must be above 0")]
    [InlineData("""{ "tau_syn": [] }""", "tau_syn must list at least one time constant")]
    [InlineData("""{ "after_spike_currents": true, "asc_amps": [1.0] }""", "asc_init, asc_decay, asc_amps and asc_r list 2, 2, 1 and 2 values")]
    [InlineData("""{ "I_e": 5.0 }""", "sets 'I_e', a parameter NeuroSharp's mapping of nest:glif_psc does not have")]
    public void GlifPsc_WhatNestOrTheModelRefuses_NamesTheFile(string cellJson, string expected)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(OneSynapse(dir, cellJson, 1, 100)));
        Assert.Contains("cell.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IafPscAlpha_ReceptorType1_IsRefused()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(OneSynapse(dir, "{}", 1, 100, "nest:iaf_psc_alpha")));
        Assert.Contains("has receptor_type 1, but nest:iaf_psc_alpha has one receptor port (0)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GlifPsc_LifRAscA_MapsTheVoltageDependentThreshold()
    {
        using var dir = new TempDirectory();
        const string glif5 = """
            { "E_L": -70.0, "V_th": -50.0, "spike_dependent_threshold": true, "after_spike_currents": true, "adapting_threshold": true,
              "th_voltage_index": 0.02, "th_voltage_decay": 0.4, "th_spike_decay": 0.05, "tau_syn": [2.0, 4.0] }
            """;
        var cell = Assert.IsType<GlifNeuronSpec>(SonataFile.Load(OneSynapse(dir, glif5, 2, 100)).Populations.Single(p => p.Name == "cells_1").Model);
        Assert.True(cell.AdaptingThreshold && cell.SpikeDependentThreshold && !cell.ConductancePorts);
        Assert.Equal((0.02, 0.4, 0.05), (cell.ThresholdVoltageIndexPerMs, cell.ThresholdVoltageDecayPerMs, cell.ThresholdSpikeDecayPerMs));
        // NEST's ASC defaults fill what the file leaves out.
        Assert.Equal([-9.18, -198.94], cell.AscAmpsPa);
    }

    [Fact]
    public void GlifCond_MapsNestsDefaultsAndReversals_AndOneEdgeOnPort2IsAnInhibitoryConductance()
    {
        // glif_cond's defaults: ports (0.2 ms, 0 mV) and (2 ms, -85 mV). An edge of 5 nS onto port 2 at 12 ms pulls V from
        // -60 mV (V_m) down towards E_rev = -85 mV: V falls below its course without the edge.
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(OneSynapse(dir, """{ "E_L": -60.0, "V_th": -40.0 }""", 2, 5, "nest:glif_cond"));
        var cell = Assert.IsType<GlifNeuronSpec>(spec.Populations.Single(p => p.Name == "cells_1").Model);
        Assert.Equal([0.2, 2.0], cell.SynapseTausMs);
        Assert.Equal([0.0, -85.0], cell.SynapseReversalsMv);
        var projection = Assert.Single(spec.Projections);
        Assert.Equal((2, 5.0), (projection.Port, projection.Weight.Value));
        var engine = new SpikingEngine(spec);
        double lowest = 0;
        for (int n = 0; n < 300; n++)
        {
            engine.Step();
            double v = engine.GetVariable("cells_1", "v")[0];
            // Nothing before the spike lands (step 120 ends at 12.1 ms), then an IPSP.
            if (n < 120) Assert.Equal(-60.0, v, 5);
            lowest = Math.Min(lowest, v + 60);
        }
        Assert.True(lowest < -0.1, $"the IPSP reached {lowest} mV");
    }

    [Theory]
    [InlineData("""{ "tau_syn": [1.0, 2.0, 3.0] }""", 1, 5, "tau_syn lists 3 values and E_rev 2; glif_cond needs one reversal potential per port")]
    [InlineData("{}", 1, -5, "has weight -5 onto nest:glif_cond of 'cells_1', a negative conductance")]
    public void GlifCond_WhatTheModelRefuses_IsNamed(string cellJson, int port, double weight, string expected)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(OneSynapse(dir, cellJson, port, weight, "nest:glif_cond")));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoissonGenerator_OntoPort3_IsAPoissonInputOfThatPort()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path) { Run = (0.1, 50) };
        f.NodePopulations.Add(("cells", [1]));
        f.NodePopulations.Add(("gen", [200]));
        f.NodeTypes.Add("1 point_neuron nest:glif_psc cell.json");
        f.NodeTypes.Add("200 point_neuron nest:poisson_generator gen.json");
        f.Cell("cell.json", Glif);
        f.Cell("gen.json", """{ "rate": 1000.0 }""");
        File.WriteAllText(Path.Combine(dir.Path, "components", "synapses", "port.json"), """{ "receptor_type": 3 }""");
        f.EdgeTypes.Clear();
        f.EdgeTypes.Add("1 static_synapse port.json 1.0");
        f.EdgePopulations.Add(("gen", "cells", [0], [0], [1], [10], [1]));
        var spec = SonataFile.Load(f.Write());
        var drive = Assert.IsType<PoissonInputSpec>(Assert.Single(spec.Inputs));
        Assert.Equal((3, 10.0, Receptor.Excitatory), (drive.Port, drive.Weight, drive.Receptor));
        // The drive lands on port 3 (tau 2.8 ms): about 0.1 spikes a step, a mean 76 pA that holds V some 12 mV above rest, below
        // threshold (22 mV above).
        var engine = new SpikingEngine(spec);
        for (int n = 0; n < 200; n++) engine.Step();
        Assert.True(engine.GetVariable("cells_1", "isyn")[0] > 0, "port 3's current");
        Assert.True(engine.GetVariable("cells_1", "v")[0] > -65, $"v {engine.GetVariable("cells_1", "v")[0]} mV");
    }
}
