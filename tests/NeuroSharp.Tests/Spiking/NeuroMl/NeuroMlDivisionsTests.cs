using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;
using Xunit.Abstractions;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// A segmentGroup's numberInternalDivisions read as jNeuroML_NEURON's nseg (docs/neuroml.md, "numberInternalDivisions"): the
/// pieces' lengths, diameters, areas and axial conductances, the groups, inputs and synapses reaching the piece holding their point,
/// children and junctions at a divided segment's end, a passive divided cable's input resistance against the finite cable's closed
/// form, and the refusals.
/// </summary>
public sealed class NeuroMlDivisionsTests(ITestOutputHelper output)
{
    /// <summary>
    /// Ex25's cell in small: a soma of 10 x 10 um (segment 0, section "soma"), and a section "dend" of two segments, 1 tapering from 3
    /// to 2.5 um over 10 um and 2 (no proximal point) from 2.5 to 1.5 um over 20 um, cut into <paramref name="divisions"/>; a synapse on
    /// segment 2 at postFractionAlong 0.3, a pulse into segment 2 at fractionAlong 0.75.
    /// </summary>
    private static string Cell(string divisions = "9", string extraSegments = "", string dendGroup = "", string neuroLexId = "sao864921383") => NeuroMlFixtures.Header + $"""

          <ionChannelPassive id="pas" conductance="10pS"/>
          <cell id="cell">
            <morphology id="morph">
              <segment id="0" name="soma"><proximal x="0" y="0" z="0" diameter="10"/><distal x="0" y="10" z="0" diameter="10"/></segment>
              <segment id="1" name="d1"><parent segment="0"/><proximal x="0" y="10" z="0" diameter="3"/><distal x="0" y="20" z="0" diameter="2.5"/></segment>
              <segment id="2" name="d2"><parent segment="1"/><distal x="0" y="40" z="0" diameter="1.5"/></segment>
              {extraSegments}
              <segmentGroup id="soma" neuroLexId="sao864921383"><member segment="0"/></segmentGroup>
              <segmentGroup id="dend" neuroLexId="{neuroLexId}">
                <property tag="numberInternalDivisions" value="{divisions}"/>
                <member segment="1"/><member segment="2"/>
              </segmentGroup>
              {dendGroup}
              <segmentGroup id="dendrite_group"><include segmentGroup="dend"/></segmentGroup>
            </morphology>
            <biophysicalProperties id="bio">
              <membraneProperties>
                <channelDensity id="leak" ionChannel="pas" condDensity="0.3 mS_per_cm2" erev="-70mV"/>
                <channelDensity id="leakDend" ionChannel="pas" condDensity="0.5 S_per_m2" erev="-70mV" segmentGroup="dendrite_group"/>
                <spikeThresh value="0mV"/>
                <specificCapacitance value="1 uF_per_cm2"/>
                <initMembPotential value="-70mV"/>
              </membraneProperties>
              <intracellularProperties><resistivity value="0.1 kohm_cm"/></intracellularProperties>
            </biophysicalProperties>
          </cell>
          <expOneSynapse id="syn" gbase="1nS" erev="0mV" tauDecay="2ms"/>
          <spikeArray id="spikes"><spike id="0" time="3ms"/></spikeArray>
          <pulseGenerator id="stim" delay="1ms" duration="100ms" amplitude="20pA"/>
          <network id="net">
            <property tag="recommended_dt_ms" value="0.025"/>
            <population id="src" component="spikes" size="1"/>
            <population id="p" component="cell" size="1"/>
            <projection id="proj" presynapticPopulation="src" postsynapticPopulation="p" synapse="syn">
              <connection id="0" preCellId="../src[0]" postCellId="../p[0]" postSegmentId="2" postFractionAlong="0.3"/>
            </projection>
            <inputList id="in" population="p" component="stim">
              <input id="0" target="../p[0]" segmentId="2" fractionAlong="0.75" destination="synapses"/>
            </inputList>
          </network>
        </neuroml>
        """;

    private static MorphologySpec MorphologyOf(NetworkSpec spec) => Assert.IsType<HodgkinHuxleyNeuronSpec>(spec.Populations[1].Model).Morphology!;

    [Fact]
    public void NineDivisions_CutTheTwoSegmentsIntoThreeAndSix_AsNeuronsNseg()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFixtures.Load(Cell(), dir);
        var m = MorphologyOf(spec);
        // 9 over 10 + 20 um: 3 pieces of segment 1 and 6 of segment 2, each 10/3 um; the piece holding each middle keeps the id, the
        // others take ids from 3 on.
        Assert.Equal(["0", "3", "1", "4", "5", "6", "7", "2", "8", "9"], m.Compartments.Select(c => c.Name));
        Assert.Equal([null, "0", "3", "1", "4", "5", "6", "7", "2", "8"], m.Compartments.Select(c => c.Parent));
        for (int k = 1; k < 10; k++) Assert.Equal(10.0 / 3, m.Compartments[k].LengthUm, 12);
        // Diameters along each segment's own taper: 3 -> 2.5 in thirds, 2.5 -> 1.5 in sixths.
        Assert.Equal(3, m.Compartments[1].StartDiameterUm);
        Assert.Equal(3 - 0.5 / 3, m.Compartments[1].DiameterUm, 12);
        Assert.Equal(2.5, m.Compartments[3].DiameterUm, 12);
        Assert.Equal(2.5, m.Compartments[4].StartDiameterUm, 12);
        Assert.Equal(2.5 - 1.0 / 6 * 4, m.Compartments[7].DiameterUm, 12);
        Assert.Equal(1.5, m.Compartments[9].DiameterUm);
        // The pieces' areas add up to the segments' (a frustum's side cut along its taper), and the groups hold every piece.
        var whole = new CompartmentSpec("2", "1", 20, 1.5) { ProximalDiameterUm = 2.5 };
        Assert.Equal(whole.AreaUm2, m.Compartments.Skip(4).Sum(c => c.AreaUm2), 9);
        Assert.Equal(m.Compartments.Skip(1).Select(c => c.Name), m.Groups.Single(g => g.Name == "dendrite_group").Compartments);
        Assert.Equal(["0"], m.Groups.Single(g => g.Name == "soma").Compartments);
        Assert.Equal("0", m.SpikeCompartment);
        // The synapse at 0.3 of segment 2 reaches its piece 1 (0.3 x 6 = 1.8), NEURON's node 4 of 9; the pulse at 0.75, piece 4.
        Assert.Equal("6", Assert.Single(spec.Projections).Compartment);
        Assert.Equal("8", Assert.IsType<CurrentInputSpec>(Assert.Single(spec.Inputs)).Compartment);
        // The cell's capacitancePf (for display) is its compartments' c_m A, here with 2 uF/cm^2 on segment 2's six pieces alone.
        var tip = NeuroMlFixtures.Load(Cell(dendGroup: """<segmentGroup id="tip"><member segment="2"/></segmentGroup>""")
            .Replace("""<initMembPotential""", """<specificCapacitance value="2 uF_per_cm2" segmentGroup="tip"/><initMembPotential"""), dir);
        var tipCell = Assert.IsType<HodgkinHuxleyNeuronSpec>(tip.Populations[1].Model);
        Assert.Equal(2 * whole.AreaUm2 * 0.01, tipCell.Morphology!.CapacitancesPf().Skip(4).Sum(), 9);
        Assert.Equal(tipCell.Morphology.CapacitancesPf().Sum(), tipCell.CapacitancePf, 9);
        // Undivided (numberInternalDivisions 1, or a group that is not a section): one compartment per segment, as before.
        Assert.Equal(["0", "1", "2"], MorphologyOf(NeuroMlFixtures.Load(Cell(divisions: "1"), dir)).Compartments.Select(c => c.Name));
        Assert.Equal(["0", "1", "2"], MorphologyOf(NeuroMlFixtures.Load(Cell(neuroLexId: "GO:0030425"), dir)).Compartments.Select(c => c.Name));
        // 4 over 10 + 20 um: NEURON's pieces of 7.5 um straddle the segments' boundary; here B = round(4 x 10 / 30) = 1, then 4: 1 and 3.
        Assert.Equal(["0", "1", "3", "2", "4"], MorphologyOf(NeuroMlFixtures.Load(Cell(divisions: "4"), dir)).Compartments.Select(c => c.Name));
        // As many divisions as segments, or fewer: one compartment per segment (NeuroSharp does not merge segments, as NEURON's nseg 1 does).
        Assert.Equal(["0", "1", "2"], MorphologyOf(NeuroMlFixtures.Load(Cell(divisions: "2"), dir)).Compartments.Select(c => c.Name));
    }

    [Fact]
    public void DividedCylinder_HasNPiecesOfLOverN_WithTheirAreasAndAxialConductances()
    {
        using var dir = new TempDirectory();
        const string cylinder = """<segment id="1" name="d1"><parent segment="0"/><proximal x="0" y="10" z="0" diameter="2"/><distal x="0" y="40" z="0" diameter="2"/></segment>""";
        string text = Cell(divisions: "5").Replace(
            """<segment id="1" name="d1"><parent segment="0"/><proximal x="0" y="10" z="0" diameter="3"/><distal x="0" y="20" z="0" diameter="2.5"/></segment>""", cylinder)
            .Replace("""<segment id="2" name="d2"><parent segment="1"/><distal x="0" y="40" z="0" diameter="1.5"/></segment>""", "")
            .Replace("""<member segment="1"/><member segment="2"/>""", """<member segment="1"/>""")
            .Replace("postSegmentId=\"2\"", "postSegmentId=\"1\"").Replace("segmentId=\"2\"", "segmentId=\"1\"");
        var m = MorphologyOf(NeuroMlFixtures.Load(text, dir));
        Assert.Equal(["0", "2", "3", "1", "4", "5"], m.Compartments.Select(c => c.Name));
        var g = m.AxialConductancesNs();
        for (int k = 1; k <= 5; k++)
        {
            var c = m.Compartments[k];
            Assert.Equal(6, c.LengthUm, 12);
            Assert.Null(c.ProximalDiameterUm);
            Assert.Equal(Math.PI * 2 * 6, c.AreaUm2, 12);
            // Between two pieces: 1 / (R_a (L/n) / (pi d^2 / 4)) = pi d^2 / (4 R_a L/n) in 1e5 nS per (ohm cm / um).
            if (k > 1) Assert.Equal(1e5 * Math.PI * 4 / (4 * 100 * 6), g[k], 9);
        }
        // The first piece meets the soma through its own half and the soma's distal half.
        Assert.Equal(1e5 / (100 * 3 / (Math.PI * 4 / 4) + 100 * 5 / (Math.PI * 100 / 4)), g[1], 9);
    }

    [Fact]
    public void ChildrenOfADividedSegment_HangFromItsEndPiece_AndABranchThereIsAJunction()
    {
        using var dir = new TempDirectory();
        const string children = """
            <segment id="3" name="t1"><parent segment="2"/><distal x="10" y="50" z="0" diameter="1"/></segment>
            <segment id="4" name="t2"><parent segment="2"/><distal x="-10" y="50" z="0" diameter="1"/></segment>
            <segment id="5" name="side"><parent segment="1" fractionAlong="0.5"/><distal x="10" y="15" z="0" diameter="1"/></segment>
            <segment id="6" name="base"><parent segment="1" fractionAlong="0"/><distal x="-10" y="10" z="0" diameter="1"/></segment>
            """;
        var m = MorphologyOf(NeuroMlFixtures.Load(Cell(extraSegments: children), dir));
        var byName = m.Compartments.ToDictionary(c => c.Name);
        // Segment 1's pieces are 7, 1, 8 and segment 2's 9, 10, 11, 2, 12, 13 (new ids after the largest, 6).
        Assert.Equal("13", byName["3"].Parent);
        Assert.Equal("13", byName["4"].Parent);
        // fractionAlong 0.5 of segment 1 (3 pieces) is in piece 1, at its centre; 0 is piece 0's proximal end (where segment 1 meets the soma).
        Assert.Equal("1", byName["5"].Parent);
        Assert.Equal(0.5, byName["5"].FractionAlongParent);
        Assert.Equal("7", byName["6"].Parent);
        Assert.Equal(0, byName["6"].FractionAlongParent);
        // Junctions where three halves meet: the end of 13 (its distal half and the two children's proximal halves), and the soma's end
        // (the soma's distal half, 7's and 6's proximal halves); both placed before the first compartment that hangs there.
        var (parent, axial, compartment) = m.CableNodes();
        var names = compartment.Select(c => c < 0 ? "J" : m.Compartments[c].Name).ToArray();
        int tip = Array.IndexOf(names, "3"), soma = Array.IndexOf(names, "7");
        Assert.Equal("J", names[tip - 1]);
        Assert.Equal("J", names[soma - 1]);
        Assert.Equal(2, names.Count(n => n == "J"));
        Assert.Equal(Array.IndexOf(names, "13"), parent[tip - 1]);
        Assert.Equal(1e5 / m.Compartments[m.IndexOf("13")].DistalHalfResistance(100), axial[tip - 1], 9);
        Assert.Equal(tip - 1, parent[Array.IndexOf(names, "4")]);
    }

    [Fact]
    public void DividedPassiveCable_InputResistance_ApproachesTheFiniteCablesClosedForm()
    {
        // A sealed cylinder of 200 x 1 um, R_a 100 ohm cm, g 0.5 mS/cm^2 (R_m 2000 ohm cm^2): lambda = sqrt(R_m d / (4 R_a)) = 223.6 um,
        // r_a = 4 R_a / (pi d^2) per length; R_in = r_a lambda coth(L / lambda) = 398.4 Mohm at x = 0. 10 pA into fractionAlong 0
        // (the first piece). One compartment is the membrane alone, 1 / (g pi d L) = 318.3 Mohm (20 % low); 100 pieces are within
        // 0.5 % (seen: 397.7, 0.3 % low; the node sits half a piece from the end, I r_a dx / 2 lower, 0.2 %).
        double lambdaCm = Math.Sqrt(2000 * 1e-4 / (4 * 100)), raPerCm = 4 * 100 / (Math.PI * 1e-8), lengthCm = 200e-4;
        double closedMohm = raPerCm * lambdaCm / Math.Tanh(lengthCm / lambdaCm) / 1e6;
        double Rin(int n)
        {
            using var dir = new TempDirectory();
            string text = NeuroMlFixtures.Header + $"""

                  <ionChannelPassive id="pas" conductance="10pS"/>
                  <cell id="cable">
                    <morphology id="m">
                      <segment id="0" name="c"><proximal x="0" y="0" z="0" diameter="1"/><distal x="200" y="0" z="0" diameter="1"/></segment>
                      <segmentGroup id="sec" neuroLexId="sao864921383"><property tag="numberInternalDivisions" value="{n}"/><member segment="0"/></segmentGroup>
                    </morphology>
                    <biophysicalProperties id="b">
                      <membraneProperties>
                        <channelDensity id="leak" ionChannel="pas" condDensity="0.5 mS_per_cm2" erev="-70mV"/>
                        <spikeThresh value="0mV"/><specificCapacitance value="1 uF_per_cm2"/><initMembPotential value="-70mV"/>
                      </membraneProperties>
                      <intracellularProperties><resistivity value="100 ohm_cm"/></intracellularProperties>
                    </biophysicalProperties>
                  </cell>
                  <pulseGenerator id="stim" delay="0ms" duration="1000ms" amplitude="10pA"/>
                  <network id="net">
                    <property tag="recommended_dt_ms" value="0.025"/>
                    <population id="p" component="cable" size="1"/>
                    <inputList id="in" population="p" component="stim"><input id="0" target="../p[0]" segmentId="0" fractionAlong="0" destination="synapses"/></inputList>
                  </network>
                </neuroml>
                """;
            string path = dir.File("cable.nml");
            File.WriteAllText(path, text);
            var spec = NeuroMlFile.Load(path);
            // One piece is a one-compartment cell (recorded as v); more, a morphology of n compartments (the first, 1, the root, takes the pulse at fractionAlong 0).
            var m = Assert.IsType<HodgkinHuxleyNeuronSpec>(spec.Populations[0].Model).Morphology;
            Assert.Equal(n, m?.Compartments.Count ?? 1);
            string first = m is null ? "" : m.Compartments[0].Name;
            if (m is not null)
            {
                Assert.Equal("1", first);
                Assert.Null(Assert.IsType<CurrentInputSpec>(Assert.Single(spec.Inputs)).Compartment); // the root, where inputs go by default
            }
            var run = spec with { Monitors = [new StateMonitorSpec { Target = "p", Variables = [m is null ? "v" : $"v[{first}]"] }] };
            var engine = new SpikingEngine(run);
            engine.Run(run.StepsFor(60, "test")); // tau = 2 ms: 30 tau
            return (engine.StateMonitors[0].Values(m is null ? "v" : $"v[{first}]").ToArray()[^1] + 70) / 10 * 1e3; // mV / pA = Gohm
        }
        double one = Rin(1), fine = Rin(100);
        output.WriteLine($"R_in: closed form {closedMohm:F2} Mohm; 1 compartment {one:F2}, 100 pieces {fine:F2}");
        // v is a float near -70 mV and the one-compartment cell's conductances floats: 1e-3 relative (seen: 1e-4).
        Assert.True(Math.Abs(one - 1 / (0.5e-3 * Math.PI * 1e-4 * 200e-4) / 1e6) < 1e-3 * one, $"1 compartment: {one} Mohm");
        Assert.True(Math.Abs(fine - closedMohm) < 0.005 * closedMohm, $"100 pieces: {fine} Mohm, closed form {closedMohm} Mohm");
        Assert.True(Math.Abs(one - closedMohm) > 0.15 * closedMohm);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("2.5")]
    [InlineData("nine")]
    public void BadDivisions_AreRefused_NamingTheFileTheGroupAndTheValue(string value)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(Cell(divisions: value), dir));
        output.WriteLine(e.Message);
        Assert.Contains("cell.nml", e.Message);
        Assert.Contains("segmentGroup[@id='dend']/property", e.Message);
        Assert.Contains($" @value is '{value}'; numberInternalDivisions of segmentGroup 'dend' is how many compartments NEURON cuts it into, a whole number of at least 1.", e.Message);
    }

    [Fact]
    public void ABranchedOrOverlappingDividedSection_IsRefused()
    {
        using var dir = new TempDirectory();
        const string side = """<segment id="3" name="side"><parent segment="1"/><distal x="10" y="20" z="0" diameter="1"/></segment>""";
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(Cell(extraSegments: side).Replace("""<member segment="1"/><member segment="2"/>""", """<member segment="1"/><member segment="3"/><member segment="2"/>"""), dir));
        Assert.Contains("segmentGroup[@id='dend'] is an unbranched section (neuroLexId sao864921383) of 9 numberInternalDivisions, but its segment 2 hangs from 1, not from 3 before it;", e.Message);
        const string twice = """<segmentGroup id="tip" neuroLexId="sao864921383"><property tag="numberInternalDivisions" value="2"/><member segment="2"/></segmentGroup>""";
        e = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(Cell(dendGroup: twice), dir));
        Assert.Contains("segmentGroup[@id='tip'] divides segment 2, which segmentGroup 'dend' divides too; the unbranched sections (neuroLexId sao864921383) of a cell do not overlap.", e.Message);
    }
}
