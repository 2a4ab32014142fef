using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>The export tests' round trip: JSON -> NeuroML -> JSON the same JSON, and NeuroML -> JSON -> NeuroML the same document.</summary>
internal static class NeuroMlExportRoundTrip
{
    /// <summary>
    /// Saves <paramref name="spec"/> as NeuroML at <paramref name="path"/>, reads it back, and asserts that the network's JSON comes back
    /// line for line (naming the first line that differs, with the twelve before it) and that the read network writes the same document.
    /// </summary>
    /// <returns>The network read back.</returns>
    public static NetworkSpec AssertSameJson(NetworkSpec spec, string path)
    {
        spec.Validate();
        NeuroMlFile.Save(path, spec);
        var back = NeuroMlFile.Load(path);
        string[] want = NetworkFile.ToJson(spec).Split('\n'), got = NetworkFile.ToJson(back).Split('\n');
        int first = Enumerable.Range(0, Math.Min(want.Length, got.Length)).FirstOrDefault(k => want[k] != got[k], -1);
        Assert.True(first < 0 && want.Length == got.Length, first < 0 ? $"{want.Length} lines, {got.Length} back" : $"line {first}: {want[first].Trim()} came back as {got[first].Trim()}; before it: {string.Join(" ", want[Math.Max(0, first - 12)..first].Select(l => l.Trim()))}");
        Assert.Equal(File.ReadAllText(path), NeuroMlFile.ToText(back));
        return back;
    }
}
