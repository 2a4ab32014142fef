using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The published presets reproduce their firing signatures under a step current (Izhikevich 2003
/// fig. 2 with I = 10; Naud et al. 2008 with their currents), dt 0.1 ms, 500 ms.
/// </summary>
public class FiringPatternTests
{
    private static double[] Intervals(NeuronModelSpec model, double amplitude)
    {
        var engine = new SpikingEngine(Networks.Driven(model, amplitude));
        engine.Run(5000);
        var t = engine.SpikeMonitors[0].TimesMs();
        return t.Zip(t.Skip(1), (a, b) => b - a).ToArray();
    }

    [Fact]
    public void Izhikevich_RegularSpiking_TonicWithAdaptation()
    {
        var isi = Intervals(IzhikevichNeuronSpec.RegularSpiking, 10);
        Assert.True(isi.Length >= 5);
        Assert.True(isi[^1] > 1.5 * isi[0], $"no adaptation: first {isi[0]}, last {isi[^1]}");
        Assert.True(isi.Min() > 10, "regular spiking should not burst");
    }

    [Fact]
    public void Izhikevich_IntrinsicallyBursting_InitialBurstThenTonic()
    {
        var isi = Intervals(IzhikevichNeuronSpec.IntrinsicallyBursting, 10);
        Assert.True(isi[0] < 5, $"no initial burst: first ISI {isi[0]}");
        Assert.All(isi.Skip(1), x => Assert.True(x > 20, $"tonic phase has a short ISI {x}"));
    }

    [Fact]
    public void Izhikevich_Chattering_RepeatedBursts()
    {
        var isi = Intervals(IzhikevichNeuronSpec.Chattering, 10);
        int shortCount = isi.Count(x => x < 10), longCount = isi.Count(x => x > 30);
        Assert.True(longCount >= 5, $"only {longCount} inter-burst intervals");
        Assert.True(shortCount >= 3 * longCount, $"{shortCount} intra-burst intervals for {longCount} bursts");
    }

    [Fact]
    public void Izhikevich_FastSpiking_HighRateWithLittleAdaptation()
    {
        var fs = Intervals(IzhikevichNeuronSpec.FastSpiking, 10);
        var rs = Intervals(IzhikevichNeuronSpec.RegularSpiking, 10);
        Assert.True(fs.Length > 3 * rs.Length, $"FS {fs.Length + 1} spikes vs RS {rs.Length + 1}");
        var late = fs.Skip(fs.Length / 2).ToArray();
        Assert.True(late.Max() - late.Min() < 0.1 * late.Average(), "FS should settle to a regular rate");
    }

    [Fact]
    public void Izhikevich_LowThresholdSpiking_FastAdaptingToSteadyRate()
    {
        var isi = Intervals(IzhikevichNeuronSpec.LowThresholdSpiking, 10);
        Assert.True(isi[0] < 5 && isi[^1] > 2 * isi[0], $"first {isi[0]}, last {isi[^1]}");
    }

    [Fact]
    public void AdEx_Tonic_RegularIntervals()
    {
        var isi = Intervals(AdExNeuronSpec.Tonic, 500);
        var late = isi.Skip(5).ToArray();
        Assert.True(late.Max() - late.Min() < 0.05 * late.Average(), "tonic spiking should be regular");
    }

    [Fact]
    public void AdEx_Adapting_IntervalsGrow()
    {
        var isi = Intervals(AdExNeuronSpec.Adapting, 500);
        Assert.True(isi.Length >= 5);
        for (int k = 1; k < 5; k++) Assert.True(isi[k] > isi[k - 1], $"ISI {k} did not grow");
        Assert.True(isi[^1] > 4 * isi[0]);
    }

    [Fact]
    public void AdEx_InitialBurst_ShortIntervalsFirst()
    {
        var isi = Intervals(AdExNeuronSpec.InitialBurst, 400);
        Assert.True(isi[0] < 10 && isi[1] < 10, "no initial burst");
        Assert.All(isi.Skip(2), x => Assert.True(x > 40));
    }

    [Fact]
    public void AdEx_RegularBursting_AlternatesShortAndLong()
    {
        var isi = Intervals(AdExNeuronSpec.RegularBursting, 210);
        Assert.True(isi.Count(x => x > 100) >= 2, "no inter-burst intervals");
        Assert.True(isi.Count(x => x < 10) >= isi.Count(x => x > 100), "bursts should hold at least two spikes");
    }
}
