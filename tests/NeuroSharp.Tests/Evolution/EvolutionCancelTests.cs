using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>Ctrl+C in the middle of a generation (evolve's save on interrupt).</summary>
public class EvolutionCancelTests
{
    /// <summary>XOR's sensors and motors; evaluating any genome presses Ctrl+C, as a user does mid-generation.</summary>
    private sealed class InterruptedTask(CancellationTokenSource interrupt) : IEvolutionTask
    {
        private readonly XorTask _xor = new();
        public string Name => "interrupted-xor";
        public int InputCount => _xor.InputCount;
        public int OutputCount => _xor.OutputCount;

        public TaskEvaluation Evaluate(NetworkSpec network, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default)
        {
            interrupt.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            return _xor.Evaluate(network, random, observer, cancellationToken);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RunChunk_CancelledMidGeneration_DropsTheGenerationWithoutThrowing(int threads)
    {
        // On two threads the cancellation reaches the run wrapped in the parallel loop's AggregateException; it used to
        // escape as an internal error instead of the interrupted run's checkpoint and message.
        using var interrupt = new CancellationTokenSource();
        var task = new InterruptedTask(interrupt);
        var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(new EvolverSettings("cmaes", 8, 0, 1), task), 1, 5, threads);
        bool goesOn = run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), interrupt.Token);
        Assert.True(goesOn);
        Assert.Empty(run.History);
        Assert.Null(run.Best);
    }
}
