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

    /// <summary>
    /// Refuses what the experiment cannot run with (its parameters' values, the memory they need, a device it does
    /// not run on), with one sentence, before anything is printed, loaded or written. <see cref="ExperimentRunner.Check"/>
    /// calls it (the command line before its header line, <see cref="ExperimentRunner.Run"/> before the run); an
    /// experiment with nothing to check keeps this default. Checks that need the data (a count up to the data's rows)
    /// stay in <see cref="Run"/>.
    /// </summary>
    /// <param name="context">What the experiment would run with; its folder is not made yet.</param>
    /// <exception cref="InvalidInputException">A setting the experiment refuses.</exception>
    void Check(ExperimentContext context)
    {
    }

    /// <summary>Runs the experiment.</summary>
    /// <param name="context">Output folder, seed, quick mode, threads, data source, progress.</param>
    /// <returns>The metrics, figures and comparisons.</returns>
    ExperimentResult Run(ExperimentContext context);
}
