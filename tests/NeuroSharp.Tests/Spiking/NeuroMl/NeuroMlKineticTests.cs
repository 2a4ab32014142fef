using System.Globalization;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML's ionChannelKS and gateKS (docs/neuroml.md, "Kinetic schemes"; tests/data/neuroml-kinetic/LEMS_KS.xml is LEMS_NML2_Ex4_KS and
/// Ex4a_KS in one file): Ex4's spikes against the independent double loop bench/neuroml/ex4_ks_reference.py, Ex4a's kinetic-scheme
/// cells against its HH cell, the vHalfTransition's rates against Channels.xml's formula, and each refusal's sentence.
/// </summary>
public class NeuroMlKineticTests
{
    private static (NetworkSpec Network, SpikingEngine Engine, string Dir) Run(TempDirectory dir)
    {
        string path = dir.File("LEMS_KS.xml");
        File.Copy(Path.Combine(TestData.Directory, "neuroml-kinetic", "LEMS_KS.xml"), path);
        var sim = LemsFile.Load(path);
        var engine = new SpikingEngine(sim.Network with { Monitors = [.. sim.Network.Monitors, new SpikeMonitorSpec { Target = "hhpop" }] });
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(sim.Network.StepsFor(sim.Network.DurationMs!.Value, "test"));
        outputs.Write(engine, dir.Path);
        return (sim.Network, engine, dir.Path);
    }

    /// <summary>The spike times (ms) of each selection of ks_spikes.dat (TIME_ID, times in s).</summary>
    private static Dictionary<int, List<double>> Spikes(string dir)
    {
        var d = new Dictionary<int, List<double>>();
        foreach (string line in File.ReadAllLines(Path.Combine(dir, "ks_spikes.dat")))
        {
            var f = line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
            int id = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (!d.TryGetValue(id, out var list)) d[id] = list = [];
            list.Add(1000 * double.Parse(f[0], CultureInfo.InvariantCulture));
        }
        return d;
    }

    [Fact]
    public void Ex4_KineticSchemeCell_SpikesAsTheIndependentDoubleLoop()
    {
        // /usr/bin/python3 bench/neuroml/ex4_ks_reference.py (exponential Euler for v and the HH gates, the two-state scheme by its
        // exact exponential, dt 0.01 ms): 106.10 122.63 138.77 154.90 171.03 187.17 ms (each the start of the step of the crossing).
        // NeuroSharp's spikes are in the same steps; forward Euler (jLEMS's integrator) puts them up to 0.43 ms earlier.
        using var dir = new TempDirectory();
        var (network, engine, _) = Run(dir);
        var hh = (HodgkinHuxleyNeuronSpec)network.Populations.First(p => p.Name == "hhpop").Model;
        var k = hh.Channels.Single(c => c.Name == "k_chans");
        Assert.Equal(1800 * 0.008, k.ConductanceNs, 9);
        Assert.Equal(GateKinetics.KineticScheme, k.Gates[0].Kinetics);
        Assert.Equal(KineticStart.FirstState, k.Gates[0].Scheme!.Start);
        double[] expected = [106.10, 122.63, 138.77, 154.90, 171.03, 187.17];
        var got = engine.SpikeMonitors[0].TimesMs();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - got[i]) < 1e-6, $"spike {i}: {got[i]} ms, the double loop {expected[i]} ms");
    }

    [Fact]
    public void Ex4a_KineticSchemeCells_SpikeAsTheHodgkinHuxleyCell_AfterTheirStart()
    {
        // The schemes start all in c1 (n = 0: jLEMS's KineticScheme start), so the two KS cells fire once at about 2.5 ms while the
        // HH cell, whose n starts at its steady state, does not; by the 50 nA pulse at 100 ms the start is forgotten, and all three fire
        // ten times in the same steps (the two-state scheme's step is the HH gate's exponential Euler).
        using var dir = new TempDirectory();
        var (_, _, path) = Run(dir);
        var s = Spikes(path);
        Assert.Equal(10, s[1].Count);
        Assert.All(s[1], t => Assert.InRange(t, 100, 200));
        foreach (int ks in new[] { 2, 3 })
        {
            Assert.Equal(11, s[ks].Count);
            Assert.InRange(s[ks][0], 1, 5);
            for (int i = 0; i < 10; i++) Assert.True(Math.Abs(s[ks][i + 1] - s[1][i]) < 1e-6, $"selection {ks}, spike {i + 1}: {s[ks][i + 1]} ms, the HH cell's {s[1][i]} ms");
        }
        // ks_v.dat's n of the fwd/rev cell is the open occupancy: 0 at the start.
        var first = File.ReadLines(Path.Combine(path, "ks_v.dat")).First().Split('\t', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, double.Parse(first[6], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(-65.0)]
    [InlineData(-20.0)]
    [InlineData(0.0)]
    [InlineData(30.0)]
    public void VHalfTransition_RatesAreChannelsXmlsFormula(double v)
    {
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_KS.xml");
        File.Copy(Path.Combine(TestData.Directory, "neuroml-kinetic", "LEMS_KS.xml"), path);
        var hh = (HodgkinHuxleyNeuronSpec)LemsFile.Load(path).Network.Populations.First(p => p.Name == "hhpop").Model;
        var t = hh.Channels.Single(c => c.Name == "k_chans").Gates[0].Scheme!.Transitions.Single();
        // rf0 = exp(z gamma (v - vHalf) / kte) / tau, rf = 1 / (1 / rf0 + tauMin); rr0 = exp(-z (1 - gamma) (v - vHalf) / kte) / tau.
        const double z = 1.5, gamma = 0.75, tau = 3.2, tauMin = 0.3, kte = 25.3;
        double rf0 = Math.Exp(z * gamma * v / kte) / tau, rr0 = Math.Exp(-z * (1 - gamma) * v / kte) / tau;
        var (f, r) = t.Rates(v, 0);
        Assert.Equal(1 / (1 / rf0 + tauMin), f, 12);
        Assert.Equal(1 / (1 / rr0 + tauMin), r, 12);
    }

    private static string Channel(string gate) => $"""
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="t">
          <ionChannelKS id="ks" conductance="10pS">
            {gate}
          </ionChannelKS>
          <cell id="c" type="pointCellCondBased" C="1pF" v0="-65mV" thresh="-20mV">
            <channelPopulation id="k" ionChannel="ks" number="100" erev="-77mV"/>
          </cell>
          <network id="net"><population id="p" component="c" size="1"/></network>
        </neuroml>
        """;

    private const string Rate = """<rate type="HHExpRate" rate="0.1per_ms" midpoint="-65mV" scale="10mV"/>""";

    [Theory]
    [InlineData("""<gateKS id="n" instances="1"><closedState id="c"/><openState id="o"/><forwardTransition from="c" to="x">""" + Rate + "</forwardTransition></gateKS>",
        "links state 'x', which gate 'n' does not list (its states: c, o).")]
    [InlineData("""<gateKS id="n" instances="1"><closedState id="c"/><closedState id="o"/><forwardTransition from="c" to="o">""" + Rate + "</forwardTransition></gateKS>",
        "is not a kinetic scheme NeuroSharp can step: has no open state;")]
    [InlineData("""<gateKS id="n" instances="1"><closedState id="c"/><openState id="o"/><closedState id="i"/><forwardTransition from="c" to="o">""" + Rate + "</forwardTransition></gateKS>",
        "is not a kinetic scheme NeuroSharp can step: is state 'i', which no chain of transitions links to 'c'; every state of a scheme is connected (got i).")]
    [InlineData("""<gateKS id="n" instances="1"><closedState id="c"/><openState id="o"/><forwardTransition from="c" to="o">""" + Rate + """</forwardTransition><q10Settings type="q10Fixed" fixedQ10="3"/></gateKS>""",
        "is a q10Settings of gateKS 'n'; NeuroML's gateKS computes its rateScale but its KineticScheme does not apply it (Channels.xml), so NeuroSharp refuses it rather than guess.")]
    [InlineData("""<gateKS id="n" instances="1"><closedState id="c"/><openState id="o"/><forwardTransition from="c" to="o"/></gateKS>""",
        "has 0 <rate> elements; a forwardTransition takes one")]
    public void BadGateKS_IsRefusedInOneSentence(string gate, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("ks.nml");
        File.WriteAllText(path, Channel(gate));
        var e = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void GoodGateKS_InANeuroMlFile_Loads()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ks.nml");
        File.WriteAllText(path, Channel("""<gateKS id="n" instances="2"><closedState id="c"/><openState id="o"/><forwardTransition from="c" to="o">""" + Rate
            + """</forwardTransition><reverseTransition from="c" to="o">""" + Rate + "</reverseTransition></gateKS>"));
        var hh = (HodgkinHuxleyNeuronSpec)NeuroMlFile.Load(path).Populations[0].Model;
        var gate = hh.Channels.Single(c => c.Name == "k").Gates[0];
        Assert.Equal(2, gate.Power);
        Assert.Equal(["c", "o"], gate.Scheme!.States.Select(s => s.Name));
        Assert.Equal(2, gate.Scheme.Transitions.Count);
        Assert.Null(gate.Scheme.Transitions[0].Reverse);
        Assert.Null(gate.Scheme.Transitions[1].Forward);
    }
}
