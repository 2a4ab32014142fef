namespace NeuroSharp.Learning;

/// <summary>
/// Ids of the random streams forked from a run's seed. The build streams (weights, feedback matrices)
/// are separate from the run streams (order, dropout, spikes), and each run stream forks again by
/// epoch, so an epoch's randomness depends only on (seed, epoch) and a resumed run repeats it exactly.
/// </summary>
internal static class LearningStreams
{
    public const ulong Weights = 1;
    public const ulong Feedback = 2;
    public const ulong Order = 3;
    public const ulong Dropout = 4;
    public const ulong Spikes = 5;
    public const ulong Pretrain = 6;
}
