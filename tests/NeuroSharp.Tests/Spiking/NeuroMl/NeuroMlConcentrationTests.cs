using System.Globalization;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML's calcium pools and the channels that read them (docs/neuroml.md, "Ion concentrations"): species with each concentration
/// model become the hh model's pool on the segment's area, channelDensityNernst/GHK/GHK2 become Nernst and GHK channels at the
/// network's temperature, channels with ion="ca" feed the pool, LEMS's caConc column records it, and each refusal names its element.
/// </summary>
public class NeuroMlConcentrationTests
{
    /// <summary>The test cell's area: a sphere of diameter 10 um, 4 r^2 pi with jLEMS's pi.</summary>
    private const double Area = 4 * 25 * NeuroMlReader.LemsPi;

    private const string Gate = """<gateHHtauInf id="e" instances="2"><timeCourse type="fixedTimeCourse" tau="0.1 ms"/><steadyState type="HHSigmoidVariable" rate="1" scale="6.7 mV" midpoint="-3.4 mV"/></gateHHtauInf>""";

    private const string Channels = """<ionChannelPassive id="leak"/><ionChannel id="cach" type="ionChannelHH" species="ca">""" + Gate + "</ionChannel>";

    private static string Species(string model = "pool") =>
        $"""<species id="ca" concentrationModel="{model}" ion="ca" initialConcentration="1e-4 mM" initialExtConcentration="2E-6 mol_per_cm3"/>""";

    private static HodgkinHuxleyNeuronSpec Load(string document, TempDirectory dir, string? name = null)
    {
        string path = dir.File(name ?? "cell.nml");
        File.WriteAllText(path, document);
        return Assert.IsType<HodgkinHuxleyNeuronSpec>(NeuroMlFile.Load(path).Populations[0].Model);
    }

    [Fact]
    public void FixedFactorPool_AndAFixedErevCalciumChannel_FeedEachOther()
    {
        using var dir = new TempDirectory();
        var model = Load(NeuroMlCellTests.Document(Channels + """<fixedFactorConcentrationModel id="pool" ion="ca" restingConc="1e-5 mM" decayConstant="20 ms" rho="0.0002 mol_per_m_per_A_per_s"/>""",
            """<channelDensity id="leak_all" ionChannel="leak" condDensity="3 S_per_m2" erev="-70mV" ion="non_specific"/><channelDensity id="ca_all" ionChannel="cach" condDensity="0.6 S_per_m2" erev="50 mV" ion="ca"/>""",
            intracellular: Species()), dir);
        var pool = Assert.Single(model.Concentrations);
        Assert.Equal(new ConcentrationPoolSpec
        {
            Ion = "ca", Model = ConcentrationModel.FixedFactor, InitialMm = 1e-4, ExternalMm = 2, RestingMm = 1e-5, DecayMs = 20, Rho = 0.0002, AreaUm2 = Area,
        }, pool);
        Assert.Null(model.Channels[0].Ion);
        Assert.Equal(("ca", ReversalKind.Fixed, 50.0), (model.Channels[1].Ion, model.Channels[1].Reversal, model.Channels[1].ReversalMv));
        Assert.Equal(0.6 * Area / 1000, model.Channels[1].ConductanceNs, 12);
    }

    [Theory]
    [InlineData("""<decayingPoolConcentrationModel id="pool" ion="ca" restingConc="1e-5 mM" decayConstant="5 ms" shellThickness="0.2 um"/>""", ConcentrationModel.DecayingPool, 5, 0.2, 0)]
    [InlineData("""<concentrationModel id="pool" type="decayingPoolConcentrationModel" ion="ca" restingConc="1e-5 mM" decayConstant="5 ms" shellThickness="2e-5 cm"/>""", ConcentrationModel.DecayingPool, 5, 0.2, 0)]
    [InlineData("""<concentrationModel id="pool" type="fixedFactorConcentrationModel" ion="ca" restingConc="1e-5 mM" decayConstant="1.0 ms" rho="3e-1 mol_per_m_per_A_per_s"/>""", ConcentrationModel.FixedFactor, 1, 0.1, 0.3)]
    [InlineData("""<fixedFactorConcentrationModelTraub id="pool" ion="ca" restingConc="1e-5 mM" beta="0.075 per_ms" phi="520 mol_per_m_per_A_per_s"/>""", ConcentrationModel.FixedFactor, 1 / 0.075, 0.1, 520e-9)]
    public void EachConcentrationModel_MapsOntoAPool(string element, ConcentrationModel expected, double decayMs, double shellUm, double rho)
    {
        using var dir = new TempDirectory();
        var model = Load(NeuroMlCellTests.Document(Channels + element, """<channelDensity id="ca_all" ionChannel="cach" condDensity="0.6 S_per_m2" erev="50 mV" ion="ca"/>""",
            intracellular: Species()), dir);
        var pool = Assert.Single(model.Concentrations);
        Assert.Equal(expected, pool.Model);
        Assert.Equal(decayMs, pool.DecayMs, 12);
        Assert.Equal(shellUm, pool.ShellThicknessUm, 12);
        Assert.Equal(rho, pool.Rho, 15);
        Assert.Equal(1e-5, pool.RestingMm, 15);
    }

    [Fact]
    public void NernstGhkAndGhk2_ReadAtTheNetworksTemperature()
    {
        using var dir = new TempDirectory();
        var model = Load(NeuroMlCellTests.Document(Channels + """<fixedFactorConcentrationModel id="pool" ion="ca" restingConc="0 mM" decayConstant="1 ms" rho="0.3 mol_per_m_per_A_per_s"/>""",
            """
            <channelDensityNernst id="nernst" ionChannel="cach" condDensity="0.5 S_per_m2" ion="ca"/>
            <channelDensityGHK id="ghk" ionChannel="cach" permeability="2.5e-7 m_per_s" ion="ca"/>
            <channelDensityGHK2 id="ghk2" ionChannel="cach" condDensity="0.2 mS_per_cm2" ion="ca"/>
            """,
            networkAttributes: """ type="networkWithTemperature" temperature="16.3 degC" """, intracellular: Species()), dir);
        Assert.Equal(16.3, model.TemperatureCelsius, 12);
        Assert.Equal([ReversalKind.Nernst, ReversalKind.Ghk, ReversalKind.Ghk2], model.Channels.Select(c => c.Reversal));
        Assert.All(model.Channels, c => Assert.Equal("ca", c.Ion));
        Assert.Equal(0.5 * Area / 1000, model.Channels[0].ConductanceNs, 12);
        Assert.Equal(2.5e-7 * 1e6 * Area, model.Channels[1].PermeabilityUm3PerS, 9); // um/s x um^2
        Assert.Equal(2 * Area / 1000, model.Channels[2].ConductanceNs, 12);
        Assert.Equal(2, model.Concentrations[0].Valence);
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        {
            NeuroMlCellTests.Document(Channels, """<channelDensityNernst id="n" ionChannel="cach" condDensity="0.5 S_per_m2" ion="ca"/>""",
                networkAttributes: """ type="networkWithTemperature" temperature="6.3 degC" """),
            "channelDensityNernst[@id='n']", "is a channelDensityNernst, which reads the calcium concentrations, but the cell has no <species ion=\"ca\"> with a concentration model"
        },
        {
            NeuroMlCellTests.Document(Channels + """<fixedFactorConcentrationModel id="pool" ion="ca" restingConc="0 mM" decayConstant="1 ms" rho="0.3 mol_per_m_per_A_per_s"/>""",
                """<channelDensityGHK id="g" ionChannel="cach" permeability="2.5e-7 m_per_s" ion="ca"/>""", intracellular: Species()),
            "channelDensityGHK[@id='g']", "is a channelDensityGHK, whose current depends on the temperature, but network 'net' gives none"
        },
        {
            NeuroMlCellTests.Document(Channels + """<fixedFactorConcentrationModel id="pool" ion="k" restingConc="0 mM" decayConstant="1 ms" rho="0.3 mol_per_m_per_A_per_s"/>""",
                "", intracellular: """<species id="k" concentrationModel="pool" ion="k" initialConcentration="1 mM" initialExtConcentration="2 mM"/>"""),
            "species[@id='k']", "@ion is 'k'; NeuroSharp simulates calcium pools (ion=\"ca\")"
        },
        {
            NeuroMlCellTests.Document(Channels + """<concentrationModel id="pool" type="myPool" ion="ca" restingConc="0 mM"/>""", "", intracellular: Species()),
            "concentrationModel[@id='pool']", "has type 'myPool', which NeuroSharp does not simulate; a concentration model is one of decayingPoolConcentrationModel"
        },
        {
            NeuroMlCellTests.Document(Channels + """<decayingPoolConcentrationModel id="pool" ion="ca" restingConc="0 mM" decayConstant="1 ms" shellThickness="6 um"/>""", "", intracellular: Species()),
            "decayingPoolConcentrationModel[@id='pool']", "@shellThickness is '6 um', more than the radius of a sphere of the cell's area"
        },
        {
            NeuroMlCellTests.Document(Channels + """<fixedFactorConcentrationModel id="pool" ion="ca" restingConc="0 mM" decayConstant="1 ms" rho="0.3 mol_per_m_per_A_per_s"/>""",
                """<channelDensityNernst id="n" ionChannel="cach" condDensity="0.5 S_per_m2" erev="50 mV" ion="ca"/>""",
                networkAttributes: """ type="networkWithTemperature" temperature="6.3 degC" """, intracellular: Species()),
            "channelDensityNernst[@id='n']", "has an erev; a channelDensityNernst's current comes from the calcium concentrations"
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusal_NamesFileLinePositionElementAndReason(string document, string element, string reason)
    {
        using var dir = new TempDirectory();
        string path = dir.File("cell.nml");
        File.WriteAllText(path, document);
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: /neuroml/", ex.Message);
        Assert.Contains(element, ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Lems_CaConcColumn_RecordsThePoolInMolPerCubicMetre()
    {
        // A passive cell depolarised to about -10 mV by 50 pA: calcium enters through ca_all (erev 50 mV, its gate about a
        // quarter open) and the column shows the pool, starting at its initial concentration and rising towards about 1e-3 mM.
        using var dir = new TempDirectory();
        string cell = NeuroMlCellTests.Document(Channels + """<fixedFactorConcentrationModel id="pool" ion="ca" restingConc="1e-4 mM" decayConstant="20 ms" rho="2 mol_per_m_per_A_per_s"/>""",
            """<channelDensity id="leak_all" ionChannel="leak" condDensity="3 S_per_m2" erev="-70mV" ion="non_specific"/><channelDensity id="ca_all" ionChannel="cach" condDensity="6 S_per_m2" erev="50 mV" ion="ca"/>""",
            intracellular: Species());
        cell = cell.Replace("""<population id="p" component="cell" size="2"/>""", """<population id="p" component="cell" size="2"/><inputList id="in" population="p" component="stim"><input id="0" target="../p[0]" destination="synapses"/></inputList>""")
            .Replace("<cell id=\"cell\">", """<pulseGenerator id="stim" delay="0ms" duration="100ms" amplitude="0.05nA"/><cell id="cell">""");
        File.WriteAllText(dir.File("cell.nml"), cell);
        File.WriteAllText(dir.File("LEMS_ca.xml"), """
            <Lems>
              <Target component="sim"/>
              <Include file="cell.nml"/>
              <Simulation id="sim" length="20ms" step="0.01ms" target="net">
                <OutputFile id="of" fileName="ca.dat">
                  <OutputColumn id="v" quantity="p[0]/v"/>
                  <OutputColumn id="ca" quantity="p/0/cell/caConc"/>
                  <OutputColumn id="ca1" quantity="p/1/cell/caConc"/>
                  <OutputColumn id="ica" quantity="p/0/cell/bio/membraneProperties/ca_all/iDensity"/>
                  <OutputColumn id="gca" quantity="p/0/cell/bio/membraneProperties/ca_all/gDensity"/>
                </OutputFile>
              </Simulation>
            </Lems>
            """);
        var sim = LemsFile.Load(dir.File("LEMS_ca.xml"));
        Assert.Equal(("caConc", 1.0), (sim.OutputFiles[0].Columns[1].Variable, sim.OutputFiles[0].Columns[1].ToSi));
        var engine = new SpikingEngine(sim.Network);
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(2000);
        string written = Assert.Single(outputs.Write(engine, dir.Path));
        var rows = File.ReadAllLines(written).Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(2001, rows.Length);
        Assert.Equal(1e-4, rows[0][2], 9);
        Assert.True(rows[^1][2] > 2e-4, $"the driven cell's calcium should rise ({rows[^1][2]} mM)");
        Assert.True(rows[^1][2] > 2 * rows[^1][3], "the undriven cell's calcium stays near rest");
        // iDensity in A/m^2 = pA/um^2: at the start 6 S/m^2 e^2 (50 mV - -65 mV), e the gate's steady state at -65 mV.
        Assert.Equal(("ca_all_i", 1 / Area), (sim.OutputFiles[0].Columns[3].Variable, sim.OutputFiles[0].Columns[3].ToSi));
        double e = 1 / (1 + Math.Exp(-(-65 - -3.4) / 6.7));
        Assert.Equal(6 * e * e * 0.115, rows[0][4], 1e-4 * 6 * e * e * 0.115);
        Assert.True(rows[^1][4] > 100 * rows[0][4], "the depolarised cell's calcium current density should grow");
        // gDensity in S/m^2 (nS over um^2, x 1000): 6 S/m^2 e^2 at the start; iDensity = gDensity (E - v) on every row.
        Assert.Equal(("ca_all_g", 1000 / Area), (sim.OutputFiles[0].Columns[4].Variable, sim.OutputFiles[0].Columns[4].ToSi));
        Assert.Equal(6 * e * e, rows[0][5], 1e-4 * 6 * e * e);
        foreach (var row in rows) Assert.Equal(row[5] * (0.05 - row[1]), row[4], 1e-3 * Math.Abs(row[4]) + 1e-12);
    }

    [Fact]
    public void Lems_IDensityColumn_OfAChannelWithoutAPool_IsRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("cell.nml"), NeuroMlCellTests.Document(Channels, """<channelDensity id="leak_all" ionChannel="leak" condDensity="3 S_per_m2" erev="-70mV"/>"""));
        File.WriteAllText(dir.File("LEMS_i.xml"), """
            <Lems>
              <Target component="sim"/>
              <Include file="cell.nml"/>
              <Simulation id="sim" length="1ms" step="0.01ms" target="net">
                <OutputFile id="of" fileName="i.dat"><OutputColumn id="i" quantity="p/0/cell/bio/membraneProperties/leak_all/iDensity"/></OutputFile>
              </Simulation>
            </Lems>
            """);
        var ex = Assert.Throws<InvalidInputException>(() => LemsFile.Load(dir.File("LEMS_i.xml")));
        Assert.Contains("a channel's current density; NeuroSharp records it for the channels with gates, a pool or a Nernst/GHK reversal of a cell with a calcium pool", ex.Message);
        Assert.Contains("population 'p' has no such channel 'leak_all'", ex.Message);
    }

    [Fact]
    public void Lems_CaConcColumn_WithoutAPool_IsRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("cell.nml"), NeuroMlCellTests.Document(Channels, """<channelDensity id="leak_all" ionChannel="leak" condDensity="3 S_per_m2" erev="-70mV"/>"""));
        File.WriteAllText(dir.File("LEMS_ca.xml"), """
            <Lems>
              <Target component="sim"/>
              <Include file="cell.nml"/>
              <Simulation id="sim" length="1ms" step="0.01ms" target="net">
                <OutputFile id="of" fileName="ca.dat"><OutputColumn id="ca" quantity="p/0/cell/caConc"/></OutputFile>
              </Simulation>
            </Lems>
            """);
        var ex = Assert.Throws<InvalidInputException>(() => LemsFile.Load(dir.File("LEMS_ca.xml")));
        Assert.Contains("@quantity is 'p/0/cell/caConc', but population 'p' is a conductance-based cell, whose recorded variables are v, its gates' q", ex.Message);
        Assert.Contains("and caConc where the cell has a <species ion=\"ca\"> with a concentration model", ex.Message);
    }
}
