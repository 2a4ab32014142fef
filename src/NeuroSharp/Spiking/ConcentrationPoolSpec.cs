namespace NeuroSharp.Spiking;

/// <summary>How a <see cref="ConcentrationPoolSpec"/> turns its ion's current into a change of concentration (docs/spiking-hh.md).</summary>
public enum ConcentrationModel
{
    /// <summary>
    /// NeuroML's decayingPoolConcentrationModel: dC/dt = I / (z F V_shell) - (C - C_rest) / tau, the ions entering a shell of
    /// <see cref="ConcentrationPoolSpec.ShellThicknessUm"/> under the surface of a sphere of the membrane's area.
    /// </summary>
    DecayingPool,

    /// <summary>NeuroML's fixedFactorConcentrationModel: dC/dt = rho I / A - (C - C_rest) / tau, whatever the compartment's volume.</summary>
    FixedFactor,
}

/// <summary>
/// The internal concentration of one ion (in practice calcium) in each neuron of a <see cref="HodgkinHuxleyNeuronSpec"/>
/// (docs/spiking-hh.md, "Ion concentrations"): fed by the current of every channel whose <see cref="IonChannelSpec.Ion"/> is
/// <see cref="Ion"/>, decaying to <see cref="RestingMm"/> with <see cref="DecayMs"/>, never below 0. The external concentration
/// is fixed. Concentrations are in mM (= mol/m^3).
/// </summary>
/// <remarks>
/// <code>
/// decayingPool:  dC/dt = I_ion / (z F V_shell) - (C - C_rest) / tau,  r = sqrt(A / (4 pi)),  V_shell = 4/3 pi (r^3 - (r - d)^3)
/// fixedFactor:   dC/dt = rho I_ion / A - (C - C_rest) / tau
/// </code>
/// I_ion is the inward current of the ion's channels (positive into the cell), A the membrane area <see cref="AreaUm2"/>, d the
/// shell thickness, z the valence, F = 96485.3 C/mol.
/// </remarks>
public sealed record ConcentrationPoolSpec
{
    /// <summary>The ion, as channels name it (ca); the state monitor records it as ION + "Conc" (caConc).</summary>
    public string Ion { get; init; } = "ca";

    /// <summary>The pool's model (decaying pool).</summary>
    public ConcentrationModel Model { get; init; } = ConcentrationModel.DecayingPool;

    /// <summary>The internal concentration at the start in mM (5e-5).</summary>
    public double InitialMm { get; init; } = 5e-5;

    /// <summary>The external concentration in mM, fixed (2); a channel's Nernst or GHK current is 0 when it is 0.</summary>
    public double ExternalMm { get; init; } = 2;

    /// <summary>C_rest, the concentration the pool decays to in mM (5e-5).</summary>
    public double RestingMm { get; init; } = 5e-5;

    /// <summary>tau, the pool's decay time constant in ms (20).</summary>
    public double DecayMs { get; init; } = 20;

    /// <summary>A, the membrane area the ion's current crosses in um^2 (1 000).</summary>
    public double AreaUm2 { get; init; } = 1000;

    /// <summary>d, the shell's thickness in um (decaying pool; 0.1); less than the radius sqrt(A / (4 pi)).</summary>
    public double ShellThicknessUm { get; init; } = 0.1;

    /// <summary>rho in mol/(m A s) (fixed factor; 0).</summary>
    public double Rho { get; init; }

    /// <summary>z, the ion's valence (2 for calcium), for the decaying pool and the channels' Nernst and GHK forms.</summary>
    public int Valence { get; init; } = 2;

    /// <summary>The state monitor's name of the concentration: ION + "Conc" (caConc).</summary>
    public string VariableName => Ion + "Conc";

    /// <summary>Faraday's constant in C/mol, as NeuroML's Cells.xml gives it.</summary>
    public const double Faraday = 96485.3;

    /// <summary>The gas constant in J/(K mol), as NeuroML's Channels.xml gives it.</summary>
    public const double GasConstant = 8.3144621;

    /// <summary>NeuroML's pi in the decaying pool's radius and volume (Cells.xml writes 3.14159).</summary>
    public const double LemsPi = 3.14159;

    /// <summary>
    /// kappa, the rate of change of C per unit of inward current, in mM/ms per pA: 1e-15 / (z F V_shell[m^3]) for a decaying pool,
    /// 1e-15 rho / A[m^2] for a fixed factor; dC/dt = kappa I - (C - C_rest) / tau.
    /// </summary>
    public double MmPerMsPerPa
    {
        get
        {
            double area = AreaUm2 * 1e-12; // m^2
            if (Model == ConcentrationModel.FixedFactor) return 1e-15 * Rho / area;
            double r = Math.Sqrt(area / (4 * LemsPi)), inner = r - ShellThicknessUm * 1e-6;
            double volume = 4 * r * r * r * LemsPi / 3 - 4 * inner * inner * inner * LemsPi / 3;
            return 1e-15 / (Valence * Faraday * volume);
        }
    }

    /// <summary>Checks the pool.</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path named in a message, e.g. Concentrations[0].</param>
    /// <exception cref="InvalidOptionException">Something is missing or out of range.</exception>
    public void Validate(string owner, string property)
    {
        SpecChecks.Name(owner, $"{property}.{nameof(Ion)}", Ion);
        if (!Enum.IsDefined(Model)) throw new InvalidOptionException(owner, $"{property}.{nameof(Model)}", "must be decayingPool or fixedFactor", Model);
        SpecChecks.NonNegative(owner, $"{property}.{nameof(InitialMm)}", InitialMm);
        SpecChecks.NonNegative(owner, $"{property}.{nameof(ExternalMm)}", ExternalMm);
        SpecChecks.NonNegative(owner, $"{property}.{nameof(RestingMm)}", RestingMm);
        SpecChecks.Positive(owner, $"{property}.{nameof(DecayMs)}", DecayMs);
        SpecChecks.Positive(owner, $"{property}.{nameof(AreaUm2)}", AreaUm2);
        if (Valence == 0 || Math.Abs(Valence) > 4) throw new InvalidOptionException(owner, $"{property}.{nameof(Valence)}", "must be a whole number from -4 to 4 other than 0", Valence);
        if (Model == ConcentrationModel.DecayingPool)
        {
            SpecChecks.Positive(owner, $"{property}.{nameof(ShellThicknessUm)}", ShellThicknessUm);
            double radiusUm = Math.Sqrt(AreaUm2 / (4 * LemsPi));
            if (!(ShellThicknessUm <= radiusUm))
                throw new InvalidOptionException(owner, $"{property}.{nameof(ShellThicknessUm)}",
                    $"must be at most the radius of a sphere of areaUm2 ({radiusUm.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} um)", ShellThicknessUm);
        }
        else
        {
            SpecChecks.NonNegative(owner, $"{property}.{nameof(Rho)}", Rho);
        }
    }
}
