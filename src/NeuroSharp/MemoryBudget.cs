using System.Globalization;

namespace NeuroSharp;

/// <summary>
/// The most memory one request may allocate, and the check every builder runs before it allocates:
/// estimate the bytes a request needs (neurons, synapses, delay buffers, input tables, data sets), then
/// <see cref="Require"/> them. A request over the limit is refused with one sentence that names the
/// field and gives both the estimate and the limit, instead of being allocated until the machine runs out.
/// </summary>
/// <remarks>
/// The default limit is three quarters of the memory the process may use (<see cref="MachineBytes"/>),
/// leaving room for the runtime, the operating system and what is already loaded. The command line
/// raises or lowers it with <c>--memory-limit</c>, the studio with <c>neurosharp studio --memory-limit</c>.
/// Estimates use saturating arithmetic (<see cref="Times"/>), so an absurd size is refused, never wrapped.
/// </remarks>
public sealed class MemoryBudget
{
    /// <summary>Creates a budget of <paramref name="limitBytes"/> bytes.</summary>
    /// <param name="limitBytes">The most one request may allocate (at least 1 MiB).</param>
    /// <param name="option">How a user raises the limit, named in refusals (e.g. "--memory-limit").</param>
    public MemoryBudget(long limitBytes, string option = "--memory-limit")
    {
        if (limitBytes < 1 << 20)
            throw new InvalidInputException($"{option} must be at least 1M (got {FormatBytes(limitBytes)}).");
        LimitBytes = limitBytes;
        Option = option;
    }

    /// <summary>The memory this process may use: physical memory, or the container's limit when lower.</summary>
    public static long MachineBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The default budget: three quarters of <see cref="MachineBytes"/>.</summary>
    public static MemoryBudget Default { get; } = new(Math.Max(1L << 20, MachineBytes / 4 * 3));

    /// <summary>The most one request may allocate, in bytes.</summary>
    public long LimitBytes { get; }

    /// <summary>How a user raises the limit, as the refusal names it.</summary>
    public string Option { get; }

    /// <summary>Refuses a request whose estimate passes the limit.</summary>
    /// <param name="field">What asks for the memory, as the user wrote it: an option, a file's field or a data spec.</param>
    /// <param name="estimateBytes">The estimate in bytes (long.MaxValue for "too large to count").</param>
    /// <exception cref="InvalidInputException">The estimate is over the limit.</exception>
    public void Require(string field, long estimateBytes)
    {
        if (estimateBytes > LimitBytes)
            throw new InvalidInputException(
                $"{field} would need about {FormatBytes(estimateBytes)} of memory, more than the limit of {FormatBytes(LimitBytes)} " +
                $"(raise it with {Option} if the machine has more).");
    }

    /// <summary>The product of sizes, saturating at <see cref="long.MaxValue"/> instead of overflowing; a negative factor counts as zero.</summary>
    /// <param name="factors">Counts and element sizes.</param>
    /// <returns>The product, or long.MaxValue when it would not fit.</returns>
    public static long Times(params ReadOnlySpan<long> factors)
    {
        long product = 1;
        foreach (long f in factors)
        {
            if (f <= 0) return 0;
            if (product > long.MaxValue / f) return long.MaxValue;
            product *= f;
        }
        return product;
    }

    /// <summary>The sum of sizes, saturating at <see cref="long.MaxValue"/>; negative terms count as zero.</summary>
    /// <param name="terms">Sizes in bytes.</param>
    /// <returns>The sum, or long.MaxValue when it would not fit.</returns>
    public static long Plus(params ReadOnlySpan<long> terms)
    {
        long sum = 0;
        foreach (long t in terms)
        {
            if (t <= 0) continue;
            if (sum > long.MaxValue - t) return long.MaxValue;
            sum += t;
        }
        return sum;
    }

    /// <summary>Reads a size as a user writes it: bytes, or a number with K, M, G or T (powers of 1024), e.g. "16G", "512M", "1.5G".</summary>
    /// <param name="text">The size.</param>
    /// <param name="option">The option or field it came from, for the message.</param>
    /// <returns>The size in bytes.</returns>
    /// <exception cref="InvalidInputException">The text is not a size.</exception>
    public static long ParseBytes(string text, string option)
    {
        string t = text.Trim();
        long unit = 1;
        if (t.Length > 0)
        {
            char last = char.ToUpperInvariant(t[^1]);
            if (last == 'B' && t.Length > 1) { t = t[..^1]; last = char.ToUpperInvariant(t[^1]); }
            unit = last switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, 'T' => 1L << 40, _ => 1 };
            if (unit != 1) t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v <= 0
            || v * unit >= long.MaxValue)
            throw new InvalidInputException($"{option} must be a size such as 16G, 512M or a number of bytes (got \"{text}\").");
        return (long)(v * unit);
    }

    /// <summary>A size for people: "1.5 GiB", "320 MiB", "12 KiB", "100 bytes"; "more than 8 EiB" for the saturated estimate.</summary>
    /// <param name="bytes">The size.</param>
    /// <returns>The text.</returns>
    public static string FormatBytes(long bytes)
    {
        if (bytes == long.MaxValue) return "more than 8 EiB";
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double v = bytes;
        int u = 0;
        while (Math.Abs(v) >= 1024 && u < units.Length - 1) { v /= 1024; u++; }
        return u == 0 ? $"{bytes} bytes" : v.ToString(v >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
