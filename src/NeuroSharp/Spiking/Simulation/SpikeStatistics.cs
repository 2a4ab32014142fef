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
    /// <param name="fromStep">Spikes before this step are left out (a transient).</param>
    /// <returns>(mean CV, or NaN when no neuron qualifies; neurons counted).</returns>
    public static (double MeanCv, int Neurons) CvIsi(SpikeMonitor monitor, int fromStep = 0)
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
            if (steps[k] < fromStep) continue;
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

    /// <summary>
    /// Golomb's synchrony measure chi over the steps [fromStep, toStep) cut into bins of <paramref name="binSteps"/>:
    /// with x_i(b) the spike count of recorded neuron i in bin b and X(b) = (1/N) sum_i x_i(b) the population's,
    /// chi^2 = Var_b(X) / ((1/N) sum_i Var_b(x_i)). chi is 1 when every neuron fires in the same bins, about 1 / sqrt(N)
    /// for independent neurons (docs/spiking-brunel.md).
    /// </summary>
    /// <param name="monitor">The spikes (every recorded neuron counts, silent ones too).</param>
    /// <param name="binSteps">Bin width in steps, at least 1.</param>
    /// <param name="fromStep">First step counted.</param>
    /// <param name="toStep">End of the counted steps (exclusive); at least one full bin after <paramref name="fromStep"/>.</param>
    /// <returns>chi in [0, 1], or NaN when no recorded neuron spiked in the window.</returns>
    public static double Synchrony(SpikeMonitor monitor, int binSteps, int fromStep, int toStep)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentOutOfRangeException.ThrowIfLessThan(binSteps, 1);
        int bins = (toStep - fromStep) / binSteps;
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1, nameof(toStep));
        int n = monitor.NeuronCount;
        int recorded = monitor.RecordedCount;
        var population = new double[bins];
        var lastBin = new int[n];
        var inBin = new int[n];
        var sum = new double[n];
        var sumSq = new double[n];
        Array.Fill(lastBin, -1);
        var neurons = monitor.Neurons;
        var steps = monitor.Steps;
        int end = fromStep + bins * binSteps;
        // Spikes come in step order: a neuron's count in a bin is complete when its next spike is in a later bin.
        for (int k = 0; k < neurons.Length; k++)
        {
            int step = steps[k];
            if (step < fromStep || step >= end) continue;
            int i = neurons[k], b = (step - fromStep) / binSteps;
            population[b]++;
            if (lastBin[i] != b)
            {
                sumSq[i] += (double)inBin[i] * inBin[i];
                inBin[i] = 0;
                lastBin[i] = b;
            }
            inBin[i]++;
            sum[i]++;
        }
        double single = 0;
        for (int i = 0; i < n; i++)
        {
            sumSq[i] += (double)inBin[i] * inBin[i];
            double mean = sum[i] / bins;
            single += Math.Max(0, sumSq[i] / bins - mean * mean);
        }
        single /= recorded;
        double popMean = 0, popSq = 0;
        for (int b = 0; b < bins; b++)
        {
            double x = population[b] / recorded;
            popMean += x;
            popSq += x * x;
        }
        popMean /= bins;
        double popVar = Math.Max(0, popSq / bins - popMean * popMean);
        return single > 0 ? Math.Sqrt(popVar / single) : double.NaN;
    }

    /// <summary>
    /// Golomb's synchrony measure chi from a recorded state variable (the membrane potential): with V(t) = (1/N) sum_i v_i(t)
    /// over the N recorded neurons, chi^2 = Var_t(V) / ((1/N) sum_i Var_t(v_i)) over the samples from <paramref name="fromStep"/>
    /// on. chi is 1 when the recorded neurons move together and falls as 1 / sqrt(N) for independent ones (docs/spiking-brunel.md).
    /// </summary>
    /// <param name="monitor">The recorded states.</param>
    /// <param name="variable">The variable, e.g. "v".</param>
    /// <param name="fromStep">Samples before this step are left out (a transient).</param>
    /// <returns>chi in [0, 1], or NaN with fewer than two samples or no variance.</returns>
    public static double Synchrony(StateMonitor monitor, string variable, int fromStep)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var values = monitor.Values(variable);
        var steps = monitor.Steps;
        int n = monitor.Indices.Count, samples = 0;
        var sum = new double[n];
        var sumSq = new double[n];
        double meanSum = 0, meanSq = 0;
        for (int t = 0; t < steps.Length; t++)
        {
            if (steps[t] < fromStep) continue;
            var row = values.Slice(t * n, n);
            double m = 0;
            for (int i = 0; i < n; i++)
            {
                double v = row[i];
                sum[i] += v;
                sumSq[i] += v * v;
                m += v;
            }
            m /= n;
            meanSum += m;
            meanSq += m * m;
            samples++;
        }
        if (samples < 2 || n == 0) return double.NaN;
        double single = 0;
        for (int i = 0; i < n; i++)
        {
            double mean = sum[i] / samples;
            single += Math.Max(0, sumSq[i] / samples - mean * mean);
        }
        single /= n;
        double popMean = meanSum / samples;
        double popVar = Math.Max(0, meanSq / samples - popMean * popMean);
        return single > 0 ? Math.Min(1, Math.Sqrt(popVar / single)) : double.NaN;
    }
}
