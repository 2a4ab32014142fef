namespace NeuroSharp.Cli.Tests;

/// <summary>
/// A theory that takes tens of minutes (a peer simulator such as Brian2 running the same network): it is
/// reported as skipped, with the way to run it, unless NEUROSHARP_LONG=1 is set
/// (<c>NEUROSHARP_LONG=1 ./test --filter "FullyQualifiedName~Pynn"</c>). docs/results.md records its runs.
/// </summary>
public sealed class LongTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory unless NEUROSHARP_LONG=1.</summary>
    public LongTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("NEUROSHARP_LONG") != "1")
            Skip = "long comparison with a peer simulator: set NEUROSHARP_LONG=1 to run it";
    }
}
