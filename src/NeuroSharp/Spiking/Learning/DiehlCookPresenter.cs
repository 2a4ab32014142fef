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
    private readonly int _presentSteps, _restSteps;

    public DiehlCookPresenter(StdpMnistOptions options, NetworkSpec network, ulong buildSeed, SpikingBackendFactory? backend)
    {
        _options = options;
        // Each excitatory neuron's spike count of a presentation is all the protocol reads: counted per neuron (on a device, there),
        // without a spike monitor's entry per spike (and a device's copy of the whole spike history for it). A network without
        // monitors gets a spike monitor on every population: one rate monitor, with a bin as long as a presentation, instead.
        var monitors = new MonitorSpec[] { new RateMonitorSpec { Target = DiehlCookNetworkSpec.ExcitatoryName, BinMs = options.PresentationMs } };
        Engine = new SpikingEngine(network with { Monitors = monitors }, new SimulationOptions { Seed = buildSeed, BuildSeed = buildSeed, Threads = 1, RecordTransmitterState = false, Backend = backend });
        _rates = new float[options.Network.InputCount];
        _silence = new float[options.Network.InputCount];
        Engine.CountSpikesPerNeuron(DiehlCookNetworkSpec.ExcitatoryName);
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
            engine.ClearSpikesPerNeuron(DiehlCookNetworkSpec.ExcitatoryName); // the previous rest's spikes are not this presentation's
            engine.Run(_presentSteps);
            engine.TakeSpikesPerNeuron(DiehlCookNetworkSpec.ExcitatoryName, counts);
            int total = 0;
            foreach (int c in counts) total += c;
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
