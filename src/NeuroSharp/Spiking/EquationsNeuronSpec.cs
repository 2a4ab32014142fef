using System.Text.Json;
using NeuroSharp.Spiking.Equations;

namespace NeuroSharp.Spiking;

/// <summary>
/// A point-neuron model written as equations, as a Brian2 user writes a NeuronGroup (docs/spiking-equations.md):
/// <code>
/// "parameters": {"tau": 10, "El": -65, "Vt": -50, "Vr": -65},
/// "variables": {"v": -65, "ge": 0},
/// "equations": ["dv/dt = (El - v + ge + I) / tau", "dge/dt = -ge / 5"],
/// "threshold": "v &gt; Vt", "reset": ["v = Vr"], "refractoryMs": 2,
/// "inputs": {"excitatory": "ge", "inhibitory": "ge", "inhibitorySign": -1}, "method": "euler"
/// </code>
/// No units: every number is in the model's own units, t and dt in ms. The defaults are a current-based LIF neuron.
/// </summary>
public sealed record EquationsNeuronSpec : NeuronModelSpec
{
    /// <summary>The parameters (constants shared by the population), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Parameters { get; init; } =
        [new("tau", 10), new("El", -65), new("Vt", -50), new("Vr", -65)];

    /// <summary>The state variables with their initial values, in order (a population's "initial" may draw them instead).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Variables { get; init; } = [new("v", -65)];

    /// <summary>The equations: <c>dx/dt = expression</c> for a state variable x, <c>y = expression</c> for a derived variable y.</summary>
    public IReadOnlyList<string> Equations { get; init; } = ["dv/dt = (El - v + I) / tau"];

    /// <summary>The spike condition, tested after each step's update (empty: the neurons never spike).</summary>
    public string Threshold { get; init; } = "v > Vt";

    /// <summary>The reset statements, applied in order to the neurons that spiked.</summary>
    public IReadOnlyList<string> Reset { get; init; } = ["v = Vr"];

    /// <summary>Refractory period in ms: the threshold is not tested for this long after a spike, and the variables whose equation ends in "(unless refractory)" are held; the other equations keep running (Brian2's refractory).</summary>
    public double RefractoryMs { get; init; }

    /// <summary>The state variable a spike on the excitatory receptor adds its weight to, or null (no excitatory input).</summary>
    public string? ExcitatoryVariable { get; init; }

    /// <summary>The state variable a spike on the inhibitory receptor adds its weight to, or null (no inhibitory input).</summary>
    public string? InhibitoryVariable { get; init; }

    /// <summary>What an excitatory weight w is multiplied by before it is added (1).</summary>
    public double ExcitatorySign { get; init; } = 1;

    /// <summary>What an inhibitory weight w (a magnitude, as the engine holds it) is multiplied by before it is added (1; -1 to subtract it from a shared variable).</summary>
    public double InhibitorySign { get; init; } = 1;

    /// <summary>The integration method: "euler" or "rk4".</summary>
    public string Method { get; init; } = "euler";

    /// <inheritdoc />
    /// <exception cref="InvalidInputException">An equation, name or field is wrong; the message names the field (e.g. "equations[1]").</exception>
    public override void Validate() => EquationSystem.Build(this);

    /// <inheritdoc />
    public bool Equals(EquationsNeuronSpec? other) =>
        other is not null && Parameters.SequenceEqual(other.Parameters) && Variables.SequenceEqual(other.Variables)
        && Equations.SequenceEqual(other.Equations) && Threshold == other.Threshold && Reset.SequenceEqual(other.Reset)
        && RefractoryMs.Equals(other.RefractoryMs) && ExcitatoryVariable == other.ExcitatoryVariable && InhibitoryVariable == other.InhibitoryVariable
        && ExcitatorySign.Equals(other.ExcitatorySign) && InhibitorySign.Equals(other.InhibitorySign) && Method == other.Method;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Equations.Count > 0 ? Equations[0] : "", Threshold, Method, RefractoryMs);

    /// <summary>The model's name, its fields (for the docs and the studio) and its reading and writing (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor Descriptor { get; } = new EquationsDescriptor();

    /// <summary>Reads and writes "params" of an equations model, whose fields are not numbers of a fixed table.</summary>
    private sealed class EquationsDescriptor : NeuronModelDescriptor
    {
        private static readonly string[] Fields = ["parameters", "variables", "equations", "threshold", "reset", "refractoryMs", "inputs", "method"];

        public EquationsDescriptor()
            : base(NeuronModels.Equations, typeof(EquationsNeuronSpec), "a model written as equations, as Brian2's NeuronGroup (docs/spiking-equations.md)")
        {
            Voltage = new VoltageRange(null, -80, null, -40);
        }

        /// <summary>"lif": the defaults, dv/dt = (El - v + I) / tau with v &gt; Vt -&gt; v = Vr (a starting point to edit, and the studio's new population).</summary>
        public override IReadOnlyDictionary<string, NeuronModelSpec> Presets { get; } = new Dictionary<string, NeuronModelSpec> { ["lif"] = new EquationsNeuronSpec() };

        public override IReadOnlyList<ModelParameter> Parameters { get; } =
        [
            new("parameters", "", ModelParameterKind.Text, "", "the constants, {\"name\": number, ...}"),
            new("variables", "", ModelParameterKind.Text, "", "the state variables with their initial values, {\"v\": -65, ...}"),
            new("equations", "", ModelParameterKind.Text, "", "\"dx/dt = expression\" for each state variable x that changes, \"y = expression\" for a derived variable y"),
            new("threshold", "", ModelParameterKind.Text, "", "the spike condition, e.g. \"v > Vt\" (optional; none: never spikes)") { Optional = true },
            new("reset", "", ModelParameterKind.Text, "", "statements applied in order after a spike, e.g. [\"v = Vr\", \"w += b\"] (optional)") { Optional = true },
            new("refractoryMs", "ms", ModelParameterKind.Number, "0", "the threshold is not tested for this long after a spike; the equations keep running (optional)") { Optional = true },
            new("inputs", "", ModelParameterKind.Text, "", "{\"excitatory\": variable, \"inhibitory\": variable, \"excitatorySign\": 1, \"inhibitorySign\": 1}: a spike of weight w adds sign × w to the variable (optional)") { Optional = true },
            new("method", "", ModelParameterKind.Text, "`euler`", "euler or rk4 (optional)") { Optional = true },
        ];

        public override IReadOnlyList<string> StateVariables(NeuronModelSpec model) => EquationSystem.Recordable((EquationsNeuronSpec)model);

        internal override NeuronModelSpec Read(JsonElement? element, string path, NeuronModelSpec? preset)
        {
            var b = preset as EquationsNeuronSpec;
            if (element is not { } e)
            {
                return b ?? throw JsonObjectReader.Fail(path, $"is missing (model 'equations' needs parameters, variables and equations; or name a \"preset\" ({string.Join(", ", Presets.Keys)})).");
            }
            var o = new JsonObjectReader(e, path, Fields);
            JsonElement Needed(string name) => b is null ? o.Required(name) : o.Get(name);
            var spec = new EquationsNeuronSpec
            {
                Parameters = o.Has("parameters") ? NamedNumbers(o.Get("parameters"), o.At("parameters")) : b?.Parameters ?? [],
                Variables = o.Has("variables") || b is null ? NamedNumbers(Needed("variables"), o.At("variables")) : b.Variables,
                Equations = o.Has("equations") || b is null ? Strings(Needed("equations"), o.At("equations")) : b.Equations,
                Threshold = o.OptionalString("threshold") ?? b?.Threshold ?? "",
                Reset = o.Has("reset") ? Strings(o.Get("reset"), o.At("reset")) : b?.Reset ?? [],
                RefractoryMs = o.Number("refractoryMs", b?.RefractoryMs ?? 0),
                Method = o.OptionalString("method") ?? b?.Method ?? "euler",
                ExcitatoryVariable = b?.ExcitatoryVariable,
                InhibitoryVariable = b?.InhibitoryVariable,
                ExcitatorySign = b?.ExcitatorySign ?? 1,
                InhibitorySign = b?.InhibitorySign ?? 1,
            };
            if (o.Has("inputs"))
            {
                var i = o.Object("inputs", "excitatory", "inhibitory", "excitatorySign", "inhibitorySign");
                spec = spec with
                {
                    ExcitatoryVariable = i.OptionalString("excitatory"),
                    InhibitoryVariable = i.OptionalString("inhibitory"),
                    ExcitatorySign = i.Number("excitatorySign", 1),
                    InhibitorySign = i.Number("inhibitorySign", 1),
                };
            }
            try
            {
                EquationSystem.Build(spec);
            }
            catch (SpecFieldException x)
            {
                throw JsonObjectReader.Fail($"{path}.{x.Field}", x.Sentence);
            }
            return spec;
        }

        internal override void Write(Utf8JsonWriter w, NeuronModelSpec model)
        {
            var s = (EquationsNeuronSpec)model;
            w.WriteStartObject("parameters");
            foreach (var (name, value) in s.Parameters) w.WriteNumber(name, value);
            w.WriteEndObject();
            w.WriteStartObject("variables");
            foreach (var (name, value) in s.Variables) w.WriteNumber(name, value);
            w.WriteEndObject();
            w.WriteStartArray("equations");
            foreach (string eq in s.Equations) w.WriteStringValue(eq);
            w.WriteEndArray();
            if (s.Threshold.Length > 0) w.WriteString("threshold", s.Threshold);
            if (s.Reset.Count > 0)
            {
                w.WriteStartArray("reset");
                foreach (string r in s.Reset) w.WriteStringValue(r);
                w.WriteEndArray();
            }
            if (s.RefractoryMs != 0) w.WriteNumber("refractoryMs", s.RefractoryMs);
            if (s.ExcitatoryVariable is not null || s.InhibitoryVariable is not null || s.ExcitatorySign != 1 || s.InhibitorySign != 1)
            {
                w.WriteStartObject("inputs");
                if (s.ExcitatoryVariable is { } ev) w.WriteString("excitatory", ev);
                if (s.InhibitoryVariable is { } iv) w.WriteString("inhibitory", iv);
                if (s.ExcitatorySign != 1) w.WriteNumber("excitatorySign", s.ExcitatorySign);
                if (s.InhibitorySign != 1) w.WriteNumber("inhibitorySign", s.InhibitorySign);
                w.WriteEndObject();
            }
            if (s.Method != "euler") w.WriteString("method", s.Method);
        }

        private static KeyValuePair<string, double>[] NamedNumbers(JsonElement v, string path)
        {
            if (v.ValueKind != JsonValueKind.Object) throw JsonObjectReader.Fail(path, "must be an object of names and numbers, e.g. {\"tau\": 10}.");
            return [.. v.EnumerateObject().Select(p => new KeyValuePair<string, double>(p.Name, JsonObjectReader.Number(p.Value, $"{path}.{p.Name}")))];
        }

        private static string[] Strings(JsonElement v, string path)
        {
            if (v.ValueKind == JsonValueKind.String) return [v.GetString()!];
            if (v.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(path, "must be an array of strings.");
            var list = new string[v.GetArrayLength()];
            int k = 0;
            foreach (var item in v.EnumerateArray())
            {
                list[k] = JsonObjectReader.String(item, $"{path}[{k}]");
                k++;
            }
            return list;
        }
    }
}
