using System.Diagnostics;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;
using Xunit.Abstractions;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML species on segment groups of a cell of several segments (docs/neuroml.md, "cell: several segments";
/// docs/spiking-multicompartment.md, "Ion concentrations"): a pool in each segment of the group on that segment's area, the calcium
/// channels of those segments feeding it, LEMS's SEGMENT/caConc column, the refusals; and NeuroML2's own pyr_4_sym cell (a Traub CA3
/// pyramidal cell of 9 segments with a calcium pool and a KCa channel on the soma) end to end, where the NeuroML2 mirror is present.
/// </summary>
public class NeuroMlMorphologyPoolTests(ITestOutputHelper output)
{
    /// <summary>A soma of 20 x 20 um and a dendrite of 100 x 2 um, a leak everywhere and a gated calcium channel and a pool on the dendrite.</summary>
    private static string Cell(string intracellular = "", string membrane = "") => NeuroMlFixtures.Header + $"""

          <ionChannelPassive id="pas" conductance="10pS"/>
          <ionChannel id="cach" type="ionChannelHH" species="ca" conductance="10pS">
            <gateHHtauInf id="e" instances="2"><timeCourse type="fixedTimeCourse" tau="0.1 ms"/><steadyState type="HHSigmoidVariable" rate="1" scale="6.7 mV" midpoint="-30 mV"/></gateHHtauInf>
          </ionChannel>
          <fixedFactorConcentrationModel id="pool" ion="ca" restingConc="1e-4 mM" decayConstant="10 ms" rho="3 mol_per_m_per_A_per_s"/>
          <cell id="cell">
            <morphology id="morph">
              <segment id="0" name="soma"><proximal x="0" y="0" z="0" diameter="20"/><distal x="0" y="20" z="0" diameter="20"/></segment>
              <segment id="1" name="dend"><parent segment="0"/><proximal x="0" y="20" z="0" diameter="2"/><distal x="0" y="120" z="0" diameter="2"/></segment>
              <segmentGroup id="soma_group"><member segment="0"/></segmentGroup>
              <segmentGroup id="dend_group"><member segment="1"/></segmentGroup>
            </morphology>
            <biophysicalProperties id="bio">
              <membraneProperties>
                <channelDensity id="leak" ionChannel="pas" condDensity="0.1 mS_per_cm2" erev="-65mV" ion="non_specific"/>
                <channelDensity id="ca_dend" ionChannel="cach" condDensity="2 mS_per_cm2" erev="80mV" ion="ca" segmentGroup="dend_group"/>
                {membrane}
                <spikeThresh value="0mV"/>
                <specificCapacitance value="1 uF_per_cm2"/>
                <initMembPotential value="-65mV"/>
              </membraneProperties>
              <intracellularProperties>
                <species id="ca" ion="ca" concentrationModel="pool" initialConcentration="1e-4 mM" initialExtConcentration="2 mM" segmentGroup="dend_group"/>
                {intracellular}
                <resistivity value="0.1 kohm_cm"/>
              </intracellularProperties>
            </biophysicalProperties>
          </cell>
          <pulseGenerator id="stim" delay="1ms" duration="100ms" amplitude="100pA"/>
          <network id="net" type="networkWithTemperature" temperature="6.3 degC">
            <population id="p" component="cell" size="1"/>
            <inputList id="in" population="p" component="stim">
              <input id="0" target="../p[0]" segmentId="1" fractionAlong="0.5" destination="synapses"/>
            </inputList>
          </network>
        </neuroml>
        """;

    [Fact]
    public void SpeciesOnASegmentGroup_IsAPoolInEachOfItsSegments_FedByTheirCalciumChannel()
    {
        using var dir = new TempDirectory();
        var read = NeuroMlFixtures.Load(Cell(), dir);
        var model = Assert.IsType<HodgkinHuxleyNeuronSpec>(read.Populations[0].Model);
        Assert.Empty(model.Concentrations);
        var placed = Assert.Single(model.Morphology!.Concentrations);
        Assert.Equal(new CompartmentConcentrationSpec("dend_group", new ConcentrationPoolSpec
        {
            Ion = "ca", Model = ConcentrationModel.FixedFactor, InitialMm = 1e-4, ExternalMm = 2, RestingMm = 1e-4, DecayMs = 10, Rho = 3,
        }), placed);
        Assert.Equal("ca", model.Channels.Single(c => c.Name == "ca_dend").Ion);
        Assert.Null(model.Channels.Single(c => c.Name == "leak").Ion);

        var run = read with { Monitors = [new StateMonitorSpec { Target = "p", Variables = ["caConc[1]", "caConc[0]", "ca_dend_i[1]"] }] };
        var engine = new SpikingEngine(run);
        engine.Run(run.StepsFor(30, "test"));
        var m = engine.StateMonitors[0];
        // The dendrite's calcium rises with its channel's current; the soma has no pool and holds the initial concentration.
        Assert.True(m.Values("caConc[1]").ToArray().Max() > 2e-4, "the dendrite's pool should fill");
        Assert.All(m.Values("caConc[0]").ToArray(), x => Assert.Equal((float)1e-4, x));
        // Round trip through the network file keeps the pool.
        Assert.Equal(model, NetworkFile.Parse(NetworkFile.ToJson(read), "cell.json").Populations[0].Model);
    }

    [Fact]
    public void SpeciesOnTwoSegmentGroups_StartAtTheirOwnInitialConcentration_AndWriteItBack()
    {
        // The soma's species (a second model: rest 1e-3 mM, tau 10 ms) starts at 2e-3 mM, the dendrite's at 3e-4 mM: NeuroML's
        // OnStart (concentration = initialConcentration) per segment. The soma has no calcium channel, so its pool decays as
        // 1e-3 + 1e-3 exp(-t / 10 ms).
        using var dir = new TempDirectory();
        string text = Cell(intracellular: """<species id="ca_soma" ion="ca" concentrationModel="pool_soma" initialConcentration="2e-3 mM" initialExtConcentration="2 mM" segmentGroup="soma_group"/>""")
            .Replace("""<cell id="cell">""", """<fixedFactorConcentrationModel id="pool_soma" ion="ca" restingConc="1e-3 mM" decayConstant="10 ms" rho="3 mol_per_m_per_A_per_s"/>""" + "\n  <cell id=\"cell\">", StringComparison.Ordinal)
            .Replace("concentrationModel=\"pool\" initialConcentration=\"1e-4 mM\"", "concentrationModel=\"pool\" initialConcentration=\"3e-4 mM\"", StringComparison.Ordinal);
        var read = NeuroMlFixtures.Load(text, dir);
        var model = Assert.IsType<HodgkinHuxleyNeuronSpec>(read.Populations[0].Model);
        var pools = model.Morphology!.Concentrations;
        Assert.Equal([("dend_group", 3e-4, 1e-4), ("soma_group", 2e-3, 1e-3)], pools.Select(c => (c.Group, c.Pool.InitialMm, c.Pool.RestingMm)).ToArray());

        var run = read with { Monitors = [new StateMonitorSpec { Target = "p", Variables = ["caConc[0]", "caConc[1]"] }] };
        var engine = new SpikingEngine(run);
        var group = Assert.IsType<MultiCompartmentGroup>(engine.Groups.Single());
        Assert.Equal(new float[] { 2e-3f, 3e-4f }, group.Rows.Variable("caConc"));
        int steps = run.StepsFor(20, "test");
        engine.Run(steps);
        var soma = engine.StateMonitors[0].Values("caConc[0]").ToArray();
        foreach (int k in new[] { 1, steps / 2, steps })
        {
            double expected = 1e-3 + 1e-3 * Math.Exp(-k * run.DtMs / 10);
            Assert.True(Math.Abs(soma[k - 1] - expected) <= 1e-5 * expected, $"step {k}: {soma[k - 1]} vs {expected}");
        }

        // Written back: each species with its own initialConcentration, read back the same.
        string nml = dir.File("back.net.nml");
        NeuroMlFile.Save(nml, read);
        var back = Assert.IsType<HodgkinHuxleyNeuronSpec>(NeuroMlFile.Load(nml).Populations[0].Model);
        Assert.Equal(pools, back.Morphology!.Concentrations);
    }

    [Theory]
    [InlineData("""<species id="ca2" ion="ca" concentrationModel="pool" initialConcentration="1e-4 mM" initialExtConcentration="2 mM"/>""", "",
        "is a second species of ion 'ca' on segments of segmentGroup 'dend_group'; a segment has one pool per ion.")]
    [InlineData("""<species id="ca2" ion="ca" concentrationModel="pool" initialConcentration="1e-4 mM" initialExtConcentration="3 mM" segmentGroup="soma_group"/>""", "",
        "@initialExtConcentration differs from that of the species on segmentGroup 'dend_group'; NeuroSharp's pools of one ion share the external concentration.")]
    [InlineData("", """<channelDensityGHK id="ghk" ionChannel="cach" permeability="1e-8 m_per_s" ion="ca" segmentGroup="dend_group"/>""",
        "is a channelDensityGHK, whose permeability per area NeuroSharp places on one-segment cells only")]
    public void Refusals_NameTheElement(string intracellular, string membrane, string expected)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(Cell(intracellular, membrane), dir));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ANernstDensityOnASegmentGroup_TakesItsReversalFromEachSegmentsPool()
    {
        using var dir = new TempDirectory();
        var read = NeuroMlFixtures.Load(Cell(membrane: """<channelDensityNernst id="nernst" ionChannel="cach" condDensity="0.5 mS_per_cm2" ion="ca" segmentGroup="dend_group"/>"""), dir);
        var model = Assert.IsType<HodgkinHuxleyNeuronSpec>(read.Populations[0].Model);
        var nernst = model.Channels.Single(c => c.Name == "nernst");
        Assert.Equal(("ca", ReversalKind.Nernst), (nernst.Ion, nernst.Reversal));
        Assert.Equal(new ChannelDensitySpec("nernst", "dend_group", 0.5), model.Morphology!.Densities.Single(d => d.Channel == "nernst"), (a, b) => a.Channel == b.Channel && a.Group == b.Group && Math.Abs(a.ConductanceMsPerCm2 - b.ConductanceMsPerCm2) < 1e-12);
        var engine = new SpikingEngine(read with { Monitors = [new StateMonitorSpec { Target = "p", Variables = ["nernst_i[1]", "nernst_i[0]"] }] });
        engine.Run(100);
        Assert.True(engine.StateMonitors[0].Values("nernst_i[1]")[^1] > 0, "the Nernst channel carries calcium inward on the dendrite");
        Assert.Equal(0, engine.StateMonitors[0].Values("nernst_i[0]")[^1]);
    }

    [Fact]
    public void APoolOnAGroup_WritesAsASpeciesOnItsSegmentGroup_AndReadsBackTheSameCell()
    {
        // The network file's cell (one density per channel, equal to its conductanceNs, as the writer needs), written as NeuroML and read back.
        var pool = new ConcentrationPoolSpec { Model = ConcentrationModel.DecayingPool, InitialMm = 2e-4, ExternalMm = 2, RestingMm = 1e-4, DecayMs = 8, ShellThicknessUm = 0.15 };
        var cell = new HodgkinHuxleyNeuronSpec
        {
            InitialMv = -65, SpikeThresholdMv = 0,
            Channels = [IonChannelSpec.Passive("leak", 0.1, -65), IonChannelSpec.Passive("cal", 2, 80) with { Ion = "ca" }],
            Morphology = new MorphologySpec
            {
                Compartments = [new("0", null, 20, 20), new("1", "0", 100, 2)],
                Groups = [new("dendrite", ["1"])],
                Densities = [new("leak", "all", 0.1), new("cal", "dendrite", 2)],
                AxialResistivityOhmCm = 100,
                Concentrations = [new("dendrite", pool)],
            },
        };
        var spec = new NetworkSpec
        {
            DtMs = 0.025,
            Populations = [new PopulationSpec { Name = "p", Count = 1, Model = cell }],
            Inputs = [new CurrentInputSpec { Target = "p", Amplitude = 50 }],
        };
        spec.Validate();
        using var dir = new TempDirectory();
        string nml = dir.File("pool.net.nml");
        NeuroMlFile.Save(nml, spec);
        string text = File.ReadAllText(nml);
        Assert.Contains("segmentGroup=\"dendrite\"", text[text.IndexOf("<species", StringComparison.Ordinal)..]);
        var back = NeuroMlFile.Load(nml);
        var model = Assert.IsType<HodgkinHuxleyNeuronSpec>(back.Populations[0].Model);
        Assert.Equal(cell.Morphology.Concentrations, model.Morphology!.Concentrations);
        Assert.Equal("ca", model.Channels.Single(c => c.Name == "cal").Ion);
        Assert.Equal(text, NeuroMlFile.ToText(back));
        float[] Trace(NetworkSpec s)
        {
            var run = s with { Monitors = [new StateMonitorSpec { Target = "p", Variables = ["caConc[1]"] }] };
            var engine = new SpikingEngine(run);
            engine.Run(400);
            return engine.StateMonitors[0].Values("caConc[1]").ToArray();
        }
        Assert.Equal(Trace(spec), Trace(back));
    }

    [Fact]
    public void AChannelPopulationOnOneSegment_IsNumberTimesTheChannelsConductanceThere_AndOnSeveralIsRefused()
    {
        // 250 channels of 10 pS on segment 1 (the dendrite): 2.5 nS there, none on the soma; as a density of 100 N g / A mS/cm^2 on
        // dend_group, the group of segment 1 alone. Its ion ca feeds the dendrite's pool.
        using var dir = new TempDirectory();
        var read = NeuroMlFixtures.Load(Cell(membrane: """<channelPopulation id="pop" ionChannel="cach" number="250" erev="80mV" ion="ca" segment="1"/>"""), dir);
        var model = Assert.IsType<HodgkinHuxleyNeuronSpec>(read.Populations[0].Model);
        var g = model.Morphology!.ConductancesNs("pop");
        Assert.Equal(2.5, g[1], 12);
        Assert.Equal(0, g[0]);
        Assert.Equal("dend_group", model.Morphology.Densities.Single(d => d.Channel == "pop").Group);
        Assert.Equal("ca", model.Channels.Single(c => c.Name == "pop").Ion);
        // Its conductance on the dendrite is 2.5 nS x e^2 (its gate of 2 instances).
        var engine = new SpikingEngine(read with { Monitors = [new StateMonitorSpec { Target = "p", Variables = ["pop_g[1]", "pop_e[1]", "pop_g[0]"] }] });
        engine.Run(10);
        var m = engine.StateMonitors[0];
        double e2 = Math.Pow(m.Values("pop_e[1]")[^1], 2);
        Assert.Equal(2.5 * e2, m.Values("pop_g[1]")[^1], 1e-6 * 2.5 * e2 + 1e-12);
        Assert.Equal(0, m.Values("pop_g[0]")[^1]);
        var error = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(Cell(membrane: """<channelPopulation id="pop" ionChannel="cach" number="250" erev="80mV" ion="ca"/>"""), dir));
        Assert.Contains("@segmentGroup is 'all', which holds 2 segments; NeuroSharp places a channelPopulation (a number of channels, not a density) on one segment", error.Message);
    }

    /// <summary>The bare git mirror of github.com/NeuroML/NeuroML2 (absent: the test is skipped).</summary>
    private const string Mirror = "/work/.mirror/NeuroML+NeuroML2/repo";

    private static readonly string[] Pyr4SymFiles =
    [
        "LEMS_pyrfull_in.xml", "pyrfull_in.net.nml", "pyr_4_sym.cell.nml", "Ca_conc.nml", "Ca_pyr.channel.nml", "Kahp_pyr.channel.nml",
        "Kdr_pyr.channel.nml", "LeakConductance_pyr.channel.nml", "Na_pyr.channel.nml",
    ];

    /// <summary>
    /// NeuroML2's LEMSexamples/morphologies/LEMS_pyrfull_in.xml: pyr_4_sym, 9 segments, Traub's CA3 channels, a fixedFactor calcium pool
    /// in the soma_group read by Kahp's LEMS rate (caConc), 0.2 nA into the soma from 100 to 600 ms, dt 0.01 ms. The cell built by
    /// hand in NEURON (bench/neuroml/pyr_4_sym_neuron.py: a section per segment, the children of apical0 and basal0 meeting their
    /// parent at its end node, a star of three halves) fires at 134.18 and 400.04 ms; NeuroSharp, with a junction at those two branch
    /// points (docs/spiking-multicompartment.md, "Branch points"), at 134.16 and 400.01 (each child coupled to its parent through the
    /// parent's half on its own, as before, gave 135.28 and 405.61). The repository's .test.multi.mep (jNeuroML_NEURON) says 134.24
    /// and 401.25 ms, which the hand-built NEURON cell does not reproduce either (its generated mechanisms differ; docs/results.md).
    /// </summary>
    [Fact]
    [Trait("Category", Categories.Slow)]
    public void Pyr4Sym_FromTheNeuroML2Repository_RunsEndToEnd_AndFiresAsNeuronDoes()
    {
        if (!Directory.Exists(Mirror))
        {
            output.WriteLine($"skipped: no NeuroML2 mirror at {Mirror}");
            return;
        }
        using var dir = new TempDirectory();
        foreach (string f in Pyr4SymFiles)
        {
            var psi = new ProcessStartInfo("git", ["--git-dir", Mirror, "show", $"HEAD:LEMSexamples/morphologies/{f}"]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var git = Process.Start(psi)!;
            string text = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode != 0)
            {
                output.WriteLine($"skipped: the mirror has no LEMSexamples/morphologies/{f}");
                return;
            }
            File.WriteAllText(dir.File(f), text);
        }
        var sim = LemsFile.Load(dir.File("LEMS_pyrfull_in.xml"));
        var model = Assert.IsType<HodgkinHuxleyNeuronSpec>(sim.Network.Populations.Single(p => p.Name == "pyramidals").Model);
        Assert.Equal(9, model.Morphology!.Compartments.Count);
        Assert.Equal("soma_group", Assert.Single(model.Morphology.Concentrations).Group);
        var caColumn = sim.OutputFiles.SelectMany(f => f.Columns).First(c => c.Variable.StartsWith("caConc", StringComparison.Ordinal));
        Assert.Equal("caConc[0]", caColumn.Variable);

        var run = sim.Network with
        {
            Monitors = [new SpikeMonitorSpec { Target = "pyramidals" }, new StateMonitorSpec { Target = "pyramidals", Variables = ["caConc[0]", "caConc[3]"] }],
        };
        var engine = new SpikingEngine(run);
        engine.Run(run.StepsFor(700, "test"));
        var times = engine.SpikeMonitors[0].Steps.ToArray().Select(s => s * run.DtMs).ToArray();
        output.WriteLine($"spikes at {string.Join(", ", times.Select(t => t.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} ms (NEURON by hand: 134.18, 400.04; jNeuroML_NEURON: 134.24, 401.25)");
        Assert.Equal(2, times.Length);
        Assert.InRange(times[0], 134.11, 134.21); // this engine's own answer, pinned
        Assert.InRange(times[1], 399.96, 400.06);
        double[] neuron = [134.18, 400.04], mep = [134.24, 401.25];
        for (int k = 0; k < 2; k++)
        {
            Assert.True(Math.Abs(times[k] - neuron[k]) <= 0.1, $"spike {k} at {times[k]} ms, NEURON's (by hand) at {neuron[k]} ms");
            Assert.True(Math.Abs(times[k] - mep[k]) <= 0.004 * mep[k], $"spike {k} at {times[k]} ms, jNeuroML_NEURON's at {mep[k]} ms");
        }
        // The soma's calcium rises with its spikes; apical3 (no pool) holds its start.
        Assert.True(engine.StateMonitors[0].Values("caConc[0]").ToArray().Max() > 1, "the soma's pool should fill with its spikes");
        Assert.All(engine.StateMonitors[0].Values("caConc[3]").ToArray(), x => Assert.Equal((float)5e-5, x));
    }
}
