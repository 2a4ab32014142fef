using System.Xml.Linq;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML export of what NeuroML says through PyNN.xml (docs/neuroml.md, "What is written"): current ports on a conductanceLif beside
/// conductance ones (alphaCurrentSynapse and PyNN's expCurrSynapse), an adex that starts elsewhere than rest or has no exponential term
/// (slopeMv 0: EIF_cond_exp_isfa_ista with delta_T 0), Poisson sources on for a window (SpikeSourcePoisson) and the equations the reader
/// makes of HH_cond_exp. JSON -> NeuroML -> JSON is the same JSON, and the export simulates to the same spikes and v, bit for bit.
/// </summary>
public class NeuroMlExportPyNnTests
{
    private const double Dt = 0.025;

    /// <summary>PyNN's HH_cond_exp as NeuroML2's NML2_PyNNCells.nml gives it (i_offset 0: its drive here is a current input, in nA).</summary>
    private const string HhCondExp = """
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="pynn">
          <HH_cond_exp id="hh" cm="0.2" e_rev_E="0.0" e_rev_I="-80.0" e_rev_K="-90.0" e_rev_Na="50.0" e_rev_leak="-65.0" g_leak="0.01" gbar_K="6.0"
            gbar_Na="20.0" i_offset="0" tau_syn_E="0.2" tau_syn_I="2.0" v_init="-65" v_offset="-63.0"/>
          <network id="net">
            <population id="hhPop" component="hh" size="1"/>
          </network>
        </neuroml>
        """;

    private static NetworkSpec Network() => new()
    {
        Name = "pynn",
        DtMs = Dt,
        DurationMs = 100,
        Populations =
        [
            new PopulationSpec { Name = "src", Count = 2, Model = new SpikeTimesSourceSpec { Indices = [0, 1, 0, 1], TimesMs = [200 * Dt, 200 * Dt, 1600 * Dt, 1600 * Dt] } },
            // A source on from 5 ms to 60.3 ms, and one from 30 ms to the end.
            new PopulationSpec { Name = "window", Count = 1, Model = new PoissonSourceSpec { RateHz = 300, StartMs = 5, StopMs = 60.3 } },
            new PopulationSpec { Name = "late", Count = 1, Model = new PoissonSourceSpec { RateHz = 200, StartMs = 30 } },
            new PopulationSpec
            {
                Name = "target", Count = 2,
                Model = new ConductanceLifNeuronSpec
                {
                    RestMv = -65, ResetMv = -65, ThresholdMv = -50, TauMs = 20, RefractoryMs = 2,
                    Ports =
                    [
                        new SynapticPortSpec("ampa", 5, 0),
                        new SynapticPortSpec("iexp", 5, 0) { Current = true },
                        new SynapticPortSpec("ialpha", 3, 0) { RiseMs = 3, Current = true },
                        new SynapticPortSpec("unused", 8, 0) { Current = true },
                    ],
                },
            },
            new PopulationSpec
            {
                Name = "eif", Count = 1, Model = new AdExNeuronSpec { RefractoryMs = 2 },
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-60) },
            },
            new PopulationSpec { Name = "noexp", Count = 1, Model = new AdExNeuronSpec { SlopeMv = 0, ThresholdMv = -52, PeakMv = -40, AdaptationNs = 2.5 } },
            NeuroMlFile.Parse(HhCondExp, "pynn.nml").Populations.Single(),
        ],
        Projections =
        [
            new ProjectionSpec { Name = "cond", Source = "src", Target = "target", Port = 1, Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Weight = DistributionSpec.Constant(6) },
            // 0.7 and 13.3 are no multiple of 1000 in double: the written weight is the one whose 1000 x is the engine's.
            new ProjectionSpec { Name = "curexp", Source = "src", Target = "target", Port = 2, Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 1], Weights = [13.3, 0.7] } },
            new ProjectionSpec { Name = "curalpha", Source = "window", Target = "target", Port = 3, Connectivity = new ExplicitConnectivity { Sources = [0, 0], Targets = [0, 1] }, Weight = DistributionSpec.Constant(9) },
            new ProjectionSpec { Name = "latecond", Source = "late", Target = "target", Port = 1, Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [1] }, Weight = DistributionSpec.Constant(2) },
        ],
        Inputs =
        [
            new PoissonInputSpec { Target = "target", Indices = [1], RateHz = 400, Weight = 4.1, Port = 2 },
            new CurrentInputSpec { Target = "eif", Amplitude = 600, StartMs = 10, StopMs = 80 },
            new CurrentInputSpec { Target = "noexp", Amplitude = 700, StartMs = 5 },
            new CurrentInputSpec { Target = "hhPop", Amplitude = 300, StartMs = 20, StopMs = 70.1 },
        ],
    };

    [Fact]
    public void JsonToNeuroMlToJson_CurrentPortsEifWindowedSourcesAndHhCondExp_GiveTheSameJson()
    {
        using var dir = new TempDirectory();
        string nml = dir.File("pynn.net.nml");
        NeuroMlExportRoundTrip.AssertSameJson(Network(), nml);
        var doc = XDocument.Load(nml);
        var elements = doc.Root!.Elements().ToDictionary(e => (string?)e.Attribute("id") ?? "", e => e);
        Assert.Equal("expOneSynapse", elements["target_ampa"].Name.LocalName);
        Assert.Equal("expCurrSynapse", elements["target_iexp"].Name.LocalName);
        Assert.Equal("alphaCurrentSynapse", elements["target_ialpha"].Name.LocalName);
        Assert.Equal("1pA", (string?)elements["target_ialpha"].Attribute("ibase"));
        Assert.Equal("EIF_cond_exp_isfa_ista", elements["eif_cell"].Name.LocalName);
        Assert.Equal("-60", (string?)elements["eif_cell"].Attribute("v_init"));
        Assert.Equal("0", (string?)elements["noexp_cell"].Attribute("delta_T"));
        Assert.Equal("SpikeSourcePoisson", elements["window_cell"].Name.LocalName);
        Assert.Equal("5ms", (string?)elements["window_cell"].Attribute("start"));
        Assert.Equal("1000000000ms", (string?)elements["late_cell"].Attribute("duration"));
        Assert.Equal("HH_cond_exp", elements["hhPop_cell"].Name.LocalName);
        // PyNN's expCurrSynapse takes nA: 13.3 pA is written as the number whose 1000 x is 13.3 (the engine's mV at g_L 1 nS).
        var weights = doc.Descendants().Where(e => e.Name.LocalName == "projection" && (string?)e.Attribute("id") == "curexp")
            .Elements().Select(e => double.Parse((string)e.Attribute("weight")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([13.3, 0.7], weights.Select(w => w * 1000 / 1));
    }

    [Fact]
    public void JsonToNeuroMl_CurrentPortsEifWindowedSourcesAndHhCondExp_SimulateTheSameSpikesAndV_BitForBit()
    {
        using var dir = new TempDirectory();
        var spec = Network();
        string nml = dir.File("pynn.net.nml");
        NeuroMlFile.Save(nml, spec);
        var back = NeuroMlFile.Load(nml);
        var (spikes, v) = Run(spec);
        foreach (string cell in new[] { "target", "eif", "noexp", "window", "late" })
            Assert.True(spikes.Exists(s => s.Population == cell), $"population '{cell}' does not spike: the test network must drive every cell");
        // The windowed source spikes only inside its window, at steps from 5 ms to 60.3 ms.
        Assert.All(spikes.Where(s => s.Population == "window"), s => Assert.InRange(s.Step * Dt, 5, 60.3));
        Assert.All(spikes.Where(s => s.Population == "late"), s => Assert.True(s.Step * Dt >= 30, $"step {s.Step} is before 30 ms"));
        // Both target cells spike, and the second one (driven through the current ports only) differs from the first.
        Assert.True(spikes.Exists(s => s.Population == "target" && s.Neuron == 1), "target neuron 1 must spike through its current ports");
        var (spikesBack, vBack) = Run(back);
        Assert.Equal(spikes, spikesBack);
        Assert.Equal(v.Count, vBack.Count);
        for (int k = 0; k < v.Count; k++) Assert.Equal(v[k], vBack[k]);
        // HH_cond_exp never spikes (no threshold in PyNN.xml) but its drive moves v: v must leave -65 mV.
        Assert.True(v[^1].Max() > -40, $"HH_cond_exp's v peaks at {v[^1].Max()} mV under 300 pA");
    }

    [Fact]
    public void Export_ACurrentPortWithARiseBetweenZeroAndItsDecay_RefusedWithThePath()
    {
        var spec = Network();
        var cell = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("ampa", 5, 0), new SynapticPortSpec("icur", 5, 0) { RiseMs = 1, Current = true }] };
        var twoTimes = spec with { Populations = [.. spec.Populations, new PopulationSpec { Name = "pynn", Count = 1, Model = cell }] };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(twoTimes));
        Assert.StartsWith($"$.populations[{spec.Populations.Count}].params.ports[1] ('icur') is a current port of rise 1 ms and decay 5 ms; NeuroML's current synapses are exponential", ex.Message);
    }

    [Fact]
    public void Read_PortsPropertyListingAHyperpolarisingCurrentSynapse_RefusedWithTheSynapse()
    {
        const string text = """
            <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="x">
              <alphaCurrentSynapse id="neg" tau="3ms" ibase="-1pA"/>
              <expOneSynapse id="ampa" gbase="1nS" erev="0mV" tauDecay="5ms"/>
              <iafCell id="c" leakReversal="-65mV" thresh="-50mV" reset="-65mV" C="20pF" leakConductance="1nS"/>
              <network id="net">
                <population id="p" component="c" size="1"><property tag="neurosharp:ports" value="ampa:ampa neg:neg"/></population>
              </network>
            </neuroml>
            """;
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Parse(text, "x.nml"));
        Assert.Contains("property neurosharp:ports lists the current-based synapse 'neg' of negative ibase;", ex.Message);
    }

    private static readonly string[] Recorded = ["target", "eif", "noexp", "hhPop"];

    private static (List<(string Population, int Step, int Neuron)> Spikes, List<float[]> V) Run(NetworkSpec spec) =>
        NeuroMlExportRoundTrip.Run(spec, Recorded, ["target", "eif", "noexp", "window", "late"], (int)Math.Round(100 / Dt), seed: 7);
}
