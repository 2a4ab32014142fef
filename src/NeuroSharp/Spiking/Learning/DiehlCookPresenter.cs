using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// One engine running the network of <see cref="DiehlCookNetworkSpec"/> and the presentation protocol of
/// <see cref="StdpMnistOptions"/>: reset the dynamics (keeping weights and thresholds), then show the
/// image, rest, and show it again at a higher rate while the response is too quiet.
/// </summary>
internal sealed class DiehlCookPresenter
{
    private readonly StdpMnistOptions _options;
    private readonly float[] _rates;
    private readonly float[] _silence;
    private readonly SpikeMonitor _monitor;
    private readonly int _presentSteps, _restSteps;

    public DiehlCookPresenter(StdpMnistOptions options, NetworkSpec network, ulong buildSeed, SpikingBackendFactory? backend)
    {
        _options = options;
        Engine = new SpikingEngine(network, new SimulationOptions { Seed = buildSeed, BuildSeed = buildSeed, Threads = 1, RecordTransmitterState = false, Backend = backend });
        _rates = new float[options.Network.InputCount];
        _silence = new float[options.Network.InputCount];
        _monitor = Engine.SpikeMonitors[0];
        _presentSteps = options.PresentationSteps;
        _restSteps = options.RestSteps;
    }

    public SpikingEngine Engine { get; }

    public int NeuronCount => _options.Network.ExcitatoryCount;

    /// <summary>
    /// Shows one image: returns the number of rate raises it needed, and leaves in <paramref name="counts"/>
    /// each excitatory neuron's spikes during the last presentation. With learning on, the input
    /// weights are normalised before every presentation (as the code does).
    /// </summary>
    public int Present(ReadOnlySpan<float> pixels, ulong runSeed, Span<int> counts)
    {
        var engine = Engine;
        engine.ResetDynamics(runSeed);
        int raises = 0;
        while (true)
        {
            if (engine.LearningEnabled) engine.NormalizeWeights(DiehlCookNetworkSpec.InputProjectionName);
            float maxRate = (float)(_options.MaxRateHz + raises * _options.RateIncreaseHz);
            for (int i = 0; i < _rates.Length; i++) _rates[i] = Math.Clamp(pixels[i], 0f, 1f) * maxRate;
            engine.SetRates(DiehlCookNetworkSpec.InputName, _rates);
            int from = _monitor.Count;
            engine.Run(_presentSteps);
            counts.Clear();
            var spikes = _monitor.Neurons[from..];
            foreach (int j in spikes) counts[j]++;
            int total = spikes.Length;
            if (_restSteps > 0)
            {
                engine.SetRates(DiehlCookNetworkSpec.InputName, _silence);
                engine.Run(_restSteps);
            }
            if (total >= _options.MinSpikes || raises >= _options.MaxRateIncreases) return raises;
            raises++;
        }
    }
}
