using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>
/// CMA-ES, minimising, with the default parameters of Hansen's tutorial ("The CMA Evolution Strategy: A Tutorial",
/// arXiv:1604.00772, table 1 with positive weights only): lambda = 4 + floor(3 ln n), mu = floor(lambda / 2),
/// w_i proportional to ln((lambda + 1) / 2) - ln i, c_sigma = (mu_eff + 2) / (n + mu_eff + 5),
/// d_sigma = 1 + 2 max(0, sqrt((mu_eff - 1) / (n + 1)) - 1) + c_sigma, c_c = (4 + mu_eff / n) / (n + 4 + 2 mu_eff / n),
/// c_1 = 2 / ((n + 1.3)² + mu_eff), c_mu = min(1 - c_1, 2 (mu_eff - 2 + 1 / mu_eff) / ((n + 2)² + mu_eff)).
/// See docs/evolution-cmaes.md.
/// </summary>
public sealed class CmaEs
{
    private readonly int _n;
    private readonly double[] _weights;
    private readonly double _muEff, _cSigma, _dSigma, _cc, _c1, _cMu, _chiN;
    private RandomStream _random;
    private double[] _mean;
    private double _sigma;
    private double[] _c;          // covariance, row-major
    private double[] _b;          // eigenvectors (columns), row-major
    private double[] _d;          // sqrt of eigenvalues
    private double[] _pSigma, _pC;
    private readonly double[] _samples;    // lambda x n, the current candidates x_k
    private readonly double[] _ys; // lambda x n, y_k = (x_k - m) / sigma

    /// <summary>A run from a mean and a step size.</summary>
    /// <param name="mean">The initial mean m (copied); its length is n.</param>
    /// <param name="sigma">The initial step size, above 0.</param>
    /// <param name="random">The run's stream.</param>
    /// <param name="lambda">Offspring per generation, or 0 for the default 4 + floor(3 ln n).</param>
    public CmaEs(ReadOnlySpan<double> mean, double sigma, RandomStream random, int lambda = 0)
    {
        _n = mean.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(_n, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        Lambda = lambda > 0 ? lambda : DefaultLambda(_n);
        ArgumentOutOfRangeException.ThrowIfLessThan(Lambda, 2);
        int mu = Lambda / 2;
        _weights = new double[mu];
        for (int i = 0; i < mu; i++) _weights[i] = Math.Log((Lambda + 1) / 2.0) - Math.Log(i + 1);
        double sum = _weights.Sum();
        for (int i = 0; i < mu; i++) _weights[i] /= sum;
        _muEff = 1 / _weights.Sum(w => w * w);
        double n = _n;
        _cSigma = (_muEff + 2) / (n + _muEff + 5);
        _dSigma = 1 + 2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (n + 1)) - 1) + _cSigma;
        _cc = (4 + _muEff / n) / (n + 4 + 2 * _muEff / n);
        _c1 = 2 / ((n + 1.3) * (n + 1.3) + _muEff);
        _cMu = Math.Min(1 - _c1, 2 * (_muEff - 2 + 1 / _muEff) / ((n + 2) * (n + 2) + _muEff));
        _chiN = Math.Sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
        _random = random;
        _mean = mean.ToArray();
        _sigma = sigma;
        _c = Identity(_n);
        _b = Identity(_n);
        _d = Enumerable.Repeat(1.0, _n).ToArray();
        _pSigma = new double[_n];
        _pC = new double[_n];
        _samples = new double[Lambda * _n];
        _ys = new double[Lambda * _n];
        Sample();
    }

    /// <summary>Hansen's default population size 4 + floor(3 ln n).</summary>
    /// <param name="n">The dimension.</param>
    /// <returns>lambda.</returns>
    public static int DefaultLambda(int n) => 4 + (int)Math.Floor(3 * Math.Log(n));

    /// <summary>Offspring per generation.</summary>
    public int Lambda { get; }

    /// <summary>Parents (floor(lambda / 2)).</summary>
    public int Mu => _weights.Length;

    /// <summary>The dimension.</summary>
    public int Dimension => _n;

    /// <summary>Completed generations.</summary>
    public int Generation { get; private set; }

    /// <summary>The step size.</summary>
    public double Sigma => _sigma;

    /// <summary>The distribution mean.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The largest standard deviation of the sampling distribution, sigma max_i D_ii (the longest axis of sigma² C).</summary>
    public double LargestStdDev => _sigma * _d.Max();

    /// <summary>The effective selection mass mu_eff.</summary>
    public double MuEff => _muEff;

    /// <summary>Candidate <paramref name="k"/> of this generation.</summary>
    /// <param name="k">In [0, lambda).</param>
    /// <returns>Its coordinates.</returns>
    public ReadOnlySpan<double> Candidate(int k) => _samples.AsSpan(k * _n, _n);

    /// <summary>Takes the cost of every candidate (lower is better) and moves the distribution; new candidates follow.</summary>
    /// <param name="costs">One finite cost per candidate.</param>
    public void Tell(ReadOnlySpan<double> costs)
    {
        if (costs.Length != Lambda) throw new ArgumentException($"Expected {Lambda} costs, got {costs.Length}.", nameof(costs));
        var cost = costs.ToArray();
        var order = Enumerable.Range(0, Lambda).OrderBy(k => cost[k]).ThenBy(k => k).ToArray();
        int n = _n;
        var yw = new double[n];
        for (int i = 0; i < Mu; i++)
        {
            var y = _ys.AsSpan(order[i] * n, n);
            for (int j = 0; j < n; j++) yw[j] += _weights[i] * y[j];
        }
        for (int j = 0; j < n; j++) _mean[j] += _sigma * yw[j];
        // C^(-1/2) y_w = B D^-1 B^T y_w
        var bt = new double[n];
        for (int a = 0; a < n; a++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += _b[j * n + a] * yw[j];
            bt[a] = s / _d[a];
        }
        double cs = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int a = 0; a < n; a++) s += _b[j * n + a] * bt[a];
            _pSigma[j] = (1 - _cSigma) * _pSigma[j] + cs * s;
        }
        double normPs = Math.Sqrt(_pSigma.Sum(v => v * v));
        bool hSigma = normPs / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2 * (Generation + 1))) < (1.4 + 2 / (n + 1.0)) * _chiN;
        double cc = Math.Sqrt(_cc * (2 - _cc) * _muEff);
        for (int j = 0; j < n; j++) _pC[j] = (1 - _cc) * _pC[j] + (hSigma ? cc * yw[j] : 0);
        double deltaH = hSigma ? 0 : _cc * (2 - _cc);
        double keep = 1 + _c1 * deltaH - _c1 - _cMu;
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                double rankMu = 0;
                for (int i = 0; i < Mu; i++)
                {
                    int k = order[i] * n;
                    rankMu += _weights[i] * _ys[k + r] * _ys[k + c];
                }
                double v = keep * _c[r * n + c] + _c1 * _pC[r] * _pC[c] + _cMu * rankMu;
                _c[r * n + c] = v;
                _c[c * n + r] = v;
            }
        }
        _sigma *= Math.Exp(_cSigma / _dSigma * (normPs / _chiN - 1));
        Generation++;
        Decompose();
        Sample();
    }

    private void Sample()
    {
        int n = _n;
        var z = new double[n];
        for (int k = 0; k < Lambda; k++)
        {
            for (int j = 0; j < n; j++) z[j] = _d[j] * _random.NextGaussian();
            for (int j = 0; j < n; j++)
            {
                double y = 0;
                for (int a = 0; a < n; a++) y += _b[j * n + a] * z[a];
                _ys[k * n + j] = y;
                _samples[k * n + j] = _mean[j] + _sigma * y;
            }
        }
    }

    /// <summary>C = B D² B^T by cyclic Jacobi rotations (C is symmetric; n is small here).</summary>
    private void Decompose()
    {
        var (v, values) = NeuroSharp.Numerics.LinearAlgebra.SymmetricEigen.Decompose(_c, _n);
        _b = v;
        for (int j = 0; j < _n; j++) _d[j] = Math.Sqrt(Math.Max(values[j], 1e-300));
    }

    private static double[] Identity(int n)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++) m[i * n + i] = 1;
        return m;
    }

    /// <summary>The run's state (for a checkpoint).</summary>
    /// <param name="nextGenomeId">The caller's next genome id, kept beside it.</param>
    /// <returns>The state.</returns>
    public CmaEsState Save(long nextGenomeId) => new(Generation, nextGenomeId, _random.GetState(), [.. _mean], _sigma, [.. _c],
        [.. _pSigma], [.. _pC], [.. _ys]);

    /// <summary>A run restored from <see cref="Save"/>.</summary>
    /// <param name="state">The state.</param>
    /// <param name="lambda">The run's lambda (0: default).</param>
    /// <returns>The run, with the saved candidates.</returns>
    public static CmaEs Restore(CmaEsState state, int lambda)
    {
        int n = state.Mean.Length;
        var cma = new CmaEs(state.Mean, state.Sigma, new RandomStream(state.Random), lambda);
        if (state.Covariance.Length != n * n || state.Steps.Length != cma.Lambda * n || state.PathC.Length != n || state.PathSigma.Length != n)
            throw new InvalidInputException($"The CMA-ES checkpoint's arrays do not fit dimension {n} and lambda {cma.Lambda}.");
        cma._random = new RandomStream(state.Random);
        cma._c = [.. state.Covariance];
        cma._pSigma = [.. state.PathSigma];
        cma._pC = [.. state.PathC];
        cma.Generation = state.Generation;
        cma.Decompose();
        state.Steps.CopyTo(cma._ys, 0);
        for (int k = 0; k < cma.Lambda; k++)
            for (int j = 0; j < n; j++) cma._samples[k * n + j] = cma._mean[j] + cma._sigma * cma._ys[k * n + j];
        return cma;
    }
}
