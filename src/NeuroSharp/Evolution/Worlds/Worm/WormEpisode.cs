using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// The closed loop of one worm trial: sensors -&gt; network window -&gt; muscle commands -&gt; world step, with the
/// observer told after each step. Buffers are sized once per trial; the loop allocates nothing.
/// </summary>
public sealed class WormEpisode
{
    /// <summary>Motor neurons a worm network has: left muscle, right muscle, reverse.</summary>
    public const int OutputCount = 3;

    /// <summary>The smell sensors (smell, smellRise, smellFall): the first three; <see cref="SmellCutOff"/> zeroes them.</summary>
    public const int SmellSensors = 3;

    private readonly NetworkBinding _binding;
    private readonly float[] _sensors = new float[WormWorld.SensorCount];
    private readonly int[] _counts = new int[OutputCount];
    private double[] _state = [];

    /// <summary>Binds <paramref name="network"/> to <paramref name="world"/> for one trial.</summary>
    /// <param name="network">A network with 7 sensor and 3 motor neurons (<see cref="NetworkBinding"/>).</param>
    /// <param name="world">The world, already reset and furnished.</param>
    /// <param name="options">The binding's gains.</param>
    /// <param name="task">The task's name, for messages.</param>
    /// <param name="seed">The engine's seed.</param>
    /// <param name="smellCutOff">Whether the network gets 0 for the smell sensors (<see cref="WormTaskBase.SmellCutOff"/>).</param>
    /// <param name="memory">The most the engine may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    public WormEpisode(NetworkSpec network, WormWorld world, WormTaskOptions options, string task, ulong seed, bool smellCutOff = false, MemoryBudget? memory = null)
    {
        SmellCutOff = smellCutOff;
        World = world;
        Options = options;
        // A network without the input and output populations may be a C. elegans connectome with named cells.
        var cells = network.Populations.Any(p => p.Name is IEvolutionTask.InputPopulation or IEvolutionTask.OutputPopulation) ? null : WormConnectome.Map(network);
        _binding = new NetworkBinding(network, task, WormWorld.SensorCount, OutputCount, seed, options.InputGain, options.Stimulus, cells, memory);
        WindowSteps = Math.Max(1, (int)Math.Round(options.Body.WorldStep * 1000 / _binding.DtMs));
    }

    /// <summary>Whether the network gets 0 for smell, smellRise and smellFall whatever the dish holds.</summary>
    public bool SmellCutOff { get; }

    /// <summary>The world.</summary>
    public WormWorld World { get; }

    /// <summary>The binding's gains.</summary>
    public WormTaskOptions Options { get; }

    /// <summary>Engine steps per world step: the world step over the network's dt (one clock for both).</summary>
    public int WindowSteps { get; }

    /// <summary>World steps taken.</summary>
    public int Steps { get; private set; }

    /// <summary>The last window's spike counts: left, right, reverse.</summary>
    public ReadOnlySpan<int> LastCounts => _counts;

    /// <summary>One world step of the loop.</summary>
    /// <param name="observer">Told the state afterwards, or null.</param>
    public void Step(IWorldObserver? observer)
    {
        _binding.Observe(observer);
        World.ReadSensors(_sensors);
        if (SmellCutOff) _sensors.AsSpan(0, SmellSensors).Clear();
        _binding.RunWindow(_sensors, WindowSteps, _counts);
        double full = Options.FullActivationSpikes;
        World.Step(Math.Min(1, _counts[0] / full), Math.Min(1, _counts[1] / full), _counts[2] >= Options.ReverseSpikes);
        if (observer is not null)
        {
            if (_state.Length != World.StateLength) _state = new double[World.StateLength];
            World.WriteState(_state);
            observer.OnWorldStep(Steps, _state, _counts);
        }
        Steps++;
    }
}
