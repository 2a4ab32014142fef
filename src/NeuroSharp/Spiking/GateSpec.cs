namespace NeuroSharp.Spiking;

/// <summary>How a gate's steady state and time constant are given (NeuroML's gateHHrates, gateHHtauInf, gateHHratesInf, gateHHratesTau, gateHHInstantaneous).</summary>
public enum GateKinetics
{
    /// <summary>alpha and beta: inf = a / (a + b), tau = 1 / (a + b).</summary>
    Rates,

    /// <summary>tau and inf given.</summary>
    TauInf,

    /// <summary>tau = 1 / (a + b) from alpha and beta; inf given.</summary>
    RatesInf,

    /// <summary>inf = a / (a + b) from alpha and beta; tau given.</summary>
    RatesTau,

    /// <summary>x = inf(v) at once, no dynamics.</summary>
    Instantaneous,

    /// <summary>A kinetic (Markov) scheme (<see cref="GateSpec.Scheme"/>): x is the open states' occupancy (NeuroML's gateKS).</summary>
    KineticScheme,
}

/// <summary>
/// One gate of an ion channel: a variable x in [0, 1] with dx/dt = (inf(v) - x) / tau(v), raised to <see cref="Power"/> in the
/// channel's conductance (docs/spiking-hh.md). Which functions are needed depends on <see cref="Kinetics"/>; the others are ignored
/// and may be null.
/// </summary>
/// <param name="Name">The gate's name (m, h, n...), unique in its channel; a state monitor records it as CHANNEL_GATE.</param>
/// <param name="Power">The exponent in the conductance, at least 1.</param>
/// <param name="Kinetics">How inf and tau are given.</param>
/// <param name="Alpha">The opening rate in 1/ms (Rates, RatesInf, RatesTau).</param>
/// <param name="Beta">The closing rate in 1/ms (Rates, RatesInf, RatesTau).</param>
/// <param name="Tau">The time constant in ms (TauInf, RatesTau).</param>
/// <param name="Inf">The steady state (TauInf, RatesInf, Instantaneous).</param>
/// <param name="RateFactor">Multiplies alpha and beta and divides tau (NeuroML's q10 factor at the cell's temperature), above 0.</param>
public sealed record GateSpec(string Name, int Power, GateKinetics Kinetics, VoltageFunction? Alpha, VoltageFunction? Beta,
    VoltageFunction? Tau, VoltageFunction? Inf, double RateFactor = 1)
{
    /// <summary>A gate with alpha and beta rates.</summary>
    /// <param name="name">The gate's name.</param>
    /// <param name="power">The exponent.</param>
    /// <param name="alpha">The opening rate.</param>
    /// <param name="beta">The closing rate.</param>
    /// <returns>The gate.</returns>
    public static GateSpec FromRates(string name, int power, VoltageFunction alpha, VoltageFunction beta) =>
        new(name, power, GateKinetics.Rates, alpha, beta, null, null);

    /// <summary>
    /// The gate's q10 per 10 degC (1, the default: its rates do not follow the temperature). Where the cell's temperature changes in
    /// time (<see cref="HodgkinHuxleyNeuronSpec.TemperatureChangesMs"/>), the rate factor at T is RateFactor Q10^((T - T0) / 10),
    /// T0 the cell's <see cref="HodgkinHuxleyNeuronSpec.TemperatureCelsius"/> (NeuroML's q10ExpTemp: q10Factor^((T - experimentalTemp) / 10)).
    /// </summary>
    public double Q10 { get; init; } = 1;

    /// <summary>The rate factor at <paramref name="celsius"/> for a cell whose own temperature is <paramref name="baseCelsius"/>: RateFactor Q10^((T - T0) / 10).</summary>
    /// <param name="celsius">T in degC.</param>
    /// <param name="baseCelsius">T0, the temperature at which the factor is RateFactor.</param>
    /// <returns>The factor.</returns>
    public double RateFactorAt(double celsius, double baseCelsius) => Q10 == 1 ? RateFactor : RateFactor * Math.Pow(Q10, (celsius - baseCelsius) / 10);

    /// <summary>The kinetic scheme of a <see cref="GateKinetics.KineticScheme"/> gate (null for the others).</summary>
    public KineticSchemeSpec? Scheme { get; init; }

    /// <summary>A gate given as a kinetic scheme (NeuroML's gateKS), its open fraction raised to <paramref name="power"/>.</summary>
    /// <param name="name">The gate's name.</param>
    /// <param name="power">The exponent (NeuroML's instances).</param>
    /// <param name="scheme">The states and transitions.</param>
    /// <returns>The gate.</returns>
    public static GateSpec FromScheme(string name, int power, KineticSchemeSpec scheme) =>
        new(name, power, GateKinetics.KineticScheme, null, null, null, null) { Scheme = scheme };

    /// <summary>True when the kinetics read alpha and beta.</summary>
    public bool UsesRates => Kinetics is GateKinetics.Rates or GateKinetics.RatesInf or GateKinetics.RatesTau;

    /// <summary>True when the kinetics read tau.</summary>
    public bool UsesTau => Kinetics is GateKinetics.TauInf or GateKinetics.RatesTau;

    /// <summary>True when the kinetics read inf.</summary>
    public bool UsesInf => Kinetics is GateKinetics.TauInf or GateKinetics.RatesInf or GateKinetics.Instantaneous;

    /// <summary>The steady state at a potential, in double precision.</summary>
    /// <param name="v">The potential in mV.</param>
    /// <returns>inf(v).</returns>
    public double SteadyState(double v) => SteadyState(v, 0);

    /// <summary>The steady state at a potential and a calcium concentration (read by expression functions), in double precision.</summary>
    /// <param name="v">The potential in mV.</param>
    /// <param name="caConcMm">The calcium concentration in mM.</param>
    /// <returns>inf(v).</returns>
    public double SteadyState(double v, double caConcMm)
    {
        if (Kinetics == GateKinetics.KineticScheme) return Scheme!.OpenFraction(Scheme.InitialOccupancies(v, caConcMm, RateFactor));
        if (UsesInf) return Inf!.Evaluate(v, caConcMm);
        double a = Alpha!.Evaluate(v, caConcMm), b = Beta!.Evaluate(v, caConcMm);
        return a / (a + b);
    }

    /// <summary>True when one of the gate's functions is an expression that reads caConc.</summary>
    public bool ReadsConcentration => new[] { Alpha, Beta, Tau, Inf }.Any(f => f?.Expression is { ReadsConcentration: true }) || Scheme is { ReadsConcentration: true };

    /// <summary>The time constant at a potential in ms, with <see cref="RateFactor"/> applied (0 for an instantaneous gate; NaN for a kinetic scheme, which has several).</summary>
    /// <param name="v">The potential in mV.</param>
    /// <returns>tau(v).</returns>
    public double TimeConstant(double v)
    {
        if (Kinetics == GateKinetics.Instantaneous) return 0;
        if (Kinetics == GateKinetics.KineticScheme) return double.NaN;
        if (UsesTau) return Tau!.Evaluate(v) / RateFactor;
        return 1 / ((Alpha!.Evaluate(v) + Beta!.Evaluate(v)) * RateFactor);
    }

    /// <summary>Checks the gate: a name, a power of at least 1, a known kinetics with the functions it needs, a rate factor above 0.</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path named in a message, e.g. Channels[1].Gates[0].</param>
    /// <exception cref="InvalidOptionException">Something is missing or out of range.</exception>
    public void Validate(string owner, string property)
    {
        SpecChecks.Name(owner, $"{property}.{nameof(Name)}", Name);
        if (Power < 1) throw new InvalidOptionException(owner, $"{property}.{nameof(Power)}", "must be at least 1", Power);
        if (!Enum.IsDefined(Kinetics))
            throw new InvalidOptionException(owner, $"{property}.{nameof(Kinetics)}", "must be rates, tauInf, ratesInf, ratesTau, instantaneous or kineticScheme", Kinetics);
        if (Kinetics == GateKinetics.KineticScheme)
        {
            if (Scheme is null) throw new InvalidOptionException(owner, $"{property}.{nameof(Scheme)}", $"is required by kineticScheme kinetics (gate '{Name}')", null);
            foreach (var (function, f) in new[] { (nameof(Alpha), Alpha), (nameof(Beta), Beta), (nameof(Tau), Tau), (nameof(Inf), Inf) })
            {
                if (f is not null) throw new InvalidOptionException(owner, $"{property}.{function}", $"is given to a kineticScheme gate '{Name}', whose rates are its transitions'", "a function");
            }
            Scheme.Validate(owner, $"{property}.{nameof(Scheme)}");
        }
        else if (Scheme is not null)
        {
            throw new InvalidOptionException(owner, $"{property}.{nameof(Scheme)}", $"is given to a gate of {SpecPath.Camel(Kinetics.ToString())} kinetics; only kineticScheme reads one", "a scheme");
        }
        if (UsesRates)
        {
            Need(owner, property, nameof(Alpha), Alpha);
            Need(owner, property, nameof(Beta), Beta);
        }
        if (UsesTau) Need(owner, property, nameof(Tau), Tau);
        if (UsesInf) Need(owner, property, nameof(Inf), Inf);
        SpecChecks.Positive(owner, $"{property}.{nameof(RateFactor)}", RateFactor);
        SpecChecks.Positive(owner, $"{property}.{nameof(Q10)}", Q10);
    }

    private void Need(string owner, string property, string function, VoltageFunction? f)
    {
        if (f is null)
            throw new InvalidOptionException(owner, $"{property}.{function}", $"is required by {Kinetics} kinetics (gate '{Name}')", null);
        f.Validate(owner, $"{property}.{function}");
    }
}
