using NeuroSharp.Evolution;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Tests.Evolution;

public class CmaEsTests
{
    private static double Minimise(Func<double[], double> f, int n, double[] start, double sigma, int maxGenerations, ulong seed, out CmaEs cma)
    {
        cma = new CmaEs(start, sigma, new RandomStream(seed));
        double best = double.PositiveInfinity;
        var costs = new double[cma.Lambda];
        for (int g = 0; g < maxGenerations && best > 1e-12; g++)
        {
            for (int k = 0; k < cma.Lambda; k++)
            {
                costs[k] = f(cma.Candidate(k).ToArray());
                best = Math.Min(best, costs[k]);
            }
            cma.Tell(costs);
        }
        return best;
    }

    [Fact]
    public void Defaults_Dimension10_AreHansensTable()
    {
        var cma = new CmaEs(new double[10], 1, new RandomStream(1));
        Assert.Equal(10, cma.Lambda);              // 4 + floor(3 ln 10) = 4 + 6
        Assert.Equal(5, cma.Mu);
        // mu_eff for log weights ln(5.5) - ln i, i = 1..5.
        var w = Enumerable.Range(1, 5).Select(i => Math.Log(5.5) - Math.Log(i)).ToArray();
        double muEff = Math.Pow(w.Sum(), 2) / w.Sum(x => x * x);
        Assert.Equal(muEff, cma.MuEff, 12);
    }

    [Fact]
    public void Sphere_Dimension10_ConvergesToZero()
    {
        double best = Minimise(x => x.Sum(v => v * v), 10, Enumerable.Repeat(3.0, 10).ToArray(), 2, 2000, 1, out var cma);
        Assert.True(best < 1e-10, $"best {best}");
        Assert.All(cma.Mean.ToArray(), m => Assert.True(Math.Abs(m) < 1e-4));
    }

    [Fact]
    public void Rosenbrock_Dimension5_FindsTheValleyMinimum()
    {
        static double Rosen(double[] x)
        {
            double s = 0;
            for (int i = 0; i < x.Length - 1; i++) s += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
            return s;
        }
        double best = Minimise(Rosen, 5, new double[5], 0.5, 5000, 2, out var cma);
        Assert.True(best < 1e-10, $"best {best}");
        Assert.All(cma.Mean.ToArray(), m => Assert.Equal(1.0, m, 3));
    }
}
