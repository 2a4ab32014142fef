using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Spiking.Sonata;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.Sonata;

/// <summary>SONATA import: closed forms of NEST's iaf models, the step a synapse lands on, counts, units and refusals.</summary>
public class SonataImportTests
{
    private const double Dt = 0.1;

    /// <summary>One virtual node (population ext) driving one cell (population cells) through one edge of weight w pA and delay 2 ms; the input spikes at 10 ms.</summary>
    private static string OneSynapse(TempDirectory dir, string template, string cellJson, double weight, double delay = 2.0)
    {
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodePopulations.Add(("ext", [100]));
        f.NodeTypes.Add($"1 point_neuron {template} cell.json");
        f.NodeTypes.Add("100 virtual NULL NULL");
        f.Cell("cell.json", cellJson);
        f.EdgePopulations.Add(("ext", "cells", [0], [0], [1], [weight], [delay]));
        f.Spikes = ("ext", [0], [10.0]);
        return f.Write();
    }

    private const string Iaf = """{ "C_m": 250.0, "tau_m": 10.0, "E_L": -70.0, "V_m": -70.0, "V_th": -55.0, "V_reset": -70.0, "t_ref": 2.0, "tau_syn_ex": 2.0, "tau_syn_in": 2.0 }""";

    /// <summary>v after each of the first <paramref name="steps"/> steps.</summary>
    private static double[] Trace(NetworkSpec spec, int steps)
    {
        var engine = new SpikingEngine(spec);
        var v = new double[steps];
        for (int n = 0; n < steps; n++)
        {
            engine.Step();
            v[n] = engine.GetVariable("cells_1", "v")[0];
        }
        return v;
    }

    [Fact]
    public void IafPscExp_OneEdge_DeliversOnePscFromTheStepNestLandsIt()
    {
        // NEST: the spike at 10 ms arrives at 10 + 2 = 12 ms and the current w exp(-s / tau_s) starts there, so
        // V(12 + s) - E_L = (w / C) (exp(-s/tau_s) - exp(-s/tau_m)) / (1/tau_m - 1/tau_s), and V = E_L up to 12 ms.
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(OneSynapse(dir, "nest:iaf_psc_exp", Iaf, 100));
        var v = Trace(spec, 300);
        for (int n = 0; n < v.Length; n++)
        {
            double s = (n + 1) * Dt - 12;
            double expected = s <= 1e-9 ? -70 : -70 + 100.0 / 250 * (Math.Exp(-s / 2) - Math.Exp(-s / 10)) / (1.0 / 10 - 1.0 / 2);
            // float state: a few ulps of 70 mV.
            Assert.True(Math.Abs(v[n] - expected) < 2e-4, $"after step {n + 1} (t = {(n + 1) * Dt:F1} ms): v {v[n]} mV vs {expected} mV");
        }
        Assert.True(v.Max() > -69.6, "the PSP never rose"); // its peak is 0.53 mV
    }

    [Fact]
    public void IafPscAlpha_OneEdge_FollowsTheAlphaPspExactly()
    {
        // I(s) = w (e s / tau_s) exp(-s / tau_s) from 12 ms; with a = 1/tau_s - 1/tau_m,
        // V(12 + s) - E_L = (w e / (C tau_s)) exp(-s/tau_m) (1 - exp(-a s) (1 + a s)) / a^2.
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(OneSynapse(dir, "nest:iaf_psc_alpha", Iaf, 100));
        var model = Assert.IsType<LifNeuronSpec>(spec.Populations.Single(p => p.Name == "cells_1").Model);
        Assert.Equal(2, model.RiseExcMs);
        var v = Trace(spec, 300);
        double a = 1.0 / 2 - 1.0 / 10;
        for (int n = 0; n < v.Length; n++)
        {
            double s = (n + 1) * Dt - 12;
            double expected = s <= 1e-9 ? -70 : -70 + 100 * Math.E / (250 * 2) * Math.Exp(-s / 10) * (1 - Math.Exp(-a * s) * (1 + a * s)) / (a * a);
            Assert.True(Math.Abs(v[n] - expected) < 2e-4, $"after step {n + 1}: v {v[n]} mV vs {expected} mV");
        }
    }

    [Fact]
    public void IafPscDelta_OneEdge_JumpsByTheWeightAtArrival()
    {
        // NEST adds J = 0.5 mV to V in the step that ends at 12 ms; then V relaxes with tau_m.
        using var dir = new TempDirectory();
        const string delta = """{ "C_m": 250.0, "tau_m": 10.0, "E_L": -70.0, "V_th": -55.0, "V_reset": -70.0, "t_ref": 2.0 }""";
        var v = Trace(SonataFile.Load(OneSynapse(dir, "nest:iaf_psc_delta", delta, 0.5)), 200);
        for (int n = 0; n < v.Length; n++)
        {
            double s = (n + 1) * Dt - 12;
            double expected = s < -1e-9 ? -70 : -70 + 0.5 * Math.Exp(-s / 10);
            Assert.True(Math.Abs(v[n] - expected) < 2e-4, $"after step {n + 1}: v {v[n]} mV vs {expected} mV");
        }
    }

    [Fact]
    public void IafPscExp_NegativeWeight_TakesTheInhibitoryChannelWithItsOwnTau()
    {
        using var dir = new TempDirectory();
        const string cell = """{ "C_m": 250.0, "tau_m": 10.0, "tau_syn_ex": 2.0, "tau_syn_in": 5.0 }""";
        var spec = SonataFile.Load(OneSynapse(dir, "nest:iaf_psc_exp", cell, -100));
        var projection = Assert.Single(spec.Projections);
        Assert.Equal(Receptor.Inhibitory, projection.Receptor);
        Assert.Equal(100 * 10.0 / 250, projection.Weight.Value, 12); // |w| tau_m / C_m, in mV
        var v = Trace(spec, 300);
        for (int n = 0; n < v.Length; n++)
        {
            double s = (n + 1) * Dt - 12;
            double expected = s <= 1e-9 ? -70 : -70 - 100.0 / 250 * (Math.Exp(-s / 5) - Math.Exp(-s / 10)) / (1.0 / 10 - 1.0 / 5);
            Assert.True(Math.Abs(v[n] - expected) < 2e-4, $"after step {n + 1}: v {v[n]} mV vs {expected} mV");
        }
    }

    [Fact]
    public void IafPscExp_ConstantCurrent_FiresWithTheClosedFormPeriod()
    {
        // I_e = 500 pA: V_inf = E_L + I_e tau_m / C_m = -70 + 20 = -50 mV. NEST holds V at V_reset for t_ref after
        // a spike and then integrates exactly, firing on the first step at or past tau_m ln((V_inf - V_reset) / (V_inf - V_th))
        // = 10 ln 4 = 13.863 ms: each interval is t_ref + 13.9 ms = 15.9 ms on the 0.1 ms grid.
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path) { Run = (Dt, 500) };
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp cell.json");
        f.Cell("cell.json", """{ "I_e": 500.0, "C_m": 250.0, "tau_m": 10.0, "E_L": -70.0, "V_th": -55.0, "V_reset": -70.0, "t_ref": 2.0 }""");
        var spec = SonataFile.Load(f.Write());
        Assert.Equal(500, spec.DurationMs);
        var engine = new SpikingEngine(spec);
        engine.Run(5000);
        var times = engine.SpikeMonitors.Single(m => m.Target == "cells_1").TimesMs();
        Assert.True(times.Length > 20, $"only {times.Length} spikes");
        for (int k = 1; k < times.Length; k++) Assert.Equal(15.9, times[k] - times[k - 1], 9);
        // The first spike: from V_m = E_L, no refractory period first: 13.9 ms, the spike in the step ending there.
        Assert.Equal(13.9, times[0] + Dt, 9);
    }

    [Fact]
    public void Load_TwoPopulationsAndEdges_CountsNodesEdgesAndConvertsUnits()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("v1", [1, 1, 2, 1, 2]));
        f.NodePopulations.Add(("lgn", [100, 100, 100]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_alpha exc.json");
        f.NodeTypes.Add("2 point_neuron nest:iaf_cond_exp inh.json");
        f.NodeTypes.Add("100 virtual NULL NULL");
        f.Cell("exc.json", """{ "C_m": 200.0, "tau_m": 20.0, "V_m": -65.0 }""");
        f.Cell("inh.json", """{ "C_m": 100.0, "g_L": 10.0, "E_in": -80.0, "tau_syn_in": 4.0 }""");
        f.EdgePopulations.Add(("lgn", "v1", [0, 1, 2, 0], [0, 2, 3, 4], [1, 1, 1, 1], [10, 20, 30, 40], null));
        f.EdgePopulations.Add(("v1", "v1", [0, 2, 1], [2, 0, 3], [1, 1, 1], [5, -6, 7], [1.5, 2.5, 3.5]));
        f.Spikes = ("lgn", [0, 2, 1], [5.0, 7.0, 9.0]);
        var spec = SonataFile.Load(f.Write());

        Assert.Equal(["v1_1", "v1_2", "lgn_100"], spec.Populations.Select(p => p.Name));
        Assert.Equal([3, 2, 3], spec.Populations.Select(p => p.Count));
        Assert.Equal(7, spec.Projections.Sum(p => ((ExplicitConnectivity)p.Connectivity).Sources.Count));
        var exc = Assert.IsType<LifNeuronSpec>(spec.Populations[0].Model);
        Assert.Equal(20, exc.TauMs);
        Assert.Equal(-70, exc.RestMv); // NEST's default E_L
        Assert.Equal(-65, spec.Populations[0].Initial!["v"].Value); // V_m from the file
        var inh = Assert.IsType<ConductanceLifNeuronSpec>(spec.Populations[1].Model);
        Assert.Equal(10, inh.TauMs); // C_m / g_L = 100 pF / 10 nS
        Assert.Equal(-80, inh.InhReversalMv);
        Assert.Equal(4, inh.TauInhMs);
        var source = Assert.IsType<SpikeTimesSourceSpec>(spec.Populations[2].Model);
        Assert.Equal([0, 2, 1], source.Indices);
        Assert.Equal([4.9, 6.9, 8.9], source.TimesMs.Select(t => Math.Round(t, 9)));

        // v1's nodes 0, 1, 3 are type 1 (v1_1 indices 0, 1, 2); nodes 2, 4 are type 2 (v1_2 indices 0, 1).
        var toExc = spec.Projections.Single(p => p.Name == "lgn_to_v1:lgn_100->v1_1:exc");
        var c = (ExplicitConnectivity)toExc.Connectivity;
        Assert.Equal([0, 2], c.Sources);
        Assert.Equal([0, 2], c.Targets);
        Assert.Equal([10 * 20.0 / 200, 30 * 20.0 / 200], c.Weights!); // pA x tau_m / C_m = mV
        Assert.Equal(1.0, toExc.DelayMs.Value); // the edge type's delay column
        var toInh = spec.Projections.Single(p => p.Name == "lgn_to_v1:lgn_100->v1_2:exc");
        Assert.Equal([20 / 10.0, 40 / 10.0], ((ExplicitConnectivity)toInh.Connectivity).Weights!); // nS / g_L
        // v1 -> v1: the negative weight from node 2 onto node 0 goes to the inhibitory channel, with its own delay.
        var inhibitory = spec.Projections.Single(p => p.Receptor == Receptor.Inhibitory);
        Assert.Equal("v1_to_v1:v1_2->v1_1:inh", inhibitory.Name);
        Assert.Equal(6 * 20.0 / 200, inhibitory.Weight.Value, 12);
        Assert.Equal(2.5, inhibitory.DelayMs.Value);
        new SpikingEngine(spec).Run(100); // and it runs
    }

    [Fact]
    public void IsSonata_ConfigsAndProjectJson_AreToldApart()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp NULL");
        string simulation = f.Write();
        Assert.True(SonataFile.IsSonata(simulation));
        Assert.True(SonataFile.IsSonata(dir.File("circuit_config.json")));
        string own = dir.File("net.json");
        NetworkFile.Save(own, SonataFile.Load(simulation));
        Assert.False(SonataFile.IsSonata(own));
        Assert.Equal(1, NetworkFormats.Load(own).Populations[0].Count);
        Assert.Equal("cells_1", NetworkFormats.Load(simulation).Populations[0].Name);
    }

    [Fact]
    public void Load_UnsupportedTemplate_NamesTheCsvRow()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [7]));
        f.NodeTypes.Add("7 point_neuron nest:hh_psc_alpha NULL");
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(f.Write()));
        Assert.Contains("node_types.csv: line 2", e.Message);
        Assert.Contains("nest:hh_psc_alpha", e.Message);
    }

    [Fact]
    public void Load_UnknownDynamicsParameter_NamesTheFileAndKey()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp cell.json");
        f.Cell("cell.json", """{ "tau_m": 10.0, "V_min": -80.0 }""");
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(f.Write()));
        Assert.Contains("cell.json", e.Message);
        Assert.Contains("'V_min'", e.Message);
    }

    [Fact]
    public void Load_MisspeltTypeColumns_WarnNamingFileColumnAndKnownName_ExtraColumnsDoNot()
    {
        // SONATA allows extra columns, so 'dynamic_params' is no refusal; but it would leave the cell on NEST's defaults
        // without a word (until 2026-12-07), so the reader warns. pop_name and ei are ordinary extra attributes.
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp cell.json");
        f.Cell("cell.json", Iaf);
        f.EdgePopulations.Add(("cells", "cells", [0], [0], [1], [1.0], [1.0]));
        string config = f.Write();
        string nodeTypes = dir.File("network/node_types.csv"), edgeTypes = dir.File("network/edge_types.csv");
        File.WriteAllLines(nodeTypes, ["node_type_id model_type model_template dynamic_params pop_name ei", "1 point_neuron nest:iaf_psc_exp cell.json exc e"]);
        File.WriteAllLines(edgeTypes, ["edge_type_id model_template dynamics_param delay", "1 static_synapse syn.json 1.0"]);
        var warnings = new List<string>();
        var spec = SonataFile.Load(config, null, warnings.Add);
        Assert.Equal(
        [
            $"{nodeTypes}: the column 'dynamic_params' is not one NeuroSharp reads, so it is kept as an extra attribute and the types have no dynamics_params (did you mean dynamics_params?).",
            $"{edgeTypes}: the column 'dynamics_param' is not one NeuroSharp reads, so it is kept as an extra attribute and the types have no dynamics_params (did you mean dynamics_params?).",
        ], warnings);
        Assert.Single(spec.Populations); // still loaded: a warning, not a refusal

        File.WriteAllLines(nodeTypes, ["node_type_id model_type model_template dynamics_params pop_name ei model_name", "1 point_neuron nest:iaf_psc_exp cell.json exc e iaf"]);
        File.WriteAllLines(edgeTypes, ["edge_type_id model_template dynamics_params delay", "1 static_synapse syn.json 1.0"]);
        warnings.Clear();
        SonataFile.Load(config, null, warnings.Add);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Load_BadTstop_RefusedUnlessTheRunLengthIsGiven()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path) { Run = (0.1, -5) };
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp NULL");
        string config = f.Write();
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(config));
        Assert.Contains("run.tstop", e.Message);
        var spec = SonataFile.Load(config, null, warning: null, runLengthGiven: true);
        Assert.Null(spec.DurationMs);
        Assert.Equal(0.1, spec.DtMs); // run.dt is still read
    }

    [Fact]
    public void Load_MalformedHdf5_NamesTheFile()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp NULL");
        string config = f.Write();
        File.WriteAllText(dir.File("network/nodes.h5"), "this is not HDF5");
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(config));
        Assert.Contains("nodes.h5: not a readable HDF5 file", e.Message);
    }

    [Fact]
    public void Load_MissingDataset_NamesTheHdf5Path()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp NULL");
        string config = f.Write();
        new PureHDF.H5File { ["nodes"] = new PureHDF.H5Group { ["cells"] = new PureHDF.H5Group { ["node_group_id"] = new uint[1] } } }.Write(dir.File("network/nodes.h5"));
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(config));
        Assert.Contains("/nodes/cells/node_type_id is missing", e.Message);
    }

    [Fact]
    public void Load_EdgeOntoAVirtualNode_IsRefusedWithItsPath()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("ext", [100, 100]));
        f.NodeTypes.Add("100 virtual NULL NULL");
        f.EdgePopulations.Add(("ext", "ext", [0], [1], [1], [1.0], null));
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(f.Write()));
        Assert.Contains("/edges/ext_to_ext/target_node_id[0]", e.Message);
        Assert.Contains("virtual", e.Message);
    }

    [Fact]
    public void Load_EdgesOverTheMemoryBudget_AreRefusedBeforeReading()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1, 1, 1, 1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp NULL");
        int m = 20_000;
        f.EdgePopulations.Add(("cells", "cells", new ulong[m], new ulong[m], new uint[m].Select(_ => 1u).ToArray(), new double[m], null));
        string config = f.Write();
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(config, new MemoryBudget(1 << 20)));
        Assert.Contains("/edges/cells_to_cells (20000 edges)", e.Message);
        Assert.Contains("--memory-limit", e.Message);
    }

    [Fact]
    public void Load_DelayBelowTheStep_IsRefusedAsNestDoes()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(OneSynapse(dir, "nest:iaf_psc_exp", Iaf, 10, delay: 0.05)));
        Assert.Contains("/edges/ext_to_cells[0] has delay 0.05 ms, below the step", e.Message);
    }

    [Fact]
    public void Load_ManifestVariableUndefined_NamesTheField()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("circuit_config.json"), """{ "networks": { "nodes": [ { "nodes_file": "$NOPE/nodes.h5", "node_types_file": "t.csv" } ] } }""");
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(dir.File("circuit_config.json")));
        Assert.Contains("networks.nodes[0].nodes_file uses $NOPE", e.Message);
    }

    [Fact]
    public void Load_CurrentClamp_InjectsAmpInNanoamperesOverItsWindow()
    {
        // SONATA's amp is in nA: 0.5 nA = 500 pA, x tau_m / C_m = 20 mV while on (V_inf -50 mV: it fires), off after 150 ms.
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path) { Run = (Dt, 300) };
        f.NodePopulations.Add(("cells", [1, 1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp cell.json");
        f.Cell("cell.json", Iaf);
        f.ExtraInputs.Add("""
            "clamp": { "input_type": "current_clamp", "module": "IClamp", "node_set": { "population": "cells", "node_id": [1] }, "amp": 0.5, "delay": 50.0, "duration": 100.0 }
            """);
        var spec = SonataFile.Load(f.Write());
        var input = Assert.IsType<CurrentInputSpec>(Assert.Single(spec.Inputs));
        Assert.Equal(20, input.Amplitude, 12);
        Assert.Equal([1], input.Indices!);
        Assert.Equal(50, input.StartMs);
        Assert.Equal(150, input.StopMs);
        var engine = new SpikingEngine(spec);
        engine.Run(3000);
        var monitor = engine.SpikeMonitors.Single(m => m.Target == "cells_1");
        Assert.True(monitor.Count >= 5, $"{monitor.Count} spikes");
        foreach (int n in monitor.Neurons) Assert.Equal(1, n);
        Assert.All(monitor.TimesMs(), t => Assert.InRange(t, 50, 150));
    }

    [Fact]
    public void Load_SpikesFromCsv_DriveTheVirtualNodes()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodePopulations.Add(("ext", [100, 100]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp NULL");
        f.NodeTypes.Add("100 virtual NULL NULL");
        File.WriteAllLines(dir.File("spikes.csv"), ["timestamps population node_ids", "5.0 ext 1", "7.5 ext 0", "9.0 other 0"]);
        f.ExtraInputs.Add("""
            "csv": { "input_type": "spikes", "module": "csv", "input_file": "$INPUT_DIR/spikes.csv", "node_set": "ext" }
            """);
        var spec = SonataFile.Load(f.Write());
        var source = Assert.IsType<SpikeTimesSourceSpec>(spec.Populations.Single(p => p.Name == "ext_100").Model);
        Assert.Equal([1, 0], source.Indices);
        Assert.Equal([4.9, 7.4], source.TimesMs.Select(t => Math.Round(t, 9)));
    }

    [Fact]
    public void NetworkFile_LifWithRiseTimes_RoundTrips()
    {
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(OneSynapse(dir, "nest:iaf_psc_alpha", Iaf, 100));
        string path = dir.File("net.json");
        NetworkFile.Save(path, spec);
        var back = Assert.IsType<LifNeuronSpec>(NetworkFile.Load(path).Populations.Single(p => p.Name == "cells_1").Model);
        Assert.Equal(spec.Populations.Single(p => p.Name == "cells_1").Model, back);
        Assert.Equal(2, back.RiseInhMs);
    }
}
