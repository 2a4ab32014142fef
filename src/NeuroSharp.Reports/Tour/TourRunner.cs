using System.Diagnostics;
using NeuroSharp.Formats;
using NeuroSharp.Reports.Experiments;

namespace NeuroSharp.Reports.Tour;

/// <summary>
/// The tour: every experiment of <see cref="ExperimentCatalog"/> (new ones are picked up as they are
/// added), one after the other, then one HTML report with their pictures and their numbers beside the
/// articles'. An experiment that fails is reported as failed; the others still run.
/// </summary>
public static class TourRunner
{
    /// <summary>Runs the tour and writes report.html.</summary>
    /// <param name="options">Where, which seed, quick or full.</param>
    /// <param name="report">Receives (fraction done, status).</param>
    /// <param name="cancellationToken">Stops between experiments (and within those that honour it).</param>
    /// <returns>What ran and where the report is.</returns>
    public static TourResult Run(TourOptions options, Action<double, string>? report = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        report ??= (_, _) => { };
        var experiments = ExperimentCatalog.All
            .Where(e => options.Only is null || options.Only.Contains(e.Name))
            .ToList();
        foreach (string name in options.Only ?? []) ExperimentCatalog.Get(name); // an unknown name: the catalogue's sentence
        Directory.CreateDirectory(options.OutputDirectory);
        var clock = Stopwatch.StartNew();
        var entries = new List<TourEntry>();
        for (int i = 0; i < experiments.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var e = experiments[i];
            double start = (double)i / experiments.Count, share = 1.0 / experiments.Count;
            var context = new ExperimentContext(Path.Combine(options.OutputDirectory, e.Name), options.Seed, options.Quick, options.Threads, options.Mnist,
                (f, s) => report(start + share * Math.Clamp(f, 0, 1), s), cancellationToken);
            var one = Stopwatch.StartNew();
            report(start, e.Name);
            try
            {
                var result = ExperimentRunner.Run(e, context);
                entries.Add(new TourEntry(e, result, null, one.Elapsed.TotalSeconds));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                entries.Add(new TourEntry(e, null, $"{ex.GetType().Name}: {ex.Message}", one.Elapsed.TotalSeconds));
            }
        }
        report(1, "report.html");
        string path = Path.Combine(options.OutputDirectory, "report.html");
        var result2 = new TourResult(entries, clock.Elapsed.TotalSeconds, path);
        AtomicFile.WriteAllText(path, HtmlReport.Render(result2, options));
        return result2;
    }
}
