namespace NeuroSharp.Spiking.Simulation;

/// <summary>Firing statistics of recorded spikes: mean rate and the coefficient of variation of interspike intervals.</summary>
public static class SpikeStatistics
{
    /// <summary>Mean rate per recorded neuron in Hz over <paramref name="durationMs"/>.</summary>
    /// <param name="monitor">The spikes.</param>
    /// <param name="durationMs">The recorded time in ms.</param>
    /// <returns>spikes / (neurons x seconds), or 0 for no time.</returns>
    public static double MeanRateHz(SpikeMonitor monitor, double durationMs)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        return durationMs > 0 && monitor.RecordedCount > 0 ? monitor.Count / (monitor.RecordedCount * durationMs / 1000.0) : 0;
    }

    /// <summary>
    /// The mean over neurons with at least 3 spikes of CV = sd(ISI) / mean(ISI) (population sd, as
    /// NumPy's default), and how many neurons entered the mean. CV is 1 for a Poisson train and 0 for a
    /// regular one.
    /// </summary>
    /// <param name="monitor">The spikes.</param>
    /// <returns>(mean CV, or NaN when no neuron qualifies; neurons counted).</returns>
    public static (double MeanCv, int Neurons) CvIsi(SpikeMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        int n = monitor.NeuronCount;
        var last = new int[n];
        var count = new int[n];
        var sum = new double[n];
        var sumSq = new double[n];
        var neurons = monitor.Neurons;
        var steps = monitor.Steps;
        for (int k = 0; k < neurons.Length; k++)
        {
            int i = neurons[k];
            if (count[i] > 0)
            {
                double isi = steps[k] - last[i];
                sum[i] += isi;
                sumSq[i] += isi * isi;
            }
            last[i] = steps[k];
            count[i]++;
        }
        double total = 0;
        int used = 0;
        for (int i = 0; i < n; i++)
        {
            int m = count[i] - 1;
            if (m < 2) continue;
            double mean = sum[i] / m;
            double variance = Math.Max(0, sumSq[i] / m - mean * mean);
            total += Math.Sqrt(variance) / mean;
            used++;
        }
        return (used > 0 ? total / used : double.NaN, used);
    }
}
