using NeuroSharp.Evolution.Tasks;

namespace NeuroSharp.Tests.Evolution;

public class CartPoleTests
{
    private static CartPole State() => new() { X = 0.1, XDot = -0.2, Theta1 = 0.05, Theta1Dot = 0.3, Theta2 = -0.02, Theta2Dot = 0.1, TwoPoles = true };

    [Fact]
    public void Accelerations_KnownState_MatchHandComputedWielandEquations()
    {
        // Worked by hand from docs/evolution-pole-balancing.md (effective forces and masses), F = 10 N.
        var (xa, t1, t2) = CartPole.Accelerations(State(), 10);
        Assert.Equal(9.696509844559634, xa, 1e-12);
        Assert.Equal(-13.791911809985457, t1, 1e-11);
        Assert.Equal(-148.36436311241883, t2, 1e-10);
    }

    [Fact]
    public void Step_KnownState_MatchesTwoIndependentRungeKuttaSteps()
    {
        // Reference: the same equations stepped by an independent RK4 (h = 0.01 s, twice) in double precision.
        var s = State();
        s.Step(10);
        Assert.Equal(0.09793908873341778, s.X, 1e-13);
        Assert.Equal(-0.006095015447838567, s.XDot, 1e-12);
        Assert.Equal(0.05324669097077964, s.Theta1, 1e-13);
        Assert.Equal(0.024842007319093445, s.Theta1Dot, 1e-12);
        Assert.Equal(-0.04778046027830994, s.Theta2, 1e-13);
        Assert.Equal(-2.8905651110154484, s.Theta2Dot, 1e-11);
    }

    [Fact]
    public void Step_NoForceUprightPoles_StaysAtRest()
    {
        var s = new CartPole { TwoPoles = true };
        for (int i = 0; i < 100; i++) s.Step(0);
        Assert.Equal(0, s.X);
        Assert.Equal(0, s.Theta1);
        Assert.False(s.Failed);
    }

    [Fact]
    public void Step_TiltedPoleNoForce_FallsAndFails()
    {
        var s = new CartPole { Theta1 = 0.07, TwoPoles = false };
        int t = 0;
        while (!s.Failed && t < 1000) { s.Step(0); t++; }
        Assert.True(s.Failed);
        Assert.True(s.Theta1 > 0, "the pole falls to the side it leans to");
    }
}
