namespace NeuroSharp.Spiking.Learning;

/// <summary>What one <see cref="StdpMnistTrainer.Train"/> call did.</summary>
/// <param name="Samples">Images presented (fewer than asked when cancelled).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="Spikes">Excitatory spikes in the last presentation of each image, summed.</param>
/// <param name="RateIncreases">Rate raises (extra presentations) summed over the images.</param>
/// <param name="Cancelled">True when the cancellation token stopped it early (between images).</param>
public sealed record StdpTrainingResult(long Samples, double Seconds, long Spikes, long RateIncreases, bool Cancelled)
{
    /// <summary>Wall-clock seconds per 1 000 images.</summary>
    public double SecondsPerThousand => Samples > 0 ? Seconds * 1000 / Samples : 0;
}
