namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Test classes that run on the simulated device share a <see cref="SimulatorFixture"/> per collection: one context,
/// one accelerator, each kernel compiled once per collection. A collection's classes run one after another. There are
/// two such collections, <see cref="Name"/> and <see cref="SecondSimulatorCollection.Name"/>, each with its own
/// accelerator, which xunit runs side by side: a step on ILGPU's CPU accelerator is a few kernel launches, each a
/// hand-over to the accelerator's threads and back, so one collection alone kept the machine mostly waiting
/// (147 CPU s in 486 s of wall in one run, docs/results.md, "The test suite's wall time"). The classes are split
/// between the two by their durations in CI, so that both end together. The classes that count copies with
/// <see cref="HostCopy.StartTally"/> are among them: a tally counts the copies of its own test's flow only, not those
/// of the collection beside it (they used to be a third collection that ran alone, after the others).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "simulated device";
}

/// <summary>The second collection on the simulated device, with an accelerator of its own (see <see cref="SimulatorCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SecondSimulatorCollection : ICollectionFixture<SimulatorFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "simulated device, second accelerator";
}
