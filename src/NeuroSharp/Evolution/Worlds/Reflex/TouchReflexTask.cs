using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Reflex;

/// <summary>
/// touch-reflex (docs/world-touch-reflex.md): article 002's skin -&gt; sensory -&gt; motor -&gt; muscle. One sensor (the
/// skin, touched or not) and one motor neuron (the muscle). The skin is touched in bouts of random length and
/// timing, drawn from the evaluation's stream; the score is the share of touched bins (after the allowed
/// latency) in which the muscle fires, averaged with the share of quiet bins (after the settling steps and
/// the allowed grace) in which it is silent. Solved when both shares are at least 0.9.
/// </summary>
public sealed class TouchReflexTask : IEvolutionTask
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "touch-reflex";

    /// <summary>Values per observed step: step, touched (0/1), muscle spikes in the step.</summary>
    public const int StateLength = 3;

    /// <summary>Builds the task.</summary>
    /// <param name="options">The protocol (validated); null for the defaults.</param>
    /// <param name="memory">The most each network's engine may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public TouchReflexTask(TouchReflexOptions? options = null, MemoryBudget? memory = null)
    {
        Memory = memory ?? MemoryBudget.Default;
        Options = options ?? new TouchReflexOptions();
        Options.Validate();
    }

    /// <summary>The protocol.</summary>
    public TouchReflexOptions Options { get; }

    /// <summary>The most each network's engine may allocate.</summary>
    public MemoryBudget Memory { get; }

    /// <inheritdoc/>
    public string Name => TaskName;

    /// <inheritdoc/>
    public int InputCount => 1;

    /// <summary>Transmitter neurons (<see cref="ControllerModel.Transmitter"/>) unless <see cref="TouchReflexOptions.TransmitterNeurons"/> is false.</summary>
    public ControllerModel DefaultModel => Options.TransmitterNeurons ? ControllerModel.Transmitter : ControllerModel.Lif;

    /// <inheritdoc/>
    public bool BindsTransmitterNeurons => true;

    /// <summary>The chosen model without skin-to-muscle links unless <see cref="TouchReflexOptions.SkinToMuscleLinks"/> allows them.</summary>
    /// <param name="model">The chosen model.</param>
    /// <returns>The model genomes decode with.</returns>
    public ControllerModel DecodingModel(ControllerModel model) => model with { SensorToMotorLinks = Options.SkinToMuscleLinks };

    /// <inheritdoc/>
    public int OutputCount => 1;

    /// <summary>Draws the touch schedule: a touched flag per step.</summary>
    /// <param name="random">The evaluation's stream.</param>
    /// <returns>One flag per step of the whole protocol.</returns>
    public bool[] DrawSchedule(RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var o = Options;
        var lengths = new (int Touch, int Gap)[o.Bouts];
        int total = o.LeadInSteps;
        for (int b = 0; b < o.Bouts; b++)
        {
            int touch = o.MinTouchSteps + random.NextInt(o.MaxTouchSteps - o.MinTouchSteps + 1);
            int gap = o.MinGapSteps + random.NextInt(o.MaxGapSteps - o.MinGapSteps + 1);
            lengths[b] = (touch, gap);
            total += touch + gap;
        }
        var touched = new bool[total];
        int t = o.LeadInSteps;
        foreach (var (touch, gap) in lengths)
        {
            touched.AsSpan(t, touch).Fill(true);
            t += touch + gap;
        }
        return touched;
    }

    /// <inheritdoc/>
    public TaskEvaluation Evaluate(NetworkSpec network, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var r = Run(network, random, observer, cancellationToken);
        return new TaskEvaluation(0.5 * (r.TouchedFiring + r.QuietSilent), r.TouchedFiring >= 0.9 && r.QuietSilent >= 0.9, r.Steps);
    }

    /// <summary>Runs the protocol and returns its two shares.</summary>
    /// <param name="network">The network (populations input/output, or transmitter neurons input.0 and output.0).</param>
    /// <param name="random">The evaluation's stream (the schedule, then the engine's seed).</param>
    /// <param name="observer">Told every step: [step, touched, muscle spikes], or null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Shares of touched bins with a spike and quiet bins without one, and the steps run.</returns>
    public TouchReflexResult Run(NetworkSpec network, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var touched = DrawSchedule(random);
        var binding = new NetworkBinding(network, Name, 1, 1, random.NextUInt64(), Options.InputGain, Options.Stimulus, memory: Memory);
        binding.Observe(observer);
        var o = Options;
        Span<float> sensor = stackalloc float[1];
        Span<int> count = stackalloc int[1];
        Span<double> state = stackalloc double[StateLength];
        var spikes = new int[touched.Length];
        for (int t = 0; t < touched.Length; t++)
        {
            if ((t & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            sensor[0] = touched[t] ? 1 : 0;
            binding.RunWindow(sensor, 1, count);
            spikes[t] = count[0];
            if (observer is not null)
            {
                state[0] = t;
                state[1] = sensor[0];
                state[2] = count[0];
                observer.OnWorldStep(t, state, count);
            }
        }
        // Score whole bins: a touched bin lies inside a bout after the latency; a quiet bin lies outside every
        // bout, after the settling steps and after the grace that follows a bout.
        int firing = 0, touchedBins = 0, silent = 0, quietBins = 0;
        int lastTouch = int.MinValue / 2, boutStart = 0;
        for (int start = 0; start + o.BinSteps <= touched.Length; start += o.BinSteps)
        {
            bool allTouched = true, noneTouched = true, any = false;
            for (int t = start; t < start + o.BinSteps; t++)
            {
                if (touched[t])
                {
                    noneTouched = false;
                    if (t == 0 || !touched[t - 1]) boutStart = t;
                    lastTouch = t;
                }
                else allTouched = false;
                any |= spikes[t] > 0;
            }
            if (allTouched && start >= boutStart + o.LatencySteps)
            {
                touchedBins++;
                if (any) firing++;
            }
            else if (noneTouched && start >= o.SettleSteps && start > lastTouch + o.GraceSteps)
            {
                quietBins++;
                if (!any) silent++;
            }
        }
        return new TouchReflexResult(touchedBins == 0 ? 0 : firing / (double)touchedBins, quietBins == 0 ? 0 : silent / (double)quietBins, touched.Length);
    }
}

/// <summary>The touch-reflex scores.</summary>
/// <param name="TouchedFiring">Share of scored touched bins in which the muscle fired.</param>
/// <param name="QuietSilent">Share of scored quiet bins in which it stayed silent.</param>
/// <param name="Steps">Engine steps run.</param>
public readonly record struct TouchReflexResult(double TouchedFiring, double QuietSilent, long Steps);
