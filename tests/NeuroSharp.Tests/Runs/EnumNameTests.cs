using NeuroSharp.Learning;
using NeuroSharp.Spiking;
using Xunit;

namespace NeuroSharp.Tests.Runs;

/// <summary>Every enum value with a name table has a name, distinct from the others, and reads back.</summary>
public sealed class EnumNameTests
{
    [Fact]
    public void TrainingRuleNames_EveryRule_HasADistinctNameThatReadsBack()
    {
        var kinds = Enum.GetValues<TrainingRuleKind>();
        Assert.Equal(kinds.Length, TrainingRuleNames.All.Distinct().Count());
        foreach (var kind in kinds) Assert.Equal(kind, TrainingRuleNames.FromFlag(kind.ToFlag()));
        Assert.Equal(["bp", "fa", "dfa", "adaptive", "temporal"], TrainingRuleNames.All);
    }

    [Fact]
    public void TrainingRuleNames_UnknownName_ThrowsNamingIt()
    {
        var e = Assert.Throws<InvalidInputException>(() => TrainingRuleNames.FromFlag("hebb"));
        Assert.Contains("--rule", e.Message);
        Assert.Contains("'hebb'", e.Message);
    }

    [Fact]
    public void TransmitterPhaseNames_EveryPhase_HasADistinctName()
    {
        var names = Enum.GetValues<TransmitterPhase>().Select(p => p.ToName()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal("releasing", TransmitterPhase.Releasing.ToName());
    }
}
