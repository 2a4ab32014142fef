namespace NeuroSharp.Data;

/// <summary>How <see cref="DataSources.Load"/> makes or fetches data.</summary>
/// <param name="Seed">Seed of generated data (one-hot groups, side-by-side pairs, uniform points).</param>
/// <param name="SampleCount">Samples to generate when the spec does not say; null for each generator's default.</param>
/// <param name="Mnist">Where MNIST comes from; null for the default cache.</param>
/// <param name="Log">Receives progress lines of a fetch, or null.</param>
/// <param name="Memory">The most memory generated data may take (rows x columns x 4 bytes is estimated before
/// anything is generated); null for <see cref="MemoryBudget.Default"/>.</param>
/// <param name="FashionMnist">Where Fashion-MNIST comes from; null for the default cache.</param>
public sealed record DataLoadOptions(ulong Seed = 0, int? SampleCount = null, MnistRepository? Mnist = null, Action<string>? Log = null, MemoryBudget? Memory = null,
    FashionMnistRepository? FashionMnist = null);
