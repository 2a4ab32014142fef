using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;
using NeuroSharp.Reports.Worlds;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp play CHAMPION.json --task T</c>: runs a network in a task's world and writes trace.csv (the
/// world's state and motor spikes after every step), an animation of every --every-th step drawn by the task's
/// <see cref="IWorldRenderer"/> (animation.gif by default, PNG frames frames/frame-NNNNN.png with --animation png
/// or both; at most --max-frames frames) and metrics.json with the episode's fitness.
/// </summary>
public static class PlayCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("play", "Run a network (e.g. an evolved champion) in a task's world: trace.csv and an animation (animation.gif, or PNG frames).");
        var network = new Argument<string>("network") { Description = "The network file: JSON (e.g. champion.json from evolve) or NeuroML 2 (.nml, e.g. a c302 connectome for the worm tasks)." };
        var task = new Option<string>("--task") { Description = $"The task: {string.Join(", ", EvolutionTasks.Names)}.", DefaultValueFactory = _ => "double-pole" };
        var steps = new Option<int?>("--steps") { Description = $"The most world steps to play (1 to {MaxStepsLimit}); default: the task's own (worm-klinotaxis its 60 s episode, 3 000 steps of 20 ms; worm-withdrawal its 15 s, 750; touch-reflex its longest protocol, 930; the pole tasks and xor 1 000). Pole tasks play an episode this long even past their fitness episode (double-pole-nv's is 1 000 steps)." };
        var every = new Option<int?>("--every") { Description = $"Draw a frame every N world steps; default: {DefaultEvery}, or more where the steps would need more than --max-frames frames, so that the animation spans the whole play." };
        var animation = new Option<string>("--animation") { Description = "gif (animation.gif), png (frames/frame-NNNNN.png), both, or none.", DefaultValueFactory = _ => "gif" };
        var maxFrames = new Option<int>("--max-frames") { Description = $"The most frames drawn (1 to {MaxFramesLimit}); later steps are traced, not drawn.", DefaultValueFactory = _ => 300 };
        var fps = new Option<int>("--fps") { Description = "Frames per second of animation.gif (1 to 100).", DefaultValueFactory = _ => 20 };
        var trials = new Option<int>("--trials") { Description = "Worm tasks: instead of one episode, run the network on this many held-out test trials (the set evolution never sees) and report the successes; 0 plays one episode.", DefaultValueFactory = _ => 0 };
        var common = new CommonOptions("out/play");
        command.Arguments.Add(network);
        var sensorCode = new Option<string>("--sensor-code") { Description = "Pole tasks: how sensor values become spikes: log (the default; LIF sensors driven by current) or linear (2 000 Hz at full scale, docs/evolution-pole-balancing.md).", DefaultValueFactory = _ => "log" };
        var noSmell = new Option<bool>("--smell-cut-off") { Description = "Worm tasks: the network gets 0 for smell, smellRise and smellFall (the control for steering by smell; docs/world-worm.md)." };
        foreach (var o in new Option[] { task, sensorCode, steps, every, animation, maxFrames, fps, trials, noSmell }) command.Options.Add(o);
        common.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            var theTask = EvolutionTasks.Create(parse.GetValue(task)!, parse.GetValue(sensorCode)!, c.Memory);
            int maxSteps = parse.GetValue(steps) ?? DefaultSteps(theTask);
            if (maxSteps is < 1 or > MaxStepsLimit) throw new InvalidInputException($"--steps must be 1 to {MaxStepsLimit} (got {maxSteps}).");
            string kind = parse.GetValue(animation)!;
            if (kind is not ("gif" or "png" or "both" or "none"))
                throw new InvalidInputException($"--animation must be gif, png, both or none (got '{kind}').");
            int frameCap = parse.GetValue(maxFrames), rate = parse.GetValue(fps);
            if (frameCap is < 1 or > MaxFramesLimit) throw new InvalidInputException($"--max-frames must be 1 to {MaxFramesLimit} (got {frameCap}).");
            int frameEvery = parse.GetValue(every) ?? Math.Max(DefaultEvery, (maxSteps + frameCap - 1) / frameCap);
            if (frameEvery < 1) throw new InvalidInputException($"--every must be at least 1 (got {frameEvery}).");
            if (rate is < 1 or > 100) throw new InvalidInputException($"--fps must be 1 to 100 (got {rate}).");
            int testTrials = parse.GetValue(trials);
            if (testTrials < 0 || testTrials > 10_000) throw new InvalidInputException($"--trials must be between 0 and 10000 (got {testTrials}).");
            if (testTrials > 0 && theTask is not WormTaskBase) throw new InvalidInputException($"--trials applies to the worm tasks, which have a held-out trial set; task {theTask.Name} has none.");
            if (parse.GetValue(noSmell))
            {
                if (theTask is not WormTaskBase smelling) throw new InvalidInputException($"--smell-cut-off applies to the worm tasks, which smell their food; task {theTask.Name} does not.");
                smelling.SmellCutOff = true;
            }
            string path = parse.GetValue(network)!;
            var spec = NetworkInput.Load(ctx, path, c.Memory);
            try
            {
                // The task builds the network's engine (its delay rings and all) itself: --memory-limit bounds it here, before.
                SpikingEngine.CheckMemory(spec, c.Memory);
            }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException($"{path}: {e.Message}", e);
            }
            MetricsOutput.Header(ctx, c, $"play {path} in task {theTask.Name}: {(testTrials > 0 ? $"{testTrials} held-out trials" : $"at most {maxSteps} steps")}, seed {c.Seed}", c.Out);
            using var folder = OutputFolder.Open(c.Out);
            if (theTask is WormTaskBase worm && testTrials > 0) return RunTestSet(ctx, c, worm, spec, path, testTrials);
            var renderer = kind == "none" ? null : WorldRenderers.For(theTask.Name);
            string? frames = renderer is not null && kind is "png" or "both" ? Path.Combine(c.Out, "frames") : null;
            if (frames is not null) Directory.CreateDirectory(frames);
            // A GIF frame shows for a whole number of centiseconds: 20 fps is 5 cs.
            var gif = renderer is not null && kind is "gif" or "both" ? new GifWriter(renderer.Palette, Math.Max(1, (int)Math.Round(100.0 / rate))) : null;
            var observer = new Recorder(renderer, frames, gif, frameEvery, maxSteps, frameCap);
            TaskEvaluation? result = null;
            int? balanced = null;
            try
            {
                // The fitness episode of double-pole-nv is 1 000 steps; a longer --steps plays one episode that long instead (no fitness).
                if (theTask is PoleBalancingTask pole && maxSteps > pole.ObservedEpisodeSteps)
                    balanced = pole.PlayEpisode(spec, maxSteps, observer);
                else if (theTask is WormTaskBase wormTask)
                {
                    // One trial (the first start an evaluation with this seed draws), not the evaluation's several back to back,
                    // so that the animation shows one worm from its start to the food or the episode's end.
                    var trial = wormTask.RunTrial(spec, wormTask.DrawTrial(new RandomStream(c.Seed).Fork(0)), observer, observer.Stop.Token);
                    result = new TaskEvaluation(trial.Fitness, trial.Success, trial.Steps);
                }
                else
                    result = theTask.Evaluate(spec, new RandomStream(c.Seed), observer, observer.Stop.Token);
            }
            catch (OperationCanceledException) when (observer.Stop.IsCancellationRequested)
            {
                // Stopped at --steps: the episode went on longer than we play.
            }
            catch (InvalidInputException e)
            {
                // Name the task the network met: a champion played without --task meets double-pole, the default.
                string which = parse.GetResult(task) is { Implicit: false } ? $"task {theTask.Name}" : $"task {theTask.Name}, the default: give --task the task the network was evolved for";
                throw new InvalidInputException($"{path}: {e.Message.TrimEnd('.')} ({which}).", e);
            }
            AtomicFile.WriteAllText(Path.Combine(c.Out, "trace.csv"), observer.Trace.ToString());
            string? gifPath = gif is { FrameCount: > 0 } ? Path.Combine(c.Out, "animation.gif") : null;
            if (gifPath is not null) AtomicFile.WriteAllBytes(gifPath, gif!.ToArray());
            MetricsOutput.Write(ctx, c, new JsonObject
            {
                ["command"] = "play", ["network"] = path, ["task"] = theTask.Name, ["steps"] = maxSteps, ["stepsPlayed"] = observer.Steps,
                ["every"] = frameEvery, ["frames"] = observer.Frames, ["animation"] = gifPath is null ? null : "animation.gif", ["fitness"] = result?.Fitness,
                // A task that tests only each generation's champion (double-pole-nv) decides success in evolve, not in one episode.
                ["solved"] = theTask.TestsGenerationChampion ? null : result?.Solved,
                ["endedByTask"] = result is not null || balanced < maxSteps, ["stepsBalanced"] = balanced,
            });
            return NeuroSharpCli.Success;
        });
        return command;
    }

    private static int RunTestSet(CliContext ctx, CommonValues c, WormTaskBase task, NetworkSpec spec, string path, int count)
    {
        // Beside each outcome, what tells a failure's kind (docs/world-worm.md, "Why a trial fails"); the food columns are
        // empty on a task without food (worm-withdrawal).
        var csv = new StringBuilder("trial,success,fitness,progress_mm,energy,steps,start_distance_mm,start_bearing_deg,closest_mm,end_distance_mm,head_touch_steps,reverse_steps\n");
        bool food = task is WormKlinotaxisTask;
        int successes = 0;
        double sum = 0;
        var trials = task.TestTrials(count);
        for (int i = 0; i < trials.Count; i++)
        {
            WormTrialResult r;
            WormTrialPath trace;
            try
            {
                r = task.RunTrial(spec, trials[i], trace = new WormTrialPath());
            }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException($"{path}: {e.Message}", e);
            }
            if (r.Success) successes++;
            sum += r.Fitness;
            csv.Append(CultureInfo.InvariantCulture, $"{i},{(r.Success ? 1 : 0)},{r.Fitness:R},{r.Progress:R},{r.Energy:R},{r.Steps},");
            if (food)
                csv.Append(CultureInfo.InvariantCulture, $"{WormTrialPath.StartDistance(trials[i]):0.####},{WormTrialPath.StartBearingDegrees(trials[i]):0.#},{trace.ClosestFoodDistance:0.####},{trace.EndFoodDistance:0.####},");
            else
                csv.Append(",,,,");
            csv.Append(CultureInfo.InvariantCulture, $"{trace.HeadTouchSteps},{trace.ReverseSteps}\n");
        }
        AtomicFile.WriteAllText(Path.Combine(c.Out, "trials.csv"), csv.ToString());
        MetricsOutput.Write(ctx, c, new JsonObject
        {
            ["command"] = "play", ["network"] = path, ["task"] = task.Name, ["smellCutOff"] = task.SmellCutOff, ["testTrials"] = count, ["testSuccesses"] = successes,
            ["testSuccessRate"] = successes / (double)count, ["testMeanFitness"] = sum / count,
        });
        return NeuroSharpCli.Success;
    }

    /// <summary>Draw a frame every this many world steps unless the play needs more than --max-frames frames (--every's default).</summary>
    private const int DefaultEvery = 5;

    /// <summary>
    /// --steps' default for a task: one whole episode of the task's world. The worm's episode (60 s for worm-klinotaxis)
    /// is 3 750 steps of 16 ms, where 1 000 steps (16 s) often end before the worm reaches its food; touch-reflex's longest
    /// protocol is 930 steps; the pole tasks keep 1 000 (double-pole-nv's fitness episode; 20 s of balance for the
    /// others, whose 100 000-step success test is a longer --steps), and xor ends by itself.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <returns>The world steps to play.</returns>
    public static int DefaultSteps(IEvolutionTask task) => task switch
    {
        WormTaskBase worm => Math.Min(MaxStepsLimit, worm.Options.EpisodeSteps),
        NeuroSharp.Evolution.Worlds.Reflex.TouchReflexTask reflex => reflex.Options.LeadInSteps + reflex.Options.Bouts * (reflex.Options.MaxTouchSteps + reflex.Options.MaxGapSteps),
        _ => 1000,
    };

    /// <summary>The most world steps one play may run (--steps): the pole tasks' success criterion; trace.csv keeps a line of about 150 bytes per step.</summary>
    private const int MaxStepsLimit = PoleBalancingTask.SuccessSteps;

    /// <summary>The most frames one play may draw (--max-frames): a 480 x 240 GIF frame is a few kB, PNG frames tens of kB.</summary>
    private const int MaxFramesLimit = 10_000;

    private sealed class Recorder(IWorldRenderer? renderer, string? folder, GifWriter? gif, int every, int maxSteps, int maxFrames) : IWorldObserver
    {
        public CancellationTokenSource Stop { get; } = new();
        public StringBuilder Trace { get; } = new();
        public int Steps { get; private set; }
        public int Frames { get; private set; }

        public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts)
        {
            if (Steps >= maxSteps) { Stop.Cancel(); return; }
            if (Trace.Length == 0)
            {
                Trace.Append("step");
                for (int i = 0; i < state.Length; i++) Trace.Append(CultureInfo.InvariantCulture, $",s{i}");
                for (int i = 0; i < outputSpikeCounts.Length; i++) Trace.Append(CultureInfo.InvariantCulture, $",spikes{i}");
                Trace.Append('\n');
            }
            Trace.Append(step.ToString(CultureInfo.InvariantCulture));
            foreach (double v in state) Trace.Append(CultureInfo.InvariantCulture, $",{v:R}");
            foreach (int n in outputSpikeCounts) Trace.Append(CultureInfo.InvariantCulture, $",{n}");
            Trace.Append('\n');
            if (renderer is not null && step % every == 0 && Frames < maxFrames)
            {
                using var bitmap = renderer.Draw(step, state, outputSpikeCounts);
                if (folder is not null) Png.Save(Path.Combine(folder, $"frame-{Frames:D5}.png"), Png.Encode(bitmap));
                gif?.AddFrame(bitmap);
                Frames++;
            }
            Steps++;
        }
    }
}
