using System.Text.Json;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary><c>neurosharp simulate model.net.nml</c> and <c>neurosharp convert</c>: exit codes and sentences.</summary>
public class NeuroMlCommandTests
{
    // An iafCell (tau 30 ms) with 4 pA: V_inf = -10 mV, period 30 ln 2 = 20.8 ms, so 48 spikes in 1 s.
    private const string Driven = """
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="driven">
          <iafCell id="cell" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
          <pulseGenerator id="stim" delay="0ms" duration="1000ms" amplitude="4pA"/>
          <network id="net">
            <property tag="recommended_dt_ms" value="0.05"/>
            <property tag="recommended_duration_ms" value="1000"/>
            <population id="P" component="cell" size="1"/>
            <inputList id="in" population="P" component="stim">
              <input id="0" target="../P[0]" destination="synapses"/>
            </inputList>
          </network>
        </neuroml>
        """;

    [Fact]
    public void Simulate_NeuroMlFile_RunsByExtension()
    {
        using var dir = new TempDirectory();
        string path = dir.File("driven.net.nml");
        File.WriteAllText(path, Driven);
        var (code, output, err) = Run("simulate", path, "--out", dir.File("out"), "--json");
        Assert.True(code == 0, err);
        var metrics = JsonDocument.Parse(output).RootElement;
        Assert.Equal(20000, metrics.GetProperty("steps").GetInt32());
        Assert.Equal(48, metrics.GetProperty("spikes").GetInt64());
    }

    [Fact]
    public void Simulate_NeuroMlWithoutDuration_Exit2NamesTheFileAndNeuroMlsProperty()
    {
        // A NeuroML user has no "durationMs" to add: the sentence names the file and the property NeuroML states it with.
        using var dir = new TempDirectory();
        string path = dir.File("driven.net.nml");
        File.WriteAllText(path, Driven.Replace("""<property tag="recommended_duration_ms" value="1000"/>""", "", StringComparison.Ordinal));
        CliAssert.Refused(Run("simulate", path, "--out", dir.File("out")), "Give --duration-ms or --steps", "driven.net.nml has no <property tag=\"recommended_duration_ms\"> in its <network>");
    }

    // A conductance-based cell of two segments (soma and a dendrite) without a resistivity to couple them.
    private const string TwoSegments = """
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="two">
          <ionChannelPassive id="leak" conductance="10pS"/>
          <cell id="branched">
            <morphology id="m">
              <segment id="0"><proximal x="0" y="0" z="0" diameter="10"/><distal x="10" y="0" z="0" diameter="10"/></segment>
              <segment id="1"><parent segment="0"/><distal x="60" y="0" z="0" diameter="1"/></segment>
            </morphology>
            <biophysicalProperties id="b">
              <membraneProperties>
                <channelDensity id="l" ionChannel="leak" condDensity="3 S_per_m2" erev="-70mV"/>
                <spikeThresh value="0mV"/><specificCapacitance value="1 uF_per_cm2"/><initMembPotential value="-70mV"/>
              </membraneProperties>
            </biophysicalProperties>
          </cell>
          <network id="net">
            <property tag="recommended_duration_ms" value="10"/>
            <population id="P" component="branched" size="1"/>
          </network>
        </neuroml>
        """;

    [Fact]
    public void Simulate_MultiCompartmentCellWithoutResistivity_Exit2NamesTheCellsPropertiesAndWhatIsMissing()
    {
        using var dir = new TempDirectory();
        string path = dir.File("two.net.nml");
        File.WriteAllText(path, TwoSegments);
        CliAssert.Refused(Run("simulate", path, "--out", dir.File("out")), $"{path}:", "/neuroml/cell[@id='branched']/biophysicalProperties[@id='b'] has no resistivity",
            "a cell of several segments needs the axial resistivity that couples them");
    }

    [Fact]
    public void Simulate_MultiCompartmentCell_RunsOnTheMorphology()
    {
        // With a resistivity the two segments are two compartments of one hh cell: a passive membrane at rest, no spike.
        using var dir = new TempDirectory();
        string path = dir.File("two.net.nml");
        File.WriteAllText(path, TwoSegments.Replace("</biophysicalProperties>", "<intracellularProperties><resistivity value=\"100 ohm_cm\"/></intracellularProperties></biophysicalProperties>", StringComparison.Ordinal));
        var (code, output, err) = Run("simulate", path, "--out", dir.File("out"), "--json");
        Assert.True(code == 0, err);
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetProperty("spikes").GetInt64());
    }

    [Fact]
    public void Simulate_OneSegmentCell_RunsOnTheHhModel()
    {
        // The same cell cut to its soma: a passive membrane at rest, 10 ms, no spike.
        using var dir = new TempDirectory();
        string path = dir.File("one.net.nml");
        File.WriteAllText(path, TwoSegments.Replace("""<segment id="1"><parent segment="0"/><distal x="60" y="0" z="0" diameter="1"/></segment>""", "", StringComparison.Ordinal));
        var (code, output, err) = Run("simulate", path, "--out", dir.File("out"), "--json");
        Assert.True(code == 0, err);
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetProperty("spikes").GetInt64());
    }

    [Fact]
    public void Convert_NeuroMlToJsonAndBack_SameNetwork()
    {
        using var dir = new TempDirectory();
        string nml = dir.File("driven.net.nml");
        File.WriteAllText(nml, Driven);
        var first = Run("convert", nml, dir.File("driven.json"));
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("1 populations (1 neurons)", first.Out);
        var json = JsonDocument.Parse(File.ReadAllText(dir.File("driven.json"))).RootElement;
        Assert.Equal("conductanceLif", json.GetProperty("populations")[0].GetProperty("model").GetString());
        Assert.Equal(30, json.GetProperty("populations")[0].GetProperty("params").GetProperty("tauMs").GetDouble(), 12);
        var second = Run("convert", dir.File("driven.json"), dir.File("again.net.nml"));
        Assert.True(second.Exit == 0, second.Err);
        var third = Run("convert", dir.File("again.net.nml"), dir.File("again.json"));
        Assert.True(third.Exit == 0, third.Err);
        Assert.Equal(File.ReadAllText(dir.File("driven.json")), File.ReadAllText(dir.File("again.json")));
    }

    [Fact]
    public void Simulate_UnsupportedElement_Exit2NamesTheElementPath()
    {
        using var dir = new TempDirectory();
        string path = dir.File("pools.nml");
        File.WriteAllText(path, Driven.Replace("<pulseGenerator", "<cell2CaPools id=\"ca2\"/>\n  <pulseGenerator", StringComparison.Ordinal));
        CliAssert.Refused(Run("simulate", path, "--out", dir.File("out")), "pools.nml:3:", "/neuroml/cell2CaPools[@id='ca2']", "does not simulate");
    }

    [Fact]
    public void Simulate_NeuroMlOverTheMemoryLimit_Exit2NamesTheFileAndTheLimit()
    {
        // 100 kB of notes parse to about 1.2 MB of tree: refused before parsing under a 1 MB limit, run under the default.
        using var dir = new TempDirectory();
        string path = dir.File("big.net.nml");
        File.WriteAllText(path, Driven.Replace("<network id", "<notes>" + new string('x', 100_000) + "</notes>\n  <network id", StringComparison.Ordinal));
        CliAssert.Refused(Run("simulate", path, "--memory-limit", "1M", "--out", dir.File("out")), "big.net.nml (NeuroML", "more than the limit of 1 MiB", "--memory-limit");
        var (code, _, err) = Run("simulate", path, "--out", dir.File("out"), "--quiet");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void Simulate_MalformedXml_Exit2WithLineAndPosition()
    {
        using var dir = new TempDirectory();
        string path = dir.File("broken.nml");
        File.WriteAllText(path, Driven.Replace("</network>", "", StringComparison.Ordinal));
        CliAssert.Refused(Run("simulate", path, "--out", dir.File("out")), "broken.nml: not well-formed XML at line", "position");
    }

    [Fact]
    public void Convert_PlasticNetworkToNeuroMl_Exit2NamesTheProjection()
    {
        using var dir = new TempDirectory();
        string json = dir.File("stdp.json");
        File.WriteAllText(json, """
            {"format": "neurosharp.network", "version": 1,
             "populations": [{"name": "a", "count": 2, "model": "conductanceLif", "preset": "coba", "initial": {"v": -60}}],
             "projections": [{"name": "aa", "source": "a", "target": "a", "receptor": "excitatory", "connectivity": {"rule": "allToAll"}, "weight": 0.1, "stdp": {}}]}
            """);
        CliAssert.Refused(Run("convert", json, dir.File("stdp.nml")), "stdp.json: cannot be written as NeuroML", "projection \"aa\"", "plasticity");
    }

    [Theory]
    [InlineData("net.xml")]
    [InlineData("net")]
    public void Convert_OutputNamingNoFormat_Refused(string name)
    {
        // net.xml was once written as the project's JSON without a word.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("driven.nml"), Driven);
        CliAssert.Refused(Run("convert", dir.File("driven.nml"), dir.File(name)), $"'{dir.File(name)}' names no format", ".json", ".nml", "circuit_config.json");
        Assert.False(File.Exists(dir.File(name)));
    }

    [Fact]
    public void Convert_OutputThatCannotBeWritten_RefusedBeforeTheInputIsRead()
    {
        // The shared check of named output files (OutputFile), as simulate's --checkpoint: exit 2 and one sentence, before the
        // input is read (here an input that does not exist: the output's sentence comes first), not exit 1 after the work.
        // convert makes the folders of its output that are missing, so only a file in their place stops it.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("driven.net.nml"), Driven);
        File.WriteAllText(dir.File("plain"), "a file");
        string underFile = Path.Combine(dir.File("plain"), "sub", "net.json");
        CliAssert.Refused(Run("convert", dir.File("driven.net.nml"), underFile), $"convert: the output '{underFile}' cannot be written: {dir.File("plain")} is a file, not a folder.");
        CliAssert.Refused(Run("convert", dir.File("absent.net.nml"), underFile), $"convert: the output '{underFile}' cannot be written");
        Directory.CreateDirectory(dir.File("taken.json"));
        CliAssert.Refused(Run("convert", dir.File("driven.net.nml"), dir.File("taken.json")), $"convert: the output '{dir.File("taken.json")}' cannot be written: it is a folder, not a file.");
        string longName = dir.File(new string('z', 4000) + ".json");
        CliAssert.Refused(Run("convert", dir.File("driven.net.nml"), longName), "cannot be written: the path is too long.");
        CliAssert.Refused(Run("convert", dir.File("driven.net.nml"), Path.Combine(dir.Path, "new", new string('z', 300) + ".json")), "cannot be written: the path is too long.");
        Assert.Empty(Directory.GetFiles(dir.Path, "*.probe", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(dir.File("new")), "a refused convert should make no folder");
        // A missing folder is made, as before the check.
        string fresh = Path.Combine(dir.Path, "new", "deeper", "driven.json");
        Assert.Equal(0, Run("convert", dir.File("driven.net.nml"), fresh).Exit);
        Assert.True(File.Exists(fresh));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.probe", SearchOption.AllDirectories));
    }
}
