using NeuroSharp.Clustering;
using NeuroSharp.Fitting;

namespace NeuroSharp.Cli;

/// <summary>
/// Runs a long fit in chunks, saving a checkpoint after each and on Ctrl+C, so that <c>--resume</c>
/// continues where it stopped. Because the sample order depends only on the global example count,
/// a resumed run presents exactly what an uninterrupted one would have.
/// </summary>
internal static class CheckpointedFit
{
    /// <summary>The outcome: the merged fit result and whether Ctrl+C stopped it early.</summary>
    public sealed record Outcome(FitResult Result, bool Interrupted);

    public static Outcome Run(CliContext ctx, CommonValues common, string title, long remaining, long checkpointEvery,
        Func<long, IProgress<FitProgress>, CancellationToken, FitResult> fitChunk, Action saveCheckpoint)
    {
        using (var ctrlC = CtrlC.Listen()) // finish the current example, save, then exit
        {
            return ProgressDisplay.Run(ctx, common, title, report =>
            {
                long done = 0;
                double seconds = 0;
                var curve = new List<(long, float)>();
                while (done < remaining && !ctrlC.Requested)
                {
                    long chunk = Math.Min(checkpointEvery, remaining - done);
                    long offset = done;
                    var progress = new SyncProgress<FitProgress>(p =>
                        report((offset + p.SamplesSeen) / (double)remaining, $"learnState {p.LearnState:F3}"));
                    var r = fitChunk(chunk, progress, ctrlC.Token);
                    done += r.Samples;
                    seconds += r.Seconds;
                    curve.AddRange(r.Curve);
                    saveCheckpoint();
                }
                return new Outcome(new FitResult(done, seconds, curve), ctrlC.Requested && done < remaining);
            });
        }
    }

    /// <summary>The exit code of a fit: on Ctrl+C, says how to continue and returns 1.</summary>
    public static int Finish(CliContext ctx, Outcome outcome, long samplesSeen)
    {
        if (!outcome.Interrupted) return NeuroSharpCli.Success;
        ctx.Error.WriteLine($"neurosharp: interrupted at {samplesSeen} samples; the model is saved. Run again with --resume to continue.");
        return NeuroSharpCli.RunFailed;
    }

    /// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
