using Spectre.Console;

namespace NeuroSharp.Cli;

/// <summary>
/// Runs long work with a Spectre.Console progress bar on a terminal, and silently when the output is
/// redirected, --json or --quiet (nothing decorative in logs and pipes); work that asks for lines gets, where no bar
/// is drawn and without --quiet, a plain progress line on stderr every 10 s instead (<see cref="ProgressLines"/>).
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, giving it a callback that sets the fraction done and a status text.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="ctx">The console.</param>
    /// <param name="common">The shared options.</param>
    /// <param name="title">The task's name on the bar.</param>
    /// <param name="work">The work; it calls report(fraction in [0, 1], status).</param>
    /// <param name="lines">Where no bar is drawn (redirected, --json) and not --quiet: progress lines on stderr (stdout stays the result).</param>
    /// <param name="every">The least time between lines (null: <see cref="ProgressLines.Every"/>).</param>
    /// <returns>What the work returned.</returns>
    public static T Run<T>(CliContext ctx, CommonValues common, string title, Func<Action<double, string>, T> work, bool lines = false, TimeSpan? every = null) =>
        RunWithStatus(ctx, common, title, report => work((fraction, status) => report(fraction, () => status)), lines, every);

    /// <summary>
    /// <see cref="Run{T}"/> for work whose status is made only when it is shown: on the bar at every report, on a progress
    /// line only when a line is written, so that a rate in it (<see cref="NeuroSharp.Runs.IntervalRate"/>) covers the time since the last line.
    /// </summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="ctx">The console.</param>
    /// <param name="common">The shared options.</param>
    /// <param name="title">The task's name on the bar.</param>
    /// <param name="work">The work; it calls report(fraction in [0, 1], status maker).</param>
    /// <param name="lines">As for <see cref="Run{T}"/>.</param>
    /// <param name="every">As for <see cref="Run{T}"/>.</param>
    /// <returns>What the work returned.</returns>
    public static T RunWithStatus<T>(CliContext ctx, CommonValues common, string title, Func<Action<double, Func<string>>, T> work, bool lines = false, TimeSpan? every = null)
    {
        if (common.Quiet) return work((_, _) => { });
        if (!ctx.Interactive || common.Json)
        {
            if (!lines) return work((_, _) => { });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var progress = new ProgressLines(ctx.Error, title, every ?? ProgressLines.Every, () => clock.Elapsed);
            return work(progress.Report);
        }
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(p =>
            {
                var task = p.AddTask(Markup.Escape(title), maxValue: 1.0);
                result = work((fraction, makeStatus) =>
                {
                    string status = makeStatus();
                    task.Value = Math.Clamp(fraction, 0, 1);
                    task.Description = Markup.Escape(string.IsNullOrEmpty(status) ? title : $"{title}: {status}");
                });
                task.Value = 1.0;
            });
        return result;
    }
}
