using System.Text.Json;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Evolution;

/// <summary>
/// The champion acting in its world, for the evolution page to draw: the very episode that earned its fitness
/// (the task run again with the stream the evaluator forked for it, <see cref="GenerationEvaluator.StreamFor"/>),
/// as the world's state after each step (the <see cref="IWorldObserver"/> layout of the task's docs/ page), the
/// motor neurons' spikes and every neuron's spikes in labelled groups, sensors, hidden and motor
/// (<see cref="NetworkSpikeTally"/>; the page's raster). Lightweight: at most <see cref="MaxSteps"/> world steps are
/// played and at most <see cref="MaxFrames"/> states kept (every k-th step; the spikes of the skipped steps are added
/// to the kept one); a network of more than <see cref="MaxRasterNeurons"/> neurons gets no raster.
/// </summary>
internal static class ChampionReplay
{
    /// <summary>The most states a replay keeps.</summary>
    public const int MaxFrames = 400;

    /// <summary>The most world steps a replay plays (a pole balanced for 100 000 steps is shown for its first 3 000).</summary>
    public const int MaxSteps = 3000;

    /// <summary>The most neurons a replay's raster has rows for (a larger network's replay has <c>"raster": null</c>).</summary>
    public const int MaxRasterNeurons = 1024;

    /// <summary>How the page draws a task's world: cart-pole, worm, xor or touch-reflex.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The world's kind.</returns>
    public static string WorldOf(IEvolutionTask task) => task switch
    {
        PoleBalancingTask => "cart-pole",
        WormTaskBase => "worm",
        XorTask => "xor",
        TouchReflexTask => "touch-reflex",
        _ => "trace",
    };

    /// <summary>Simulated seconds per world step, or 0 where a step is not a time (XOR's patterns).</summary>
    private static double StepSeconds(IEvolutionTask task) => task switch
    {
        PoleBalancingTask => PoleBalancingTask.WindowMs / 1000,
        WormTaskBase w => w.Options.Body.WorldStep,
        _ => 0,
    };

    /// <summary>Plays the champion's episode and writes the replay as UTF-8 JSON.</summary>
    /// <param name="task">The task.</param>
    /// <param name="network">The champion's network (decoded as the run decodes it).</param>
    /// <param name="champion">The champion.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="cancellationToken">Stops the replay (the run is stopping).</param>
    /// <returns>The replay message.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static byte[] Record(IEvolutionTask task, NetworkSpec network, Champion champion, ulong seed, CancellationToken cancellationToken)
    {
        var recorder = new Recorder();
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        recorder.Enough = enough;
        try
        {
            task.Evaluate(network, GenerationEvaluator.StreamFor(seed, champion.Generation, champion.Genome.Id), recorder, enough.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped at MaxSteps: the episode goes on longer than the page shows.
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Write(task, champion, recorder);
    }

    private static byte[] Write(IEvolutionTask task, Champion champion, Recorder r)
    {
        int stride = Math.Max(1, (r.States.Count + MaxFrames - 1) / MaxFrames);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", "replay");
            w.WriteString("task", task.Name);
            w.WriteString("world", WorldOf(task));
            w.WriteNumber("generation", champion.Generation);
            w.WriteNumber("genomeId", champion.Genome.Id);
            w.WriteNumber("fitness", champion.Fitness);
            w.WriteBoolean("solved", champion.Solved);
            w.WriteNumber("stepSeconds", StepSeconds(task));
            w.WriteNumber("stride", stride);
            w.WriteNumber("stepsPlayed", r.States.Count);
            w.WriteBoolean("cut", r.Cut);
            w.WriteNumber("motorNeurons", task.OutputCount);
            int rows = r.RasterRows;
            if (rows > 0)
            {
                w.WriteStartObject("raster");
                w.WriteNumber("neurons", rows);
                w.WriteStartArray("groups");
                foreach (var g in r.RasterGroups)
                {
                    w.WriteStartObject();
                    w.WriteString("name", g.Name);
                    w.WriteNumber("start", g.Start);
                    w.WriteNumber("count", g.Count);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("raster");
            }
            w.WriteStartArray("frames");
            for (int start = 0; start < r.States.Count; start += stride)
            {
                int end = Math.Min(r.States.Count, start + stride);
                w.WriteStartObject();
                w.WriteNumber("step", r.Steps[start]);
                w.WriteNumber("episode", r.Episodes[start]);
                w.WriteStartArray("state");
                foreach (double v in r.States[start]) w.WriteNumberValue(double.IsFinite(v) ? Math.Round(v, 5) : 0);
                w.WriteEndArray();
                w.WriteStartArray("spikes");
                for (int m = 0; m < task.OutputCount; m++)
                {
                    int sum = 0;
                    for (int k = start; k < end; k++) sum += r.Spikes[k].Length > m ? r.Spikes[k][m] : 0;
                    w.WriteNumberValue(sum);
                }
                w.WriteEndArray();
                if (rows > 0)
                {
                    w.WriteStartArray("neurons");
                    for (int n = 0; n < rows; n++)
                    {
                        int sum = 0;
                        for (int k = start; k < end; k++) sum += r.NeuronSpikes[k * rows + n];
                        w.WriteNumberValue(sum);
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Keeps every step's state and spikes up to <see cref="MaxSteps"/>, then asks the episode to end. Every neuron's
    /// spikes go to one flat list, <see cref="RasterRows"/> a step, laid out by the first network bound (a task's
    /// trials bind the same network); a network of another size, or of more than <see cref="MaxRasterNeurons"/>, drops the raster.
    /// </summary>
    private sealed class Recorder : INetworkSpikeObserver
    {
        private NetworkSpikeTally? _tally;
        public IReadOnlyList<NeuronRowGroup> RasterGroups { get; private set; } = [];
        public int RasterRows { get; private set; }
        public List<int> NeuronSpikes { get; } = [];

        public CancellationTokenSource? Enough { get; set; }
        public List<double[]> States { get; } = [];
        public List<int[]> Spikes { get; } = [];
        public List<int> Steps { get; } = [];
        public List<int> Episodes { get; } = [];
        public bool Cut { get; private set; }
        private int _episode;

        public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts)
        {
            if (States.Count >= MaxSteps)
            {
                Cut = true;
                Enough?.Cancel();
                return;
            }
            // A task with several episodes (the worm's trials) starts each at step 0.
            if (step == 0 && Steps.Count > 0) _episode++;
            States.Add(state.ToArray());
            Spikes.Add(outputSpikeCounts.ToArray());
            if (RasterRows > 0)
            {
                if (_tally is { } t && t.NeuronCount == RasterRows) NeuronSpikes.AddRange(t.Counts);
                else DropRaster();
            }
            Steps.Add(step);
            Episodes.Add(_episode);
        }

        public void OnNetworkBound(NetworkSpikeTally spikes)
        {
            _tally = spikes;
            if (States.Count == 0 && RasterRows == 0 && spikes.NeuronCount is > 0 and <= MaxRasterNeurons)
            {
                RasterRows = spikes.NeuronCount;
                RasterGroups = spikes.Groups;
            }
        }

        private void DropRaster()
        {
            RasterRows = 0;
            NeuronSpikes.Clear();
        }
    }
}
