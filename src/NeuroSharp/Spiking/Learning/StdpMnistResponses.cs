namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// The excitatory spike counts of a frozen network for a set of images (<see cref="StdpMnistTrainer.Respond"/>):
/// row i holds each neuron's spikes during the last presentation of image i.
/// </summary>
public sealed class StdpMnistResponses
{
    /// <summary>Wraps the counts.</summary>
    /// <param name="sampleCount">Images.</param>
    /// <param name="neuronCount">Excitatory neurons.</param>
    /// <param name="counts">Row-major [image, neuron] spike counts.</param>
    /// <param name="rateIncreases">Rate raises per image.</param>
    public StdpMnistResponses(int sampleCount, int neuronCount, int[] counts, int[] rateIncreases)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(rateIncreases);
        if (counts.Length != (long)sampleCount * neuronCount) throw new ArgumentException($"Expected {sampleCount} x {neuronCount} counts, got {counts.Length}.", nameof(counts));
        if (rateIncreases.Length != sampleCount) throw new ArgumentException($"Expected {sampleCount} rate-raise counts, got {rateIncreases.Length}.", nameof(rateIncreases));
        SampleCount = sampleCount;
        NeuronCount = neuronCount;
        Counts = counts;
        RateIncreases = rateIncreases;
    }

    /// <summary>Images.</summary>
    public int SampleCount { get; }

    /// <summary>Excitatory neurons.</summary>
    public int NeuronCount { get; }

    /// <summary>Row-major [image, neuron] spike counts.</summary>
    public int[] Counts { get; }

    /// <summary>Rate raises each image needed.</summary>
    public int[] RateIncreases { get; }

    /// <summary>The counts of one image.</summary>
    /// <param name="sample">The image's index.</param>
    /// <returns>One count per neuron.</returns>
    public ReadOnlySpan<int> Row(int sample) => Counts.AsSpan(checked(sample * NeuronCount), NeuronCount);

    /// <summary>Mean excitatory spikes per image.</summary>
    public double MeanSpikesPerImage
    {
        get
        {
            long total = 0;
            foreach (int c in Counts) total += c;
            return SampleCount > 0 ? total / (double)SampleCount : 0;
        }
    }
}
