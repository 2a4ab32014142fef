using System.Text.Json;

namespace NeuroSharp.Spiking;

internal static partial class NetworkFileReader
{
    /// <summary>The connectivity rules of a projection, as the file spells them.</summary>
    private static readonly string[] KnownRules = ["allToAll", "fixedProbability", "fixedInDegree", "oneToOne", "explicit"];

    private static ProjectionSpec ReadProjection(JsonElement e, string path, IReadOnlyList<PopulationSpec> populations)
    {
        var o = new JsonObjectReader(e, path, "name", "source", "target", "receptor", "port", "compartment", "connectivity", "weight", "delayMs", "stdp", "shortTermPlasticity", "release", "normalization");
        string target = o.RequiredString("target");
        int port = o.Int("port", 0);
        return new ProjectionSpec
        {
            Name = o.OptionalString("name"),
            Source = o.RequiredString("source"),
            Target = target,
            Receptor = o.Has("receptor") ? JsonObjectReader.EnumValue<Receptor>(o.Get("receptor"), o.At("receptor"))
                : PortLabel(populations, target, port) ?? throw JsonObjectReader.Fail(o.At("receptor"), "is missing (excitatory or inhibitory; it may be left out only onto a synaptic port of an hh, conductanceLif or izhikevich2007 population, whose reversal gives the sign)."),
            Port = port,
            Compartment = o.OptionalString("compartment"),
            Connectivity = ReadConnectivity(o.Required("connectivity"), o.At("connectivity")),
            Weight = JsonObjectReader.Distribution(o.Required("weight"), o.At("weight")),
            DelayMs = o.Has("delayMs") ? JsonObjectReader.Distribution(o.Get("delayMs"), o.At("delayMs")) : DistributionSpec.Constant(0),
            Stdp = o.Has("stdp") ? ReadStdp(o.Object("stdp", "tauPlusMs", "tauMinusMs", "aPlus", "aMinus", "wMin", "wMax", "bounds", "pairing", "aPlusTriplet", "tauTripletMs", "mu", "xTarget")) : null,
            ShortTermPlasticity = o.Has("shortTermPlasticity") ? ReadStp(o.Object("shortTermPlasticity", "u", "tauRecMs", "tauFacMs", "sites")) : null,
            Release = o.Has("release") ? ReadRelease(o.Object("release", "probability")) : null,
            Normalization = o.Has("normalization") ? ReadNormalization(o.Object("normalization", "incomingSum", "everySteps")) : null,
        };
    }

    /// <summary>
    /// The receptor of a projection that names none, onto port <paramref name="port"/> of an hh population with synaptic ports: only a
    /// label there (the port's reversal gives the sign; docs/spiking-hh.md), excitatory where E_p is at least the cell's initialMv,
    /// else inhibitory (a port out of range: excitatory, and validation names the port). Null where a receptor is needed.
    /// </summary>
    private static Receptor? PortLabel(IReadOnlyList<PopulationSpec> populations, string target, int port) =>
        port >= 1 && populations.FirstOrDefault(p => p.Name == target)?.Model is { } m && SynapticPortSpec.Of(m) is { Count: > 0 } ports
            ? (port > ports.Count || ports[port - 1].ReversalMv >= SynapticPortSpec.LabelMv(m) ? Receptor.Excitatory : Receptor.Inhibitory)
            : null;

    private static GapJunctionSpec ReadGapJunction(JsonElement e, string path)
    {
        var o = new JsonObjectReader(e, path, "name", "source", "target", "connectivity", "conductance");
        return new GapJunctionSpec
        {
            Name = o.OptionalString("name"),
            Source = o.RequiredString("source"),
            Target = o.RequiredString("target"),
            Connectivity = ReadConnectivity(o.Required("connectivity"), o.At("connectivity")),
            Conductance = JsonObjectReader.Distribution(o.Required("conductance"), o.At("conductance")),
        };
    }

    private static GradedProjectionSpec ReadGradedProjection(JsonElement e, string path)
    {
        var o = new JsonObjectReader(e, path, "name", "source", "target", "connectivity", "weight", "kind", "conductance", "erevMv", "vthMv", "deltaMv", "kPerMs", "risePerMs", "decayPerMs");
        return new GradedProjectionSpec
        {
            Name = o.OptionalString("name"),
            Source = o.RequiredString("source"),
            Target = o.RequiredString("target"),
            Connectivity = ReadConnectivity(o.Required("connectivity"), o.At("connectivity")),
            Weight = o.Has("weight") ? JsonObjectReader.Distribution(o.Get("weight"), o.At("weight")) : DistributionSpec.Constant(1),
            Kind = o.Has("kind") ? JsonObjectReader.EnumValue<GradedSynapseKind>(o.Get("kind"), o.At("kind")) : throw JsonObjectReader.Fail(o.At("kind"), "is missing (linear, sigmoid or sigmoidRiseDecay)."),
            Conductance = o.RequiredNumber("conductance"),
            ErevMv = o.OptionalNumber("erevMv"),
            VthMv = o.OptionalNumber("vthMv"),
            DeltaMv = o.OptionalNumber("deltaMv"),
            KPerMs = o.OptionalNumber("kPerMs"),
            RisePerMs = o.OptionalNumber("risePerMs"),
            DecayPerMs = o.OptionalNumber("decayPerMs"),
        };
    }

    private static ConnectivitySpec ReadConnectivity(JsonElement e, string path)
    {
        var peek = new JsonObjectReader(e, path, "rule", "allowSelf", "probability", "inDegree", "sources", "targets", "weights", "delaysMs");
        string rule = peek.RequiredString("rule");
        switch (rule)
        {
            case "allToAll":
                var a = new JsonObjectReader(e, path, "rule", "allowSelf");
                return new AllToAllConnectivity { AllowSelf = a.Bool("allowSelf", false) };
            case "fixedProbability":
                var f = new JsonObjectReader(e, path, "rule", "allowSelf", "probability");
                return new FixedProbabilityConnectivity { Probability = f.RequiredNumber("probability"), AllowSelf = f.Bool("allowSelf", false) };
            case "fixedInDegree":
                var k = new JsonObjectReader(e, path, "rule", "allowSelf", "inDegree");
                return new FixedInDegreeConnectivity { InDegree = k.RequiredInt("inDegree"), AllowSelf = k.Bool("allowSelf", false) };
            case "oneToOne":
                _ = new JsonObjectReader(e, path, "rule");
                return new OneToOneConnectivity();
            case "explicit":
                var x = new JsonObjectReader(e, path, "rule", "sources", "targets", "weights", "delaysMs");
                return new ExplicitConnectivity
                {
                    Sources = JsonObjectReader.Ints(x.Required("sources"), x.At("sources")),
                    Targets = JsonObjectReader.Ints(x.Required("targets"), x.At("targets")),
                    Weights = x.OptionalNumbers("weights"),
                    DelaysMs = x.OptionalNumbers("delaysMs"),
                };
            default:
                throw JsonObjectReader.Fail(path + ".rule", $"is '{rule}', not a known rule ({NearestName.DidYouMean(KnownRules, rule)}known: {string.Join(", ", KnownRules)}).");
        }
    }

    private static StdpRuleSpec ReadStdp(JsonObjectReader o)
    {
        var d = new StdpRuleSpec();
        return new StdpRuleSpec
        {
            TauPlusMs = o.Number("tauPlusMs", d.TauPlusMs), TauMinusMs = o.Number("tauMinusMs", d.TauMinusMs),
            APlus = o.Number("aPlus", d.APlus), AMinus = o.Number("aMinus", d.AMinus),
            WMin = o.Number("wMin", d.WMin), WMax = o.Number("wMax", d.WMax), Bounds = o.Enum("bounds", d.Bounds),
            Pairing = o.Enum("pairing", d.Pairing), APlusTriplet = o.Number("aPlusTriplet", d.APlusTriplet), TauTripletMs = o.Number("tauTripletMs", d.TauTripletMs),
            Mu = o.Number("mu", d.Mu), XTarget = o.Number("xTarget", d.XTarget),
        };
    }

    private static ShortTermPlasticitySpec ReadStp(JsonObjectReader o)
    {
        var d = new ShortTermPlasticitySpec();
        return new ShortTermPlasticitySpec { U = o.Number("u", d.U), TauRecMs = o.Number("tauRecMs", d.TauRecMs), TauFacMs = o.Number("tauFacMs", d.TauFacMs), Sites = o.Int("sites", d.Sites) };
    }

    private static ReleaseSpec ReadRelease(JsonObjectReader o) => new() { Probability = o.Number("probability", new ReleaseSpec().Probability) };

    private static WeightNormalizationSpec ReadNormalization(JsonObjectReader o)
    {
        var d = new WeightNormalizationSpec();
        return new WeightNormalizationSpec { IncomingSum = o.Number("incomingSum", d.IncomingSum), EverySteps = o.Int("everySteps", d.EverySteps) };
    }

    private static InputSpec ReadInput(JsonElement e, string path)
    {
        var peek = new JsonObjectReader(e, path, "type", "target", "indices", "amplitude", "startMs", "stopMs", "waveform", "finishAmplitude", "baseline", "periodMs", "phase", "sourceCount", "rateHz", "weight", "receptor", "port", "steps", "everySteps", "amount", "compartment", "x", "y", "gain", "targetMv", "holdMv", "returnMv");
        string type = peek.RequiredString("type");
        switch (type)
        {
            case "current":
                var c = new JsonObjectReader(e, path, "type", "target", "indices", "amplitude", "startMs", "stopMs", "waveform", "finishAmplitude", "baseline", "periodMs", "phase", "compartment", "x", "y");
                var waveform = c.Enum("waveform", CurrentWaveform.Constant);
                // A ramp's finishAmplitude and a sine's periodMs are required; a field of the other shape is refused.
                if (waveform != CurrentWaveform.Ramp && c.Has("finishAmplitude")) throw JsonObjectReader.Fail(c.At("finishAmplitude"), "is a ramp's field; give \"waveform\": \"ramp\" or leave it out.");
                if (waveform != CurrentWaveform.Sine && (c.Has("periodMs") || c.Has("phase")))
                    throw JsonObjectReader.Fail(c.At(c.Has("periodMs") ? "periodMs" : "phase"), "is a sine's field; give \"waveform\": \"sine\" or leave it out.");
                return new CurrentInputSpec
                {
                    Target = c.RequiredString("target"), Indices = c.OptionalInts("indices"), Amplitude = c.RequiredNumber("amplitude"),
                    StartMs = c.Number("startMs", 0), StopMs = c.OptionalNumber("stopMs"), Waveform = waveform,
                    FinishAmplitude = waveform == CurrentWaveform.Ramp ? c.RequiredNumber("finishAmplitude") : 0, Baseline = c.Number("baseline", 0),
                    PeriodMs = waveform == CurrentWaveform.Sine ? c.RequiredNumber("periodMs") : 0, Phase = c.Number("phase", 0),
                    Compartment = c.OptionalString("compartment"), X = c.OptionalNumber("x"), Y = c.OptionalNumber("y"),
                };
            case "poisson":
                var p = new JsonObjectReader(e, path, "type", "target", "indices", "sourceCount", "rateHz", "weight", "receptor", "port", "startMs", "stopMs", "compartment");
                return new PoissonInputSpec
                {
                    Target = p.RequiredString("target"), Indices = p.OptionalInts("indices"), SourceCount = p.Int("sourceCount", 1),
                    RateHz = p.RequiredNumber("rateHz"), Weight = p.RequiredNumber("weight"), Receptor = p.Enum("receptor", Receptor.Excitatory),
                    Port = p.Int("port", 0), StartMs = p.Number("startMs", 0), StopMs = p.OptionalNumber("stopMs"),
                    Compartment = p.OptionalString("compartment"),
                };
            case "voltageClamp":
                var v = new JsonObjectReader(e, path, "type", "target", "indices", "gain", "targetMv", "holdMv", "returnMv", "startMs", "stopMs");
                return new VoltageClampSpec
                {
                    Target = v.RequiredString("target"), Indices = v.OptionalInts("indices"), Gain = v.RequiredNumber("gain"), TargetMv = v.RequiredNumber("targetMv"),
                    HoldMv = v.OptionalNumber("holdMv"), ReturnMv = v.OptionalNumber("returnMv"), StartMs = v.Number("startMs", 0), StopMs = v.OptionalNumber("stopMs"),
                };
            case "stimulus":
                var s = new JsonObjectReader(e, path, "type", "target", "indices", "steps", "everySteps", "amount");
                return new TransmitterStimulusSpec
                {
                    Target = s.RequiredString("target"), Indices = s.OptionalInts("indices"), Steps = s.OptionalInts("steps") ?? [],
                    EverySteps = s.Int("everySteps", 0), Amount = JsonObjectReader.Amount(s.Required("amount"), s.At("amount")),
                };
            default:
                throw JsonObjectReader.Fail(path + ".type", $"is '{type}', not a known input ({NearestName.DidYouMean(["current", "poisson", "voltageClamp", "stimulus"], type)}known: current, poisson, voltageClamp, stimulus).");
        }
    }

    private static MonitorSpec ReadMonitor(JsonElement e, string path)
    {
        var peek = new JsonObjectReader(e, path, "type", "target", "indices", "variables", "everySteps", "binMs");
        string type = peek.RequiredString("type");
        switch (type)
        {
            case "spikes":
                var s = new JsonObjectReader(e, path, "type", "target", "indices");
                return new SpikeMonitorSpec { Target = s.RequiredString("target"), Indices = s.OptionalInts("indices") };
            case "state":
                var st = new JsonObjectReader(e, path, "type", "target", "indices", "variables", "everySteps");
                var variables = st.Required("variables");
                if (variables.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(st.At("variables"), $"must be an array of names (got {JsonObjectReader.Show(variables)}).");
                var names = new List<string>();
                int k = 0;
                foreach (var v in variables.EnumerateArray()) names.Add(JsonObjectReader.String(v, $"{st.At("variables")}[{k++}]"));
                return new StateMonitorSpec { Target = st.RequiredString("target"), Indices = st.OptionalInts("indices"), Variables = names, EverySteps = st.Int("everySteps", 1) };
            case "rate":
                var r = new JsonObjectReader(e, path, "type", "target", "binMs");
                return new RateMonitorSpec { Target = r.RequiredString("target"), BinMs = r.Number("binMs", 1) };
            default:
                throw JsonObjectReader.Fail(path + ".type", $"is '{type}', not a known monitor ({NearestName.DidYouMean(["spikes", "state", "rate"], type)}known: spikes, state, rate).");
        }
    }
}
