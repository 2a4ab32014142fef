namespace NeuroSharp.Spiking;

/// <summary>One state of a <see cref="KineticSchemeSpec"/> (NeuroML's closedState, openState).</summary>
/// <param name="Name">The state's name, unique in its scheme; a state monitor records its occupancy as CHANNEL_GATE_STATE.</param>
/// <param name="Open">True for an open state (relative conductance 1), false for a closed or inactivated one (0).</param>
public sealed record KineticStateSpec(string Name, bool Open = false);

/// <summary>How a <see cref="KineticTransitionSpec"/> gives its rates.</summary>
public enum TransitionKinetics
{
    /// <summary>A forward rate (from to to) and a reverse rate (to to from), each optional (absent: 0); NeuroML's forwardTransition, reverseTransition, vHalfTransition.</summary>
    Rates,

    /// <summary>From a time course and a steady state: forward inf / tau, reverse (1 - inf) / tau; NeuroML's tauInfTransition.</summary>
    TauInf,
}

/// <summary>
/// A transition between two states of a <see cref="KineticSchemeSpec"/>: occupancy flows from <see cref="From"/> to <see cref="To"/>
/// at the forward rate and back at the reverse rate (1/ms), each a <see cref="VoltageFunction"/> of v (docs/spiking-hh.md, "Kinetic schemes").
/// </summary>
/// <param name="From">The source state's name.</param>
/// <param name="To">The target state's name.</param>
/// <param name="Kinetics">How the rates are given.</param>
/// <param name="Forward">The rate from From to To in 1/ms (Rates; null: 0).</param>
/// <param name="Reverse">The rate from To to From in 1/ms (Rates; null: 0).</param>
/// <param name="Tau">The time constant in ms (TauInf).</param>
/// <param name="Inf">The steady state of To against From (TauInf).</param>
public sealed record KineticTransitionSpec(string From, string To, TransitionKinetics Kinetics, VoltageFunction? Forward, VoltageFunction? Reverse,
    VoltageFunction? Tau = null, VoltageFunction? Inf = null)
{
    /// <summary>A transition with a forward and a reverse rate.</summary>
    /// <param name="from">The source state.</param>
    /// <param name="to">The target state.</param>
    /// <param name="forward">The rate from source to target (null: 0).</param>
    /// <param name="reverse">The rate back (null: 0).</param>
    /// <returns>The transition.</returns>
    public static KineticTransitionSpec FromRates(string from, string to, VoltageFunction? forward, VoltageFunction? reverse) =>
        new(from, to, TransitionKinetics.Rates, forward, reverse);

    /// <summary>The forward and reverse rates at a potential and a calcium concentration, in 1/ms, in double precision (no rate factor).</summary>
    /// <param name="v">The potential in mV.</param>
    /// <param name="caConcMm">The calcium concentration in mM (read by expression functions).</param>
    /// <returns>The two rates.</returns>
    public (double Forward, double Reverse) Rates(double v, double caConcMm)
    {
        if (Kinetics == TransitionKinetics.TauInf)
        {
            double tau = Tau!.Evaluate(v, caConcMm), inf = Inf!.Evaluate(v, caConcMm);
            return (inf / tau, (1 - inf) / tau);
        }
        return (Forward?.Evaluate(v, caConcMm) ?? 0, Reverse?.Evaluate(v, caConcMm) ?? 0);
    }

    /// <summary>The transition's functions (null where not given).</summary>
    public IEnumerable<VoltageFunction?> Functions => [Forward, Reverse, Tau, Inf];
}

/// <summary>Where a <see cref="KineticSchemeSpec"/>'s occupancies start.</summary>
public enum KineticStart
{
    /// <summary>At the scheme's steady state at the neuron's initial v (and caConc), as a Hodgkin-Huxley gate starts.</summary>
    SteadyState,

    /// <summary>All in the first listed state (jLEMS's start for NeuroML's gateKS: its KineticScheme sets the first node's occupancy to 1).</summary>
    FirstState,
}

/// <summary>
/// A gate given as a kinetic (Markov) scheme: named states, some open, and voltage-dependent transitions between them (NEURON's KINETIC
/// blocks, NeuroML's gateKS). The occupancies p obey dp/dt = A(v) p with A's columns summing to 0; the gate's value is the open
/// fraction, the sum of the open states' occupancies, raised to the gate's power (NeuroML's instances). docs/spiking-hh.md, "Kinetic schemes".
/// </summary>
/// <param name="States">The states, at least two, at least one open.</param>
/// <param name="Transitions">The transitions; every state is reached by one (the scheme is connected).</param>
public sealed record KineticSchemeSpec(IReadOnlyList<KineticStateSpec> States, IReadOnlyList<KineticTransitionSpec> Transitions)
{
    /// <summary>The most states a scheme may have (the engine's per-neuron matrix lives on the stack).</summary>
    public const int MaxStates = 12;

    /// <summary>The most transitions a scheme may have.</summary>
    public const int MaxTransitions = 32;

    /// <summary>Where the occupancies start (default: the steady state at the initial v).</summary>
    public KineticStart Start { get; init; }

    /// <summary>The index of a state by name, or -1.</summary>
    /// <param name="name">The state's name.</param>
    /// <returns>Its index in <see cref="States"/>.</returns>
    public int IndexOf(string name)
    {
        for (int k = 0; k < States.Count; k++)
        {
            if (States[k].Name == name) return k;
        }
        return -1;
    }

    /// <summary>
    /// The generator A at a potential (row-major, K x K, A[to, from] the rate from a state to another, each column summing to 0),
    /// each rate times <paramref name="rateFactor"/>, in double precision.
    /// </summary>
    /// <param name="v">The potential in mV.</param>
    /// <param name="caConcMm">The calcium concentration in mM.</param>
    /// <param name="rateFactor">The gate's rate factor.</param>
    /// <returns>The matrix.</returns>
    public double[] Generator(double v, double caConcMm, double rateFactor)
    {
        int n = States.Count;
        var a = new double[n * n];
        foreach (var t in Transitions)
        {
            int i = IndexOf(t.From), j = IndexOf(t.To);
            var (f, r) = t.Rates(v, caConcMm);
            f *= rateFactor;
            r *= rateFactor;
            a[j * n + i] += f;
            a[i * n + i] -= f;
            a[i * n + j] += r;
            a[j * n + j] -= r;
        }
        return a;
    }

    /// <summary>
    /// The occupancies at the start: all in the first state (<see cref="KineticStart.FirstState"/>), or the steady state A p = 0,
    /// sum p = 1 at the potential, solved in double (Gaussian elimination with partial pivoting). Where the steady state is not unique
    /// (a scheme with more than one absorbing part), the occupancies spread evenly and relaxed for a long time
    /// (<see cref="KineticSchemeMath.Advance"/>, 1e6 ms).
    /// </summary>
    /// <param name="v">The potential in mV.</param>
    /// <param name="caConcMm">The calcium concentration in mM.</param>
    /// <param name="rateFactor">The gate's rate factor.</param>
    /// <returns>One occupancy per state, each in [0, 1], summing to 1.</returns>
    public double[] InitialOccupancies(double v, double caConcMm, double rateFactor)
    {
        int n = States.Count;
        var p = new double[n];
        if (Start == KineticStart.FirstState)
        {
            p[0] = 1;
            return p;
        }
        var a = Generator(v, caConcMm, rateFactor);
        if (!KineticSchemeMath.SteadyState(a, n, p))
        {
            Array.Fill(p, 1.0 / n);
            Span<double> work = stackalloc double[KineticSchemeMath.WorkLength(n)];
            for (int k = 0; k < a.Length; k++) a[k] *= 1e6;
            KineticSchemeMath.Advance(a, n, p, work);
        }
        return p;
    }

    /// <summary>The open fraction of occupancies: the sum of the open states'.</summary>
    /// <param name="p">One occupancy per state.</param>
    /// <returns>The open fraction.</returns>
    public double OpenFraction(ReadOnlySpan<double> p)
    {
        double q = 0;
        for (int k = 0; k < States.Count; k++)
        {
            if (States[k].Open) q += p[k];
        }
        return q;
    }

    /// <summary>True when a transition's function is an expression that reads caConc.</summary>
    public bool ReadsConcentration => Transitions.Any(t => t.Functions.Any(f => f?.Expression is { ReadsConcentration: true }));

    /// <summary>Value equality, the states and transitions by their elements.</summary>
    /// <param name="other">The other scheme.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(KineticSchemeSpec? other) =>
        other is not null && States.SequenceEqual(other.States) && Transitions.SequenceEqual(other.Transitions) && Start == other.Start;

    /// <summary>A hash of the counts.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(States.Count, Transitions.Count, Start);

    /// <summary>
    /// Checks the scheme: 2 to <see cref="MaxStates"/> states with unique names, at least one open; each transition between two
    /// different known states with the functions its kinetics needs; every state connected to the first by transitions.
    /// </summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path, e.g. Channels[1].Gates[0].Scheme.</param>
    /// <exception cref="InvalidOptionException">Something is missing, unknown or out of range.</exception>
    public void Validate(string owner, string property)
    {
        if (States is null || States.Count < 2)
            throw new InvalidOptionException(owner, $"{property}.{nameof(States)}", "must list at least two states", States?.Count ?? 0);
        if (States.Count > MaxStates)
            throw new InvalidOptionException(owner, $"{property}.{nameof(States)}", $"lists {States.Count} states; a scheme has at most {MaxStates}", States.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < States.Count; k++)
        {
            if (States[k] is null) throw new InvalidOptionException(owner, $"{property}.{nameof(States)}[{k}]", "is required", null);
            SpecChecks.Name(owner, $"{property}.{nameof(States)}[{k}].{nameof(KineticStateSpec.Name)}", States[k].Name);
            if (!names.Add(States[k].Name))
                throw new InvalidOptionException(owner, $"{property}.{nameof(States)}[{k}].{nameof(KineticStateSpec.Name)}", $"repeats state '{States[k].Name}'", States[k].Name);
        }
        if (!States.Any(s => s.Open))
            throw new InvalidOptionException(owner, $"{property}.{nameof(States)}", "has no open state; mark at least one \"open\": true (the gate's value is the open states' occupancy)", States.Count);
        if (Transitions is null || Transitions.Count == 0)
            throw new InvalidOptionException(owner, $"{property}.{nameof(Transitions)}", "lists no transitions; a scheme's states are linked by at least one", 0);
        if (Transitions.Count > MaxTransitions)
            throw new InvalidOptionException(owner, $"{property}.{nameof(Transitions)}", $"lists {Transitions.Count} transitions; a scheme has at most {MaxTransitions}", Transitions.Count);
        // Union-find over the states: every state must be linked to the first.
        var root = Enumerable.Range(0, States.Count).ToArray();
        int Find(int x) => root[x] == x ? x : root[x] = Find(root[x]);
        for (int t = 0; t < Transitions.Count; t++)
        {
            string at = $"{property}.{nameof(Transitions)}[{t}]";
            var tr = Transitions[t] ?? throw new InvalidOptionException(owner, at, "is required", null);
            int from = IndexOf(tr.From), to = IndexOf(tr.To);
            if (from < 0) throw new InvalidOptionException(owner, $"{at}.{nameof(KineticTransitionSpec.From)}", $"names state '{tr.From}', which the scheme does not list ({string.Join(", ", names)})", tr.From);
            if (to < 0) throw new InvalidOptionException(owner, $"{at}.{nameof(KineticTransitionSpec.To)}", $"names state '{tr.To}', which the scheme does not list ({string.Join(", ", names)})", tr.To);
            if (from == to) throw new InvalidOptionException(owner, $"{at}.{nameof(KineticTransitionSpec.To)}", $"is its own source '{tr.From}'; a transition links two different states", tr.To);
            if (!Enum.IsDefined(tr.Kinetics)) throw new InvalidOptionException(owner, $"{at}.{nameof(KineticTransitionSpec.Kinetics)}", "must be rates or tauInf", tr.Kinetics);
            if (tr.Kinetics == TransitionKinetics.Rates)
            {
                if (tr.Forward is null && tr.Reverse is null)
                    throw new InvalidOptionException(owner, $"{at}.{nameof(KineticTransitionSpec.Forward)}", "is missing, and so is reverse: a rates transition gives at least one of them", null);
                if (tr.Tau is not null || tr.Inf is not null)
                    throw new InvalidOptionException(owner, $"{at}.{(tr.Tau is not null ? nameof(KineticTransitionSpec.Tau) : nameof(KineticTransitionSpec.Inf))}", "is for a tauInf transition; a rates transition reads forward and reverse", "a function");
            }
            else
            {
                if (tr.Tau is null) throw new InvalidOptionException(owner, $"{at}.{nameof(KineticTransitionSpec.Tau)}", "is required by a tauInf transition", null);
                if (tr.Inf is null) throw new InvalidOptionException(owner, $"{at}.{nameof(KineticTransitionSpec.Inf)}", "is required by a tauInf transition", null);
                if (tr.Forward is not null || tr.Reverse is not null)
                    throw new InvalidOptionException(owner, $"{at}.{(tr.Forward is not null ? nameof(KineticTransitionSpec.Forward) : nameof(KineticTransitionSpec.Reverse))}", "is for a rates transition; a tauInf transition reads tau and inf", "a function");
            }
            tr.Forward?.Validate(owner, $"{at}.{nameof(KineticTransitionSpec.Forward)}");
            tr.Reverse?.Validate(owner, $"{at}.{nameof(KineticTransitionSpec.Reverse)}");
            tr.Tau?.Validate(owner, $"{at}.{nameof(KineticTransitionSpec.Tau)}");
            tr.Inf?.Validate(owner, $"{at}.{nameof(KineticTransitionSpec.Inf)}");
            root[Find(from)] = Find(to);
        }
        for (int k = 1; k < States.Count; k++)
        {
            if (Find(k) != Find(0))
                throw new InvalidOptionException(owner, $"{property}.{nameof(States)}[{k}]", $"is state '{States[k].Name}', which no chain of transitions links to '{States[0].Name}'; every state of a scheme is connected", States[k].Name);
        }
        if (!Enum.IsDefined(Start)) throw new InvalidOptionException(owner, $"{property}.{nameof(Start)}", "must be steadyState or firstState", Start);
    }
}

/// <summary>
/// The small dense linear algebra of a kinetic scheme, in double precision, allocation-free (docs/spiking-hh.md, "Kinetic schemes").
/// A is a generator: off-diagonal entries at least 0, columns summing to 0, row-major, A[to * n + from].
/// </summary>
internal static class KineticSchemeMath
{
    /// <summary>Terms of the uniformization series below this weight are dropped (after the sum is at least 1 - this).</summary>
    private const double Tolerance = 1e-17;

    /// <summary>The doubles <see cref="Advance"/> needs as work space for n states.</summary>
    /// <param name="n">The number of states.</param>
    /// <returns>The length.</returns>
    public static int WorkLength(int n) => 3 * n * n + 3 * n;

    /// <summary>
    /// p &lt;- exp(A) p, A already multiplied by the time step: by uniformization, exp(A) = e^-L sum_m L^m / m! P^m with
    /// L = max_i |A_ii| and P = I + A / L a column-stochastic matrix, so every term is at least 0 and occupancies stay in [0, 1]. Where
    /// L &lt;= 1 the series acts on the vector (about 20 terms of one n x n product each); else on the matrix exp(A / 2^s) with
    /// L / 2^s &lt;= 1, squared s times. The result is renormalised to sum 1 (it is off by the series' tail, below 1e-16).
    /// </summary>
    /// <param name="a">A dt (n x n), left unchanged.</param>
    /// <param name="n">The number of states.</param>
    /// <param name="p">The occupancies, advanced in place.</param>
    /// <param name="work">At least <see cref="WorkLength"/>(n) doubles.</param>
    public static void Advance(ReadOnlySpan<double> a, int n, Span<double> p, Span<double> work)
    {
        double lambda = 0;
        for (int i = 0; i < n; i++) lambda = Math.Max(lambda, -a[i * n + i]);
        if (!(lambda > 0)) return; // no transitions at all (or NaN rates, which leave p as it was)
        var term = work[..n];
        var next = work.Slice(n, n);
        var sum = work.Slice(2 * n, n);
        if (lambda <= 1)
        {
            // sum_m L^m / m! P^m p, with P p = p + A p / L.
            p.CopyTo(term);
            p.CopyTo(sum);
            double weight = 1, total = 1;
            for (int m = 1; m < 60 && total * Tolerance < weight; m++)
            {
                StochasticTimes(a, n, lambda, term, next);
                double c = lambda / m;
                for (int i = 0; i < n; i++)
                {
                    term[i] = next[i] * c;
                    sum[i] += term[i];
                }
                weight *= c;
                total += weight;
            }
            Normalise(sum, p);
            return;
        }
        int s = 0;
        double scaled = lambda;
        while (scaled > 1)
        {
            scaled *= 0.5;
            s++;
        }
        double f = Math.ScaleB(1.0, -s);
        var pm = work.Slice(3 * n, n * n);        // P = I + A f / scaled
        var termM = work.Slice(3 * n + n * n, n * n);
        var sumM = work.Slice(3 * n + 2 * n * n, n * n);
        for (int k = 0; k < n * n; k++) pm[k] = a[k] * f / scaled;
        for (int i = 0; i < n; i++) pm[i * n + i] += 1;
        termM.Clear();
        for (int i = 0; i < n; i++) termM[i * n + i] = 1;
        termM.CopyTo(sumM);
        double w = 1, tot = 1;
        for (int m = 1; m < 60 && tot * Tolerance < w; m++)
        {
            double c = scaled / m;
            // termM <- c P termM, column by column through next.
            for (int col = 0; col < n; col++)
            {
                for (int i = 0; i < n; i++)
                {
                    double x = 0;
                    for (int k = 0; k < n; k++) x += pm[i * n + k] * termM[k * n + col];
                    next[i] = x * c;
                }
                for (int i = 0; i < n; i++)
                {
                    termM[i * n + col] = next[i];
                    sumM[i * n + col] += next[i];
                }
            }
            w *= c;
            tot += w;
        }
        // sumM is e^scaled exp(A f): its columns sum to about e^scaled; square s times, renormalising the columns each time.
        NormaliseColumns(sumM, n);
        for (int r = 0; r < s; r++)
        {
            for (int col = 0; col < n; col++)
            {
                for (int i = 0; i < n; i++)
                {
                    double x = 0;
                    for (int k = 0; k < n; k++) x += sumM[i * n + k] * sumM[k * n + col];
                    termM[i * n + col] = x;
                }
            }
            termM.CopyTo(sumM);
            NormaliseColumns(sumM, n);
        }
        for (int i = 0; i < n; i++)
        {
            double x = 0;
            for (int k = 0; k < n; k++) x += sumM[i * n + k] * p[k];
            next[i] = x;
        }
        Normalise(next, p);
    }

    /// <summary>y = P x = x + A x / lambda.</summary>
    private static void StochasticTimes(ReadOnlySpan<double> a, int n, double lambda, ReadOnlySpan<double> x, Span<double> y)
    {
        double inv = 1 / lambda;
        for (int i = 0; i < n; i++)
        {
            double acc = 0;
            for (int k = 0; k < n; k++) acc += a[i * n + k] * x[k];
            y[i] = x[i] + acc * inv;
        }
    }

    /// <summary>p = x / sum x (x's entries are at least 0).</summary>
    private static void Normalise(ReadOnlySpan<double> x, Span<double> p)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++) total += x[i];
        double inv = total > 0 ? 1 / total : 0;
        for (int i = 0; i < x.Length; i++) p[i] = Math.Max(0, x[i] * inv);
    }

    private static void NormaliseColumns(Span<double> m, int n)
    {
        for (int col = 0; col < n; col++)
        {
            double total = 0;
            for (int i = 0; i < n; i++) total += m[i * n + col];
            if (total > 0)
            {
                for (int i = 0; i < n; i++) m[i * n + col] /= total;
            }
        }
    }

    /// <summary>
    /// The steady state A p = 0, sum p = 1 by Gaussian elimination with partial pivoting (the last equation replaced by the sum).
    /// False when the system is singular (the steady state is not unique).
    /// </summary>
    /// <param name="a">A (n x n).</param>
    /// <param name="n">The number of states.</param>
    /// <param name="p">The steady state, written.</param>
    /// <returns>True when solved.</returns>
    public static bool SteadyState(ReadOnlySpan<double> a, int n, Span<double> p)
    {
        Span<double> m = stackalloc double[n * (n + 1)];
        double scale = 0;
        for (int k = 0; k < n * n; k++) scale = Math.Max(scale, Math.Abs(a[k]));
        if (!(scale > 0) || !double.IsFinite(scale)) return false;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) m[i * (n + 1) + j] = i == n - 1 ? 1 : a[i * n + j] / scale;
            m[i * (n + 1) + n] = i == n - 1 ? 1 : 0;
        }
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r * (n + 1) + c]) > Math.Abs(m[pivot * (n + 1) + c])) pivot = r;
            }
            if (Math.Abs(m[pivot * (n + 1) + c]) < 1e-13) return false;
            if (pivot != c)
            {
                for (int j = 0; j <= n; j++) (m[c * (n + 1) + j], m[pivot * (n + 1) + j]) = (m[pivot * (n + 1) + j], m[c * (n + 1) + j]);
            }
            for (int r = c + 1; r < n; r++)
            {
                double factor = m[r * (n + 1) + c] / m[c * (n + 1) + c];
                if (factor == 0) continue;
                for (int j = c; j <= n; j++) m[r * (n + 1) + j] -= factor * m[c * (n + 1) + j];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double x = m[r * (n + 1) + n];
            for (int j = r + 1; j < n; j++) x -= m[r * (n + 1) + j] * p[j];
            p[r] = x / m[r * (n + 1) + r];
        }
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            if (p[i] < 0) p[i] = 0; // rounding below 0 (the exact steady state is at least 0)
            total += p[i];
        }
        if (!(total > 0)) return false;
        for (int i = 0; i < n; i++) p[i] /= total;
        return true;
    }
}
