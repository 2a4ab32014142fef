using System.Globalization;

namespace NeuroSharp.Fuzz.Tests;

/// <summary>
/// The size of a fuzz run. CI runs the default; the long mode sets the environment:
/// <c>NEUROSHARP_FUZZ_CASES=2000 NEUROSHARP_FUZZ_SEED=7 dotnet test tests/NeuroSharp.Fuzz.Tests</c>
/// (docs/fuzzing.md). <c>NEUROSHARP_FUZZ_REPORT=file.tsv</c> appends one line per reader with the cases
/// tried and the clear-error share, the figures docs/results.md records.
/// </summary>
internal static class FuzzSettings
{
    /// <summary>Mutated inputs per reader (default 12).</summary>
    public static int CasesPerReader => Int("NEUROSHARP_FUZZ_CASES", 12);

    /// <summary>Values per option: 0 means every value of the option's list (the long mode); default 1, rotating with the seed.</summary>
    public static int ValuesPerOption => Int("NEUROSHARP_FUZZ_VALUES", CasesPerReader > 12 ? 0 : 1);

    /// <summary>The seed of the mutations (default 1, so CI is repeatable).</summary>
    public static ulong Seed => (ulong)Int("NEUROSHARP_FUZZ_SEED", 1);

    /// <summary>Runs side by side.</summary>
    public static int Parallelism => Math.Max(1, Math.Min(Environment.ProcessorCount, 4));

    /// <summary>Where to append the per-reader figures, or null.</summary>
    public static string? ReportPath => Environment.GetEnvironmentVariable("NEUROSHARP_FUZZ_REPORT") is { Length: > 0 } p ? p : null;

    /// <summary>How long one run may take before it counts as a hang. Generous: CI runs other test projects beside this one on 2 cores.</summary>
    public static TimeSpan Timeout => TimeSpan.FromSeconds(Int("NEUROSHARP_FUZZ_TIMEOUT_S", 120));

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0 ? v : fallback;
}
