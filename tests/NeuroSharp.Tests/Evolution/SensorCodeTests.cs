using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>The pole tasks' linear sensor code (docs/evolution-pole-balancing.md, "Sensor codes").</summary>
public class SensorCodeTests
{
    /// <summary>Sensors of the linear code and two motors, no links, at the pole tasks' 0.25 ms step.</summary>
    private static NetworkSpec Bare(int sensors) => new()
    {
        Name = "bare",
        DtMs = PoleBalancingTask.EngineStepMs,
        Populations =
        [
            new() { Name = IEvolutionTask.InputPopulation, Count = sensors, Model = ControllerModel.LinearSensorNeuron, Kind = NeuronKind.Mixed },
            new() { Name = IEvolutionTask.OutputPopulation, Count = 2, Model = ControllerModel.Lif.Neuron, Kind = NeuronKind.Mixed },
        ],
        Projections = [],
    };

    [Fact]
    public void LinearCode_Window_EngineFiresRateTimesWindowSpikes()
    {
        // 2 000 Hz s over a 20 ms window (80 steps of 0.25 ms) is 40 s spikes; the values are chosen so that the
        // accumulator's increments (0.5 s per step) are exact in binary: 1 -> 40, 0.5 -> 20, 0.25 -> 10, 0 -> 0.
        var c = new SpikingController(Bare(4), 4, 2, SensorCode.Linear);
        c.Reset();
        c.SetSensors([1, 0.5, 0.25, 0]);
        c.Run(c.StepsIn(PoleBalancingTask.WindowMs));
        Assert.Equal([40, 20, 10, 0], c.SensorCounts.ToArray());
    }

    [Fact]
    public void LinearCode_FractionalCount_CarriesToTheNextWindow()
    {
        // s = 1/16: 125 Hz, 2.5 spikes a window; the remainder carries, so windows alternate 2 and 3 (5 per two windows),
        // and s = 1/128 (15.625 Hz, 0.3125 a window) gives 5 spikes in 16 windows, none lost or locked to the window.
        var c = new SpikingController(Bare(2), 2, 2, SensorCode.Linear);
        c.Reset();
        c.SetSensors([1.0 / 16, 1.0 / 128]);
        var counts = new List<(int A, int B)>();
        for (int w = 0; w < 16; w++)
        {
            c.Run(80);
            counts.Add((c.SensorCounts[0], c.SensorCounts[1]));
        }
        Assert.Equal([2, 3, 2, 3], counts.Take(4).Select(x => x.A));
        Assert.Equal(40, counts.Sum(x => x.A));
        Assert.Equal(5, counts.Sum(x => x.B));
        // Values above 1 are clamped to the 2 000 Hz ceiling, negative ones to silence.
        c.Reset();
        c.SetSensors([3, -1]);
        c.Run(80);
        Assert.Equal([40, 0], c.SensorCounts.ToArray());
    }

    [Fact]
    public void LinearCircuit_MirroredSensors_SwapTheMotors()
    {
        // The circuit is mirror-symmetric and the linear code deterministic, so swapping every v+ with its v- (bias kept)
        // must swap the motors' spike counts exactly, window after window, with any gains.
        var p = new[] { -40.0, 30, -150, -200, 120, 90, PoleVelocityCircuit.LinearStartBiasMv, 20 };
        var net = PoleVelocityCircuit.Build(p, SensorCode.Linear);
        double[] a = [0.3, 0, 0, 0.1, 0.05, 0, 0.5];
        double[] mirrored = [0, 0.3, 0.1, 0, 0, 0.05, 0.5];
        var right = Counts(net, a);
        var left = Counts(net, mirrored);
        Assert.Equal(right.Select(x => (x.Item2, x.Item1)), left);
        Assert.Contains(right, x => x.Item1 != x.Item2); // the gains do act: the motors differ in some window
    }

    private static List<(int, int)> Counts(NetworkSpec net, double[] sensors)
    {
        var c = new SpikingController(net, 7, 2, SensorCode.Linear);
        c.Reset();
        var list = new List<(int, int)>();
        for (int w = 0; w < 4; w++)
        {
            c.SetSensors(sensors);
            var m = c.Run(80);
            list.Add((m[0], m[1]));
            sensors = [.. sensors.Select(x => x * 0.8)];
        }
        return list;
    }

    [Fact]
    public void Controller_SensorsOfTheOtherCode_Refused()
    {
        var logNet = PoleVelocityCircuit.Build(new double[PoleVelocityCircuit.Parameters.Count]);
        var e = Assert.Throws<InvalidInputException>(() => new SpikingController(logNet, 7, 2, SensorCode.Linear));
        Assert.Contains("--sensor-code linear", e.Message);
        var linNet = PoleVelocityCircuit.LinearTemplate.Seed();
        e = Assert.Throws<InvalidInputException>(() => new SpikingController(linNet, 7, 2, SensorCode.Log));
        Assert.Contains("--sensor-code linear", e.Message);
    }

    [Fact]
    public void EvolutionTasks_LinearCode_OnlyForPoleTasks()
    {
        var t = Assert.IsType<PoleBalancingTask>(EvolutionTasks.Create("double-pole-nv", "linear"));
        Assert.Equal(SensorCode.Linear, t.SensorCode);
        Assert.Same(PoleVelocityCircuit.LinearTemplate, t.Circuit);
        Assert.Equal(SensorCode.Log, Assert.IsType<PoleBalancingTask>(EvolutionTasks.Create("double-pole-nv", "log")).SensorCode);
        Assert.Contains("pole tasks", Assert.Throws<InvalidInputException>(() => EvolutionTasks.Create("xor", "linear")).Message);
        Assert.Contains("'cubic'", Assert.Throws<InvalidInputException>(() => EvolutionTasks.Create("double-pole", "cubic")).Message);
    }

    private static EvolutionRun Run(int threads)
    {
        var task = new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity, sensorCode: SensorCode.Linear);
        var settings = new EvolverSettings("cmaes", 8, 0, 5, Circuit: true);
        var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(settings, task), 5, 2, threads);
        while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && run.History.Count < 2) { }
        return run;
    }

    [Fact]
    public void LinearCircuit_OneAndTwoThreads_SameChampion()
    {
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Best!.Genome.Id, two.Best!.Genome.Id);
        Assert.True(one.Best.Genome.SameGenes(two.Best.Genome));
        Assert.Equal(one.Best.Fitness, two.Best.Fitness);
        Assert.Equal(one.Evolver.SaveState(), two.Evolver.SaveState());
    }
}
