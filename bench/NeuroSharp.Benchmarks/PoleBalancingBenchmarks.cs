using BenchmarkDotNet.Attributes;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Benchmarks;

/// <summary>
/// double-pole-nv with the delay-line circuit and the linear sensor code (docs/evolution-pole-balancing.md): one control
/// step of a built controller (80 engine steps of the 9-neuron network), and one whole evaluation (decode, build and the
/// episode until the poles fall) of an evolved circuit, the unit that evolution repeats; and the same evaluation as the
/// evaluator runs it now, on a kept controller that takes the decoded network's weights (SpikingController.TryLoad)
/// instead of building a network and engine.
/// </summary>
[MemoryDiagnoser]
public class PoleBalancingBenchmarks
{
    // An evolved circuit in genome units (an IPOP-CMA-ES champion's numbers: gains, bias, delay).
    private static readonly double[] Evolved = [0.33, 9.06, -13.24, -12.23, 13.79, 26.16, 2.47, 0.092];

    private readonly PoleBalancingTask _task = new(PoleVariant.DoublePoleNoVelocity, sensorCode: SensorCode.Linear);
    private CircuitTemplate _template = null!;
    private ControllerModel _model = null!;
    private SpikingController _controller = null!;
    private SpikingController _kept = null!;
    private readonly double[] _sensors = [0.1, 0, 0, 0.3, 0.2, 0, 0.5];

    [GlobalSetup]
    public void Setup()
    {
        _template = _task.Circuit!;
        _model = _task.DecodingModel(ControllerModel.Lif);
        var network = _template.Decode(_template.ToGenome(0, Evolved), _model);
        _controller = new SpikingController(network, _task.InputCount, _task.OutputCount, SensorCode.Linear);
        _controller.SetSensors(_sensors);
        _kept = _task.BuildController(network);
    }

    [Benchmark]
    public int ControlStep() => _controller.Run(80)[0];

    [Benchmark]
    public double Evaluation() => _task.Evaluate(_template.Decode(_template.ToGenome(0, Evolved), _model), new RandomStream(1)).Fitness;

    [Benchmark]
    public double EvaluationOnKeptController()
    {
        var network = _template.Decode(_template.ToGenome(0, Evolved), _model);
        if (!_kept.TryLoad(network)) throw new InvalidOperationException("The kept controller did not take the network.");
        return _task.EvaluateWith(_kept, new RandomStream(1)).Fitness;
    }
}
