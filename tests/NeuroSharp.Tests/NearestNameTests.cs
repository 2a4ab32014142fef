namespace NeuroSharp.Tests;

/// <summary>The "did you mean" of a refusal: the one known name near a misspelled word, or none.</summary>
public class NearestNameTests
{
    private static readonly string[] Experiments = ["stdp-mnist", "stdp-window", "mnist-clusters", "mnist-split2", "onehot-5x5", "onehot-10x10"];

    [Theory]
    [InlineData("stdp-mnst", "stdp-mnist")] // a letter left out
    [InlineData("stdp-minst", "stdp-mnist")] // two letters swapped
    [InlineData("STDP-MNIST", "stdp-mnist")] // case
    [InlineData("onehot-5x6", "onehot-5x5")] // a letter changed
    [InlineData("stdp-win", "stdp-window")] // the start of one name
    public void Among_MisspelledWord_GivesTheOneNearName(string word, string expected) =>
        Assert.Equal(expected, NearestName.Among(Experiments, word));

    [Theory]
    [InlineData("juggling")] // nothing near
    [InlineData("stdp")] // the start of two names
    [InlineData("onehot-5x5xyz")] // three edits away
    [InlineData("stdp-mnist")] // the name itself is not a suggestion
    public void Among_NothingNearOrTwoAsNear_GivesNull(string word) =>
        Assert.Null(NearestName.Among(Experiments, word));

    [Fact]
    public void Among_ShortWord_AllowsOneEditOnly()
    {
        Assert.Equal("lif", NearestName.Among(["lif", "adex", "glif"], "lfi"));
        Assert.Null(NearestName.Among(["lif", "adex"], "xyf")); // two edits from lif: too far for three letters
        Assert.Null(NearestName.Among(["logistic", "relu", "tanh"], "gelu")); // one edit from relu, but another first letter: another word
    }

    [Fact]
    public void Hint_And_DidYouMean_AreEmptyWhenNothingIsNear()
    {
        Assert.Equal(" (did you mean --clusters?)", NearestName.Hint(["--clusters", "--data"], "--cluster"));
        Assert.Equal("did you mean xor? ", NearestName.DidYouMean(["xor", "single-pole"], "xorr"));
        Assert.Equal("", NearestName.Hint(["--clusters"], "--frobnicate"));
        Assert.Equal("", NearestName.DidYouMean(["xor"], "juggling"));
    }
}
