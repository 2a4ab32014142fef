namespace NeuroSharp.Evolution.Tasks;

/// <summary>
/// A cart on a track carrying one or two hinged poles: Wieland's (1991) equations as used by Stanley and
/// Miikkulainen (2002) and Gomez et al. (2008). Cart 1 kg; pole 1 of half-length 0.5 m and 0.1 kg; pole 2
/// (if present) of half-length 0.05 m and 0.01 kg; hinge friction mu_p = 2e-6; no cart friction; g = 9.8 m/s².
/// Integrated by fourth-order Runge-Kutta with h = 0.01 s; one control step is two integration steps
/// (0.02 s). See docs/evolution-pole-balancing.md.
/// </summary>
public struct CartPole
{
    /// <summary>Gravity, m/s².</summary>
    public const double Gravity = 9.8;
    /// <summary>The cart's mass, kg.</summary>
    public const double CartMass = 1.0;
    /// <summary>Pole 1's mass, kg.</summary>
    public const double Mass1 = 0.1;
    /// <summary>Pole 2's mass, kg.</summary>
    public const double Mass2 = 0.01;
    /// <summary>Pole 1's half-length, m.</summary>
    public const double HalfLength1 = 0.5;
    /// <summary>Pole 2's half-length, m.</summary>
    public const double HalfLength2 = 0.05;
    /// <summary>Hinge friction coefficient.</summary>
    public const double HingeFriction = 0.000002;
    /// <summary>The integration step, s.</summary>
    public const double Tau = 0.01;
    /// <summary>The largest force magnitude, N.</summary>
    public const double ForceMagnitude = 10.0;
    /// <summary>The track's half-length, m: the cart fails beyond it.</summary>
    public const double TrackLimit = 2.4;
    /// <summary>The failure angle of either pole, rad (36 degrees).</summary>
    public const double FailureAngle = 36 * Math.PI / 180;

    /// <summary>Cart position x, m.</summary>
    public double X;
    /// <summary>Cart velocity, m/s.</summary>
    public double XDot;
    /// <summary>Pole 1's angle from vertical, rad.</summary>
    public double Theta1;
    /// <summary>Pole 1's angular velocity, rad/s.</summary>
    public double Theta1Dot;
    /// <summary>Pole 2's angle, rad (stays 0 without a second pole).</summary>
    public double Theta2;
    /// <summary>Pole 2's angular velocity, rad/s.</summary>
    public double Theta2Dot;

    /// <summary>Whether the second pole exists.</summary>
    public bool TwoPoles;

    /// <summary>The accelerations (x'', theta1'', theta2'') of a state under a force.</summary>
    /// <param name="s">The state.</param>
    /// <param name="force">The force on the cart, N.</param>
    /// <returns>The accelerations.</returns>
    public static (double XAcc, double Theta1Acc, double Theta2Acc) Accelerations(in CartPole s, double force)
    {
        // Effective force and mass of each pole on the cart (Wieland 1991).
        double cos1 = Math.Cos(s.Theta1), sin1 = Math.Sin(s.Theta1);
        double ml1 = HalfLength1 * Mass1;
        double fric1 = HingeFriction * s.Theta1Dot / ml1;
        double f1 = ml1 * s.Theta1Dot * s.Theta1Dot * sin1 + 0.75 * Mass1 * cos1 * (fric1 - Gravity * sin1);
        double m1 = Mass1 * (1 - 0.75 * cos1 * cos1);
        double f2 = 0, m2 = 0, cos2 = 1, sin2 = 0, fric2 = 0;
        if (s.TwoPoles)
        {
            cos2 = Math.Cos(s.Theta2);
            sin2 = Math.Sin(s.Theta2);
            double ml2 = HalfLength2 * Mass2;
            fric2 = HingeFriction * s.Theta2Dot / ml2;
            f2 = ml2 * s.Theta2Dot * s.Theta2Dot * sin2 + 0.75 * Mass2 * cos2 * (fric2 - Gravity * sin2);
            m2 = Mass2 * (1 - 0.75 * cos2 * cos2);
        }
        double xAcc = (force + f1 + f2) / (CartMass + m1 + m2);
        double t1 = -0.75 * (xAcc * cos1 - Gravity * sin1 + fric1) / HalfLength1;
        double t2 = s.TwoPoles ? -0.75 * (xAcc * cos2 - Gravity * sin2 + fric2) / HalfLength2 : 0;
        return (xAcc, t1, t2);
    }

    /// <summary>One Runge-Kutta step of <see cref="Tau"/> under a constant force.</summary>
    /// <param name="force">The force on the cart, N.</param>
    public void Integrate(double force)
    {
        var s0 = this;
        var k1 = Derivative(s0, force);
        var k2 = Derivative(Advance(s0, k1, Tau / 2), force);
        var k3 = Derivative(Advance(s0, k2, Tau / 2), force);
        var k4 = Derivative(Advance(s0, k3, Tau), force);
        X += Tau / 6 * (k1.X + 2 * k2.X + 2 * k3.X + k4.X);
        XDot += Tau / 6 * (k1.XDot + 2 * k2.XDot + 2 * k3.XDot + k4.XDot);
        Theta1 += Tau / 6 * (k1.Theta1 + 2 * k2.Theta1 + 2 * k3.Theta1 + k4.Theta1);
        Theta1Dot += Tau / 6 * (k1.Theta1Dot + 2 * k2.Theta1Dot + 2 * k3.Theta1Dot + k4.Theta1Dot);
        Theta2 += Tau / 6 * (k1.Theta2 + 2 * k2.Theta2 + 2 * k3.Theta2 + k4.Theta2);
        Theta2Dot += Tau / 6 * (k1.Theta2Dot + 2 * k2.Theta2Dot + 2 * k3.Theta2Dot + k4.Theta2Dot);
    }

    /// <summary>One control step: two Runge-Kutta steps (0.02 s) under the force.</summary>
    /// <param name="force">The force, clamped to ±<see cref="ForceMagnitude"/>.</param>
    public void Step(double force)
    {
        force = Math.Clamp(force, -ForceMagnitude, ForceMagnitude);
        Integrate(force);
        Integrate(force);
    }

    /// <summary>Whether the cart left the track or a pole passed the failure angle.</summary>
    public readonly bool Failed =>
        Math.Abs(X) > TrackLimit || Math.Abs(Theta1) > FailureAngle || (TwoPoles && Math.Abs(Theta2) > FailureAngle);

    /// <summary>Copies the state variables (x, x', theta1, theta1', theta2, theta2') into a span of 6.</summary>
    /// <param name="destination">At least 6 long.</param>
    public readonly void CopyTo(Span<double> destination)
    {
        destination[0] = X; destination[1] = XDot; destination[2] = Theta1;
        destination[3] = Theta1Dot; destination[4] = Theta2; destination[5] = Theta2Dot;
    }

    private static CartPole Derivative(in CartPole s, double force)
    {
        var (xa, t1a, t2a) = Accelerations(s, force);
        return new CartPole { X = s.XDot, XDot = xa, Theta1 = s.Theta1Dot, Theta1Dot = t1a, Theta2 = s.Theta2Dot, Theta2Dot = t2a, TwoPoles = s.TwoPoles };
    }

    private static CartPole Advance(in CartPole s, in CartPole d, double h) => new()
    {
        X = s.X + h * d.X, XDot = s.XDot + h * d.XDot, Theta1 = s.Theta1 + h * d.Theta1,
        Theta1Dot = s.Theta1Dot + h * d.Theta1Dot, Theta2 = s.Theta2 + h * d.Theta2, Theta2Dot = s.Theta2Dot + h * d.Theta2Dot,
        TwoPoles = s.TwoPoles,
    };
}
