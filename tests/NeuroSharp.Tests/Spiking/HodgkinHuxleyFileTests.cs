using System.Text.Json.Nodes;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The "hh" model in a network file: presets, the "channels" list read and written back, and each error sentence with its JSON path.</summary>
public class HodgkinHuxleyFileTests
{
    private static string Network(string model) =>
        $$"""{"format": "neurosharp.network", "version": 1, "populations": [{"name": "p", "count": 2, {{model}}}]}""";

    /// <summary>A cell with every kinetics, every function form and a rate factor.</summary>
    public static HodgkinHuxleyNeuronSpec Custom { get; } = HodgkinHuxleyNeuronSpec.TraubMiles with
    {
        CapacitancePf = 150, RefractoryMs = 2, InitialMv = -70, RiseExcMs = 1,
        Channels =
        [
            IonChannelSpec.Passive("leak", 5, -70),
            new IonChannelSpec("ka", 300, -90,
            [
                new GateSpec("a", 3, GateKinetics.TauInf, null, null, VoltageFunction.Const(1.5), new(VoltageFunctionForm.Sigmoid, 1, -40, 8), 2.5),
                new GateSpec("b", 1, GateKinetics.RatesInf, new(VoltageFunctionForm.Exp, 0.1, -60, -20), new(VoltageFunctionForm.ExpLinear, 0.2, -50, 5), null, new(VoltageFunctionForm.Sigmoid, 1, -70, -6)),
                new GateSpec("c", 2, GateKinetics.RatesTau, new(VoltageFunctionForm.ExpLinear, 0.3, -45, 7), new(VoltageFunctionForm.Constant, 0.05, 0, 1), new(VoltageFunctionForm.Sigmoid, 20, -50, -10), null, 3),
            ]),
            new IonChannelSpec("nap", 20, 50, [new GateSpec("m", 1, GateKinetics.Instantaneous, null, null, null, new(VoltageFunctionForm.Sigmoid, 1, -52, 5))]),
        ],
    };

    [Fact]
    public void RoundTrip_PresetsAndACustomChannelList_ReadBackEqual()
    {
        foreach (var model in new[] { HodgkinHuxleyNeuronSpec.TraubMiles, HodgkinHuxleyNeuronSpec.HodgkinHuxley1952, Custom })
        {
            var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 3, Model = model }] };
            string json = NetworkFile.ToJson(spec);
            var read = NetworkFile.Parse(json, "hh.json");
            Assert.Equal(model, read.Populations[0].Model);
            Assert.Equal(json, NetworkFile.ToJson(read));
        }
        Assert.NotEqual(HodgkinHuxleyNeuronSpec.TraubMiles, Custom);
    }

    [Fact]
    public void Written_ChannelsAreExplicit_WithCamelCaseNames()
    {
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 1, Model = Custom }] };
        var p = JsonNode.Parse(NetworkFile.ToJson(spec))!["populations"]![0]!;
        Assert.Equal("hh", (string?)p["model"]);
        var ka = p["params"]!["channels"]![1]!;
        Assert.Equal("ka", (string?)ka["name"]);
        Assert.Equal("tauInf", (string?)ka["gates"]![0]!["kinetics"]);
        Assert.Equal(2.5, (double)ka["gates"]![0]!["rateFactor"]!);
        Assert.Null(ka["gates"]![1]!["rateFactor"]);
        Assert.Equal("constant", (string?)ka["gates"]![0]!["tau"]!["form"]);
        Assert.Equal("expLinear", (string?)ka["gates"]![1]!["beta"]!["form"]);
        Assert.Null(p["params"]!["channels"]![0]!["gates"]);
    }

    [Fact]
    public void Presets_ReadWithOverrides()
    {
        var spec = NetworkFile.Parse(Network("\"model\": \"hh\", \"preset\": \"hodgkinHuxley1952\", \"params\": {\"refractoryMs\": 2}"));
        var m = Assert.IsType<HodgkinHuxleyNeuronSpec>(spec.Populations[0].Model);
        Assert.Equal(HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with { RefractoryMs = 2 }, m);
        Assert.Equal(1200, m.Channels[1].ConductanceNs);
        var traub = NetworkFile.Parse(Network("\"model\": \"hh\", \"preset\": \"traubMiles\""));
        Assert.Equal(HodgkinHuxleyNeuronSpec.TraubMiles, traub.Populations[0].Model);
        Assert.Equal(["v", "na_m", "na_h", "k_n", "na_i", "k_i", "na_g", "k_g", "ge", "gi"], NeuronModels.StateVariables(HodgkinHuxleyNeuronSpec.TraubMiles));
    }

    private static string Gate(string gate) =>
        "\"model\": \"hh\", \"preset\": \"traubMiles\", \"params\": {\"channels\": [{\"name\": \"leak\", \"conductanceNs\": 10, \"reversalMv\": -60}, "
        + "{\"name\": \"k\", \"conductanceNs\": 100, \"reversalMv\": -90, \"gates\": [" + gate + "]}]}";

    private const string Alpha = "\"alpha\": {\"form\": \"expLinear\", \"rate\": 0.16, \"midpointMv\": -48, \"scaleMv\": 5}";
    private const string Beta = "\"beta\": {\"form\": \"exp\", \"rate\": 0.5, \"midpointMv\": -53, \"scaleMv\": -40}";

    [Theory]
    [InlineData("{\"name\": \"n\", \"power\": 4, \"kinetics\": \"ratez\", " + Alpha + ", " + Beta + "}",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].kinetics) is \"ratez\", not one of rates, tauInf, ratesInf, ratesTau, instantaneous, kineticScheme (did you mean rates?).")]
    [InlineData("{\"name\": \"n\", \"power\": 4, \"kinetics\": \"rates\", " + Alpha + "}",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].beta) is missing: gate 'n' with kinetics rates needs alpha and beta.")]
    [InlineData("{\"name\": \"n\", \"power\": 4, \"kinetics\": \"tauInf\", " + Alpha + ", " + Beta + "}",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].tau) is missing: gate 'n' with kinetics tauInf needs tau and inf.")]
    [InlineData("{\"name\": \"n\", \"power\": 0, \"kinetics\": \"rates\", " + Alpha + ", " + Beta + "}",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].power) must be at least 1 (got 0).")]
    [InlineData("{\"name\": \"n\", \"power\": 4, \"kinetics\": \"rates\", \"alpha\": {\"form\": \"expo\", \"rate\": 1, \"midpointMv\": 0, \"scaleMv\": 1}, " + Beta + "}",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].alpha.form) is \"expo\", not one of exp, sigmoid, expLinear, constant, expression (did you mean exp?).")]
    [InlineData("{\"name\": \"n\", \"power\": 4, \"kinetics\": \"rates\", \"alpha\": {\"form\": \"exp\", \"rate\": 1, \"midpointMv\": 0, \"scaleMv\": 0}, " + Beta + "}",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].alpha.scaleMv) must be a finite number other than 0 (got 0).")]
    [InlineData("{\"name\": \"n\", \"power\": 4, \"kinetics\": \"rates\", " + Alpha + ", " + Beta + ", \"rateFactor\": -1}",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].rateFactor) must be > 0 (got -1).")]
    [InlineData("{\"name\": \"n\", \"power\": 4, \"kinetics\": \"rates\", " + Alpha + ", " + Beta + ", \"q11\": 3}",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].q11) is not a known field here")]
    public void BadGate_NamesTheJsonPath(string gate, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network(Gate(gate)), "net.json"));
        Assert.Contains("net.json: " + expected, e.Message);
    }

    [Theory]
    [InlineData("{\"name\": \"leak\", \"conductanceNs\": -10, \"reversalMv\": -60}",
        "population \"p\" ($.populations[0].params.channels[0].conductanceNs) must be >= 0 (got -10).")]
    [InlineData("{\"name\": \"leak\", \"reversalMv\": -60}",
        "($.populations[0].params.channels[0].conductanceNs) is missing.")]
    [InlineData("{\"name\": \"leak\", \"conductanceNs\": 10, \"reversalMv\": -60}, {\"name\": \"leak\", \"conductanceNs\": 1, \"reversalMv\": 0}",
        "population \"p\" ($.populations[0].params.channels[1].name) repeats channel 'leak' (got leak).")]
    public void BadChannel_NamesTheJsonPath(string channels, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network($"\"model\": \"hh\", \"preset\": \"traubMiles\", \"params\": {{\"channels\": [{channels}]}}"), "net.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void NoPreset_MissingChannels_NamesWhatTheModelNeeds()
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network("\"model\": \"hh\", \"params\": {\"capacitancePf\": 200}"), "net.json"));
        Assert.Contains("($.populations[0].params.channels) is missing (model 'hh' needs capacitancePf, channels, spikeThresholdMv", e.Message);
        Assert.Contains("or name a \"preset\" (traubMiles, hodgkinHuxley1952)", e.Message);
    }

    [Fact]
    public void Initial_GateNames_AreStateVariables_AndAnUnknownOneIsRefused()
    {
        var ok = NetworkFile.Parse(Network("\"model\": \"hh\", \"preset\": \"traubMiles\", \"initial\": {\"na_h\": 0.5, \"v\": -60}"));
        Assert.Equal(0.5, ok.Populations[0].Initial!["na_h"].Value);
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network("\"model\": \"hh\", \"preset\": \"traubMiles\", \"initial\": {\"na_n\": 0}"), "net.json"));
        Assert.Contains("$.populations[0].initial.na_n) is not a state variable of model 'hh' (known: v, na_m, na_h, k_n, ge, gi).", e.Message);
        // A channel's current and conductance are recorded but computed from the state: an initial value for one is refused, not ignored.
        var current = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network("\"model\": \"hh\", \"preset\": \"traubMiles\", \"initial\": {\"na_i\": 0}"), "net.json"));
        Assert.Contains("$.populations[0].initial.na_i) is not a state variable of model 'hh'", current.Message);
    }
}
