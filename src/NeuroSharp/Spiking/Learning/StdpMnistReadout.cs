namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// Labelling and classification of Diehl and Cook 2015: each excitatory neuron takes the class for
/// which its mean response is highest; an image is classified by the class whose neurons respond
/// most on average.
/// </summary>
/// <remarks>
/// <code>
/// r_j(c) = (1 / |S_c|) sum over images s of class c of count_j(s)      assignment_j = argmax_c r_j(c)  (-1 if never fired)
/// score_c(s) = mean over neurons j with assignment_j = c of count_j(s)  prediction(s) = argmax_c score_c(s)
/// </code>
/// As the code (get_new_assignments, get_recognized_number_ranking). Ties go to the lowest class; an
/// image whose scores are all 0 gets no prediction (-1) and counts as an error.
/// </remarks>
public static class StdpMnistReadout
{
    /// <summary>Each neuron's class: the one with the highest mean spike count over its images.</summary>
    /// <param name="responses">The frozen network's responses to labelled images.</param>
    /// <param name="labels">The images' labels in [0, classCount).</param>
    /// <param name="classCount">Classes (10 digits).</param>
    /// <returns>One class per neuron, -1 for a neuron that never fired.</returns>
    public static int[] AssignLabels(StdpMnistResponses responses, ReadOnlySpan<int> labels, int classCount = 10)
    {
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (labels.Length != responses.SampleCount) throw new ArgumentException($"Expected {responses.SampleCount} labels, got {labels.Length}.", nameof(labels));
        int n = responses.NeuronCount;
        var sums = new double[classCount * n];
        var perClass = new int[classCount];
        for (int s = 0; s < responses.SampleCount; s++)
        {
            int c = labels[s];
            if ((uint)c >= (uint)classCount) throw new ArgumentException($"Label {s} is {c}, outside [0, {classCount}).", nameof(labels));
            perClass[c]++;
            var row = responses.Row(s);
            var sum = sums.AsSpan(c * n, n);
            for (int j = 0; j < n; j++) sum[j] += row[j];
        }
        var assignments = new int[n];
        for (int j = 0; j < n; j++)
        {
            int best = -1;
            double bestRate = 0;
            for (int c = 0; c < classCount; c++)
            {
                if (perClass[c] == 0) continue;
                double rate = sums[c * n + j] / perClass[c];
                if (rate > bestRate)
                {
                    bestRate = rate;
                    best = c;
                }
            }
            assignments[j] = best;
        }
        return assignments;
    }

    /// <summary>The class whose assigned neurons fired most on average for one image.</summary>
    /// <param name="counts">The image's spike count per neuron.</param>
    /// <param name="assignments">Each neuron's class (or -1).</param>
    /// <param name="classCount">Classes.</param>
    /// <returns>The class, or -1 when no class scores above 0.</returns>
    public static int Predict(ReadOnlySpan<int> counts, ReadOnlySpan<int> assignments, int classCount = 10)
    {
        if (counts.Length != assignments.Length) throw new ArgumentException($"Expected {assignments.Length} counts, got {counts.Length}.", nameof(counts));
        Span<double> sum = classCount <= 64 ? stackalloc double[classCount] : new double[classCount];
        Span<int> members = classCount <= 64 ? stackalloc int[classCount] : new int[classCount];
        sum.Clear();
        members.Clear();
        for (int j = 0; j < counts.Length; j++)
        {
            int c = assignments[j];
            if ((uint)c >= (uint)classCount) continue;
            sum[c] += counts[j];
            members[c]++;
        }
        int best = -1;
        double bestScore = 0;
        for (int c = 0; c < classCount; c++)
        {
            if (members[c] == 0) continue;
            double score = sum[c] / members[c];
            if (score > bestScore)
            {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /// <summary>Classifies every image and compares with the labels.</summary>
    /// <param name="responses">The frozen network's responses to the test images.</param>
    /// <param name="labels">Their labels.</param>
    /// <param name="assignments">Each neuron's class (from <see cref="AssignLabels"/> on other images).</param>
    /// <param name="classCount">Classes.</param>
    /// <returns>Accuracy, predictions and the confusion matrix.</returns>
    public static StdpMnistEvaluation Evaluate(StdpMnistResponses responses, ReadOnlySpan<int> labels, ReadOnlySpan<int> assignments, int classCount = 10)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (labels.Length != responses.SampleCount) throw new ArgumentException($"Expected {responses.SampleCount} labels, got {labels.Length}.", nameof(labels));
        var predictions = new int[responses.SampleCount];
        var confusion = new int[classCount * classCount];
        int correct = 0, unanswered = 0;
        for (int s = 0; s < predictions.Length; s++)
        {
            int p = Predict(responses.Row(s), assignments, classCount);
            predictions[s] = p;
            if (p == labels[s]) correct++;
            if (p < 0) unanswered++;
            else confusion[labels[s] * classCount + p]++;
        }
        return new StdpMnistEvaluation(predictions.Length, correct, unanswered, predictions, confusion, classCount);
    }
}
