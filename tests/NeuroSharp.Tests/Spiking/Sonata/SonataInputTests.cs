using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Sonata;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.Sonata;

/// <summary>SONATA inputs: current clamps as lists and tables, node sets with attribute rules and compound sets.</summary>
public class SonataInputTests
{
    private const string Iaf = """{ "C_m": 250.0, "tau_m": 10.0 }""";

    /// <summary>Population cells: nodes 0-3 of type 1 (iaf_psc_exp) and node 4 of type 2 (iaf_psc_alpha); group dataset x = node id.</summary>
    private static SonataFixture Cells(TempDirectory dir)
    {
        var f = new SonataFixture(dir.Path) { Run = (0.1, 300) };
        f.NodePopulations.Add(("cells", [1, 1, 1, 1, 2]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp cell.json");
        f.NodeTypes.Add("2 point_neuron nest:iaf_psc_alpha cell.json");
        f.Cell("cell.json", Iaf);
        return f;
    }

    [Fact]
    public void CurrentClamp_ListsOfPulses_BecomeOneInputPerPulse()
    {
        // bmtk's list form: amp 0.1 then 0.2 nA, delays 10 and 50 ms, one duration for both. 1 nA = 1000 pA x tau_m / C_m = 40 mV.
        using var dir = new TempDirectory();
        var f = Cells(dir);
        f.ExtraInputs.Add("""
            "clamp": { "input_type": "current_clamp", "node_set": { "population": "cells", "node_id": [2] }, "amp": [0.1, 0.2], "delay": [10.0, 50.0], "duration": 20.0 }
            """);
        var inputs = SonataFile.Load(f.Write()).Inputs.Cast<CurrentInputSpec>().ToList();
        Assert.Equal(2, inputs.Count);
        Assert.Equal((4.0, 10.0, 30.0), (Math.Round(inputs[0].Amplitude, 12), inputs[0].StartMs, inputs[0].StopMs!.Value));
        Assert.Equal((8.0, 50.0, 70.0), (Math.Round(inputs[1].Amplitude, 12), inputs[1].StartMs, inputs[1].StopMs!.Value));
        Assert.All(inputs, i => Assert.Equal([2], i.Indices!));
    }

    [Theory]
    [InlineData("\"amp\": [0.1, 0.2], \"delay\": [10.0, 20.0, 30.0], \"duration\": 5.0", "inputs.clamp.amp lists 2 values but another field lists 3")]
    [InlineData("\"amp\": [0.1, 0.2], \"delay\": [10.0, 20.0], \"duration\": 15.0", "inputs.clamp.delay starts pulse 1 at 20 ms, before pulse 0 ends at 25 ms")]
    [InlineData("\"amp\": [], \"delay\": 1.0, \"duration\": 5.0", "inputs.clamp.amp is an empty list")]
    [InlineData("\"amp\": [0.1, \"x\"], \"delay\": 1.0, \"duration\": 5.0", "inputs.clamp.amp[1] is \"x\", not a number")]
    public void CurrentClamp_BadLists_AreRefusedNamingTheField(string fields, string expected)
    {
        using var dir = new TempDirectory();
        var f = Cells(dir);
        f.ExtraInputs.Add($$"""
            "clamp": { "input_type": "current_clamp", "node_set": "cells", {{fields}} }
            """);
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(f.Write()));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("simulation_config.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvClamp_StepsFromEachTimestampToTheNext_TheLastHolds()
    {
        using var dir = new TempDirectory();
        var f = Cells(dir);
        File.WriteAllLines(dir.File("iclamp.csv"), ["timestamps amps", "100.0 0.15", "150.0 0.0", "200.0 0.25"]);
        f.ExtraInputs.Add("""
            "clamp": { "input_type": "csv", "module": "IClamp", "node_set": { "population": "cells", "node_id": [0] }, "file": "$INPUT_DIR/iclamp.csv" }
            """);
        var inputs = SonataFile.Load(f.Write()).Inputs.Cast<CurrentInputSpec>().ToList();
        // The 0 nA step adds nothing: two inputs, 0.15 nA over [100, 150) and 0.25 nA from 200 ms to the end.
        Assert.Equal(2, inputs.Count);
        Assert.Equal((6.0, 100.0, (double?)150.0), (Math.Round(inputs[0].Amplitude, 12), inputs[0].StartMs, inputs[0].StopMs));
        Assert.Equal((10.0, 200.0, (double?)null), (Math.Round(inputs[1].Amplitude, 12), inputs[1].StartMs, inputs[1].StopMs));
    }

    [Fact]
    public void CsvClamp_TimesOutOfOrder_NameTheLine()
    {
        using var dir = new TempDirectory();
        var f = Cells(dir);
        File.WriteAllLines(dir.File("iclamp.csv"), ["timestamps amps", "100.0 0.15", "90.0 0.0"]);
        f.ExtraInputs.Add("""
            "clamp": { "input_type": "csv", "node_set": "cells", "file": "$INPUT_DIR/iclamp.csv" }
            """);
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(f.Write()));
        Assert.Contains("iclamp.csv: line 3 has timestamps 90 ms, not after the line before (100 ms)", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The (engine population, indices) a clamp on the node set reaches.</summary>
    private static List<(string Target, int[]? Indices)> Reached(TempDirectory dir, string nodeSet, string? nodeSets = null)
    {
        var f = Cells(dir);
        f.NodeSets = nodeSets;
        f.ExtraInputs.Add($$"""
            "clamp": { "input_type": "current_clamp", "node_set": {{nodeSet}}, "amp": 0.1, "delay": 0.0, "duration": 5.0 }
            """);
        return [.. SonataFile.Load(f.Write()).Inputs.Cast<CurrentInputSpec>().Select(i => (i.Target, i.Indices?.ToArray()))];
    }

    [Fact]
    public void NodeSet_TypeTableColumn_SelectsTheNodesOfThatType()
    {
        using var dir = new TempDirectory();
        var reached = Reached(dir, """{ "model_template": "nest:iaf_psc_alpha" }""");
        Assert.Equal([("cells_2", (int[]?)null)], reached);
    }

    [Fact]
    public void NodeSet_GroupDatasetInAList_AndNodeIds_AllRulesHold()
    {
        using var dir = new TempDirectory();
        // x = node id; x in {1, 3, 4} and node_id in {0, 1, 4}: nodes 1 and 4 (engine index 1 of cells_1, the only cells_2 node).
        var reached = Reached(dir, """{ "population": "cells", "x": [1, 3, 4.0], "node_id": [0, 1, 4] }""");
        Assert.Equal(2, reached.Count);
        Assert.Equal("cells_1", reached[0].Target);
        Assert.Equal([1], reached[0].Indices!);
        Assert.Equal(("cells_2", (int[]?)null), reached[1]);
    }

    [Fact]
    public void NodeSet_Compound_IsTheUnionOfItsSets()
    {
        using var dir = new TempDirectory();
        var reached = Reached(dir, "\"both\"", """{ "low": { "node_id": [0, 1] }, "alpha": { "model_template": "nest:iaf_psc_alpha" }, "both": ["low", "alpha", "low"] }""");
        Assert.Equal(2, reached.Count);
        Assert.Equal("cells_1", reached[0].Target);
        Assert.Equal([0, 1], reached[0].Indices!);
        Assert.Equal(("cells_2", (int[]?)null), reached[1]);
    }

    [Theory]
    [InlineData("{ \"layer\": \"L4\" }", null, "names attribute 'layer', which population 'cells' has neither in")]
    [InlineData("{ \"x\": { \"$gt\": 2 } }", null, "not ranges or other operators")]
    [InlineData("\"loop\"", "{ \"loop\": [\"loop\"] }", "nests node sets more than 32 deep")]
    [InlineData("{ \"population\": \"nope\" }", null, "names \"nope\", which is not a node population")]
    public void NodeSet_WhatCannotBeRead_IsRefusedNamingTheRule(string nodeSet, string? nodeSets, string expected)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => Reached(dir, nodeSet, nodeSets));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PerNodeDynamicsParams_OverrideTheType_OnePopulationPerDistinctSet()
    {
        // Type 1 (iaf_psc_exp, C_m 250 pF, tau_m 10 ms) with per-node I_e 0, 500, 500, 0 pA and tau_m 10, 10, 10, 20 ms:
        // three sets, so cells_1_1 (nodes 0), cells_1_2 (nodes 1, 2: I_e 500 pA = 20 mV) and cells_1_3 (node 3, tau_m 20).
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path) { Run = (0.1, 100) };
        f.NodePopulations.Add(("cells", [1, 1, 1, 1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp cell.json");
        f.Cell("cell.json", Iaf);
        f.NodeParams.Add(("cells", "I_e", [0, 500, 500, 0]));
        f.NodeParams.Add(("cells", "tau_m", [10, 10, 10, 20]));
        var spec = SonataFile.Load(f.Write());
        Assert.Equal(["cells_1_1", "cells_1_2", "cells_1_3"], spec.Populations.Select(p => p.Name));
        Assert.Equal([1, 2, 1], spec.Populations.Select(p => p.Count));
        Assert.Equal(20, Assert.IsType<LifNeuronSpec>(spec.Populations[2].Model).TauMs);
        var bias = Assert.IsType<CurrentInputSpec>(Assert.Single(spec.Inputs));
        Assert.Equal(("cells_1_2", 20.0), (bias.Target, Math.Round(bias.Amplitude, 12)));
        var engine = new NeuroSharp.Spiking.Simulation.SpikingEngine(spec);
        engine.Run(1000);
        Assert.Equal(0, engine.SpikeMonitors.Single(m => m.Target == "cells_1_1").Count);
        Assert.True(engine.SpikeMonitors.Single(m => m.Target == "cells_1_2").Count >= 10); // one every 15.9 ms per node
    }

    [Fact]
    public void PerNodeDynamicsParams_UnknownKey_NamesTheFileTheKeyAndTheNodes()
    {
        using var dir = new TempDirectory();
        var f = Cells(dir);
        f.NodeParams.Add(("cells", "tau_w", [1, 1, 1, 1, 1]));
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(f.Write()));
        Assert.Contains("sets 'tau_w'", e.Message, StringComparison.Ordinal);
        Assert.Contains("per-node dynamics_params of", e.Message, StringComparison.Ordinal);
        Assert.Contains("nodes.h5: /nodes/cells", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PerNodeModelTemplate_OverridesTheType_OnePopulationPerDistinctModel()
    {
        // Type 1 is iaf_psc_exp; nodes 1 and 2 say iaf_psc_alpha, node 3 iaf_psc_alpha with I_e 500 pA: three engine populations.
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path) { Run = (0.1, 100) };
        f.NodePopulations.Add(("cells", [1, 1, 1, 1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp cell.json");
        f.Cell("cell.json", Iaf);
        f.NodeStrings.Add(("cells", "model_template", ["NULL", "nest:iaf_psc_alpha", "nest:iaf_psc_alpha", "nest:iaf_psc_alpha"]));
        f.NodeParams.Add(("cells", "I_e", [0, 0, 0, 500]));
        f.NodeSets = """{ "alpha": { "model_template": "nest:iaf_psc_alpha" } }""";
        f.ExtraInputs.Add("""
            "clamp": { "input_type": "current_clamp", "node_set": "alpha", "amp": 0.1, "delay": 0.0, "duration": 5.0 }
            """);
        var spec = SonataFile.Load(f.Write());
        Assert.Equal(["cells_1_1", "cells_1_2", "cells_1_3"], spec.Populations.Select(p => p.Name));
        Assert.Equal([1, 2, 1], spec.Populations.Select(p => p.Count));
        var exp = Assert.IsType<LifNeuronSpec>(spec.Populations[0].Model);
        var alpha = Assert.IsType<LifNeuronSpec>(spec.Populations[1].Model);
        Assert.Equal((0.0, 2.0), (exp.RiseExcMs, alpha.RiseExcMs)); // alpha: rise = decay = tau_syn_ex
        Assert.Equal(alpha, spec.Populations[2].Model);
        // The node set reads each node's own template: the clamp reaches the three alpha nodes, none of type 1's own template.
        var reached = spec.Inputs.Cast<CurrentInputSpec>().Where(i => i.StopMs == 5).Select(i => i.Target).Order(StringComparer.Ordinal);
        Assert.Equal(["cells_1_2", "cells_1_3"], reached);
        var bias = spec.Inputs.Cast<CurrentInputSpec>().Single(i => i.StopMs is null);
        Assert.Equal(("cells_1_3", 20.0), (bias.Target, Math.Round(bias.Amplitude, 12)));
    }

    [Fact]
    public void PerNodeModelTemplate_ParametersItDoesNotHave_NamesTheFileTheKeyAndTheNode()
    {
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1, 1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp cell.json");
        f.Cell("cell.json", Iaf);
        f.NodeStrings.Add(("cells", "model_template", ["nest:iaf_psc_exp", "nest:izhikevich"]));
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(f.Write()));
        Assert.Contains("cell.json: sets 'C_m', a parameter NeuroSharp's mapping of nest:izhikevich does not have", e.Message, StringComparison.Ordinal);
        Assert.Contains("with the per-node model of", e.Message, StringComparison.Ordinal);
        Assert.Contains("(node 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoissonGenerator_WithoutASourcesColumn_IsAPoissonInputOfItsTargets()
    {
        // A bmtk-style generator node (rate 500 Hz) with three edges of 10 pA onto nodes 0, 1 and 1: NEST sends each edge its own
        // train, so node 1 is listed twice. Without poisson_sources the rate is split over 1000 sources; 10 pA x tau_m / C_m = 0.4 mV.
        using var dir = new TempDirectory();
        var f = Cells(dir);
        f.NodePopulations.Add(("gen", [200]));
        f.NodeTypes.Add("200 point_neuron nest:poisson_generator gen.json");
        f.Cell("gen.json", """{ "rate": 500.0 }""");
        f.EdgePopulations.Add(("gen", "cells", [0, 0, 0], [0, 1, 1], [1, 1, 1], [10, 10, 10], [1, 1, 1]));
        var spec = SonataFile.Load(f.Write());
        Assert.Equal(["cells_1", "cells_2"], spec.Populations.Select(p => p.Name));
        var drive = Assert.IsType<PoissonInputSpec>(Assert.Single(spec.Inputs));
        Assert.Equal(("cells_1", 1000, 0.5, Receptor.Excitatory), (drive.Target, drive.SourceCount, drive.RateHz, drive.Receptor));
        Assert.Equal(0.4, drive.Weight, 12);
        Assert.Equal([0, 1, 1], drive.Indices!);
    }

    [Fact]
    public void PoissonGenerator_AsATarget_IsRefusedWithTheEdgePath()
    {
        using var dir = new TempDirectory();
        var f = Cells(dir);
        f.NodePopulations.Add(("gen", [200]));
        f.NodeTypes.Add("200 point_neuron nest:poisson_generator gen.json");
        f.Cell("gen.json", """{ "rate": 5.0 }""");
        f.EdgePopulations.Add(("cells", "gen", [0], [0], [1], [10], [1]));
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(f.Write()));
        Assert.Contains("/edges/cells_to_gen/target_node_id[0] is node 0 of 'gen', a poisson_generator, which receives no input", e.Message, StringComparison.Ordinal);
    }
}
