using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Studio.Tests.Examples;

public sealed class CentralPatternGeneratorTests
{
    private static List<(string Side, double StartMs, int Spikes)> Bursts(NetworkSpec spec, double durationMs)
    {
        var engine = new SpikingEngine(spec with { Monitors = [new SpikeMonitorSpec { Target = "flexor" }, new SpikeMonitorSpec { Target = "extensor" }] });
        engine.Run((int)Math.Round(durationMs / spec.DtMs));
        var events = engine.SpikeMonitors
            .SelectMany(m => m.TimesMs().Select(t => (Side: m.Target, T: t)))
            .OrderBy(e => e.T).ToList();
        var bursts = new List<(string Side, double StartMs, int Spikes)>();
        foreach (var (side, t) in events)
        {
            if (bursts.Count > 0 && bursts[^1].Side == side) bursts[^1] = bursts[^1] with { Spikes = bursts[^1].Spikes + 1 };
            else bursts.Add((side, t, 1));
        }
        return bursts;
    }

    [Fact]
    public void HalfCentre_BurstsInAlternation_AtAStablePeriod()
    {
        var spec = NetworkFile.Parse(StudioFixture.ReadExample("central-pattern-generator"));
        var bursts = Bursts(spec, 3000).Where(b => b.StartMs > 800).ToList();
        // Runs of one side's spikes alternate by construction; an oscillator makes them bursts of several
        // spikes at a regular period. The settling transient (first ~0.8 s) is left out.
        var full = bursts.Take(bursts.Count - 1).ToList(); // the last burst may be cut by the end of the run
        Assert.True(full.Count >= 8, $"expected at least 8 alternating bursts after 0.8 s, got {full.Count}");
        Assert.All(full, b => Assert.InRange(b.Spikes, 4, 10));
        var periods = full.Zip(full.Skip(2), (a, c) => c.StartMs - a.StartMs).ToList();
        // Period within 5 % of its mean: the rhythm is set by the adaptation time constant, not by noise (there is none).
        double mean = periods.Average();
        Assert.InRange(mean, 300, 700);
        Assert.All(periods, p => Assert.InRange(p, 0.95 * mean, 1.05 * mean));
    }

    [Fact]
    public void WithoutTheCrossedInhibition_TheSidesDoNotAlternateInBursts()
    {
        var spec = NetworkFile.Parse(StudioFixture.ReadExample("central-pattern-generator"));
        var uncoupled = spec with { Links = spec.Links.Where(l => !l.From.EndsWith("Inh", StringComparison.Ordinal)).ToList() };
        var bursts = Bursts(uncoupled, 3000).Where(b => b.StartMs > 800).ToList();
        // Each side fires tonically, so their spikes interleave one by one.
        Assert.True(bursts.Average(b => b.Spikes) < 2, $"mean run length {bursts.Average(b => b.Spikes)}");
    }
}
