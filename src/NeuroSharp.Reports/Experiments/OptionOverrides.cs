using System.Globalization;
using System.Reflection;

namespace NeuroSharp.Reports.Experiments;

/// <summary>
/// Sets a constant inside an immutable options record from the command line: the key is a dotted path
/// of property names (camelCase or PascalCase), e.g. <c>maxRateHz=70</c> or
/// <c>network.stdp.aPlusTriplet=0.02</c>; numbers, booleans and enum names are understood. Records are
/// copied (their compiler-made clone), never changed in place.
/// </summary>
public static class OptionOverrides
{
    /// <summary>Returns a copy of <paramref name="options"/> with the value at <paramref name="key"/> replaced.</summary>
    /// <typeparam name="T">A record type.</typeparam>
    /// <param name="options">The record.</param>
    /// <param name="key">The dotted property path.</param>
    /// <param name="value">The new value as text (invariant culture).</param>
    /// <returns>The copy.</returns>
    /// <exception cref="InvalidInputException">The key is unknown (the message lists the known ones) or the value does not parse.</exception>
    public static T Apply<T>(T options, string key, string value) where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return (T)Set(options, key.Split('.'), 0, key, value, typeof(T));
    }

    /// <summary>Every settable path of a record type (numbers, booleans, enums), camelCase, for help and messages.</summary>
    /// <param name="type">The record type.</param>
    /// <returns>The dotted paths.</returns>
    public static IReadOnlyList<string> Keys(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var keys = new List<string>();
        Collect(type, "", keys, 0);
        return keys;
    }

    private static object Set(object target, string[] path, int depth, string key, string value, Type root)
    {
        var type = target.GetType();
        var property = Settable(type).FirstOrDefault(p => string.Equals(p.Name, path[depth], StringComparison.OrdinalIgnoreCase))
            ?? throw Unknown(key, root);
        object? next;
        if (depth == path.Length - 1)
        {
            if (!IsLeaf(property.PropertyType)) throw Unknown(key, root);
            next = Parse(property.PropertyType, key, value);
        }
        else
        {
            var child = property.GetValue(target) ?? throw Unknown(key, root);
            next = Set(child, path, depth + 1, key, value, root);
        }
        var copy = Clone(target);
        property.SetValue(copy, next);
        return copy;
    }

    private static object Clone(object record)
    {
        var clone = record.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{record.GetType().Name} is not a record.");
        return clone.Invoke(record, null)!;
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod is { IsPublic: true });

    private static bool IsLeaf(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(bool) || t.IsEnum;
    }

    private static object Parse(Type type, string key, string text)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var inv = CultureInfo.InvariantCulture;
        bool ok;
        object? result;
        if (t == typeof(double)) { ok = double.TryParse(text, NumberStyles.Float, inv, out double d) && double.IsFinite(d); result = d; }
        else if (t == typeof(float)) { ok = float.TryParse(text, NumberStyles.Float, inv, out float f) && float.IsFinite(f); result = f; }
        else if (t == typeof(int)) { ok = int.TryParse(text, NumberStyles.Integer, inv, out int i); result = i; }
        else if (t == typeof(long)) { ok = long.TryParse(text, NumberStyles.Integer, inv, out long l); result = l; }
        else if (t == typeof(bool)) { ok = bool.TryParse(text, out bool b); result = b; }
        else
        {
            ok = Enum.TryParse(t, text, ignoreCase: true, out result) && Enum.IsDefined(t, result!);
            if (!ok) throw new InvalidInputException($"--param {key}={text}: '{text}' is not one of {string.Join(", ", Enum.GetNames(t))}.");
        }
        if (!ok) throw new InvalidInputException($"--param {key}={text}: '{text}' is not a valid {t.Name.ToLowerInvariant()}.");
        return result!;
    }

    private static InvalidInputException Unknown(string key, Type root) =>
        new($"--param {key}: not a known setting (known: {string.Join(", ", Keys(root))}).");

    private static void Collect(Type type, string prefix, List<string> keys, int depth)
    {
        if (depth > 4) return;
        foreach (var p in Settable(type))
        {
            string name = prefix + char.ToLowerInvariant(p.Name[0]) + p.Name[1..];
            if (IsLeaf(p.PropertyType)) keys.Add(name);
            else if (p.PropertyType.GetMethod("<Clone>$") is not null) Collect(p.PropertyType, name + ".", keys, depth + 1);
        }
    }
}
