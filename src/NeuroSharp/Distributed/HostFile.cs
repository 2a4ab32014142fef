using System.Globalization;
using System.Text.RegularExpressions;
using NeuroSharp.Formats;

namespace NeuroSharp.Distributed;

/// <summary>One machine of a host file and the ranks it may take.</summary>
/// <param name="Name">The host name or IPv4 address.</param>
/// <param name="Slots">Ranks it takes before the next host (1 when the line gives none).</param>
/// <param name="Line">The line it came from, from 1.</param>
public sealed record HostSlots(string Name, int Slots, int Line);

/// <summary>
/// An MPICH (Hydra) host file, read and checked before mpiexec sees it, so that a bad one is refused with one
/// sentence naming the file, the line and its text (Hydra's own report is a stack of internal function names).
/// The format: one host a line, <c>host</c> or <c>host:slots</c> with slots at least 1; <c>#</c> starts a
/// comment; blank lines are skipped (docs/distributed.md, "Launching").
/// </summary>
public static partial class HostFile
{
    /// <summary>The most slots one line may give: far beyond any machine, small enough that sums never overflow.</summary>
    public const int MaxSlots = 1 << 20;

    /// <summary>The most bytes a host file may have (a list of hosts, even of a large cluster, is far smaller).</summary>
    public const long MaxBytes = 16 << 20;

    /// <summary>Reads and checks a host file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>At least one host, in file order.</returns>
    /// <exception cref="InvalidInputException">A missing, unreadable, oversized or empty file, or a line that is not <c>host[:slots]</c>.</exception>
    public static IReadOnlyList<HostSlots> Read(string path)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path)) throw new InvalidInputException($"Host file {path} is a folder, not a file.");
            if (!info.Exists) throw new InvalidInputException($"Host file {path} does not exist.");
            if (info.Length > MaxBytes) throw new InvalidInputException($"Host file {path} is {info.Length} bytes, more than a host file's {MaxBytes} (is it the right file?).");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Host file {path} cannot be read: {FileErrors.Reason(path, e)}.", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses a host file's text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="path">The file's name, for the refusals.</param>
    /// <returns>At least one host, in file order.</returns>
    /// <exception cref="InvalidInputException">No host, or a line that is not <c>host[:slots]</c>.</exception>
    public static IReadOnlyList<HostSlots> Parse(string text, string path)
    {
        var hosts = new List<HostSlots>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string raw = lines[i].TrimEnd('\r');
            int hash = raw.IndexOf('#', StringComparison.Ordinal);
            string line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0) continue;
            var m = Entry().Match(line);
            if (!m.Success)
                throw new InvalidInputException($"Host file {path} line {i + 1}: '{Shown(raw)}' is not host or host:slots (one host a line, e.g. node1:4).");
            int slots = 1;
            if (m.Groups["slots"].Success)
            {
                string s = m.Groups["slots"].Value;
                if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out slots) || slots < 1 || slots > MaxSlots)
                    throw new InvalidInputException($"Host file {path} line {i + 1}: '{Shown(raw)}' gives {s} slots; slots must be 1 to {MaxSlots}.");
            }
            hosts.Add(new HostSlots(m.Groups["host"].Value, slots, i + 1));
        }
        if (hosts.Count == 0) throw new InvalidInputException($"Host file {path} names no host (one host a line, e.g. node1:4).");
        return hosts;
    }

    /// <summary>The slots of all hosts together.</summary>
    /// <param name="hosts">The hosts.</param>
    /// <returns>The sum (it cannot overflow: at most <see cref="MaxBytes"/> lines of at most <see cref="MaxSlots"/>).</returns>
    public static long TotalSlots(IReadOnlyList<HostSlots> hosts) => hosts.Sum(h => (long)h.Slots);

    private static string Shown(string line) => line.Length <= 80 ? line.Trim() : line.Trim()[..77] + "...";

    // A host name (RFC 1123 labels) or an IPv4 address, then optionally ':' and digits (checked for range above).
    [GeneratedRegex(@"^(?<host>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(?::(?<slots>[0-9]+))?$")]
    private static partial Regex Entry();
}
