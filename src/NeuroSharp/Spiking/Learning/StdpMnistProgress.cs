namespace NeuroSharp.Spiking.Learning;

/// <summary>Progress of a training or a frozen pass of <see cref="StdpMnistTrainer"/>.</summary>
/// <param name="Done">Images done in this call.</param>
/// <param name="Total">Images this call will do.</param>
/// <param name="SpikesPerImage">Mean excitatory spikes per image so far in this call.</param>
/// <param name="RateIncreases">Rate raises so far in this call.</param>
/// <param name="TrainingAccuracy">
/// While training on labelled images, once known: the fraction of the images since the last window whose digit the neurons'
/// labels from the window before predicted (<see cref="RunningAccuracy"/>, as the authors' code reports it); else null.
/// </param>
public sealed record StdpMnistProgress(long Done, long Total, double SpikesPerImage, long RateIncreases, double? TrainingAccuracy = null);
