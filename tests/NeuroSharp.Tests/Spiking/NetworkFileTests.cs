using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The network file: save -> load -> equal, the shipped examples, and bad files rejected with the JSON path and value.</summary>
public class NetworkFileTests
{
    private static string Examples => Path.Combine(RepositoryRoot.Path, "examples", "networks");

    private const string Header = "\"format\": \"neurosharp.network\", \"version\": 1";

    private static InvalidInputException Bad(string json) =>
        Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json, "bad.json"));

    [Fact]
    public void Examples_AllLoadAndValidate()
    {
        var files = Directory.GetFiles(Examples, "*.json");
        Assert.True(files.Length >= 6, $"only {files.Length} example networks");
        foreach (var f in files)
        {
            var spec = NetworkFile.Load(f);
            Assert.False(string.IsNullOrEmpty(spec.Name));
            Assert.False(string.IsNullOrEmpty(spec.Description));
        }
    }

    [Fact]
    public void SaveLoad_EveryExample_RoundTripsToTheSameJson()
    {
        using var dir = new TempDirectory();
        foreach (var f in Directory.GetFiles(Examples, "*.json"))
        {
            var spec = NetworkFile.Load(f);
            string path = dir.File(Path.GetFileName(f));
            NetworkFile.Save(path, spec);
            var again = NetworkFile.Load(path);
            Assert.Equal(NetworkFile.ToJson(spec), NetworkFile.ToJson(again));
            Assert.Equal(spec.Neurons.Count, again.Neurons.Count);
            for (int i = 0; i < spec.Neurons.Count; i++)
            {
                Assert.Equal(spec.Neurons[i].Model, again.Neurons[i].Model); // records: value equality of every parameter
                Assert.Equal(spec.Neurons[i].X, again.Neurons[i].X);
                Assert.Equal(spec.Neurons[i].Color, again.Neurons[i].Color);
            }
        }
    }

    [Fact]
    public void SaveLoad_EveryFeature_RoundTrips()
    {
        var spec = Networks.Busy() with
        {
            Name = "all", Description = "every field", DurationMs = 12.5, Delivery = TransmitterDelivery.Sequential, SynapseRule = TransmitterSynapseRule.ReferenceAliasing,
            Neurons =
            [
                new SingleNeuronSpec { Id = "a", Label = "ПЕРВЫЙ", Model = TransmitterNeuronSpec.Excitatory, Kind = NeuronKind.Excitatory, X = 1.5, Y = -2, Color = "#abcdef" },
                new SingleNeuronSpec { Id = "b", Model = TransmitterNeuronSpec.Inhibitory, Kind = NeuronKind.Inhibitory },
                new SingleNeuronSpec { Id = "z", Model = AdExNeuronSpec.Adapting, Initial = new Dictionary<string, DistributionSpec> { ["w"] = DistributionSpec.Constant(3) } },
                new SingleNeuronSpec { Id = "iz", Model = IzhikevichNeuronSpec.Chattering },
                new SingleNeuronSpec { Id = "src", Model = new SpikeTimesSourceSpec { Indices = [0, 0], TimesMs = [1, 2.5] } },
            ],
            Links = [new LinkSpec { From = "a", To = "b" }, new LinkSpec { From = "src", To = "z", Weight = 2, DelayMs = 0.5, Receptor = Receptor.Excitatory }],
            Inputs = [.. Networks.Busy().Inputs, new TransmitterStimulusSpec { Target = "a", Steps = [3, 9], EverySteps = 10, Amount = new(7, -1) }, new CurrentInputSpec { Target = "iz", Amplitude = 10, StartMs = 5, StopMs = 50, X = 120, Y = -30.5 }],
            Projections = [.. Networks.Busy().Projections, new ProjectionSpec { Name = "x", Source = "src", Target = "exc", Receptor = Receptor.Excitatory, Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [3], Weights = [0.25], DelaysMs = [2] } }],
        };
        string json = NetworkFile.ToJson(spec);
        var again = NetworkFile.Parse(json);
        Assert.Equal(json, NetworkFile.ToJson(again));
        Assert.Equal(spec.Populations[0].Model, again.Populations[0].Model);
        Assert.Equal(spec.Projections[0].Stdp, again.Projections[0].Stdp);
        Assert.Equal(spec.Projections[2].ShortTermPlasticity, again.Projections[2].ShortTermPlasticity);
        Assert.Equal(spec.Projections[1].DelayMs, again.Projections[1].DelayMs);
        Assert.Equal("ПЕРВЫЙ", again.Neurons[0].Label);
        var step = Assert.IsType<CurrentInputSpec>(again.Inputs[^1]); // the studio's current-step node keeps its place
        Assert.Equal((120.0, -30.5), (step.X, step.Y));
    }

    [Theory]
    [InlineData("\"model\": \"lifx\"", "population \"p\" ($.populations[0].model) is 'lifx', not a known model (did you mean lif? known: transmitter, lif,")]
    [InlineData("\"model\": \"lfi\"", "($.populations[0].model) is 'lfi', not a known model (did you mean lif? known:")] // two letters swapped
    [InlineData("\"model\": \"lif\", \"params\": { \"tauMS\": 20 }", "($.populations[0].params.tauMS) is not a known field here (did you mean tauMs? known: tauMs,")]
    [InlineData("\"model\": \"iaf_psc_exp\"", "population \"p\" ($.populations[0].model) is 'iaf_psc_exp', NEST's name: NeuroSharp runs it as model 'lif', with its own parameter names and units (docs/formats.md, \"NEST's names\").")]
    [InlineData("\"model\": \"nest:iaf_cond_alpha\"", "is 'nest:iaf_cond_alpha', NEST's name: NeuroSharp runs it as model 'conductanceLif' with riseExcMs = tauExcMs and riseInhMs = tauInhMs (alpha conductances)")]
    [InlineData("\"model\": \"zzz\"", "($.populations[0].model) is 'zzz', not a known model (known: ")] // nothing near: no guess
    [InlineData("\"model\": \"lif\", \"params\": { \"tauMs\": 20 }", "population \"p\" ($.populations[0].params.restMv) is missing (model 'lif' needs tauMs, restMv")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"tauMs\": -5 }", "population \"p\" ($.populations[0].params.tauMs) must be > 0 (got -5)")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"tauMs\": 1e999 }", "population \"p\" ($.populations[0].params.tauMs) must be a finite number (got 1e999)")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"tauMs\": \"NaN\" }", "population \"p\" ($.populations[0].params.tauMs) must be a finite number (got \"NaN\")")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cubaa\"", "population \"p\" ($.populations[0].preset) is 'cubaa', not a preset of model 'lif' (did you mean cuba? known: ")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"tau\": 5 }", "population \"p\" ($.populations[0].params.tau) is not a known field")]
    // NEST's names: the model's own name and unit, or why the model has none (until 2026-12-07: "not a known field here").
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"V_th\": -50 }", "population \"p\" ($.populations[0].params.V_th) is NEST's name: model 'lif' calls it thresholdMv (mV).")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"tau_syn_ex\": 2 }", "($.populations[0].params.tau_syn_ex) is NEST's name: model 'lif' calls it tauExcMs (ms).")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"t_ref\": 2 }", "($.populations[0].params.t_ref) is NEST's name: model 'lif' calls it refractoryMs (ms; the engine counts the crossing step, so NEST's t_ref is refractoryMs - dt")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"C_m\": 250 }", "($.populations[0].params.C_m) is NEST's capacitance, which model 'lif' does not have: its currents and weights are in mV (a NEST current of I pA is I tau_m / C_m mV")]
    [InlineData("\"model\": \"conductanceLif\", \"preset\": \"coba\", \"params\": { \"g_L\": 16.7 }", "($.populations[0].params.g_L) is NEST's leak conductance, which model 'conductanceLif' does not have: tauMs is C_m / g_L")]
    [InlineData("\"model\": \"conductanceLif\", \"preset\": \"coba\", \"params\": { \"E_in\": -85 }", "($.populations[0].params.E_in) is NEST's name: model 'conductanceLif' calls it inhReversalMv (mV).")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"I_e\": 376 }", "($.populations[0].params.I_e) is NEST's constant current, not a parameter of model 'lif': a constant current is a \"current\" input ($.inputs)")]
    [InlineData("\"model\": \"izhikevich\", \"preset\": \"regularSpiking\", \"params\": { \"V_th\": 30 }", "($.populations[0].params.V_th) is NEST's name: model 'izhikevich' calls it peakMv (mV).")]
    [InlineData("\"model\": \"izhikevich\", \"preset\": \"regularSpiking\", \"params\": { \"U_m\": -14 }", "($.populations[0].params.U_m) is NEST's start value of u, not a parameter of model 'izhikevich': a start value is the population's \"initial\" ({\"u\": ...}).")]
    [InlineData("\"model\": \"adex\", \"preset\": \"tonic\", \"params\": { \"Delta_T\": 2 }", "($.populations[0].params.Delta_T) is NEST's name: model 'adex' calls it slopeMv (mV).")]
    [InlineData("\"model\": \"glif\", \"preset\": \"lif\", \"params\": { \"asc_amps\": [1, 2] }", "($.populations[0].params.asc_amps) is NEST's name: model 'glif' calls it ascAmpsPa (pA).")]
    [InlineData("\"model\": \"poisson\", \"params\": { \"rate\": 5 }", "($.populations[0].params.rate) is NEST's name: model 'poisson' calls it rateHz (Hz).")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"tau_m\": 10 }", "($.populations[0].params.tau_m) is NEST's name: model 'lif' calls it tauMs (ms).")]
    [InlineData("\"model\": \"transmitter\", \"preset\": \"article\"", "population \"p\" ($.populations[0].model) is 'transmitter', which is for single neurons")]
    public void Load_BadPopulation_NamesPathAndValue(string modelFields, string expected)
    {
        var e = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"p\", \"count\": 2, {modelFields} }} ] }}");
        Assert.StartsWith("bad.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    private const string TwoNeurons =
        "\"neurons\": [ { \"id\": \"skin\", \"model\": \"transmitter\", \"preset\": \"excitatory\" }, { \"id\": \"muscle\", \"model\": \"transmitter\", \"preset\": \"article\" } ]";

    [Fact]
    public void Load_LinkToUnknownNeuron_NamesPathAndValue()
    {
        var e = Bad($"{{ {Header}, {TwoNeurons}, \"links\": [ {{ \"from\": \"skin\", \"to\": \"muscel\" }} ] }}");
        Assert.Contains("$.links[0].to names no neuron ('muscel'; did you mean muscle? known: skin, muscle)", e.Message);
    }

    [Fact]
    public void Load_NegativeDelay_NamesPathAndValue()
    {
        var e = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"p\", \"count\": 2, \"model\": \"lif\", \"preset\": \"cuba\" }} ], " +
            "\"projections\": [ { \"source\": \"p\", \"target\": \"p\", \"receptor\": \"excitatory\", \"connectivity\": { \"rule\": \"allToAll\" }, \"weight\": 1, \"delayMs\": -2 } ] }");
        Assert.Contains("$.projections[0].delayMs must be >= 0 (got -2)", e.Message);
    }

    [Fact]
    public void Load_DaleViolation_NamesPathAndKind()
    {
        var e = Bad($"{{ {Header}, \"neurons\": [ {{ \"id\": \"a\", \"model\": \"transmitter\", \"preset\": \"article\", \"kind\": \"excitatory\" }} ] }}");
        Assert.Contains("neuron \"a\" ($.neurons[0].kind) is excitatory but reproductivity [0.5, -0.1]", e.Message);
        var p = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"i\", \"count\": 2, \"model\": \"lif\", \"preset\": \"cuba\", \"kind\": \"inhibitory\" }} ], " +
            "\"projections\": [ { \"source\": \"i\", \"target\": \"i\", \"receptor\": \"excitatory\", \"connectivity\": { \"rule\": \"allToAll\" }, \"weight\": 1 } ] }");
        Assert.Contains("$.projections[0].receptor is excitatory but 'i' is inhibitory", p.Message);
    }

    /// <summary>A list under "initial" gives each neuron its own start (PyNN's initialize(v=[...]), docs/pynn.md).</summary>
    [Fact]
    public void Load_PerNeuronInitial_StartsEachNeuronAtItsValueAndRoundTrips()
    {
        string json = $"{{ {Header}, \"populations\": [ {{ \"name\": \"p\", \"count\": 3, \"model\": \"izhikevich\", \"preset\": \"regularSpiking\", " +
            "\"initial\": { \"v\": [-70, -67, -60.5], \"u\": [-14, -13.4, 2] } } ] }";
        var spec = NetworkFile.Parse(json);
        Assert.Equal(NetworkFile.ToJson(spec), NetworkFile.ToJson(NetworkFile.Parse(NetworkFile.ToJson(spec))));
        Assert.Contains("-13.4", NetworkFile.ToJson(spec));
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = 1 });
        Assert.Equal([-70f, -67f, -60.5f], engine.GetVariable("p", "v"));
        Assert.Equal([-14f, -13.4f, 2f], engine.GetVariable("p", "u"));
    }

    [Theory]
    [InlineData("\"v\": [-65, -55]", "population \"p\" ($.populations[0].initial.v) lists one value per neuron, so needs 3 values (got 2)")]
    [InlineData("\"v\": [-65, -55, \"x\"]", "$.populations[0].initial.v[2]")]
    [InlineData("\"v\": [-65, -55, 1e999]", "must be a finite number")]
    public void Load_BadPerNeuronInitial_NamesPathAndCount(string initial, string expected)
    {
        var e = Bad($"{{ {Header}, \"populations\": [ {{ \"name\": \"p\", \"count\": 3, \"model\": \"lif\", \"preset\": \"cuba\", \"initial\": {{ {initial} }} }} ] }}");
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Validate_PerNeuronWeight_IsRefused()
    {
        var spec = Networks.Busy();
        spec = spec with { Projections = [spec.Projections[0] with { Weight = DistributionSpec.PerNeuron([1, 2]) }, .. spec.Projections.Skip(1)] };
        var e = Assert.Throws<InvalidInputException>(spec.Validate);
        Assert.Contains("a list of one value per neuron is for initial values only", e.Message);
    }

    [Theory]
    [InlineData("{ \"format\": \"neurosharp.network\" }", "$.version is missing")]
    [InlineData("{ \"format\": \"neurosharp.network\", \"version\": 2 }", "$.version is 2, which this build does not read")]
    [InlineData("{ \"format\": \"something\", \"version\": 1 }", "$.format is \"something\", expected \"neurosharp.network\"")]
    [InlineData("{ \"version\": 1 }", "$.format is missing")]
    [InlineData("{ \"format\": \"neurosharp.network\", \"version\": 1, \"dtMs\": 0 }", "$.dtMs must be > 0 (got 0)")]
    [InlineData("{ \"format\": \"neurosharp.network\", \"version\": 1, \"colour\": 1 }", "$.colour is not a known field here")]
    [InlineData("{ \"format\": \"neurosharp.network\", \"version\": 1, \"dtMs\": NaN }", "not valid JSON at line 1")]
    public void Load_BadTopLevel_NamesPathAndValue(string json, string expected)
    {
        Assert.Contains(expected, Bad(json).Message);
    }

    [Theory]
    [InlineData("\"inputs\": [ { \"type\": \"curent\", \"target\": \"p\", \"amplitude\": 1 } ]", "$.inputs[0].type is 'curent', not a known input (did you mean current? known: current, poisson, voltageClamp, stimulus).")]
    [InlineData("\"monitors\": [ { \"type\": \"spike\", \"target\": \"p\" } ]", "$.monitors[0].type is 'spike', not a known monitor (did you mean spikes? known: spikes, state, rate).")]
    [InlineData("\"populations\": [ { \"name\": \"q\", \"count\": 1, \"model\": \"lif\", \"preset\": \"cuba\", \"kind\": \"excitory\" } ]", "is \"excitory\", not one of mixed, excitatory, inhibitory (did you mean excitatory?).")]
    public void Load_MisspelledTypeOrKind_SuggestsTheNearestName(string part, string expected)
    {
        // A typo once got only the list of known names.
        string population = part.StartsWith("\"populations\"", StringComparison.Ordinal) ? "" : "\"populations\": [ { \"name\": \"p\", \"count\": 2, \"model\": \"lif\", \"preset\": \"cuba\" } ], ";
        Assert.Contains(expected, Bad($"{{ {Header}, {population}{part} }}").Message);
    }

    [Fact]
    public void Load_TransmitterLinkWithWeight_IsRejected()
    {
        var e = Bad($"{{ {Header}, {TwoNeurons}, \"links\": [ {{ \"from\": \"skin\", \"to\": \"muscle\", \"weight\": 2 }} ] }}");
        Assert.Contains("$.links[0].weight is 2, but links between transmitter neurons carry no weight", e.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Load("/nonexistent/net.json"));
        // Until 2026-12-07: "... cannot read the network file (Could not find a part of the path '/nonexistent/net.json'.)."
        Assert.Equal("/nonexistent/net.json: cannot read the network file: there is no such file.", e.Message);
    }

    [Fact]
    public void Load_Folder_SaysItIsAFolder()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Load(dir.Path));
        Assert.Equal($"{dir.Path}: cannot read the network file: it is a folder, not a file.", e.Message);
    }
}
