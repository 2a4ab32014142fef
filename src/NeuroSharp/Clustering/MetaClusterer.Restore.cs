using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Clustering;

public sealed partial class MetaClusterer
{
    internal RandomStreamState OrderState => _orderRng.GetState();

    /// <summary>Rebuilds a saved model: its layers, masks, order stream and sample count.</summary>
    internal static MetaClusterer Restore(int inputCount, MetaClustererOptions options, ulong seed, CompetitiveLayer[] layers,
        float[] masks, RandomStreamState order, long samplesSeen)
    {
        var mc = new MetaClusterer(inputCount, options, seed, layers, new RandomStream(order));
        masks.CopyTo(mc._masks, 0);
        mc.SamplesSeen = samplesSeen;
        return mc;
    }
}
