using System.Globalization;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// A LEMS file's columns that are not a cell's own state (docs/neuroml.md, "LEMS simulation files"): a synapse's g and block factor
/// on a cell (the port or channel it feeds) against the closed forms of one spike, a channel's fopen over a gateFractional's
/// subGates against the engine's gates, and each refusal's sentence.
/// </summary>
public class LemsSynapseOutputsTests
{
    // A passive pointCellCondBased (leak 3 nS at -54.3 mV, 10 pF) with NMDA (blocked, Ex6's numbers) and AMPA synapses, one spike each.
    private static string Lems(string columns, string connections = "", string length = "60ms") => $$"""
        <Lems>
          <Target component="sim"/>
          <Include file="Cells.xml"/>
          <ionChannelPassive id="passive" conductance="10pS"/>
          <pointCellCondBased id="pas" C="10pF" v0="-65mV" thresh="20mV"><channelPopulation id="leak" ionChannel="passive" number="300" erev="-54.3mV"/></pointCellCondBased>
          <expOneSynapse id="ampa" gbase="0.5nS" erev="0mV" tauDecay="3ms"/>
          <blockingPlasticSynapse id="nmda" gbase="0.5nS" erev="0mV" tauRise="2ms" tauDecay="8ms">
            <voltageConcDepBlockMechanism id="block" species="mg" blockConcentration="1.2 mM" scalingConc="1.920544 mM" scalingVolt="16.129 mV"/>
          </blockingPlasticSynapse>
          <spikeArray id="spks"><spike id="0" time="10 ms"/></spikeArray>
          <network id="net">
            <population id="pre" component="spks" size="1"/>
            <population id="post" component="pas" size="2"/>
            <synapticConnectionWD from="pre[0]" to="post[0]" synapse="nmda" destination="synapses" weight="2" delay="1ms"/>
            <synapticConnectionWD from="pre[0]" to="post[0]" synapse="ampa" destination="synapses" weight="2" delay="0ms"/>
            {{connections}}
          </network>
          <Simulation id="sim" length="{{length}}" step="0.01ms" target="net">
            <OutputFile id="o" fileName="out.dat">
              <OutputColumn id="v" quantity="post[0]/v"/>
              {{columns}}
            </OutputFile>
          </Simulation>
        </Lems>
        """;

    private static double[][] Run(TempDirectory dir, string text)
    {
        File.WriteAllText(dir.File("LEMS_syn.xml"), text);
        var sim = LemsFile.Load(dir.File("LEMS_syn.xml"));
        var engine = new SpikingEngine(sim.Network);
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(sim.Network.StepsFor(sim.Network.DurationMs!.Value, "test"));
        outputs.Write(engine, dir.Path);
        return [.. File.ReadAllLines(dir.File("out.dat")).Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray())];
    }

    /// <summary>
    /// g of a blockingPlasticSynapse (Synapses.xml: blockFactor gbase (B - A)) after one spike of weight 2 is B(v) w gbase f (exp(-t/8 ms)
    /// - exp(-t/2 ms)), f normalising the peak to 1; blockFactor = 1 / (1 + 1.2 / 1.920544 exp(-v / 16.129 mV)) at the row's v; the
    /// expOneSynapse's g is w gbase exp(-t/3 ms). t counts from the step the spike reaches the cell (the first row with g above 0 is t = dt).
    /// </summary>
    [Fact]
    public void SynapseColumns_GAndBlockFactor_FollowTheClosedForms()
    {
        using var dir = new TempDirectory();
        var rows = Run(dir, Lems("""
            <OutputColumn id="g" quantity="post[0]/synapses:nmda:0/g"/>
            <OutputColumn id="b" quantity="post[0]/synapses:nmda:0/block/blockFactor"/>
            <OutputColumn id="b2" quantity="post/0/pas/synapses:nmda:0/blockFactor"/>
            <OutputColumn id="a" quantity="post[0]/synapses:ampa:0/g"/>
            """));
        Assert.Equal(6001, rows.Length);
        double dt = 1e-5, tauR = 2e-3, tauD = 8e-3, tp = tauR * tauD / (tauD - tauR) * Math.Log(tauD / tauR);
        double f = 1 / (Math.Exp(-tp / tauD) - Math.Exp(-tp / tauR));
        int nmda = Array.FindIndex(rows, r => r[2] > 0), ampa = Array.FindIndex(rows, r => r[5] > 0);
        // The spike at 10 ms (the step ending there) reaches AMPA's g at once (delay 0), NMDA's rise state 1 ms later, its g a step after.
        Assert.Equal(10e-3, rows[ampa][0], 9);
        Assert.Equal(11.01e-3, rows[nmda][0], 9);
        double peak = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            double v = rows[k][1] * 1000, b = 1 / (1 + 1.2 / 1.920544 * Math.Exp(-v / 16.129));
            Assert.True(Math.Abs(rows[k][3] - b) < 2e-6, $"row {k}: blockFactor {rows[k][3]}, B(v = {v} mV) = {b}");
            Assert.Equal(rows[k][3], rows[k][4]);
            double t = k < nmda ? -1 : (k - nmda + 1) * dt;
            double open = t < 0 ? 0 : 2 * 0.5e-9 * f * (Math.Exp(-t / tauD) - Math.Exp(-t / tauR));
            Assert.True(Math.Abs(rows[k][2] - b * open) < 1e-5 * 1e-9, $"row {k}: g {rows[k][2]} S, closed form {b * open} S");
            peak = Math.Max(peak, rows[k][2] / rows[k][3]);
            double ta = k < ampa ? -1 : (k - ampa) * dt;
            double ga = ta < 0 ? 0 : 2 * 0.5e-9 * Math.Exp(-ta / 3e-3);
            Assert.True(Math.Abs(rows[k][5] - ga) < 1e-6 * 1e-9, $"row {k}: AMPA g {rows[k][5]} S, closed form {ga} S");
        }
        // The unblocked conductance peaks at w gbase = 1 nS.
        Assert.Equal(1e-9, peak, 12);
    }

    [Theory]
    [InlineData("post[0]/synapses:nmda:1/g", "", "@quantity is 'post[0]/synapses:nmda:1/g', but cell 0 of population 'post' has one connection of that kind of synapse, so no instance 1.")]
    [InlineData("post[1]/synapses:nmda:0/g", "", "@quantity is 'post[1]/synapses:nmda:0/g', but cell 1 of population 'post' has no connection of that kind of synapse.")]
    [InlineData("post[0]/synapses:ampa:0/g", """<synapticConnection from="pre[0]" to="post[0]" synapse="ampa" destination="synapses"/>""",
        "@quantity is 'post[0]/synapses:ampa:0/g', but cell 0 of population 'post' receives 2 connections onto the conductance that synapse 'ampa' feeds; jLEMS records each connection's instance, NeuroSharp one conductance per kind of synapse (their sum), so it records a synapse's g where one connection feeds it.")]
    [InlineData("post[0]/synapses:gaba:0/g", "", "@quantity is 'post[0]/synapses:gaba:0/g', but no conductance synapse 'gaba' reaches population 'post' (its synapses: nmda, ampa).")]
    [InlineData("post[0]/synapses:ampa:0/blockFactor", "", "@quantity is 'post[0]/synapses:ampa:0/blockFactor'; NeuroSharp records synapse 'ampa' on a cell as synapses:ampa:0/g.")]
    [InlineData("post[0]/synapses:nmda:0/A", "", "@quantity is 'post[0]/synapses:nmda:0/A'; NeuroSharp records synapse 'nmda' on a cell as synapses:nmda:0/g, synapses:nmda:0/blockFactor, synapses:nmda:0/block/blockFactor.")]
    [InlineData("post[0]/leak/passive/fopen", "", "@quantity is 'post[0]/leak/passive/fopen', but the cell of population 'post' has no gated channelDensity or channelPopulation 'leak' with a fixed erev, whose fopen and g NeuroSharp records (it has none).")]
    public void SynapseColumns_Refusals_NameTheFileLineAndWhy(string quantity, string connections, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("LEMS_syn.xml"), Lems($"""<OutputColumn id="x" quantity="{quantity}"/>""", connections));
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(dir.File("LEMS_syn.xml")));
        Assert.Contains("LEMS_syn.xml:", e.Message);
        Assert.Contains("/Lems/Simulation[@id='sim']/OutputFile[@id='o']/OutputColumn[@id='x'] " + expected, e.Message);
    }

    /// <summary>
    /// fopen of a channel with a gateFractional (Channels.xml: a^2 (0.25 q_fast + 0.75 q_slow)) and its g (fopen x 3 S/m^2 x area): at the
    /// start every gate at its steady state at -65 mV (HHSigmoidVariable), and after a 20 pA pulse the engine's own gates at the end of the run.
    /// </summary>
    [Fact]
    public void FopenColumn_GateFractional_IsTheWeightedSumOverSubGates()
    {
        using var dir = new TempDirectory();
        string cell = NeuroMlCellTests.Document("""
            <ionChannel id="ch" type="ionChannelHH">
              <gateHHtauInf id="a" instances="2"><timeCourse type="fixedTimeCourse" tau="3ms"/><steadyState type="HHSigmoidVariable" rate="1" midpoint="-40mV" scale="5mV"/></gateHHtauInf>
              <gateFractional id="b" instances="1">
                <subGate id="fast" fractionalConductance="0.25"><steadyState type="HHSigmoidVariable" rate="1" midpoint="-58mV" scale="-11mV"/><timeCourse type="fixedTimeCourse" tau="20ms"/></subGate>
                <subGate id="slow" fractionalConductance="0.75"><steadyState type="HHSigmoidVariable" rate="1" midpoint="-58mV" scale="-11mV"/><timeCourse type="fixedTimeCourse" tau="900ms"/></subGate>
              </gateFractional>
            </ionChannel>
            <pulseGenerator id="pulse" delay="5ms" duration="20ms" amplitude="20pA"/>
            """, """<channelDensity id="c" ionChannel="ch" condDensity="3 S_per_m2" erev="-70mV"/><channelDensity id="leak" ionChannel="pas" condDensity="1 S_per_m2" erev="-65mV"/>""")
            .Replace("<network id=\"net\">", "<ionChannelPassive id=\"pas\"/><network id=\"net\"><explicitInput target=\"p[0]\" input=\"pulse\"/>", StringComparison.Ordinal);
        File.WriteAllText(dir.File("cell.nml"), cell);
        File.WriteAllText(dir.File("LEMS_fopen.xml"), """
            <Lems>
              <Target component="sim"/>
              <Include file="cell.nml"/>
              <Simulation id="sim" length="40ms" step="0.01ms" target="net">
                <OutputFile id="o" fileName="out.dat">
                  <OutputColumn id="fopen" quantity="p[0]/bio/membraneProperties/c/ch/fopen"/>
                  <OutputColumn id="g" quantity="p/0/cell/bio/membraneProperties/c/ch/g"/>
                </OutputFile>
              </Simulation>
            </Lems>
            """);
        var sim = LemsFile.Load(dir.File("LEMS_fopen.xml"));
        var engine = new SpikingEngine(sim.Network);
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(4000);
        outputs.Write(engine, dir.Path);
        var rows = File.ReadAllLines(dir.File("out.dat")).Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        double Sigmoid(double v, double mid, double scale) => 1 / (1 + Math.Exp(-(v - mid) / scale)); // Channels.xml's HHSigmoidVariable
        double a0 = Sigmoid(-65, -40, 5), b0 = Sigmoid(-65, -58, -11);
        Assert.Equal(a0 * a0 * b0, rows[0][1], 6);
        double nominal = 3 * 100 * NeuroMlReader.LemsPi * 1e-12; // 3 S/m^2 over pi 100 um^2
        Assert.Equal(a0 * a0 * b0 * nominal * 1e12, rows[0][2] * 1e12, 5);
        double a = engine.GetVariable("p", "c_fast_a")[0], fast = engine.GetVariable("p", "c_fast_fast")[0], slow = engine.GetVariable("p", "c_slow_slow")[0];
        Assert.True(Math.Abs(fast - slow) > 0.01, "the pulse should move the fast subGate away from the slow one");
        Assert.Equal(a * a * (0.25 * fast + 0.75 * slow), rows[^1][1], 6);
        Assert.Equal(rows[^1][1] * nominal * 1e12, rows[^1][2] * 1e12, 5);
    }
}
