using System.Text.RegularExpressions;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>NeuroML cells of several segments read onto the engine's morphology (docs/neuroml.md, "cell: several segments").</summary>
public sealed class NeuroMlMorphologyTests
{
    /// <summary>
    /// A passive cell of three segments: a soma of length 0 (a sphere of 10 um: a cylinder 10 x 10 um), a dendrite from the soma's
    /// distal point (no proximal: it starts at its parent's distal point and diameter, so it tapers from 10 to 2 um over 50 um),
    /// and a cylinder of 30 x 1 um; 20 pA into the soma (or another segment) from 1 ms, and a spike source whose projection reaches
    /// segment 2 at fractionAlong 0.3.
    /// </summary>
    private static string Cell(string membrane = "", string extraConnection = "", string inputSegment = "0") => NeuroMlFixtures.Header + $"""

          <ionChannelPassive id="pas" conductance="10pS"/>
          <cell id="cell">
            <morphology id="morph">
              <segment id="0" name="soma"><proximal x="0" y="0" z="0" diameter="10"/><distal x="0" y="0" z="0" diameter="10"/></segment>
              <segment id="1" name="d1"><parent segment="0"/><distal x="50" y="0" z="0" diameter="2"/></segment>
              <segment id="2" name="d2"><parent segment="1"/><proximal x="50" y="0" z="0" diameter="1"/><distal x="50" y="30" z="0" diameter="1"/></segment>
              <segmentGroup id="soma_group"><member segment="0"/></segmentGroup>
              <segmentGroup id="d1_group"><member segment="1"/></segmentGroup>
              <segmentGroup id="dend"><include segmentGroup="d1_group"/><member segment="2"/></segmentGroup>
            </morphology>
            <biophysicalProperties id="bio">
              <membraneProperties>
                <channelDensity id="leak" ionChannel="pas" condDensity="0.3 mS_per_cm2" erev="-70mV"/>
                <channelDensity id="leakDend" ionChannel="pas" condDensity="0.5 S_per_m2" erev="-70mV" segmentGroup="dend"/>
                <spikeThresh value="0mV"/>
                <specificCapacitance value="1 uF_per_cm2"/>
                <specificCapacitance value="2 uF_per_cm2" segmentGroup="dend"/>
                <initMembPotential value="-70mV"/>
                {membrane}
              </membraneProperties>
              <intracellularProperties><resistivity value="0.15 kohm_cm"/></intracellularProperties>
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
              {extraConnection}
            </projection>
            <inputList id="in" population="p" component="stim">
              <input id="0" target="../p[0]" segmentId="{inputSegment}" fractionAlong="0.5" destination="synapses"/>
            </inputList>
          </network>
        </neuroml>
        """;

    /// <summary>The same morphology written by hand as a network file's (docs/spiking-multicompartment.md).</summary>
    private const string MorphologyJson = """
        "morphology": {
          "compartments": [
            { "name": "0", "lengthUm": 10, "diameterUm": 10 },
            { "name": "1", "parent": "0", "lengthUm": 50, "diameterUm": 2, "proximalDiameterUm": 10 },
            { "name": "2", "parent": "1", "lengthUm": 30, "diameterUm": 1 } ],
          "groups": [ { "name": "soma_group", "compartments": ["0"] }, { "name": "d1_group", "compartments": ["1"] },
                      { "name": "dend", "compartments": ["1", "2"] } ],
          "densities": [ { "channel": "leak", "group": "all", "conductanceMsPerCm2": 0.3 },
                         { "channel": "leakDend", "group": "dend", "conductanceMsPerCm2": 0.05 } ],
          "specificCapacitanceUfPerCm2": 1, "capacitances": [ { "group": "dend", "ufPerCm2": 2 } ],
          "axialResistivityOhmCm": 150, "spikeCompartment": "0" }
        """;

    private static float[][] Traces(NetworkSpec spec)
    {
        string[] names = ["v[0]", "v[1]", "v[2]"];
        var run = spec with { Monitors = [new StateMonitorSpec { Target = "p", Variables = names }] };
        var engine = new SpikingEngine(run);
        engine.Run(run.StepsFor(20, "test"));
        return [.. names.Select(n => engine.StateMonitors[0].Values(n).ToArray())];
    }

    [Fact]
    public void ThreeSegmentPassiveCell_EqualsTheSameMorphologyWrittenAsANetworkFile_BitForBit()
    {
        using var dir = new TempDirectory();
        var read = NeuroMlFixtures.Load(Cell(), dir);
        var model = Assert.IsType<HodgkinHuxleyNeuronSpec>(read.Populations[1].Model);
        Assert.NotNull(model.Morphology);

        // The network file of the read network with its morphology replaced by the hand-written one.
        string json = NetworkFile.ToJson(read);
        var written = Regex.Replace(json, "\"morphology\": \\{.*?\"spikeCompartment\": \"0\"\\s*\\}", MorphologyJson, RegexOptions.Singleline);
        Assert.NotEqual(json, written);
        var hand = NetworkFile.Parse(written, "hand.json");
        Assert.Equal(Assert.IsType<HodgkinHuxleyNeuronSpec>(hand.Populations[1].Model).Morphology, model.Morphology);
        Assert.Equal(hand.Populations[1].Model, model);
        Assert.Equal(10, model.Morphology!.Compartments[1].ProximalDiameterUm); // segment 1 starts at the soma's distal diameter

        // The synapse reaches segment 2 (its compartment), the pulse the soma.
        Assert.Equal("2", Assert.Single(read.Projections).Compartment);

        var a = Traces(read);
        var b = Traces(hand);
        for (int k = 0; k < 3; k++) Assert.Equal(b[k], a[k]);
        // The pulse charges the soma first; the synapse at 3 ms lifts the far dendrite above the soma.
        Assert.True(a[0][^1] > -70 && a[2].Max() > a[0][(int)(3.5 / 0.025)], "the synapse on segment 2 depolarises it above the soma");
    }

    [Fact]
    public void FractionAlong_PlacesTheChild_AndItsMissingProximalPointThere()
    {
        // Segment 2 at fractionAlong 0 of segment 1 without a proximal point: it hangs at d1's proximal end (where d1 meets the soma,
        // a branch point of three halves) and starts at d1's proximal point and diameter, 10 um, tapering to 1 um over |(50, 30) - 0|.
        const string d2 = """<segment id="2" name="d2"><parent segment="1"/><proximal x="50" y="0" z="0" diameter="1"/><distal x="50" y="30" z="0" diameter="1"/></segment>""";
        using var dir = new TempDirectory();
        string text = Cell();
        Assert.Contains(d2, text);
        var read = NeuroMlFixtures.Load(text.Replace(d2, """<segment id="2" name="d2"><parent segment="1" fractionAlong="0.0"/><distal x="50" y="30" z="0" diameter="1"/></segment>"""), dir);
        var m = Assert.IsType<HodgkinHuxleyNeuronSpec>(read.Populations[1].Model).Morphology!;
        Assert.Equal(0, m.Compartments[2].FractionAlongParent);
        Assert.Equal(10, m.Compartments[2].ProximalDiameterUm);
        Assert.Equal(Math.Sqrt(50 * 50 + 30 * 30), m.Compartments[2].LengthUm, 12);
        Assert.Equal(new[] { 0, -1, 1, 2 }, m.CableNodes().Compartment);
        Assert.Null(Assert.IsType<HodgkinHuxleyNeuronSpec>(NeuroMlFixtures.Load(Cell(), dir).Populations[1].Model).Morphology!.Compartments[2].FractionAlongParent);
        var error = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(text.Replace("""<parent segment="1"/><proximal x="50" """, """<parent segment="1" fractionAlong="1.5"/><proximal x="50" """), dir));
        Assert.Contains("@fractionAlong is 1.5; a point along the parent is between 0 (its proximal end) and 1 (its distal end).", error.Message);
    }

    [Fact]
    public void InputOntoADendrite_ReachesThatSegment_AndAnUnknownSegmentIsRefused()
    {
        using var dir = new TempDirectory();
        var soma = NeuroMlFixtures.Load(Cell(), dir);
        var dend = NeuroMlFixtures.Load(Cell(inputSegment: "2"), dir);
        Assert.Null(Assert.IsType<CurrentInputSpec>(Assert.Single(soma.Inputs)).Compartment);
        Assert.Equal("2", Assert.IsType<CurrentInputSpec>(Assert.Single(dend.Inputs)).Compartment);
        // 20 pA into segment 2 (before the synapse at 3 ms): v there rises above the soma's, where the soma's pulse does the reverse.
        var a = Traces(soma);
        var b = Traces(dend);
        int before = (int)(2.9 / 0.025);
        Assert.True(a[0][before] > a[2][before] && b[2][before] > b[0][before] + 0.1,
            $"into the soma: soma {a[0][before]}, tip {a[2][before]} mV; into segment 2: soma {b[0][before]}, tip {b[2][before]} mV");
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(Cell(inputSegment: "9"), dir));
        Assert.Contains("inputList[@id='in']/input[@id='0'] @segmentId is '9', which is not a segment of cell 'cell' (0, 1, 2).", e.Message);
    }

    [Theory]
    [InlineData("", """<connection id="1" preCellId="../src[0]" postCellId="../p[0]" postSegmentId="7"/>""",
        "@postSegmentId is '7', which is not a segment of cell 'cell' (0, 1, 2).")]
    [InlineData("""<channelDensity id="x" ionChannel="pas" condDensity="1 S_per_m2" erev="-70mV" segmentGroup="apical"/>""", "",
        "@segmentGroup is 'apical', which is not a segmentGroup of the cell's morphology (all, soma_group, d1_group, dend).")]
    [InlineData("""<channelDensity id="x" ionChannel="pas" condDensity="1 S_per_m2" erev="-70mV" segment="2"/>""", "",
        "channelDensity[@id='x'] @segment is '2'; NeuroSharp places values on a cell of several segments by segmentGroup")]
    [InlineData("""<channelPopulation id="x" ionChannel="pas" number="3" erev="-70mV"/>""", "",
        "@segmentGroup is 'all', which holds 3 segments; NeuroSharp places a channelPopulation (a number of channels, not a density) on one segment")]
    public void Refusals_NameTheElementAndTheBadValue(string membrane, string connection, string expected)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(Cell(membrane, connection), dir));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void IncludedFilesNetwork_IsIgnored_WhenTheIncludingFileHasItsOwn()
    {
        // As NML2_MultiCompCellNetwork.nml includes NML2_SingleCompHHCell.nml, whose network net1 demonstrates its cell.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("inc.nml"), Cell().Replace("<network id=\"net\">", "<network id=\"incNet\">"));
        string main = NeuroMlFixtures.Header + """

              <include href="inc.nml"/>
              <network id="own">
                <population id="q" component="cell" size="2"/>
              </network>
            </neuroml>
            """;
        File.WriteAllText(dir.File("main.nml"), main);
        var spec = NeuroMlFile.Load(dir.File("main.nml"));
        Assert.Equal("q", Assert.Single(spec.Populations).Name);
        Assert.Equal(2, spec.Populations[0].Count);
        // Two networks in the file itself are still refused.
        File.WriteAllText(dir.File("two.nml"), main.Replace("</neuroml>", """<network id="other"><population id="r" component="cell" size="1"/></network></neuroml>"""));
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(dir.File("two.nml")));
        Assert.Contains("/neuroml/network[@id='other'] is a second network; NeuroSharp reads one network per file.", e.Message);
    }

    [Theory]
    [InlineData("""<subTree><from segment="1"/></subTree>""", "1,2")]
    [InlineData("""<path><from segment="1"/><to segment="2"/></path>""", "1,2")]
    [InlineData("""<subTree><from segment="1"/><to segment="2"/></subTree>""", "1,2")]
    [InlineData("""<subTree><to segment="2"/></subTree>""", "0,1,2")]
    [InlineData("""<path><from segment="0"/><to segment="1"/></path><member segment="2"/>""", "0,1,2")]
    public void PathAndSubTreeGroups_HoldTheSegmentsOfTheTree(string inside, string members)
    {
        using var dir = new TempDirectory();
        string original = """<segmentGroup id="dend"><include segmentGroup="d1_group"/><member segment="2"/></segmentGroup>""";
        Assert.Contains(original, Cell());
        var spec = NeuroMlFixtures.Load(Cell().Replace(original, $"""<segmentGroup id="dend">{inside}</segmentGroup>"""), dir);
        var m = Assert.IsType<HodgkinHuxleyNeuronSpec>(spec.Populations[1].Model).Morphology!;
        Assert.Equal(members, string.Join(",", m.Groups.Single(g => g.Name == "dend").Compartments));
        if (members == "1,2") Assert.Equal(NeuroMlFixtures.Load(Cell(), dir).Populations[1].Model, spec.Populations[1].Model); // the same cell as member and include give
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFixtures.Load(Cell().Replace(original, """<segmentGroup id="dend"><path><from segment="2"/><to segment="1"/></path></segmentGroup>"""), dir));
        Assert.Contains("segmentGroup[@id='dend']/path", e.Message);
        Assert.Contains(" runs from segment 2 to segment 1, which is not below it; a path runs from a segment down to one of its descendants.", e.Message);
    }
}
