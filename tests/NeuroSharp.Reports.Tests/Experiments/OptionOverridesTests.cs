using NeuroSharp.Reports.Experiments;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;

namespace NeuroSharp.Reports.Tests.Experiments;

/// <summary>--param KEY=VALUE: dotted paths into immutable option records.</summary>
public class OptionOverridesTests
{
    [Fact]
    public void Apply_NestedPath_CopiesAndChangesOnlyThatValue()
    {
        var o = new StdpMnistOptions();
        var changed = OptionOverrides.Apply(o, "network.stdp.aPlusTriplet", "0.02");
        changed = OptionOverrides.Apply(changed, "MaxRateHz", "70");
        changed = OptionOverrides.Apply(changed, "network.stdp.pairing", "allToAll");
        Assert.Equal(0.02, changed.Network.Stdp.APlusTriplet);
        Assert.Equal(70, changed.MaxRateHz);
        Assert.Equal(StdpPairing.AllToAll, changed.Network.Stdp.Pairing);
        Assert.Equal(0.01, o.Network.Stdp.APlusTriplet); // the original is untouched
        Assert.Equal(o with { MaxRateHz = 70, Network = o.Network with { Stdp = o.Network.Stdp with { APlusTriplet = 0.02, Pairing = StdpPairing.AllToAll } } }, changed);
    }

    [Theory]
    [InlineData("maxRate", "70", "not a known setting")]
    [InlineData("network", "1", "not a known setting")]
    [InlineData("maxRateHz", "fast", "'fast' is not a valid double")]
    [InlineData("minSpikes", "2.5", "'2.5' is not a valid int32")]
    [InlineData("network.stdp.bounds", "hard", "is not one of Additive, SoftBounded")]
    public void Apply_BadKeyOrValue_SaysWhat(string key, string value, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => OptionOverrides.Apply(new StdpMnistOptions(), key, value));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Keys_ListEveryConstant()
    {
        var keys = OptionOverrides.Keys(typeof(StdpMnistOptions));
        Assert.Contains("presentationMs", keys);
        Assert.Contains("network.excitatoryNeuron.adaptiveThreshold.tauMs", keys);
        Assert.Contains("network.inputWeight.high", keys);
        Assert.DoesNotContain("presentationSteps", keys); // computed, not settable
    }
}
