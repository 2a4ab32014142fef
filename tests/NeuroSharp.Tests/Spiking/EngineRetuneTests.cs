using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Changes applied between steps without a rebuild (SpikingEngine.Retune): model parameters, current amplitudes, Poisson input rates.</summary>
public class EngineRetuneTests
{
    private static readonly LifNeuronSpec Lif = new() { TauMs = 10, RestMv = -65, ResetMv = -65, ThresholdMv = -55, RefractoryMs = 2 };

    /// <summary>Ten LIF neurons driven by a constant 20 mV (their v settles at -45 mV, above the -55 mV threshold), plus a Poisson input onto a second group.</summary>
    private static NetworkSpec Driven() => new()
    {
        DtMs = 0.1,
        Populations =
        [
            new PopulationSpec { Name = "p", Count = 10, Model = Lif },
            new PopulationSpec { Name = "q", Count = 10, Model = Lif },
        ],
        Inputs =
        [
            new CurrentInputSpec { Target = "p", Amplitude = 20 },
            new PoissonInputSpec { Target = "q", SourceCount = 50, RateHz = 0, Weight = 2 },
        ],
    };

    [Fact]
    public void SetModel_ThresholdAboveTheSteadyState_StopsFiringAtOnce_AndLoweringResumes()
    {
        var engine = new SpikingEngine(Driven());
        engine.Run(1000);
        long before = engine.SpikeCountOf("p");
        Assert.True(before > 0);
        engine.SetModel("p", Lif with { ThresholdMv = -40 });
        engine.Run(1000);
        Assert.Equal(before, engine.SpikeCountOf("p"));
        Assert.Equal(2000, engine.StepCount);
        engine.SetModel("p", Lif);
        engine.Run(1000);
        Assert.True(engine.SpikeCountOf("p") > before);
    }

    [Fact]
    public void SetModel_SameSeedSameEdits_SameSpikes()
    {
        long[] Run()
        {
            var engine = new SpikingEngine(Driven());
            engine.Run(500);
            engine.SetModel("p", Lif with { TauMs = 30, RefractoryMs = 5 });
            engine.SetPoissonInputRate(1, 80);
            engine.Run(500);
            return [engine.SpikeCountOf("p"), engine.SpikeCountOf("q")];
        }
        var a = Run();
        Assert.Equal(a, Run());
        Assert.True(a[1] > 0);
    }

    [Fact]
    public void SetModel_AnotherModelOrAnAdaptiveThreshold_IsRefusedAndNothingChanges()
    {
        var engine = new SpikingEngine(Driven());
        Assert.False(engine.CanSetModel("p", new IzhikevichNeuronSpec()));
        var e = Assert.Throws<ArgumentException>(() => engine.SetModel("p", Lif with { AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 1, TauMs = 100 } }));
        Assert.Contains("rebuild", e.Message);
        var untouched = new SpikingEngine(Driven());
        engine.Run(1000);
        untouched.Run(1000);
        Assert.Equal(untouched.SpikeCountOf("p"), engine.SpikeCountOf("p"));
    }

    [Fact]
    public void SetCurrentAmplitude_BelowThreshold_StopsFiring_AboveResumes()
    {
        var engine = new SpikingEngine(Driven());
        engine.Run(500);
        long before = engine.SpikeCountOf("p");
        Assert.True(before > 0);
        engine.SetCurrentAmplitude(0, 5); // v settles at -60 mV, below -55
        engine.Run(1000);
        long quiet = engine.SpikeCountOf("p");
        Assert.InRange(quiet - before, 0, 10); // at most the one spike already under way per neuron
        engine.SetCurrentAmplitude(0, 20);
        engine.Run(500);
        Assert.True(engine.SpikeCountOf("p") > quiet + 10);
        Assert.Throws<ArgumentException>(() => engine.SetCurrentAmplitude(1, 5));
    }

    [Fact]
    public void SetPoissonInputRate_FromZero_DrivesTheTarget()
    {
        var engine = new SpikingEngine(Driven());
        engine.Run(500);
        Assert.Equal(0, engine.SpikeCountOf("q"));
        engine.SetPoissonInputRate(1, 200);
        engine.Run(500);
        Assert.True(engine.SpikeCountOf("q") > 0);
        engine.SetPoissonInputRate(1, 0);
        engine.Run(500); // what was already received decays (tau_exc is a few ms)
        long off = engine.SpikeCountOf("q");
        engine.Run(500);
        Assert.Equal(off, engine.SpikeCountOf("q"));
    }
}
