namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Test classes that run on the simulated device share a <see cref="SimulatorFixture"/> per collection: one context,
/// one accelerator, each kernel compiled once per collection. A collection's classes run one after another. There are
/// two such collections, <see cref="Name"/> and <see cref="SecondSimulatorCollection.Name"/>, each with its own
/// accelerator, which xunit runs side by side: a step on ILGPU's CPU accelerator is a few kernel launches, each a
/// hand-over to the accelerator's threads and back, so one collection alone kept the machine mostly waiting
/// (147 CPU s in 486 s of wall in one run, docs/results.md, "The test suite's wall time"). The classes that count
/// copies with <see cref="HostCopy.StartTally"/>, which counts every copy in the process, are
/// <see cref="TalliedSimulatorCollection"/>, which runs alone.
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

/// <summary>
/// The classes on the simulated device whose tests count copies with <see cref="HostCopy.StartTally"/>: the tally counts
/// every copy in the process, so these run with nothing beside them (xunit runs a collection that disables
/// parallelization after the others, alone).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TalliedSimulatorCollection : ICollectionFixture<SimulatorFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "simulated device, copies tallied";
}
