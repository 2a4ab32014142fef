using NeuroSharp;
using Xunit;

namespace NeuroSharp.Tests;

public class MemoryBudgetTests
{
    [Fact]
    public void Require_OverTheLimit_NamesFieldEstimateLimitAndOption()
    {
        var budget = new MemoryBudget(1L << 30);
        var e = Assert.Throws<InvalidInputException>(() => budget.Require("--clusters", 3L << 30));
        Assert.Contains("--clusters", e.Message);
        Assert.Contains("3 GiB", e.Message);
        Assert.Contains("1 GiB", e.Message);
        Assert.Contains("--memory-limit", e.Message);
    }

    [Fact]
    public void Require_AtTheLimit_Passes() => new MemoryBudget(1L << 30).Require("x", 1L << 30);

    [Fact]
    public void Times_Overflow_Saturates()
    {
        Assert.Equal(long.MaxValue, MemoryBudget.Times(1L << 30, 1L << 30, 8, 8));
        Assert.Equal(24, MemoryBudget.Times(2, 3, 4));
        Assert.Equal(0, MemoryBudget.Times(5, -1));
        Assert.Equal(long.MaxValue, MemoryBudget.Plus(long.MaxValue - 1, 5));
    }

    [Theory]
    [InlineData("16G", 16L << 30)]
    [InlineData("512M", 512L << 20)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("2048", 2048)]
    [InlineData("4KB", 4096)]
    public void ParseBytes_Sizes_AreRead(string text, long expected) => Assert.Equal(expected, MemoryBudget.ParseBytes(text, "--memory-limit"));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1G")]
    [InlineData("1e30")]
    public void ParseBytes_NotASize_SaysWhatIsExpected(string text)
    {
        var e = Assert.Throws<InvalidInputException>(() => MemoryBudget.ParseBytes(text, "--memory-limit"));
        Assert.Contains("--memory-limit must be a size", e.Message);
    }

    [Fact]
    public void FormatBytes_Saturated_SaysMoreThan() => Assert.Equal("more than 8 EiB", MemoryBudget.FormatBytes(long.MaxValue));
}
