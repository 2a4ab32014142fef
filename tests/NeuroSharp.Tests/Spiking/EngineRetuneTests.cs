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

    /// <summary>Ten neurons of one model driven by a constant current of the model's unit, and nothing else.</summary>
    private static NetworkSpec OneModel(NeuronModelSpec model, double amplitude) => new()
    {
        DtMs = 0.1,
        Populations = [new PopulationSpec { Name = "p", Count = 10, Model = model }],
        Inputs = [new CurrentInputSpec { Target = "p", Amplitude = amplitude }],
    };

    [Fact]
    public void SetModel_ConductanceLifThresholdAboveTheSteadyState_StopsFiringAtOnce_AndLoweringResumes()
    {
        // Without synaptic conductances G = 1: v settles at E_L + I = -60 + 20 = -40 mV, above the -50 mV threshold.
        var coba = ConductanceLifNeuronSpec.Coba;
        var engine = new SpikingEngine(OneModel(coba, 20));
        engine.Run(1000);
        long before = engine.SpikeCountOf("p");
        Assert.True(before > 0);
        Assert.True(engine.CanSetModel("p", coba with { ThresholdMv = -35 }));
        engine.SetModel("p", coba with { ThresholdMv = -35 });
        engine.Run(1000);
        Assert.Equal(before, engine.SpikeCountOf("p"));
        engine.SetModel("p", coba);
        engine.Run(1000);
        Assert.True(engine.SpikeCountOf("p") > before);
    }

    [Fact]
    public void SetModel_ConductanceLifRiseTimeChanged_IsRefused()
    {
        var engine = new SpikingEngine(OneModel(ConductanceLifNeuronSpec.Coba, 20));
        Assert.False(engine.CanSetModel("p", ConductanceLifNeuronSpec.Coba with { RiseExcMs = 1 }));
        Assert.Throws<ArgumentException>(() => engine.SetModel("p", ConductanceLifNeuronSpec.Coba with { RiseExcMs = 1 }));
    }

    /// <summary>Stronger spike-triggered adaptation (Izhikevich's d, AdEx's b) set mid-run: fewer spikes from then on than the same run unchanged, the same before.</summary>
    [Theory]
    [InlineData("izhikevich")]
    [InlineData("adex")]
    public void SetModel_StrongerAdaptationMidRun_FiresLessThanTheUnchangedRun(string model)
    {
        NeuronModelSpec spec = model == "izhikevich" ? IzhikevichNeuronSpec.RegularSpiking : AdExNeuronSpec.Tonic;
        NeuronModelSpec stronger = spec is IzhikevichNeuronSpec iz ? iz with { D = 4 * iz.D } : ((AdExNeuronSpec)spec) with { SpikeAdaptationPa = 200 };
        double amplitude = model == "izhikevich" ? 10 : 500; // model units; pA
        var edited = new SpikingEngine(OneModel(spec, amplitude));
        var unchanged = new SpikingEngine(OneModel(spec, amplitude));
        edited.Run(1000);
        unchanged.Run(1000);
        long before = edited.SpikeCountOf("p");
        Assert.True(before > 0);
        Assert.Equal(before, unchanged.SpikeCountOf("p"));
        edited.SetModel("p", stronger);
        edited.Run(3000);
        unchanged.Run(3000);
        Assert.Equal(4000, edited.StepCount);
        Assert.True(edited.SpikeCountOf("p") - before < unchanged.SpikeCountOf("p") - before,
            $"{edited.SpikeCountOf("p") - before} spikes after the edit, {unchanged.SpikeCountOf("p") - before} without it");
        Assert.True(edited.SpikeCountOf("p") > before); // it still fires
    }
}
