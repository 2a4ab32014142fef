using System.Collections;
using System.Globalization;
using System.Reflection;

namespace NeuroSharp.Cli;

/// <summary>
/// What <c>--resume</c> compares: the settings recorded in a checkpoint against those of the command that
/// resumes it. A resumed run must end as an uninterrupted one would, so every recorded setting must be
/// the same; only the run's length (--samples, --epochs), --checkpoint-every, --threads, --quiet, --json
/// and --memory-limit may change (docs/cli.md, "Resuming a run").
/// </summary>
internal static class ResumeCheck
{
    /// <summary>Refuses a seed other than the checkpoint's.</summary>
    /// <param name="folder">The --out folder holding the checkpoint.</param>
    /// <param name="recorded">The checkpoint's seed.</param>
    /// <param name="requested">The command's --seed.</param>
    /// <exception cref="InvalidInputException">They differ.</exception>
    public static void SameSeed(string folder, ulong recorded, ulong requested)
    {
        if (recorded != requested) throw Changed("--seed", requested, recorded, folder);
    }

    /// <summary>Refuses any property of an option record that differs from the checkpoint's (sequences compared element by element).</summary>
    /// <typeparam name="T">The option record.</typeparam>
    /// <param name="folder">The --out folder holding the checkpoint.</param>
    /// <param name="recorded">The checkpoint's options.</param>
    /// <param name="requested">The command's options.</param>
    /// <param name="mayChange">Properties a resume may change (e.g. "Epochs").</param>
    /// <exception cref="InvalidInputException">A property differs; the message names its flag and both values.</exception>
    public static void Same<T>(string folder, T recorded, T requested, params string[] mayChange) where T : class
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(requested);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract" || mayChange.Contains(property.Name)) continue;
            object? a = property.GetValue(recorded), b = property.GetValue(requested);
            if (!Equal(a, b)) throw Changed(OptionNames.Flag(typeof(T).Name, property.Name), b, a, folder);
        }
    }

    private static InvalidInputException Changed(string flag, object? requested, object? recorded, string folder) =>
        new($"{flag} is {Format(requested)} but the checkpoint in {folder} was made with {Format(recorded)}; a resume cannot take other settings: repeat the same value or start a new run.");

    private static bool Equal(object? a, object? b)
    {
        if (a is IEnumerable x && b is IEnumerable y && a is not string) return x.Cast<object?>().SequenceEqual(y.Cast<object?>());
        return Equals(a, b);
    }

    private static string Format(object? value) => value switch
    {
        null => "none",
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => e.ToString(),
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(Format)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
