using NeuroSharp.Spiking;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Tests.Live;

/// <summary>Which edits apply to a running engine in place (LiveEdit), and that applying them equals building the edited network.</summary>
public sealed class LiveEditTests
{
    private static NetworkSpec EiNetwork() => NetworkFile.Parse(StudioFixture.ReadExample("ei-network"));

    /// <summary>The threshold of exc, a weight, and the rate of exc's Poisson input changed (v's start draw is unaffected).</summary>
    private static NetworkSpec Edited(NetworkSpec spec) => spec with
    {
        Populations = [spec.Populations[0] with { Model = (LifNeuronSpec)spec.Populations[0].Model with { ThresholdMv = -52 } }, spec.Populations[1]],
        Projections = [spec.Projections[0] with { Weight = DistributionSpec.Constant(0.8) }, .. spec.Projections.Skip(1)],
        Inputs = [(PoissonInputSpec)spec.Inputs[0] with { RateHz = 40 }, .. spec.Inputs.Skip(1)],
    };

    [Fact]
    public void TryApplyLive_ParametersWeightAndRateAtStep0_RunsExactlyAsTheEditedNetworkBuiltAfresh()
    {
        var spec = EiNetwork();
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        Assert.True(live.TryApplyLive(Edited(spec)));
        Assert.True(live.Retuned);
        var fresh = new LiveNetwork(Edited(spec), MemoryBudget.Default);
        for (int s = 0; s < 2000; s++)
        {
            live.Step();
            fresh.Step();
        }
        Assert.True(fresh.Engine.SpikeCountOf("exc") > 0);
        Assert.Equal(fresh.Engine.SpikeCountOf("exc"), live.Engine.SpikeCountOf("exc"));
        Assert.Equal(fresh.Engine.SpikeCountOf("inh"), live.Engine.SpikeCountOf("inh"));
    }

    [Fact]
    public void TryApplyLive_MidRun_KeepsTheStepCountAndChangesWhatFollows()
    {
        var spec = EiNetwork();
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        var unchanged = new LiveNetwork(spec, MemoryBudget.Default);
        for (int s = 0; s < 1000; s++)
        {
            live.Step();
            unchanged.Step();
        }
        Assert.True(live.TryApplyLive(Edited(spec)));
        Assert.Equal(1000, live.Engine.StepCount);
        for (int s = 0; s < 1000; s++)
        {
            live.Step();
            unchanged.Step();
        }
        // A lower threshold and more input: exc fires more than without the edit.
        Assert.True(live.Engine.SpikeCountOf("exc") > unchanged.Engine.SpikeCountOf("exc"));
    }

    [Theory]
    [InlineData("count")]
    [InlineData("connectivity")]
    [InlineData("dt")]
    [InlineData("model")]
    [InlineData("weightDistribution")]
    public void TryApplyLive_StructuralEdit_IsRefusedAndTheEngineIsUntouched(string edit)
    {
        var spec = EiNetwork();
        var edited = edit switch
        {
            "count" => spec with { Populations = [spec.Populations[0] with { Count = 300 }, spec.Populations[1]] },
            "connectivity" => spec with { Projections = [spec.Projections[0] with { Connectivity = new FixedProbabilityConnectivity { Probability = 0.2 } }, .. spec.Projections.Skip(1)] },
            "dt" => spec with { DtMs = 0.2 },
            "model" => spec with { Populations = [spec.Populations[0] with { Model = new IzhikevichNeuronSpec() }, spec.Populations[1]] },
            _ => spec with { Projections = [spec.Projections[0] with { Weight = DistributionSpec.Uniform(0.1, 0.9) }, .. spec.Projections.Skip(1)] },
        };
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        Assert.False(live.TryApplyLive(edited));
        Assert.False(live.Retuned);
        Assert.Same(spec, live.Spec);
    }

    /// <summary>An example with one model parameter changed that its start state does not depend on (Izhikevich's d, AdEx's b, the conductance LIF's threshold).</summary>
    /// <summary>A network of the model, the same with one parameter edited, and how many steps show the edit in its spike counts.</summary>
    private static (NetworkSpec Spec, NetworkSpec Edited, int Steps) ModelEdit(string model)
    {
        switch (model)
        {
            case "izhikevich":
            {
                var spec = NetworkFile.Parse(StudioFixture.ReadExample("polychronization"));
                var exc = spec.Populations[0];
                // 1 000 neurons at 0.5 ms: 500 ms of thalamic input.
                return (spec, spec with { Populations = [exc with { Model = (IzhikevichNeuronSpec)exc.Model with { D = 2 } }, .. spec.Populations.Skip(1)] }, 1000);
            }
            case "adex":
            {
                var spec = NetworkFile.Parse(StudioFixture.ReadExample("central-pattern-generator"));
                var neurons = spec.Neurons.Select(n => n.Id == "flexor" ? n with { Model = (AdExNeuronSpec)n.Model with { SpikeAdaptationPa = 10 } } : n).ToArray();
                // Four neurons: 400 ms, long enough for the alternating bursts that the adaptation shapes.
                return (spec, spec with { Neurons = neurons }, 4000);
            }
            default:
            {
                var spec = NetworkFile.Parse(StudioFixture.ReadExample("coba"));
                var exc = spec.Populations[0];
                // 4 000 neurons at 0.1 ms: 100 ms of the self-sustained COBA activity.
                return (spec, spec with { Populations = [exc with { Model = (ConductanceLifNeuronSpec)exc.Model with { ThresholdMv = -52 } }, .. spec.Populations.Skip(1)] }, 1000);
            }
        }
    }

    private static long[] Counts(LiveNetwork n) =>
        [.. n.Spec.Populations.Select(p => n.Engine.SpikeCountOf(p.Name)), .. n.Spec.Neurons.Select(x => n.Engine.SpikeCountOf(x.Id))];

    [Theory]
    [InlineData("izhikevich")]
    [InlineData("adex")]
    [InlineData("conductanceLif")]
    public void TryApplyLive_OtherModelsParameterAtStep0_RunsExactlyAsTheEditedNetworkBuiltAfresh(string model)
    {
        var (spec, edited, steps) = ModelEdit(model);
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        var unchanged = new LiveNetwork(spec, MemoryBudget.Default);
        Assert.True(live.TryApplyLive(edited));
        Assert.True(live.Retuned);
        var fresh = new LiveNetwork(edited, MemoryBudget.Default);
        for (int s = 0; s < steps; s++)
        {
            live.Step();
            fresh.Step();
            unchanged.Step();
        }
        Assert.Equal(Counts(fresh), Counts(live));
        // The edit mattered: without it the run differs (so the test would see an edit that did nothing).
        Assert.NotEqual(Counts(unchanged), Counts(live));
    }

    [Fact]
    public void TryApplyLive_ConductanceLifRiseTimeChanged_IsRefused()
    {
        var (spec, _, _) = ModelEdit("conductanceLif");
        var exc = spec.Populations[0];
        var edited = spec with { Populations = [exc with { Model = (ConductanceLifNeuronSpec)exc.Model with { RiseExcMs = 1 } }, .. spec.Populations.Skip(1)] };
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        Assert.False(live.TryApplyLive(edited));
        Assert.False(live.Retuned);
    }

    [Fact]
    public void TryApplyLive_LayoutOnly_IsLiveWithNothingToDo()
    {
        var spec = EiNetwork();
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        Assert.True(live.TryApplyLive(spec with { Name = "renamed", Populations = [spec.Populations[0] with { X = 10, Color = "#000000" }, spec.Populations[1]] }));
        Assert.False(live.Retuned);
    }

    /// <summary>
    /// A Hodgkin-Huxley population (examples/networks/cobahh.json, cut to 400 neurons) in the studio: it loads and runs; an edited
    /// number (refractoryMs) applies in place and runs as the edited network built afresh; an edited channel list (the leak's
    /// conductance keeps the gates, so it too is in place) and a removed gate (not in place: the studio rebuilds) are told apart.
    /// </summary>
    [Fact]
    public void TryApplyLive_HodgkinHuxley_NumbersInPlace_GateChangesRebuild()
    {
        var full = NetworkFile.Parse(StudioFixture.ReadExample("cobahh"));
        var spec = full with { Populations = [full.Populations[0] with { Count = 320 }, full.Populations[1] with { Count = 80 }] };
        HodgkinHuxleyNeuronSpec Hh(NetworkSpec s, int p) => (HodgkinHuxleyNeuronSpec)s.Populations[p].Model;
        NetworkSpec With(Func<HodgkinHuxleyNeuronSpec, HodgkinHuxleyNeuronSpec> edit) =>
            spec with { Populations = [spec.Populations[0] with { Model = edit(Hh(spec, 0)) }, spec.Populations[1]] };
        var edited = With(m => m with { RefractoryMs = 5, Channels = [m.Channels[0] with { ConductanceNs = 12 }, .. m.Channels.Skip(1)] });
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        Assert.True(live.TryApplyLive(edited));
        var fresh = new LiveNetwork(edited, MemoryBudget.Default);
        for (int s = 0; s < 500; s++)
        {
            live.Step();
            fresh.Step();
        }
        Assert.True(fresh.Engine.SpikeCountOf("exc") > 0);
        Assert.Equal(fresh.Engine.SpikeCountOf("exc"), live.Engine.SpikeCountOf("exc"));
        Assert.Equal(fresh.Engine.SpikeCountOf("inh"), live.Engine.SpikeCountOf("inh"));
        var noGateH = With(m => m with { Channels = [m.Channels[0], m.Channels[1] with { Gates = [m.Channels[1].Gates[0]] }, m.Channels[2]] });
        Assert.False(new LiveNetwork(spec, MemoryBudget.Default).TryApplyLive(noGateH));
        // What the studio saves reads back as it is, channels included.
        Assert.Equal(edited.Populations[0].Model, NetworkFile.Parse(NetworkFile.ToJson(edited)).Populations[0].Model);
    }
}
