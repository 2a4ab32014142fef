namespace NeuroSharp.Gpu.Spiking;

/// <summary>Wall seconds per phase of the device's steps (with <see cref="GpuSimulationOptions.Profile"/>: the device waits after each phase).</summary>
public sealed class PhaseProfile
{
    /// <summary>
    /// Profiles the runs from now on, also where <see cref="GpuSimulationOptions.Profile"/> is off: a benchmark times a run
    /// unprofiled, then profiles the next on the same engine instead of building the network a second time.
    /// </summary>
    public bool On { get; set; }

    /// <summary>Host inputs (currents, Poisson drive) and their uploads.</summary>
    public double InputsSeconds;

    /// <summary>The neuron update kernels (integrate, threshold, reset) and host sources.</summary>
    public double UpdateSeconds;

    /// <summary>Delivery: ring drains, arrivals, CSR delivery, STDP's depression.</summary>
    public double DeliverSeconds;

    /// <summary>STDP's potentiation.</summary>
    public double PlasticitySeconds;

    /// <summary>Block copies of the spike history and state samples, and feeding the monitors.</summary>
    public double MonitorSeconds;
}
