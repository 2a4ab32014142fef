using NeuroSharp.Runs;

namespace NeuroSharp.Cli;

/// <summary>
/// The CLI's edge of <see cref="CheckpointRunner"/> (docs/design.md, "Long runs"): runs checkpointed work
/// with Ctrl+C listening (finish the current step, save, then exit) and the progress display, so that
/// <c>--resume</c> continues where it stopped.
/// </summary>
internal static class CheckpointedRun
{
    /// <summary>Runs <paramref name="work"/> in chunks of <paramref name="chunkUnits"/>, with a checkpoint after each and on Ctrl+C.</summary>
    public static RunOutcome Run(CliContext ctx, CommonValues common, string title, ICheckpointedWork work, long chunkUnits)
    {
        using var ctrlC = CtrlC.Listen();
        return Run(ctx, common, title, work, chunkUnits, ctrlC);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a Ctrl+C listener the caller holds, so that Ctrl+C stays caught after the last
    /// unit too, while the caller writes its final files (a Ctrl+C there must not kill the process half-way).
    /// </summary>
    public static RunOutcome Run(CliContext ctx, CommonValues common, string title, ICheckpointedWork work, long chunkUnits, CtrlC ctrlC)
    {
        return ProgressDisplay.RunWithStatus(ctx, common, title, report =>
            CheckpointRunner.Run(work, chunkUnits, new ProgressCallback<RunProgress>(p =>
            {
                report(p.Fraction, p.MakeStatus);
                ctrlC.Point($"unit {p.Done:R} of {p.Total}");
            }), ctrlC.Token));
    }

    /// <summary>The exit code of a fit: on Ctrl+C, says how to continue and returns 1.</summary>
    public static int Finish(CliContext ctx, RunOutcome outcome, long samplesSeen)
    {
        if (!outcome.Interrupted) return NeuroSharpCli.Success;
        ctx.Error.WriteLine($"neurosharp: interrupted at {samplesSeen} samples; the model is saved. Run again with --resume to continue.");
        return NeuroSharpCli.RunFailed;
    }
}
