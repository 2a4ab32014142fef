using BenchmarkDotNet.Attributes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Benchmarks;

/// <summary>One learning step of a meta-clusterer on random 784-input rows (M = 10, K = 100), per thread count.</summary>
[MemoryDiagnoser]
public class MetaClustererBenchmarks
{
    private MetaClusterer _model = null!;
    private Dataset _data = null!;
    private int _i;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = Generators.UniformPoints(784, 2000, new RandomStream(1));
        _model = MetaClusterer.Create(_data, new MetaClustererOptions { MetaCount = 10, ClusterCount = 100 }, 1);
        _model.MaxThreads = Threads;
    }

    [Benchmark]
    public void Present() => _model.Present(_data.Row(_i++ % _data.RowCount), Span<int>.Empty);
}
