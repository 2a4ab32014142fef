namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// The physical dimensions of NeuroML attributes, each with the unit the engine uses for it and the
/// factor from every NeuroML unit symbol to that unit (docs/neuroml.md, "Units").
/// </summary>
public enum NeuroMlDimension
{
    /// <summary>Time, in ms.</summary>
    Time,

    /// <summary>Voltage, in mV.</summary>
    Voltage,

    /// <summary>Current, in pA.</summary>
    Current,

    /// <summary>Conductance, in nS.</summary>
    Conductance,

    /// <summary>Capacitance, in pF.</summary>
    Capacitance,

    /// <summary>Frequency (a rate), in Hz.</summary>
    Frequency,

    /// <summary>Conductance per voltage (izhikevich2007Cell's k), in nS/mV.</summary>
    ConductancePerVoltage,

    /// <summary>A pure number (weights), no unit.</summary>
    None,

    /// <summary>A rate of an ion channel's gate, in 1/ms (per_ms).</summary>
    PerTime,

    /// <summary>Conductance per membrane area, in S/m^2 (which is pS/um^2).</summary>
    ConductanceDensity,

    /// <summary>Capacitance per membrane area, in F/m^2 (which is pF/um^2).</summary>
    SpecificCapacitance,

    /// <summary>A concentration, in mM (mol/m^3).</summary>
    Concentration,

    /// <summary>The cytoplasm's resistivity, in ohm m (read and not used: one compartment has no axial current).</summary>
    Resistivity,

    /// <summary>Length in um (a concentration pool's shell thickness).</summary>
    Length,

    /// <summary>Permeability in m/s (a channelDensityGHK's).</summary>
    Permeability,

    /// <summary>rho_factor in mol/(m A s) (a fixedFactorConcentrationModel's rho).</summary>
    RhoFactor,

    /// <summary>Resistance (a voltage clamp's series resistance), in MOhm.</summary>
    Resistance,

    /// <summary>Per voltage (c302's gradedSynapse2's beta, the slope of its sigmoid), in 1/mV.</summary>
    PerVoltage,
}
