using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuroSharp.Spiking;

/// <summary>Writes a <see cref="NetworkSpec"/> as the JSON that <see cref="NetworkFileReader"/> reads (every model parameter explicit, no presets).</summary>
internal static partial class NetworkFileWriter
{
    public static string Write(NetworkSpec spec)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", NetworkSpec.FormatName);
            w.WriteNumber("version", NetworkSpec.CurrentVersion);
            if (spec.Name is not null) w.WriteString("name", spec.Name);
            if (spec.Description is not null) w.WriteString("description", spec.Description);
            w.WriteNumber("dtMs", spec.DtMs);
            if (spec.DurationMs is { } d) w.WriteNumber("durationMs", d);
            w.WriteString("delivery", Camel(spec.Delivery));
            w.WriteString("synapseRule", Camel(spec.SynapseRule));
            Array(w, "neurons", spec.Neurons, WriteNeuron);
            Array(w, "links", spec.Links, WriteLink);
            Array(w, "populations", spec.Populations, WritePopulation);
            Array(w, "projections", spec.Projections, WriteProjection);
            Array(w, "gapJunctions", spec.GapJunctions, WriteGapJunction);
            Array(w, "gradedProjections", spec.GradedProjections, WriteGradedProjection);
            Array(w, "inputs", spec.Inputs, WriteInput);
            Array(w, "monitors", spec.Monitors, WriteMonitor);
            Array(w, "changes", spec.Changes, WriteChange);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Array<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            write(w, item);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>A timed change, with the whole model's parameters (the reader merges a partial list onto the model; a whole one replaces it).</summary>
    private static void WriteChange(Utf8JsonWriter w, ModelChangeSpec c)
    {
        w.WriteNumber("atMs", c.AtMs);
        w.WriteString("population", c.Population);
        w.WriteStartObject("params");
        NeuronModels.DescriptorOf(c.Model).Write(w, c.Model);
        w.WriteEndObject();
    }

    private static void WriteNeuron(Utf8JsonWriter w, SingleNeuronSpec n)
    {
        w.WriteString("id", n.Id);
        if (n.Label is not null) w.WriteString("label", n.Label);
        WriteModel(w, n.Model);
        if (n.Kind != NeuronKind.Mixed) w.WriteString("kind", Camel(n.Kind));
        Initial(w, n.Initial);
        w.WriteNumber("x", n.X);
        w.WriteNumber("y", n.Y);
        if (n.Color is not null) w.WriteString("color", n.Color);
    }

    private static void WritePopulation(Utf8JsonWriter w, PopulationSpec p)
    {
        w.WriteString("name", p.Name);
        w.WriteNumber("count", p.Count);
        WriteModel(w, p.Model);
        if (p.Kind != NeuronKind.Mixed) w.WriteString("kind", Camel(p.Kind));
        Initial(w, p.Initial);
        if (p.X is { } x) w.WriteNumber("x", x);
        if (p.Y is { } y) w.WriteNumber("y", y);
        if (p.Color is not null) w.WriteString("color", p.Color);
    }

    private static void Initial(Utf8JsonWriter w, IReadOnlyDictionary<string, DistributionSpec>? initial)
    {
        if (initial is null) return;
        w.WriteStartObject("initial");
        foreach (var (name, d) in initial) Distribution(w, name, d);
        w.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter w, LinkSpec l)
    {
        w.WriteString("from", l.From);
        w.WriteString("to", l.To);
        if (l.Weight is { } weight) w.WriteNumber("weight", weight);
        if (l.DelayMs is { } delay) w.WriteNumber("delayMs", delay);
        if (l.Receptor is { } r) w.WriteString("receptor", Camel(r));
    }

    private static void WriteProjection(Utf8JsonWriter w, ProjectionSpec p)
    {
        if (p.Name is not null) w.WriteString("name", p.Name);
        w.WriteString("source", p.Source);
        w.WriteString("target", p.Target);
        w.WriteString("receptor", Camel(p.Receptor));
        if (p.Port != 0) w.WriteNumber("port", p.Port);
        if (p.Compartment is not null) w.WriteString("compartment", p.Compartment);
        Connectivity(w, p.Connectivity);
        Distribution(w, "weight", p.Weight);
        Distribution(w, "delayMs", p.DelayMs);
        WritePlasticity(w, p);
    }

    private static void WriteGapJunction(Utf8JsonWriter w, GapJunctionSpec g)
    {
        if (g.Name is not null) w.WriteString("name", g.Name);
        w.WriteString("source", g.Source);
        w.WriteString("target", g.Target);
        Connectivity(w, g.Connectivity);
        Distribution(w, "conductance", g.Conductance);
    }

    private static void WriteGradedProjection(Utf8JsonWriter w, GradedProjectionSpec g)
    {
        if (g.Name is not null) w.WriteString("name", g.Name);
        w.WriteString("source", g.Source);
        w.WriteString("target", g.Target);
        Connectivity(w, g.Connectivity);
        Distribution(w, "weight", g.Weight);
        w.WriteString("kind", Camel(g.Kind));
        w.WriteNumber("conductance", g.Conductance);
        void Optional(string name, double? value)
        {
            if (value is { } x) w.WriteNumber(name, x);
        }
        Optional("erevMv", g.ErevMv);
        Optional("vthMv", g.VthMv);
        Optional("deltaMv", g.DeltaMv);
        Optional("kPerMs", g.KPerMs);
        Optional("risePerMs", g.RisePerMs);
        Optional("decayPerMs", g.DecayPerMs);
    }

    private static void Connectivity(Utf8JsonWriter w, ConnectivitySpec connectivity)
    {
        w.WriteStartObject("connectivity");
        switch (connectivity)
        {
            case AllToAllConnectivity a:
                w.WriteString("rule", "allToAll");
                if (a.AllowSelf) w.WriteBoolean("allowSelf", true);
                break;
            case FixedProbabilityConnectivity f:
                w.WriteString("rule", "fixedProbability");
                w.WriteNumber("probability", f.Probability);
                if (f.AllowSelf) w.WriteBoolean("allowSelf", true);
                break;
            case FixedInDegreeConnectivity k:
                w.WriteString("rule", "fixedInDegree");
                w.WriteNumber("inDegree", k.InDegree);
                if (k.AllowSelf) w.WriteBoolean("allowSelf", true);
                break;
            case OneToOneConnectivity:
                w.WriteString("rule", "oneToOne");
                break;
            case ExplicitConnectivity x:
                w.WriteString("rule", "explicit");
                Ints(w, "sources", x.Sources);
                Ints(w, "targets", x.Targets);
                if (x.Weights is not null) Numbers(w, "weights", x.Weights);
                if (x.DelaysMs is not null) Numbers(w, "delaysMs", x.DelaysMs);
                break;
        }
        w.WriteEndObject();
    }

    private static void WritePlasticity(Utf8JsonWriter w, ProjectionSpec p)
    {
        if (p.Stdp is { } s)
        {
            w.WriteStartObject("stdp");
            w.WriteNumber("tauPlusMs", s.TauPlusMs);
            w.WriteNumber("tauMinusMs", s.TauMinusMs);
            w.WriteNumber("aPlus", s.APlus);
            w.WriteNumber("aMinus", s.AMinus);
            w.WriteNumber("wMin", s.WMin);
            w.WriteNumber("wMax", s.WMax);
            w.WriteString("bounds", Camel(s.Bounds));
            // Written only when used, so that pair-rule files stay as they were.
            if (s.Pairing != StdpPairing.AllToAll) w.WriteString("pairing", Camel(s.Pairing));
            if (s.APlusTriplet != 0)
            {
                w.WriteNumber("aPlusTriplet", s.APlusTriplet);
                w.WriteNumber("tauTripletMs", s.TauTripletMs);
            }
            if (s.Bounds == StdpBounds.PowerLaw) w.WriteNumber("mu", s.Mu);
            if (s.XTarget != 0) w.WriteNumber("xTarget", s.XTarget);
            w.WriteEndObject();
        }
        if (p.ShortTermPlasticity is { } stp)
        {
            w.WriteStartObject("shortTermPlasticity");
            w.WriteNumber("u", stp.U);
            w.WriteNumber("tauRecMs", stp.TauRecMs);
            w.WriteNumber("tauFacMs", stp.TauFacMs);
            if (stp.Sites != 0) w.WriteNumber("sites", stp.Sites); // written only when used, so that deterministic files stay as they were
            w.WriteEndObject();
        }
        if (p.Release is { } release)
        {
            w.WriteStartObject("release");
            w.WriteNumber("probability", release.Probability);
            w.WriteEndObject();
        }
        if (p.Normalization is { } n)
        {
            w.WriteStartObject("normalization");
            w.WriteNumber("incomingSum", n.IncomingSum);
            w.WriteNumber("everySteps", n.EverySteps);
            w.WriteEndObject();
        }
    }

    private static void WriteInput(Utf8JsonWriter w, InputSpec input)
    {
        switch (input)
        {
            case CurrentInputSpec c:
                w.WriteString("type", "current");
                Target(w, input);
                w.WriteNumber("amplitude", c.Amplitude);
                w.WriteNumber("startMs", c.StartMs);
                if (c.StopMs is { } stop) w.WriteNumber("stopMs", stop);
                if (c.Waveform != CurrentWaveform.Constant) w.WriteString("waveform", Camel(c.Waveform));
                if (c.Waveform == CurrentWaveform.Ramp) w.WriteNumber("finishAmplitude", c.FinishAmplitude);
                if (c.Waveform == CurrentWaveform.Sine)
                {
                    w.WriteNumber("periodMs", c.PeriodMs);
                    if (c.Phase != 0) w.WriteNumber("phase", c.Phase);
                }
                if (c.Baseline != 0) w.WriteNumber("baseline", c.Baseline);
                if (c.Compartment is not null) w.WriteString("compartment", c.Compartment);
                if (c.X is { } x) w.WriteNumber("x", x);
                if (c.Y is { } y) w.WriteNumber("y", y);
                break;
            case PoissonInputSpec p:
                w.WriteString("type", "poisson");
                Target(w, input);
                w.WriteNumber("sourceCount", p.SourceCount);
                w.WriteNumber("rateHz", p.RateHz);
                w.WriteNumber("weight", p.Weight);
                w.WriteString("receptor", Camel(p.Receptor));
                if (p.Port != 0) w.WriteNumber("port", p.Port);
                if (p.StartMs != 0) w.WriteNumber("startMs", p.StartMs);
                if (p.StopMs is { } stopAt) w.WriteNumber("stopMs", stopAt);
                if (p.Compartment is not null) w.WriteString("compartment", p.Compartment);
                break;
            case VoltageClampSpec v:
                w.WriteString("type", "voltageClamp");
                Target(w, input);
                w.WriteNumber("gain", v.Gain);
                w.WriteNumber("targetMv", v.TargetMv);
                if (v.HoldMv is { } hold) w.WriteNumber("holdMv", hold);
                if (v.ReturnMv is { } back) w.WriteNumber("returnMv", back);
                w.WriteNumber("startMs", v.StartMs);
                if (v.StopMs is { } clampStop) w.WriteNumber("stopMs", clampStop);
                break;
            case TransmitterStimulusSpec s:
                w.WriteString("type", "stimulus");
                Target(w, input);
                Ints(w, "steps", s.Steps);
                if (s.EverySteps > 0) w.WriteNumber("everySteps", s.EverySteps);
                Amount(w, "amount", s.Amount);
                break;
        }
    }

    private static void Target(Utf8JsonWriter w, InputSpec input)
    {
        w.WriteString("target", input.Target);
        if (input.Indices is not null) Ints(w, "indices", input.Indices);
    }

    private static void WriteMonitor(Utf8JsonWriter w, MonitorSpec m)
    {
        switch (m)
        {
            case SpikeMonitorSpec s:
                w.WriteString("type", "spikes");
                w.WriteString("target", m.Target);
                if (s.Indices is not null) Ints(w, "indices", s.Indices);
                break;
            case StateMonitorSpec s:
                w.WriteString("type", "state");
                w.WriteString("target", m.Target);
                w.WriteStartArray("variables");
                foreach (var v in s.Variables) w.WriteStringValue(v);
                w.WriteEndArray();
                if (s.Indices is not null) Ints(w, "indices", s.Indices);
                w.WriteNumber("everySteps", s.EverySteps);
                break;
            case RateMonitorSpec r:
                w.WriteString("type", "rate");
                w.WriteString("target", m.Target);
                w.WriteNumber("binMs", r.BinMs);
                break;
        }
    }

    private static void Distribution(Utf8JsonWriter w, string name, DistributionSpec d)
    {
        switch (d.Kind)
        {
            case DistributionKind.Constant:
                w.WriteNumber(name, d.Value);
                break;
            case DistributionKind.Uniform:
                w.WriteStartObject(name);
                Numbers(w, "uniform", [d.Low, d.High]);
                w.WriteEndObject();
                break;
            case DistributionKind.PerNeuron:
                Numbers(w, name, d.Values ?? []);
                break;
            default:
                w.WriteStartObject(name);
                Numbers(w, "normal", [d.Mean, d.StdDev]);
                w.WriteEndObject();
                break;
        }
    }

    internal static void Amount(Utf8JsonWriter w, string name, TransmitterAmount a) => Numbers(w, name, [a.Activator, a.Inhibitor]);

    internal static void Ints(Utf8JsonWriter w, string name, IReadOnlyList<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    internal static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static string Camel(Enum value) => SpecPath.Camel(value.ToString());
}
