using System.Globalization;
using System.Text.Json;

namespace NeuroSharp.Spiking;

/// <summary>
/// A JSON object of a network file with its path, for reading fields with messages that name the path
/// and the bad value: <c>$.populations[0].params.tauMs must be a finite number (got "NaN").</c>
/// </summary>
internal readonly struct JsonObjectReader
{
    private readonly JsonElement _element;

    public JsonObjectReader(JsonElement element, string path, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Fail(path, $"must be an object (got {Show(element)}).");
        _element = element;
        Path = path;
        foreach (var p in element.EnumerateObject())
        {
            if (Array.IndexOf(known, p.Name) < 0)
                throw Fail($"{path}.{p.Name}", $"is not a known field here ({NearestName.DidYouMean(known, p.Name)}known: {string.Join(", ", known)}).");
        }
    }

    public string Path { get; }

    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement Get(string name) => _element.TryGetProperty(name, out var v) ? v : default;

    public string At(string name) => $"{Path}.{name}";

    public JsonElement Required(string name)
    {
        if (!Has(name)) throw Fail(At(name), "is missing.");
        return Get(name);
    }

    public string RequiredString(string name) => String(Required(name), At(name));

    public string? OptionalString(string name) => Has(name) ? String(Get(name), At(name)) : null;

    public double RequiredNumber(string name) => Number(Required(name), At(name));

    public double Number(string name, double fallback) => Has(name) ? Number(Get(name), At(name)) : fallback;

    public double? OptionalNumber(string name) => Has(name) ? Number(Get(name), At(name)) : null;

    public int Int(string name, int fallback) => Has(name) ? Int(Get(name), At(name)) : fallback;

    public int RequiredInt(string name) => Int(Required(name), At(name));

    public bool Bool(string name, bool fallback)
    {
        if (!Has(name)) return fallback;
        var v = Get(name);
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(At(name), $"must be true or false (got {Show(v)})."),
        };
    }

    public TEnum Enum<TEnum>(string name, TEnum fallback) where TEnum : struct, Enum
    {
        if (!Has(name)) return fallback;
        return EnumValue<TEnum>(Get(name), At(name));
    }

    public IReadOnlyList<int>? OptionalInts(string name) => Has(name) ? Ints(Get(name), At(name)) : null;

    public IReadOnlyList<double>? OptionalNumbers(string name) => Has(name) ? Numbers(Get(name), At(name)) : null;

    public JsonObjectReader Object(string name, params string[] known) => new(Required(name), At(name), known);

    public static TEnum EnumValue<TEnum>(JsonElement v, string path) where TEnum : struct, Enum
    {
        var names = System.Enum.GetNames<TEnum>().Select(SpecPath.Camel).ToArray();
        if (v.ValueKind == JsonValueKind.String)
        {
            string s = v.GetString()!;
            int i = Array.IndexOf(names, s);
            if (i >= 0) return System.Enum.GetValues<TEnum>()[i];
        }
        string hint = v.ValueKind == JsonValueKind.String ? NearestName.Hint(names, v.GetString()!) : "";
        throw Fail(path, $"is {Show(v)}, not one of {string.Join(", ", names)}{hint}.");
    }

    public static string String(JsonElement v, string path) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Fail(path, $"must be a string (got {Show(v)}).");

    public static double Number(JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (v.TryGetDouble(out double d) && double.IsFinite(d)) return d;
            throw Fail(path, $"must be a finite number (got {v.GetRawText()}).");
        }
        if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && !double.IsFinite(s))
            throw Fail(path, $"must be a finite number (got {Show(v)}).");
        throw Fail(path, $"must be a number (got {Show(v)}).");
    }

    public static int Int(JsonElement v, string path)
    {
        double d = Number(v, path);
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) throw Fail(path, $"must be a whole number (got {v.GetRawText()}).");
        return (int)d;
    }

    public static IReadOnlyList<int> Ints(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) throw Fail(path, $"must be an array of whole numbers (got {Show(v)}).");
        var list = new int[v.GetArrayLength()];
        int k = 0;
        foreach (var item in v.EnumerateArray())
        {
            list[k] = Int(item, $"{path}[{k}]");
            k++;
        }
        return list;
    }

    public static IReadOnlyList<double> Numbers(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) throw Fail(path, $"must be an array of numbers (got {Show(v)}).");
        var list = new double[v.GetArrayLength()];
        int k = 0;
        foreach (var item in v.EnumerateArray())
        {
            list[k] = Number(item, $"{path}[{k}]");
            k++;
        }
        return list;
    }

    public static TransmitterAmount Amount(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 2)
            throw Fail(path, $"must be [activator, inhibitor] (got {Show(v)}).");
        return new TransmitterAmount(Number(v[0], path + "[0]"), Number(v[1], path + "[1]"));
    }

    /// <summary>A number (constant), or {"uniform": [low, high]}, or {"normal": [mean, sd]}.</summary>
    public static DistributionSpec Distribution(JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.Number || v.ValueKind == JsonValueKind.String) return DistributionSpec.Constant(Number(v, path));
        var o = new JsonObjectReader(v, path, "uniform", "normal");
        if (o.Has("uniform") == o.Has("normal"))
            throw Fail(path, "must be a number, {\"uniform\": [low, high]} or {\"normal\": [mean, sd]}.");
        string key = o.Has("uniform") ? "uniform" : "normal";
        var pair = Numbers(o.Get(key), o.At(key));
        if (pair.Count != 2) throw Fail(o.At(key), $"must hold two numbers (got {pair.Count}).");
        return key == "uniform" ? DistributionSpec.Uniform(pair[0], pair[1]) : DistributionSpec.Normal(pair[0], pair[1]);
    }

    public static InvalidInputException Fail(string path, string sentence) => new($"{path} {sentence}");

    public static string Show(JsonElement v)
    {
        string raw = v.ValueKind == JsonValueKind.Undefined ? "nothing" : v.GetRawText();
        return raw.Length > 60 ? raw[..57] + "..." : raw;
    }
}
