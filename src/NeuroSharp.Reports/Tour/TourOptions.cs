using NeuroSharp.Data;

namespace NeuroSharp.Reports.Tour;

/// <summary>How a tour runs.</summary>
/// <param name="OutputDirectory">Where report.html and one folder per experiment go.</param>
/// <param name="Seed">The seed of every experiment.</param>
/// <param name="Quick">True for the quick tour (each experiment's small version).</param>
/// <param name="Threads">The most threads (0: all cores).</param>
/// <param name="Mnist">Where MNIST comes from.</param>
/// <param name="Only">Experiment names to run, or null for all.</param>
public sealed record TourOptions(string OutputDirectory, ulong Seed, bool Quick, int Threads, MnistRepository Mnist, IReadOnlyList<string>? Only = null);
