using Spectre.Console;

namespace NeuroSharp.Cli;

/// <summary>
/// Runs long work with a Spectre.Console progress bar on a terminal, and silently when the output is
/// redirected, --json or --quiet (nothing decorative in logs and pipes).
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, giving it a callback that sets the fraction done and a status text.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="ctx">The console.</param>
    /// <param name="common">The shared options.</param>
    /// <param name="title">The task's name on the bar.</param>
    /// <param name="work">The work; it calls report(fraction in [0, 1], status).</param>
    /// <returns>What the work returned.</returns>
    public static T Run<T>(CliContext ctx, CommonValues common, string title, Func<Action<double, string>, T> work)
    {
        if (!ctx.Interactive || common.Json || common.Quiet) return work((_, _) => { });
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(p =>
            {
                var task = p.AddTask(Markup.Escape(title), maxValue: 1.0);
                result = work((fraction, status) =>
                {
                    task.Value = Math.Clamp(fraction, 0, 1);
                    task.Description = Markup.Escape(string.IsNullOrEmpty(status) ? title : $"{title}: {status}");
                });
                task.Value = 1.0;
            });
        return result;
    }
}
