namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// The flat layout of a worm world's state (<see cref="WormWorld.WriteState"/>; what <see cref="IWorldObserver"/>
/// receives and what a drawing or a studio page reads). A header of <see cref="HeaderLength"/> values, then
/// x[N], y[N], leftActivation[N], rightActivation[N] (nodes head first), then (x, y, eaten) per food and
/// (x, y, radius) per obstacle.
/// </summary>
public static class WormState
{
    /// <summary>Simulated time in s.</summary>
    public const int Time = 0;

    /// <summary>Energy spent in activation-seconds.</summary>
    public const int Energy = 1;

    /// <summary>1 if the head pressed on a wall or obstacle in the last step.</summary>
    public const int HeadTouch = 2;

    /// <summary>1 if the tail pressed on a wall or obstacle in the last step.</summary>
    public const int TailTouch = 3;

    /// <summary>1 if the last step's wave ran backwards.</summary>
    public const int Reverse = 4;

    /// <summary>Dish width in mm.</summary>
    public const int Width = 5;

    /// <summary>Dish height in mm.</summary>
    public const int Height = 6;

    /// <summary>N, nodes of the body.</summary>
    public const int Nodes = 7;

    /// <summary>F, food sources.</summary>
    public const int Foods = 8;

    /// <summary>O, obstacles.</summary>
    public const int Obstacles = 9;

    /// <summary>Food sources eaten.</summary>
    public const int FoodEaten = 10;

    /// <summary>Body radius in mm.</summary>
    public const int BodyRadius = 11;

    /// <summary>Values before the node arrays.</summary>
    public const int HeaderLength = 12;

    /// <summary>The whole length for N nodes, F foods and O obstacles.</summary>
    /// <param name="nodes">N.</param>
    /// <param name="foods">F.</param>
    /// <param name="obstacles">O.</param>
    /// <returns>12 + 4 N + 3 F + 3 O.</returns>
    public static int Length(int nodes, int foods, int obstacles) => HeaderLength + 4 * nodes + 3 * foods + 3 * obstacles;

    /// <summary>Checks a span's header against its length; the message names what is wrong.</summary>
    /// <param name="state">A state written by <see cref="WormWorld.WriteState"/>.</param>
    /// <returns>N, F and O.</returns>
    /// <exception cref="ArgumentException">The span is not a worm state.</exception>
    public static (int Nodes, int Foods, int Obstacles) Shape(ReadOnlySpan<double> state)
    {
        if (state.Length < HeaderLength) throw new ArgumentException($"A worm state has at least {HeaderLength} values (got {state.Length}).", nameof(state));
        int n = (int)state[Nodes], f = (int)state[Foods], o = (int)state[Obstacles];
        if (n < 2 || f < 0 || o < 0 || state.Length < Length(n, f, o))
            throw new ArgumentException($"The worm state's header (nodes {n}, foods {f}, obstacles {o}) does not match its {state.Length} values.", nameof(state));
        return (n, f, o);
    }
}
