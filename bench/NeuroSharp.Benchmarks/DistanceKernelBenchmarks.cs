using BenchmarkDotNet.Attributes;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Benchmarks;

/// <summary>The distance of one example to K = 100 centres of D = 784 inputs: the clustering hot loop.</summary>
[MemoryDiagnoser]
public class DistanceKernelBenchmarks
{
    private const int K = 100;
    private const int D = 784;
    private readonly float[] _centres = new float[K * D];
    private readonly float[] _x = new float[D];
    private readonly float[] _distances = new float[K];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new RandomStream(1);
        rng.FillUniform(_centres);
        rng.FillUniform(_x);
    }

    [Benchmark(Baseline = true)]
    public void L1Scalar()
    {
        for (int k = 0; k < K; k++) _distances[k] = ScalarKernels.SumAbsDiff(_centres.AsSpan(k * D, D), _x);
    }

    [Benchmark]
    public void L1Vector()
    {
        for (int k = 0; k < K; k++) _distances[k] = Kernels.SumAbsDiff(_centres.AsSpan(k * D, D), _x);
    }

    [Benchmark]
    public void SquaredL2Vector()
    {
        for (int k = 0; k < K; k++) _distances[k] = Kernels.SumSquaredDiff(_centres.AsSpan(k * D, D), _x);
    }

    [Benchmark]
    public void MoveTowardsWithError()
    {
        Kernels.MoveTowardsWithError(_centres.AsSpan(0, D), _x, 0.01f, _errors);
    }

    private readonly float[] _errors = new float[D];
}
