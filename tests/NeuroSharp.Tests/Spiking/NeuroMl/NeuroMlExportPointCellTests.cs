using System.Xml.Linq;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML export of spike-time sources (spikeArray), short-term plasticity (blockingPlasticSynapse with a Tsodyks-Markram
/// plasticityMechanism), the current-based lif (iafCell or IF_curr_alpha under alphaCurrentSynapses), LIFs that start elsewhere than
/// their reset (PyNN's IF cells with v_init), synaptic ports on conductanceLif and izhikevich2007, renewal sources
/// (spikeGeneratorRandom, spikeGeneratorRefPoisson) and voltage clamps (docs/neuroml.md, "What is written"): JSON -> NeuroML -> JSON is the same JSON, and the exported network simulates to the same spikes and v, bit for bit.
/// </summary>
public class NeuroMlExportPointCellTests
{
    private const double Dt = 0.01;

    private static NetworkSpec Network() => new()
    {
        Name = "points",
        DtMs = Dt,
        DurationMs = 60,
        Populations =
        [
            // Both sources spike in the same steps, listed as the reader lists a spikeArray's spikes (by time, then by cell).
            new PopulationSpec
            {
                Name = "src", Count = 2,
                Model = new SpikeTimesSourceSpec { Indices = [0, 1, 0, 1, 0, 1, 0, 1], TimesMs = [500 * Dt, 500 * Dt, 1000 * Dt, 1000 * Dt, 1300 * Dt, 1300 * Dt, 3000 * Dt, 3000 * Dt] },
            },
            new PopulationSpec
            {
                Name = "pyc", Count = 2,
                Model = new ConductanceLifNeuronSpec { RestMv = -65, ResetMv = -60, ThresholdMv = -55, TauMs = 20, RefractoryMs = 2, TauExcMs = 5, RiseExcMs = 1 },
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-70) },
            },
            new PopulationSpec
            {
                Name = "pyr", Count = 1,
                Model = new ConductanceLifNeuronSpec { RestMv = -56, ResetMv = -70, ThresholdMv = -55, TauMs = 15, RefractoryMs = 0, TauExcMs = 8, RiseExcMs = 0.5 },
            },
            new PopulationSpec
            {
                Name = "cur", Count = 1,
                Model = new LifNeuronSpec { RestMv = -65, ResetMv = -70, ThresholdMv = -55, TauMs = 10, TauExcMs = 2, RiseExcMs = 2, TauInhMs = 6, RiseInhMs = 6 },
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-70) },
            },
            new PopulationSpec
            {
                Name = "curv", Count = 1,
                Model = new LifNeuronSpec { RestMv = -60, ResetMv = -70, ThresholdMv = -55, TauMs = 12, RefractoryMs = 0, TauExcMs = 3, RiseExcMs = 3, TauInhMs = 4, RiseInhMs = 4 },
            },
            new PopulationSpec
            {
                Name = "iafp", Count = 1,
                Model = new ConductanceLifNeuronSpec
                {
                    RestMv = -65, ResetMv = -65, ThresholdMv = -50, TauMs = 20,
                    Ports =
                    [
                        new SynapticPortSpec("AMPA", 3, 0) { RiseMs = 0.5 },
                        new SynapticPortSpec("NMDA", 50, 0) { RiseMs = 2, Block = MagnesiumBlockSpec.JahrStevens },
                        new SynapticPortSpec("GABA", 10, -80),
                    ],
                },
            },
            new PopulationSpec
            {
                Name = "izp", Count = 1,
                Model = new Izhikevich2007NeuronSpec { Ports = [new SynapticPortSpec("fast", 2, 0) { RiseMs = 0.2 }, new SynapticPortSpec("slow", 20, -75) { RiseMs = 20 }] },
            },
            new PopulationSpec { Name = "rnd", Count = 2, Model = new RandomIntervalSourceSpec { MinIsiMs = 2, MaxIsiMs = 8 } },
            new PopulationSpec { Name = "refp", Count = 1, Model = new RandomIntervalSourceSpec { MinIsiMs = 1, RateHz = 150 } },
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Name = "dep", Source = "src", Target = "pyc", Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 1] }, Weight = DistributionSpec.Constant(4),
                ShortTermPlasticity = new ShortTermPlasticitySpec { U = 0.5, TauRecMs = 300 },
            },
            new ProjectionSpec
            {
                Name = "depfac", Source = "src", Target = "pyr", Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Weight = DistributionSpec.Constant(2.5),
                ShortTermPlasticity = new ShortTermPlasticitySpec { U = 0.3, TauRecMs = 200, TauFacMs = 150 },
            },
            new ProjectionSpec { Name = "plain", Source = "src", Target = "pyc", Connectivity = new ExplicitConnectivity { Sources = [1], Targets = [0] }, Weight = DistributionSpec.Constant(1.5) },
            new ProjectionSpec { Name = "to_cur", Source = "src", Target = "cur", Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 0] }, Weight = DistributionSpec.Constant(9), DelayMs = DistributionSpec.Constant(1) },
            new ProjectionSpec { Name = "to_curv", Source = "src", Target = "curv", Receptor = Receptor.Inhibitory, Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Weight = DistributionSpec.Constant(3) },
            new ProjectionSpec
            {
                Name = "nmda", Source = "src", Target = "iafp", Port = 2, Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 0] }, Weight = DistributionSpec.Constant(3),
                ShortTermPlasticity = new ShortTermPlasticitySpec { U = 0.4, TauRecMs = 100 },
            },
            new ProjectionSpec { Name = "gaba", Source = "src", Target = "iafp", Port = 3, Receptor = Receptor.Inhibitory, Connectivity = new ExplicitConnectivity { Sources = [1], Targets = [0] }, Weight = DistributionSpec.Constant(0.5) },
            new ProjectionSpec { Name = "fast", Source = "src", Target = "izp", Port = 1, Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Weight = DistributionSpec.Constant(40) },
            new ProjectionSpec { Name = "random", Source = "rnd", Target = "pyr", Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 0] }, Weight = DistributionSpec.Constant(0.3) },
            new ProjectionSpec { Name = "refractory", Source = "refp", Target = "izp", Port = 2, Receptor = Receptor.Inhibitory, Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Weight = DistributionSpec.Constant(0.2) },
        ],
        Inputs =
        [
            new PoissonInputSpec { Target = "cur", RateHz = 300, Weight = 2 },
            new CurrentInputSpec { Target = "curv", Amplitude = 15, StartMs = 5, StopMs = 50 },
            new CurrentInputSpec { Target = "iafp", Amplitude = 14, StartMs = 2 },
            new CurrentInputSpec { Target = "izp", Amplitude = 60, StartMs = 10, StopMs = 40 },
            new VoltageClampSpec { Target = "iafp", Gain = 5, TargetMv = -60, StartMs = 20, StopMs = 30 },
            new VoltageClampSpec { Target = "pyc", Indices = [1], Gain = 2.5, HoldMv = -70, TargetMv = -50, ReturnMv = -65, StartMs = 40, StopMs = 45 },
        ],
    };

    [Fact]
    public void JsonToNeuroMlToJson_SourcesPlasticityLifAndPorts_GiveTheSameJson()
    {
        using var dir = new TempDirectory();
        var spec = Network();
        string nml = dir.File("points.net.nml");
        var back = NeuroMlExportRoundTrip.AssertSameJson(spec, nml);
        var doc = XDocument.Load(nml);
        var cells = doc.Root!.Elements().ToDictionary(e => (string?)e.Attribute("id") ?? "", e => e.Name.LocalName);
        Assert.Equal("spikeArray", cells["src_cell"]);
        Assert.Equal("IF_cond_exp", cells["pyc_cell"]);
        Assert.Equal("iafCell", cells["pyr_cell"]); // starts at rest, as NeuroML's iafCell does
        Assert.Equal("IF_curr_alpha", cells["cur_cell"]); // starts at its reset, not at rest: PyNN's v_init
        Assert.Equal("iafCell", cells["curv_cell"]); // starts at rest
        Assert.Equal("iafRefCell", cells["iafp_cell"]);
        Assert.Equal("izhikevich2007Cell", cells["izp_cell"]);
        Assert.Equal("alphaCurrentSynapse", cells["cur_exc_syn"]);
        Assert.Equal("blockingPlasticSynapse", cells["dep_stp"]);
        Assert.Equal("spikeGeneratorRandom", cells["rnd_cell"]);
        Assert.Equal("spikeGeneratorRefPoisson", cells["refp_cell"]);
        Assert.Equal("voltageClamp", cells["iafp_input_4"]);
        Assert.Equal("voltageClampTriple", cells["pyc_input_5"]);
        // A spike the engine places in step s is written at (s + 1) dt.
        Assert.Equal(["5.01ms", "10.01ms", "13.01ms", "30.01ms"], doc.Root.Elements().Single(e => e.Name.LocalName == "spikeArray").Elements().Select(e => (string)e.Attribute("time")!));
        var mechanisms = doc.Root.Descendants().Where(e => e.Name.LocalName == "plasticityMechanism").Select(e => (string)e.Attribute("type")!).ToList();
        Assert.Equal(["tsodyksMarkramDepMechanism", "tsodyksMarkramDepFacMechanism", "tsodyksMarkramDepMechanism"], mechanisms);
    }

    [Fact]
    public void JsonToNeuroMl_SourcesPlasticityLifAndPorts_SimulateTheSameSpikesAndV_BitForBit()
    {
        using var dir = new TempDirectory();
        var spec = Network();
        string nml = dir.File("points.net.nml");
        NeuroMlFile.Save(nml, spec);
        var back = NeuroMlFile.Load(nml);
        var (spikes, v) = Run(spec);
        var (spikesBack, vBack) = Run(back);
        foreach (string cell in Cells)
            Assert.True(spikes.Exists(s => s.Population == cell), $"population '{cell}' does not spike: the test network must drive every cell");
        Assert.Equal(spikes, spikesBack);
        Assert.Equal(v, vBack);
    }

    [Fact]
    public void Export_SpikeTimesNeuronsThatSpikeApart_RefusedWithThePath()
    {
        var spec = Network();
        var apart = spec with { Populations = [spec.Populations[0] with { Model = new SpikeTimesSourceSpec { Indices = [0, 1], TimesMs = [5, 6] } }, .. spec.Populations.Skip(1)] };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(apart));
        Assert.StartsWith("$.populations[0].params: neuron 1 of spikeTimes population 'src' does not spike at the steps of neuron 0;", ex.Message);
    }

    [Fact]
    public void Export_LifChannelThatIsNotAlpha_AndPlasticityOnAnExpOneChannel_Refused()
    {
        var spec = Network();
        var lif = (LifNeuronSpec)spec.Populations[3].Model;
        var notAlpha = spec with { Populations = [.. spec.Populations.Take(3), spec.Populations[3] with { Model = lif with { RiseExcMs = 0 } }, .. spec.Populations.Skip(4)] };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(notAlpha));
        Assert.Contains("($.projections[3]): it reaches the excitatory channel of lif population 'cur', whose riseExcMs 0 is not its tauExcMs 2;", ex.Message);
        var pyr = (ConductanceLifNeuronSpec)spec.Populations[2].Model;
        var expOne = spec with { Populations = [.. spec.Populations.Take(2), spec.Populations[2] with { Model = pyr with { RiseExcMs = 0 } }, .. spec.Populations.Skip(3)] };
        ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(expOne));
        Assert.Contains("($.projections[1]).shortTermPlasticity: NeuroML carries short-term plasticity on a blockingPlasticSynapse", ex.Message);
    }

    [Fact]
    public void Export_AClampWithHoldButNoReturn_AndHhTemperatureChanges_Refused()
    {
        var spec = Network();
        var half = spec with { Inputs = [.. spec.Inputs, new VoltageClampSpec { Target = "pyc", Gain = 1, HoldMv = -70, TargetMv = -50, StartMs = 5, StopMs = 10 }] };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(half));
        Assert.StartsWith("$.inputs[6]: a voltage clamp with holdMv but no returnMv has no NeuroML counterpart", ex.Message);
        var hh = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with { TemperatureChangesMs = [10], TemperatureChangesCelsius = [20] };
        var warming = spec with { Populations = [.. spec.Populations, new PopulationSpec { Name = "hh", Count = 1, Model = hh }] };
        ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(warming));
        Assert.StartsWith("$.populations[9].params.temperatureChangesMs: NeuroML changes a temperature in time only in a LEMS ComponentType", ex.Message);
    }

    /// <summary>NeuroML's four abstract cells as NeuroML2's examples and tests/data/neuroml-abstract give them; the reader runs them as equations.</summary>
    private const string AbstractCells = """
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="abstract">
          <fitzHughNagumoCell id="fn" I="0.8"/>
          <fitzHughNagumo1969Cell id="fn1969" a="0.7" b="0.08" I="1.0" phi="0.08" V0="0.1" W0="-0.2"/>
          <pinskyRinzelCA3Cell id="pr" iSoma="0.75uA_per_cm2" iDend="0uA_per_cm2" gLs="0.1mS_per_cm2" gLd="0.1mS_per_cm2" gNa="30mS_per_cm2" gKdr="15mS_per_cm2"
            gCa="10mS_per_cm2" gKahp="0.8mS_per_cm2" gKC="15mS_per_cm2" gc="2.1mS_per_cm2" gNmda="0mS_per_cm2" gAmpa="0mS_per_cm2" eNa="60mV" eCa="80mV" eK="-75mV"
            eL="-60mV" qd0="0" pp="0.5" alphac="2" betac="0.1" cm="3uF_per_cm2"/>
          <hindmarshRose1984Cell id="hr" C="1pF" a="1" b="3" c="1" d="5" r="0.005" s="4" x1="-1.6" v_scaling="20mV" x0="-1.6" y0="-11.8" z0="0"/>
          <pulseGenerator id="drive" delay="0ms" duration="1000ms" amplitude="60pA"/>
          <network id="net">
            <property tag="recommended_dt_ms" value="0.01"/>
            <population id="fnPop" component="fn" size="1"/>
            <population id="fn1969Pop" component="fn1969" size="1"/>
            <population id="prPop" component="pr" size="1"/>
            <population id="hrPop" component="hr" size="1"/>
            <explicitInput target="hrPop[0]" input="drive"/>
          </network>
        </neuroml>
        """;

    [Fact]
    public void AbstractCellsReadAsEquations_AreWrittenAsThoseCells_AndReadBackTheSame()
    {
        var spec = NeuroMlFile.Parse(AbstractCells, "abstract.nml");
        Assert.All(spec.Populations, p => Assert.IsType<EquationsNeuronSpec>(p.Model));
        string text = NeuroMlFile.ToText(spec);
        var back = NeuroMlFile.Parse(text, "back.nml");
        Assert.Equal(NetworkFile.ToJson(spec), NetworkFile.ToJson(back));
        Assert.Equal(text, NeuroMlFile.ToText(back));
        var names = XDocument.Parse(text).Root!.Elements().Select(e => e.Name.LocalName).ToList();
        Assert.Equal(["fitzHughNagumoCell", "fitzHughNagumo1969Cell", "pinskyRinzelCA3Cell", "hindmarshRose1984Cell"], names.Where(n => n.Contains("Cell", StringComparison.Ordinal)));
        // The Hindmarsh-Rose cell bursts under its drive, the same steps from the export.
        static List<(int, int)> Spikes(NetworkSpec s)
        {
            var engine = new SpikingEngine(s with { Monitors = [new SpikeMonitorSpec { Target = "hrPop" }] }, new SimulationOptions { Seed = 1 });
            engine.Run(20000);
            var m = engine.SpikeMonitors.Single();
            return [.. Enumerable.Range(0, m.Count).Select(k => (m.Steps[k], m.Neurons[k]))];
        }
        var spikes = Spikes(spec);
        Assert.True(spikes.Count > 3, $"{spikes.Count} spikes: the Hindmarsh-Rose cell must burst");
        Assert.Equal(spikes, Spikes(back));
    }

    [Fact]
    public void Export_EquationsThatAreNoNeuroMlCell_Refused()
    {
        var spec = NeuroMlFile.Parse(AbstractCells, "abstract.nml");
        var fn = (EquationsNeuronSpec)spec.Populations[0].Model;
        var changed = spec with { Populations = [spec.Populations[0] with { Model = fn with { Equations = [fn.Equations[0], "dW/dt = 0.09 * (V + 0.7 - 0.8 * W) / SEC"] } }, .. spec.Populations.Skip(1)] };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(changed));
        Assert.StartsWith("$.populations[0]: population 'fnPop' is an equations population;", ex.Message);
    }

    private static readonly string[] Cells = ["pyc", "pyr", "cur", "curv", "iafp", "izp"];

    private static (List<(string Population, int Step, int Neuron)> Spikes, List<float[]> V) Run(NetworkSpec spec) =>
        NeuroMlExportRoundTrip.Run(spec, Cells, Cells, 6000, seed: 5);
}
