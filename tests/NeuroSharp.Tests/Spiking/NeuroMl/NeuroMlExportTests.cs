using System.Xml.Linq;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML export of hh populations (HH gates of every kinetics and standard form, expression functions as LEMS ComponentTypes,
/// kinetic schemes with forward, reverse, tau-inf and vHalf transitions, q10 factors, calcium pools with Nernst and GHK channels,
/// synaptic ports with an NMDA block) and graded projections (docs/neuroml.md, "What is written"): JSON -> NeuroML -> JSON is the
/// same JSON, and the exported network simulates to the same spikes and v, bit for bit.
/// </summary>
public class NeuroMlExportTests
{
    private static VoltageFunction Exp(double rate, double mid, double scale) => new(VoltageFunctionForm.Exp, rate, mid, scale);

    private static VoltageFunction Sigmoid(double rate, double mid, double scale) => new(VoltageFunctionForm.Sigmoid, rate, mid, scale);

    private static VoltageFunction ExpLinear(double rate, double mid, double scale) => new(VoltageFunctionForm.ExpLinear, rate, mid, scale);

    /// <summary>A rate, a time course with two cases and a steady state as LEMS expressions (in SI), as the reader makes them.</summary>
    private static (VoltageFunction Rate, VoltageFunction Tau, VoltageFunction Inf) Expressions() => (
        VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["rate"] = 1000, ["midpoint"] = -0.04, ["scale"] = 0.01 },
            [DerivedExpression.Of("x", "(v - midpoint) / scale"), DerivedExpression.Of("r", "rate * exp(x)")], "r"), VoltageFunction.RateFromSi),
        VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["tmin"] = 0.001, ["vb"] = -0.05 },
            [new DerivedExpression("t", [new ExpressionCase("v .gt. vb", "tmin * 2"), new ExpressionCase(null, "tmin")])], "t"), VoltageFunction.TimeFromSi),
        VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["vh"] = -0.055, ["k"] = 0.007 },
            [DerivedExpression.Of("x", "1 / (1 + exp((vh - v) / k))")], "x"), 1));

    /// <summary>The reader's pair of rates for a vHalfTransition (NeuroMlReader.Kinetic.cs).</summary>
    private static KineticTransitionSpec VHalf(string from, string to)
    {
        var constants = new Dictionary<string, double> { ["vHalf"] = -0.035, ["z"] = 2.5, ["gamma"] = 0.7, ["tau"] = 0.0025, ["tauMin"] = 0.0001, ["kte"] = 0.0253 };
        VoltageFunction Rate(string exponent) => VoltageFunction.Of(new FunctionExpression(constants,
            [DerivedExpression.Of("r0", $"exp({exponent}) / tau"), DerivedExpression.Of("r", "1 / (1 / r0 + tauMin)")], "r"), VoltageFunction.RateFromSi);
        return KineticTransitionSpec.FromRates(from, to, Rate("z * gamma * (v - vHalf) / kte"), Rate("(0 - z) * (1 - gamma) * (v - vHalf) / kte"));
    }

    /// <summary>Squid-like channels with a gate of every HH kinetics, an expression-form gate and a kinetic-scheme gate.</summary>
    private static IReadOnlyList<IonChannelSpec> EveryGate()
    {
        var (rate, tau, inf) = Expressions();
        var scheme = new KineticSchemeSpec(
            [new KineticStateSpec("c1"), new KineticStateSpec("c2"), new KineticStateSpec("o", Open: true)],
            [
                KineticTransitionSpec.FromRates("c1", "c2", ExpLinear(0.1, -55, 10), null),
                KineticTransitionSpec.FromRates("c1", "c2", null, Exp(0.125, -65, -80)),
                VHalf("c2", "o"),
                new KineticTransitionSpec("c1", "o", TransitionKinetics.TauInf, null, null, VoltageFunction.Const(4), Sigmoid(1, -50, 6)),
            ]) { Start = KineticStart.FirstState };
        return
        [
            IonChannelSpec.Passive("leak", 3, -54.3),
            new IonChannelSpec("na", 1200, 50, [GateSpec.FromRates("m", 3, ExpLinear(1, -40, 10), Exp(4, -65, -18)), GateSpec.FromRates("h", 1, Exp(0.07, -65, -20), Sigmoid(1, -35, 10))]),
            new IonChannelSpec("k", 360, -77, [new GateSpec("n", 4, GateKinetics.TauInf, null, null, VoltageFunction.Const(5), Sigmoid(1, -50, 8), RateFactor: 3)]),
            new IonChannelSpec("ri", 20, -80, [new GateSpec("r", 2, GateKinetics.RatesInf, Exp(0.2, -60, 20), Exp(0.3, -60, -20), null, Sigmoid(1, -62, 4))]),
            new IonChannelSpec("rt", 15, -80, [new GateSpec("s", 1, GateKinetics.RatesTau, Exp(0.2, -60, 20), Sigmoid(0.5, -40, 5), VoltageFunction.Const(2), null, RateFactor: 1.5)]),
            new IonChannelSpec("q", 5, -90, [new GateSpec("q", 1, GateKinetics.Instantaneous, null, null, null, Sigmoid(1, -60, 5))]),
            new IonChannelSpec("lems", 8, -80, [new GateSpec("a", 1, GateKinetics.RatesTau, rate, Exp(0.1, -60, -30), tau, null), new GateSpec("b", 1, GateKinetics.Instantaneous, null, null, null, inf)]),
            new IonChannelSpec("ks", 30, -77, [GateSpec.FromScheme("k", 1, scheme)]),
        ];
    }

    /// <summary>A soma and a dendrite of two segments: HH channels on the soma, a leak everywhere, a capacitance of its own on the dendrite.</summary>
    private static HodgkinHuxleyNeuronSpec MultiCompartment()
    {
        var channels = new IonChannelSpec[]
        {
            IonChannelSpec.Passive("leak", 0.3, -54.3),
            new("na", 120, 50, [GateSpec.FromRates("m", 3, ExpLinear(1, -40, 10), Exp(4, -65, -18)), GateSpec.FromRates("h", 1, Exp(0.07, -65, -20), Sigmoid(1, -35, 10))]),
            new("k", 36, -77, [GateSpec.FromRates("n", 4, ExpLinear(0.1, -55, 10), Exp(0.125, -65, -80))]),
        };
        var morphology = new MorphologySpec
        {
            Compartments = [new CompartmentSpec("0", null, 20, 20), new CompartmentSpec("1", "0", 100, 2), new CompartmentSpec("2", "1", 50, 1.5) { ProximalDiameterUm = 2 }],
            Groups = [new CompartmentGroupSpec("soma", ["0"]), new CompartmentGroupSpec("dend", ["1", "2"])],
            Densities = [new ChannelDensitySpec("leak", MorphologySpec.AllGroup, 0.3), new ChannelDensitySpec("na", "soma", 120), new ChannelDensitySpec("k", "soma", 36)],
            SpecificCapacitanceUfPerCm2 = 1, Capacitances = [new SpecificCapacitanceSpec("dend", 2)], AxialResistivityOhmCm = 150, SpikeCompartment = "0",
        };
        // The reader's capacitancePf of a morphology (for display): the sum of c_m area over the compartments.
        double c = morphology.Compartments.Select((x, k) => (k == 0 ? 1.0 : 2.0) * x.AreaUm2 / 100).Sum();
        return new HodgkinHuxleyNeuronSpec { CapacitancePf = c, Channels = channels, InitialMv = -65, SpikeThresholdMv = 0, Morphology = morphology };
    }

    /// <summary>A network with every element the export gains: hh cells (ge/gi, ports with a block, a calcium pool with Nernst, GHK and GHK2 channels) and graded projections of the three kinds.</summary>
    private static NetworkSpec Everything() => new()
    {
        Name = "export",
        DtMs = 0.01,
        DurationMs = 60,
        Populations =
        [
            new PopulationSpec
            {
                Name = "hh", Count = 2,
                Model = new HodgkinHuxleyNeuronSpec { CapacitancePf = 10, Channels = EveryGate(), InitialMv = -65, SpikeThresholdMv = 0, TauExcMs = 3, RiseExcMs = 1, TauInhMs = 8, InhReversalMv = -75 },
            },
            new PopulationSpec
            {
                Name = "ca", Count = 2,
                Model = new HodgkinHuxleyNeuronSpec
                {
                    CapacitancePf = 12.5, InitialMv = -60, SpikeThresholdMv = -10, TemperatureCelsius = 290 - 273.15,
                    Channels =
                    [
                        IonChannelSpec.Passive("leak", 2.5, -60),
                        new IonChannelSpec("na", 1200, 50, [GateSpec.FromRates("m", 3, ExpLinear(1, -40, 10), Exp(4, -65, -18)), GateSpec.FromRates("h", 1, Exp(0.07, -65, -20), Sigmoid(1, -35, 10))]),
                        new IonChannelSpec("k", 360, -77, [GateSpec.FromRates("n", 4, ExpLinear(0.1, -55, 10), Exp(0.125, -65, -80))]),
                        new IonChannelSpec("caf", 4, 80, [GateSpec.FromRates("c", 2, ExpLinear(0.5, -30, 10), Exp(0.2, -60, -20))]) { Ion = "ca" },
                        new IonChannelSpec("can", 3, 0, [GateSpec.FromRates("c", 2, ExpLinear(0.5, -30, 10), Exp(0.2, -60, -20))]) { Ion = "ca", Reversal = ReversalKind.Nernst },
                        new IonChannelSpec("cag", 0, 0, [GateSpec.FromRates("c", 2, ExpLinear(0.5, -30, 10), Exp(0.2, -60, -20))]) { Ion = "ca", Reversal = ReversalKind.Ghk, PermeabilityUm3PerS = 1e-9 * 1e6 * 1234.5 },
                        new IonChannelSpec("cag2", 2, 0, []) { Ion = "ca", Reversal = ReversalKind.Ghk2 },
                    ],
                    Concentrations = [new ConcentrationPoolSpec { InitialMm = 5e-5, ExternalMm = 2, RestingMm = 5e-5, DecayMs = 13.5, AreaUm2 = 1234.5, ShellThicknessUm = 0.2 }],
                },
            },
            new PopulationSpec
            {
                Name = "ported", Count = 1,
                Model = new HodgkinHuxleyNeuronSpec
                {
                    CapacitancePf = 10, InitialMv = -65, SpikeThresholdMv = 0, Channels = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952.Channels,
                    Ports =
                    [
                        new SynapticPortSpec("AMPA", 3, 0) { RiseMs = 0.5 },
                        new SynapticPortSpec("NMDA", 50, 0) { RiseMs = 2, Block = MagnesiumBlockSpec.JahrStevens },
                        new SynapticPortSpec("GABA", 10, -80),
                        new SynapticPortSpec("spare", 7, -20) { RiseMs = 7 },
                    ],
                },
            },
            new PopulationSpec
            {
                Name = "iaf", Count = 2,
                Model = new ConductanceLifNeuronSpec { RestMv = -65, ResetMv = -65, ThresholdMv = -50, TauMs = 20 },
            },
            new PopulationSpec { Name = "mc", Count = 1, Model = MultiCompartment() },
            new PopulationSpec
            {
                Name = "izh", Count = 1, Model = new IzhikevichNeuronSpec { A = 0.02, B = 0.2, C = -65, D = 6, PeakMv = 30 },
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-70) },
            },
            new PopulationSpec { Name = "src", Count = 3, Model = new PoissonSourceSpec { RateHz = 80 } },
        ],
        Projections =
        [
            new ProjectionSpec { Name = "src_hh", Source = "src", Target = "hh", Receptor = Receptor.Excitatory, Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 1], Weights = [2.5, 4], DelaysMs = [0.5, 1] } },
            new ProjectionSpec { Name = "src_hh_inh", Source = "src", Target = "hh", Receptor = Receptor.Inhibitory, Connectivity = new ExplicitConnectivity { Sources = [2], Targets = [1] }, Weight = DistributionSpec.Constant(1.5) },
            new ProjectionSpec { Name = "src_ampa", Source = "src", Target = "ported", Port = 1, Connectivity = new ExplicitConnectivity { Sources = [0, 1, 2], Targets = [0, 0, 0] }, Weight = DistributionSpec.Constant(3) },
            new ProjectionSpec { Name = "hh_nmda", Source = "hh", Target = "ported", Port = 2, Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Weight = DistributionSpec.Constant(2), DelayMs = DistributionSpec.Constant(1) },
            new ProjectionSpec { Name = "src_dend", Source = "src", Target = "mc", Compartment = "2", Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 0] }, Weight = DistributionSpec.Constant(4) },
            new ProjectionSpec { Name = "src_ca", Source = "src", Target = "ca", Connectivity = new ExplicitConnectivity { Sources = [0, 2], Targets = [0, 1] }, Weight = DistributionSpec.Constant(6) },
        ],
        GradedProjections =
        [
            new GradedProjectionSpec { Name = "lin", Source = "hh", Target = "iaf", Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [1, 0], Weights = [0.5, 2] }, Kind = GradedSynapseKind.Linear, Conductance = 0.025 },
            new GradedProjectionSpec
            {
                Name = "sig", Source = "hh", Target = "ca", Connectivity = new ExplicitConnectivity { Sources = [1], Targets = [0] }, Weight = DistributionSpec.Constant(0.75),
                Kind = GradedSynapseKind.Sigmoid, Conductance = 0.5, ErevMv = 0, VthMv = -35, DeltaMv = 5, KPerMs = 0.025,
            },
            new GradedProjectionSpec
            {
                Name = "kunert", Source = "ca", Target = "hh", Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 0] },
                Kind = GradedSynapseKind.SigmoidRiseDecay, Conductance = 0.3, ErevMv = -80, VthMv = -30, DeltaMv = 3, RisePerMs = 0.0005, DecayPerMs = 0.01,
            },
        ],
        Inputs =
        [
            new CurrentInputSpec { Target = "hh", Indices = [0], Amplitude = 150, StartMs = 5, StopMs = 40 },
            new CurrentInputSpec { Target = "ca", Amplitude = 250, StartMs = 10, StopMs = 45 },
            new CurrentInputSpec { Target = "mc", Amplitude = 300, StartMs = 5, StopMs = 50 },
            new CurrentInputSpec { Target = "mc", Amplitude = 40, StartMs = 20, StopMs = 30, Compartment = "1" },
            new CurrentInputSpec { Target = "izh", Amplitude = 14, StartMs = 10 },
            new PoissonInputSpec { Target = "ported", RateHz = 200, Weight = 1.5, Port = 3, Receptor = Receptor.Inhibitory }, // on a port the receptor is a label: erev below rest
        ],
    };

    [Fact]
    public void JsonToNeuroMlToJson_EveryNewElement_GivesTheSameJson()
    {
        using var dir = new TempDirectory();
        var spec = Everything();
        string nml = dir.File("export.net.nml");
        var back = NeuroMlExportRoundTrip.AssertSameJson(spec, nml);
        var names = XDocument.Load(nml).Root!.Descendants().Select(e => e.Name.LocalName).ToHashSet();
        foreach (string element in new[]
        {
            "cell", "izhikevichCell", "pulseGeneratorDL", "ionChannelHH", "ionChannelKS", "gateHHrates", "gateHHtauInf", "gateHHratesInf", "gateHHratesTau", "gateHHInstantaneous", "gateKS",
            "forwardTransition", "reverseTransition", "vHalfTransition", "tauInfTransition", "q10Settings", "ComponentType", "ConditionalDerivedVariable",
            "channelPopulation", "channelDensityNernst", "channelDensityGHK", "channelDensityGHK2", "decayingPoolConcentrationModel", "species",
            "blockingPlasticSynapse", "blockMechanism", "segmentGroup", "channelDensity", "resistivity", "continuousProjection", "linearGradedSynapse", "gradedSynapse", "gradedSynapse2", "silentSynapse",
        })
        {
            Assert.Contains(element, names);
        }
    }

    [Fact]
    public void JsonToNeuroMl_Simulates_TheSameSpikesAndV_BitForBit()
    {
        using var dir = new TempDirectory();
        var spec = Everything();
        string nml = dir.File("export.net.nml");
        NeuroMlFile.Save(nml, spec);
        var back = NeuroMlFile.Load(nml);
        var (spikes, v) = Run(spec);
        var (spikesBack, vBack) = Run(back);
        Assert.True(spikes.Count > 10, $"only {spikes.Count} spikes: the test network must be active");
        Assert.Equal(spikes, spikesBack);
        Assert.Equal(v, vBack);
    }

    [Fact]
    public void Export_HhWithInitialValuesOrRefractoryPeriod_RefusedWithThePath()
    {
        var spec = Everything();
        var initial = spec with { Populations = [spec.Populations[0] with { Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-60) } }, .. spec.Populations.Skip(1)] };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(initial));
        Assert.StartsWith("$.populations[0].initial: NeuroML's cell starts at its initMembPotential", ex.Message);
        var refractory = spec with { Populations = [spec.Populations[0] with { Model = ((HodgkinHuxleyNeuronSpec)spec.Populations[0].Model) with { RefractoryMs = 2 } }, .. spec.Populations.Skip(1)] };
        ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(refractory));
        Assert.StartsWith("$.populations[0].params.refractoryMs is 2;", ex.Message);
    }

    [Fact]
    public void Export_ExpressionWithInconsistentDimensions_Refused()
    {
        // exp(v) takes a voltage where LEMS needs a number, and no constant can make it one.
        var bad = VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["rate"] = 1000 }, [DerivedExpression.Of("r", "rate * exp(v)")], "r"), VoltageFunction.RateFromSi);
        var hh = new HodgkinHuxleyNeuronSpec { Channels = [new IonChannelSpec("x", 1, -80, [GateSpec.FromRates("a", 1, bad, Exp(1, -60, 10))])] };
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 1, Model = hh }] };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.ToText(spec));
        Assert.StartsWith("$.populations[0].params.channels[0].gates[0].alpha.expression: its dimensions do not agree", ex.Message);
    }

    [Fact]
    public void Export_ExpressionConstants_GetTheirDimensions()
    {
        var doc = XDocument.Parse(NeuroMlFile.ToText(Everything()));
        var constants = doc.Root!.Elements().Where(e => e.Name.LocalName == "ComponentType" && (string?)e.Attribute("name") == "hh_cell_lems_a_alpha")
            .Single().Elements().Where(e => e.Name.LocalName == "Constant").ToDictionary(e => (string)e.Attribute("name")!, e => ((string)e.Attribute("dimension")!, (string)e.Attribute("value")!));
        Assert.Equal(("per_time", "1000per_s"), constants["rate"]);
        Assert.Equal(("voltage", "-0.04V"), constants["midpoint"]);
        Assert.Equal(("voltage", "0.01V"), constants["scale"]);
    }

    private static (List<(string Population, int Step, int Neuron)> Spikes, List<float[]> V) Run(NetworkSpec spec)
    {
        string[] cells = ["hh", "ca", "ported", "iaf", "mc", "izh"];
        return NeuroMlExportRoundTrip.Run(spec, cells, cells, 6000, seed: 11);
    }
}
