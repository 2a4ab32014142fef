namespace NeuroSharp.Reports.Experiments;

/// <summary>
/// A named reproduction of one of the source articles: it runs the real algorithm on real or planted
/// data, writes its pictures into the context's folder and returns its numbers beside the article's.
/// Every public implementation with a parameterless constructor in this assembly is found by
/// <see cref="ExperimentCatalog"/>, so a new experiment needs no registration.
/// </summary>
public interface IExperiment
{
    /// <summary>The name used by <c>neurosharp experiment run NAME</c> (kebab-case).</summary>
    string Name { get; }

    /// <summary>A one-line title.</summary>
    string Title { get; }

    /// <summary>The source article, e.g. "000".</summary>
    string Article { get; }

    /// <summary>What it shows, in two or three sentences (for the report).</summary>
    string Description { get; }

    /// <summary>Runs the experiment.</summary>
    /// <param name="context">Output folder, seed, quick mode, threads, data source, progress.</param>
    /// <returns>The metrics, figures and comparisons.</returns>
    ExperimentResult Run(ExperimentContext context);
}
