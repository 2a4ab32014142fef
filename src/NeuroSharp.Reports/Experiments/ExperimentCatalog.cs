using System.Reflection;

namespace NeuroSharp.Reports.Experiments;

/// <summary>Every experiment in this assembly, found by reflection, ordered by article then name.</summary>
public static class ExperimentCatalog
{
    private static readonly Lazy<IReadOnlyList<IExperiment>> Experiments = new(Discover);

    /// <summary>All experiments.</summary>
    public static IReadOnlyList<IExperiment> All => Experiments.Value;

    /// <summary>Finds an experiment by name.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="InvalidInputException">No experiment has that name; the message lists them.</exception>
    public static IExperiment Get(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new InvalidInputException($"Unknown experiment '{name}'; {NearestName.DidYouMean(All.Select(e => e.Name), name)}known: {string.Join(", ", All.Select(e => e.Name))}.");

    private static IReadOnlyList<IExperiment> Discover() =>
        typeof(IExperiment).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IExperiment).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IExperiment)Activator.CreateInstance(t)!)
            .OrderBy(e => e.Article, StringComparer.Ordinal)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
}
