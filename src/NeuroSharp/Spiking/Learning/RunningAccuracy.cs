namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// Training accuracy as the authors' code reports it while learning: the neurons are labelled (<see cref="StdpMnistReadout.AssignLabels"/>)
/// from their responses to a window of training images, and each image of the next window is predicted with those labels
/// before it is learned. A report only: it changes nothing in training. Keeps one window of responses (window x neurons ints).
/// </summary>
/// <param name="neurons">Excitatory neurons.</param>
/// <param name="window">Images per window (the code's 10 000; fewer for short runs).</param>
internal sealed class RunningAccuracy(int neurons, int window)
{
    private readonly int[] _responses = new int[checked(window * neurons)];
    private readonly int[] _labels = new int[window];
    private int _filled, _correct, _scored;
    private int[]? _assignments;
    private double? _last;

    /// <summary>The window for a run of <paramref name="samples"/> images: a fifth of it, at least 50 and at most 1 000 images.</summary>
    public static int WindowFor(long samples) => (int)Math.Clamp(samples / 5, 50, 1000);

    /// <summary>The accuracy over the images predicted in the current window, else over the last window; null before any prediction.</summary>
    public double? Accuracy => _scored > 0 ? _correct / (double)_scored : _last;

    /// <summary>One training image's response (spikes per neuron during its presentation) and label, in order.</summary>
    public void Add(ReadOnlySpan<int> counts, int label)
    {
        if (_assignments is not null)
        {
            _scored++;
            if (StdpMnistReadout.Predict(counts, _assignments) == label) _correct++;
        }
        counts.CopyTo(_responses.AsSpan(_filled * neurons, neurons));
        _labels[_filled++] = label;
        if (_filled < window) return;
        _assignments = StdpMnistReadout.AssignLabels(new StdpMnistResponses(window, neurons, _responses, new int[window]), _labels);
        if (_scored > 0) _last = _correct / (double)_scored;
        _filled = _correct = _scored = 0;
    }
}
