using System.Globalization;

namespace NeuroSharp.Fuzz.Tests;

/// <summary>Appends one tab-separated line per reader or command to $NEUROSHARP_FUZZ_REPORT: the figures docs/results.md records.</summary>
internal static class FuzzReport
{
    private static readonly Lock Gate = new();

    public static void Append(string name, int cases, int accepted, int refused, int broken)
    {
        if (FuzzSettings.ReportPath is not { } path) return;
        double clear = cases == 0 ? 1 : (cases - broken) / (double)cases;
        lock (Gate)
            File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture,
                $"{name}\t{cases}\t{accepted}\t{refused}\t{broken}\t{clear:P1}\n"));
    }
}
