using System.Runtime.CompilerServices;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// A 2-D worm in a walled dish (docs/world-worm.md): an overdamped chain of nodes with axial springs, a
/// left and a right muscle at each interior joint that set the joint's preferred bend, anisotropic drag
/// (normal drag larger than tangential), a delay line that carries the head's muscle command down the body
/// (or up it, when reversing), food that smells, walls and round obstacles that the body cannot enter.
/// </summary>
/// <remarks>
/// State is struct-of-arrays, sized once at construction: <see cref="Step"/> allocates nothing. Sensors
/// (<see cref="ReadSensors"/>, order <see cref="SensorNames"/>): smell level at the head, its relative rise
/// (ON) and fall (OFF) per second, head touch, tail touch, and the head joint's bend to the left and right.
/// </remarks>
public sealed class WormWorld
{
    /// <summary>Sensor values per step.</summary>
    public const int SensorCount = 7;

    /// <summary>The sensors in the order <see cref="ReadSensors"/> writes them.</summary>
    public static IReadOnlyList<string> SensorNames { get; } = ["smell", "smellRise", "smellFall", "touchHead", "touchTail", "bendLeft", "bendRight"];

    private readonly int _n;
    private readonly double[] _x, _y, _fx, _fy, _tx, _ty;
    private readonly double[] _aL, _aR;
    private readonly double[] _histL, _histR;
    private readonly double[] _foodX, _foodY;
    private readonly bool[] _eaten;
    private readonly double[] _obsX, _obsY, _obsR;
    private int _histPos, _foodCount, _obsCount, _eatenCount;
    private double _time, _energy, _logC, _dLogC;
    private bool _touchHead, _touchTail, _reverse;

    /// <summary>Builds a world; place the worm with <see cref="Reset"/>.</summary>
    /// <param name="body">The body and medium (validated).</param>
    /// <param name="arena">The dish (validated).</param>
    /// <exception cref="InvalidOptionException">A parameter is out of range.</exception>
    public WormWorld(WormBodyOptions? body = null, WormArenaOptions? arena = null)
    {
        Body = body ?? new WormBodyOptions();
        Arena = arena ?? new WormArenaOptions();
        Body.Validate();
        Arena.Validate();
        if (Body.BodyLength + 2 * Body.BodyRadius >= Math.Min(Arena.Width, Arena.Height))
            throw new InvalidOptionException(nameof(WormArenaOptions), nameof(WormArenaOptions.Width),
                $"must leave room for the body of {Body.BodyLength:G4} mm (the smaller side must be longer than the body)", Math.Min(Arena.Width, Arena.Height));
        _n = Body.Nodes;
        _x = new double[_n]; _y = new double[_n]; _fx = new double[_n]; _fy = new double[_n];
        _tx = new double[_n]; _ty = new double[_n];
        _aL = new double[_n]; _aR = new double[_n];
        int history = Math.Max(1, (_n - 3) * Body.WaveDelaySteps + 1);
        _histL = new double[history]; _histR = new double[history];
        _foodX = new double[Arena.MaxFoods]; _foodY = new double[Arena.MaxFoods]; _eaten = new bool[Arena.MaxFoods];
        _obsX = new double[Arena.MaxObstacles]; _obsY = new double[Arena.MaxObstacles]; _obsR = new double[Arena.MaxObstacles];
    }

    /// <summary>The body and medium.</summary>
    public WormBodyOptions Body { get; }

    /// <summary>The dish.</summary>
    public WormArenaOptions Arena { get; }

    /// <summary>Nodes of the body, head first.</summary>
    public int NodeCount => _n;

    /// <summary>x of every node in mm, head first.</summary>
    public ReadOnlySpan<double> X => _x;

    /// <summary>y of every node in mm, head first.</summary>
    public ReadOnlySpan<double> Y => _y;

    /// <summary>Left muscle activation of every node in [0, 1] (the two end nodes have no joint and stay 0).</summary>
    public ReadOnlySpan<double> LeftActivation => _aL;

    /// <summary>Right muscle activation of every node in [0, 1].</summary>
    public ReadOnlySpan<double> RightActivation => _aR;

    /// <summary>Simulated time in s since <see cref="Reset"/>.</summary>
    public double Time => _time;

    /// <summary>Muscle activation spent since <see cref="Reset"/>: sum over joints and steps of (a_left + a_right) x world step, in activation-seconds.</summary>
    public double Energy => _energy;

    /// <summary>Food sources eaten since <see cref="Reset"/>.</summary>
    public int FoodEaten => _eatenCount;

    /// <summary>Food sources placed.</summary>
    public int FoodCount => _foodCount;

    /// <summary>Obstacles placed.</summary>
    public int ObstacleCount => _obsCount;

    /// <summary>Whether the head node pressed on a wall or obstacle during the last step.</summary>
    public bool HeadTouched => _touchHead;

    /// <summary>Whether the tail node pressed on a wall or obstacle during the last step.</summary>
    public bool TailTouched => _touchTail;

    /// <summary>Whether the last step's wave ran backwards (tail to head).</summary>
    public bool Reversing => _reverse;

    /// <summary>The head's position in mm.</summary>
    public (double X, double Y) Head => (_x[0], _y[0]);

    /// <summary>The centre of mass (mean of the nodes) in mm.</summary>
    public (double X, double Y) Centre
    {
        get
        {
            double sx = 0, sy = 0;
            for (int i = 0; i < _n; i++) { sx += _x[i]; sy += _y[i]; }
            return (sx / _n, sy / _n);
        }
    }

    /// <summary>The direction the body points, in radians: from the tail node to the head node.</summary>
    public double Heading => Math.Atan2(_y[0] - _y[_n - 1], _x[0] - _x[_n - 1]);

    /// <summary>
    /// Puts the worm straight and at rest, head at (x, y) pointing along <paramref name="heading"/>, removes
    /// all food and obstacles, and zeroes time, energy, muscles and the delay line.
    /// </summary>
    /// <param name="headX">Head x in mm.</param>
    /// <param name="headY">Head y in mm.</param>
    /// <param name="heading">Direction from tail to head in radians.</param>
    /// <exception cref="ArgumentException">A node would lie outside the dish.</exception>
    public void Reset(double headX, double headY, double heading)
    {
        double cx = Math.Cos(heading), cy = Math.Sin(heading), r = Body.BodyRadius;
        for (int i = 0; i < _n; i++)
        {
            _x[i] = headX - i * Body.SegmentLength * cx;
            _y[i] = headY - i * Body.SegmentLength * cy;
            if (!(_x[i] >= r && _x[i] <= Arena.Width - r && _y[i] >= r && _y[i] <= Arena.Height - r))
                throw new ArgumentException($"The worm placed at ({headX:G4}, {headY:G4}) heading {heading:G4} rad would leave the {Arena.Width:G4} x {Arena.Height:G4} mm dish.");
        }
        Array.Clear(_aL); Array.Clear(_aR); Array.Clear(_histL); Array.Clear(_histR);
        Array.Clear(_eaten);
        _histPos = _foodCount = _obsCount = _eatenCount = 0;
        _time = _energy = _dLogC = 0;
        _touchHead = _touchTail = _reverse = false;
        _logC = LogSmell(_x[0], _y[0]);
    }

    /// <summary>Places a food source (it smells from now on).</summary>
    /// <param name="x">x in mm, inside the dish.</param>
    /// <param name="y">y in mm, inside the dish.</param>
    /// <exception cref="ArgumentException">The dish is full (<see cref="WormArenaOptions.MaxFoods"/>) or the point lies outside.</exception>
    public void AddFood(double x, double y)
    {
        if (_foodCount == _foodX.Length) throw new ArgumentException($"The dish holds at most {_foodX.Length} food sources (WormArenaOptions.MaxFoods).");
        CheckInside(x, y, "food");
        _foodX[_foodCount] = x;
        _foodY[_foodCount] = y;
        _eaten[_foodCount++] = false;
        _logC = LogSmell(_x[0], _y[0]);
    }

    /// <summary>Places a round obstacle that no node may enter.</summary>
    /// <param name="x">Centre x in mm.</param>
    /// <param name="y">Centre y in mm.</param>
    /// <param name="radius">Radius in mm, &gt; 0.</param>
    /// <exception cref="ArgumentException">The dish is full, the centre lies outside or the radius is not positive.</exception>
    public void AddObstacle(double x, double y, double radius)
    {
        if (_obsCount == _obsX.Length) throw new ArgumentException($"The dish holds at most {_obsX.Length} obstacles (WormArenaOptions.MaxObstacles).");
        CheckInside(x, y, "obstacle");
        if (!(radius > 0) || !double.IsFinite(radius)) throw new ArgumentException($"An obstacle's radius must be a finite number > 0 mm (got {radius}).", nameof(radius));
        _obsX[_obsCount] = x;
        _obsY[_obsCount] = y;
        _obsR[_obsCount++] = radius;
    }

    private void CheckInside(double x, double y, string what)
    {
        if (!(x >= 0 && x <= Arena.Width && y >= 0 && y <= Arena.Height))
            throw new ArgumentException($"The {what} at ({x}, {y}) lies outside the {Arena.Width:G4} x {Arena.Height:G4} mm dish.");
    }

    /// <summary>x, y and whether eaten, of food source <paramref name="k"/>.</summary>
    /// <param name="k">The food's index.</param>
    /// <returns>Its position and state.</returns>
    public (double X, double Y, bool Eaten) Food(int k)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)k, (uint)_foodCount, nameof(k));
        return (_foodX[k], _foodY[k], _eaten[k]);
    }

    /// <summary>x, y and radius of obstacle <paramref name="k"/>.</summary>
    /// <param name="k">The obstacle's index.</param>
    /// <returns>Its circle.</returns>
    public (double X, double Y, double Radius) Obstacle(int k)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)k, (uint)_obsCount, nameof(k));
        return (_obsX[k], _obsY[k], _obsR[k]);
    }

    /// <summary>Distance from the head to the nearest uneaten food in mm (infinity if none is left).</summary>
    /// <returns>The distance.</returns>
    public double NearestFoodDistance()
    {
        double best = double.PositiveInfinity;
        for (int k = 0; k < _foodCount; k++)
        {
            if (_eaten[k]) continue;
            best = Math.Min(best, Math.Sqrt(Sq(_x[0] - _foodX[k]) + Sq(_y[0] - _foodY[k])));
        }
        return best;
    }

    /// <summary>Free distance from a point to the nearest wall or obstacle surface, in mm (negative inside).</summary>
    /// <param name="x">x in mm.</param>
    /// <param name="y">y in mm.</param>
    /// <returns>The clearance.</returns>
    public double Clearance(double x, double y)
    {
        double c = Math.Min(Math.Min(x, Arena.Width - x), Math.Min(y, Arena.Height - y));
        for (int k = 0; k < _obsCount; k++) c = Math.Min(c, Math.Sqrt(Sq(x - _obsX[k]) + Sq(y - _obsY[k])) - _obsR[k]);
        return c;
    }

    /// <summary>The smell C at a point: the sum over uneaten food of exp(-distance / lambda).</summary>
    /// <param name="x">x in mm.</param>
    /// <param name="y">y in mm.</param>
    /// <returns>C, 0 with no food.</returns>
    public double Smell(double x, double y)
    {
        double c = 0, lambda = Arena.GradientLength;
        for (int k = 0; k < _foodCount; k++)
        {
            if (!_eaten[k]) c += Math.Exp(-Math.Sqrt(Sq(x - _foodX[k]) + Sq(y - _foodY[k])) / lambda);
        }
        return c;
    }

    // A floor keeps ln C finite once all food is eaten.
    private double LogSmell(double x, double y) => Math.Log(Math.Max(Smell(x, y), 1e-12));

    /// <summary>
    /// One world step (<see cref="WormBodyOptions.WorldStep"/> s): the head command enters the delay line,
    /// every joint takes its delayed command, the body moves <see cref="WormBodyOptions.Substeps"/> integration
    /// steps, then food within reach of the head is eaten and the sensors are updated.
    /// </summary>
    /// <param name="left">Left muscle command of the head joint, clipped to [0, 1].</param>
    /// <param name="right">Right muscle command, clipped to [0, 1].</param>
    /// <param name="reverse">True: the wave starts at the tail joint and runs headwards (backing up).</param>
    public void Step(double left, double right, bool reverse)
    {
        int h = _histL.Length;
        _histPos = (_histPos + 1) % h;
        _histL[_histPos] = Clip01(left);
        _histR[_histPos] = Clip01(right);
        _reverse = reverse;
        int joints = _n - 2, delay = Body.WaveDelaySteps;
        double activation = 0;
        for (int j = 1; j <= joints; j++)
        {
            int k = reverse ? joints - j : j - 1;
            int idx = ((_histPos - k * delay) % h + h) % h;
            _aL[j] = _histL[idx];
            _aR[j] = _histR[idx];
            activation += _aL[j] + _aR[j];
        }
        double dtWorld = Body.WorldStep;
        _energy += activation * dtWorld;
        _touchHead = _touchTail = false;
        for (int s = 0; s < Body.Substeps; s++) Substep();
        _time += dtWorld;
        Eat();
        double logC = LogSmell(_x[0], _y[0]);
        _dLogC = (logC - _logC) / dtWorld;
        _logC = logC;
    }

    private void Eat()
    {
        double r2 = Sq(Arena.FoodRadius);
        bool ate = false;
        for (int k = 0; k < _foodCount; k++)
        {
            if (_eaten[k] || Sq(_x[0] - _foodX[k]) + Sq(_y[0] - _foodY[k]) > r2) continue;
            _eaten[k] = true;
            _eatenCount++;
            ate = true;
        }
        // The smell drops when a source is eaten; that drop is not the head's movement, so it is not sensed as a fall.
        if (ate) _logC = LogSmell(_x[0], _y[0]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Substep()
    {
        var b = Body;
        int n = _n;
        Array.Clear(_fx);
        Array.Clear(_fy);
        double l0 = b.SegmentLength, ks = b.AxialStiffness, kb = b.BendStiffness;
        for (int i = 0; i < n - 1; i++)
        {
            double dx = _x[i] - _x[i + 1], dy = _y[i] - _y[i + 1];
            double len = Math.Sqrt(dx * dx + dy * dy);
            double f = ks * (len - l0) / len;
            _fx[i] -= f * dx; _fy[i] -= f * dy;
            _fx[i + 1] += f * dx; _fy[i + 1] += f * dy;
        }
        for (int j = 1; j < n - 1; j++)
        {
            // The muscles set the joint's preferred bend phi; the joint is pulled towards the point that makes
            // that bend with its neighbours, and the neighbours take the reaction, so internal forces sum to 0.
            double cx = _x[j - 1] - _x[j + 1], cy = _y[j - 1] - _y[j + 1];
            double len = Math.Sqrt(cx * cx + cy * cy);
            double nx = -cy / len, ny = cx / len;
            double phi = b.MaxBend * (_aL[j] - _aR[j]);
            double offset = -l0 * Math.Sin(phi / 2);
            double px = 0.5 * (_x[j - 1] + _x[j + 1]) + offset * nx, py = 0.5 * (_y[j - 1] + _y[j + 1]) + offset * ny;
            double fx = kb * (px - _x[j]), fy = kb * (py - _y[j]);
            _fx[j] += fx; _fy[j] += fy;
            _fx[j - 1] -= 0.5 * fx; _fy[j - 1] -= 0.5 * fy;
            _fx[j + 1] -= 0.5 * fx; _fy[j + 1] -= 0.5 * fy;
        }
        for (int i = 0; i < n; i++)
        {
            int a = Math.Max(0, i - 1), c = Math.Min(n - 1, i + 1);
            double tx = _x[a] - _x[c], ty = _y[a] - _y[c];
            double len = Math.Sqrt(tx * tx + ty * ty);
            _tx[i] = tx / len;
            _ty[i] = ty / len;
        }
        double dt = b.TimeStep, mt = dt / b.TangentialDrag, mn = dt / b.NormalDrag;
        for (int i = 0; i < n; i++)
        {
            // Resistive force theory: velocity = F_t / c_t along the body + F_n / c_n across it.
            double tx = _tx[i], ty = _ty[i];
            double ft = _fx[i] * tx + _fy[i] * ty;
            double fnx = _fx[i] - ft * tx, fny = _fy[i] - ft * ty;
            _x[i] += ft * tx * mt + fnx * mn;
            _y[i] += ft * ty * mt + fny * mn;
        }
        for (int i = 0; i < n; i++)
        {
            if (Confine(i))
            {
                if (i == 0) _touchHead = true;
                if (i == n - 1) _touchTail = true;
            }
        }
    }

    /// <summary>Pushes node i out of walls and obstacles; true if it was pressing on one.</summary>
    private bool Confine(int i)
    {
        double r = Body.BodyRadius;
        bool contact = false;
        if (_x[i] <= r) { _x[i] = r; contact = true; }
        if (_x[i] >= Arena.Width - r) { _x[i] = Arena.Width - r; contact = true; }
        if (_y[i] <= r) { _y[i] = r; contact = true; }
        if (_y[i] >= Arena.Height - r) { _y[i] = Arena.Height - r; contact = true; }
        for (int k = 0; k < _obsCount; k++)
        {
            double dx = _x[i] - _obsX[k], dy = _y[i] - _obsY[k];
            double d = Math.Sqrt(dx * dx + dy * dy), reach = _obsR[k] + r;
            if (d > reach) continue;
            contact = true;
            if (d == 0) { dx = 1; dy = 0; d = 1; }
            _x[i] = _obsX[k] + dx / d * reach;
            _y[i] = _obsY[k] + dy / d * reach;
        }
        return contact;
    }

    /// <summary>The bend of the head joint in radians, positive to the left (counterclockwise seen from above).</summary>
    public double HeadBend => Bend(1);

    /// <summary>The bend of joint <paramref name="j"/> (1 .. N - 2) in radians, positive to the left.</summary>
    /// <param name="j">The joint (node) index.</param>
    /// <returns>The turning angle from segment (j+1, j) to segment (j, j-1).</returns>
    public double Bend(int j)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(j, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(j, _n - 2);
        double ax = _x[j] - _x[j + 1], ay = _y[j] - _y[j + 1], bx = _x[j - 1] - _x[j], by = _y[j - 1] - _y[j];
        return Math.Atan2(ax * by - ay * bx, ax * bx + ay * by);
    }

    /// <summary>Writes the sensors after the last step, in <see cref="SensorNames"/> order, each in [0, 1].</summary>
    /// <param name="sensors">At least <see cref="SensorCount"/> values.</param>
    public void ReadSensors(Span<float> sensors)
    {
        if (sensors.Length < SensorCount) throw new ArgumentException($"Needs {SensorCount} sensor values.", nameof(sensors));
        double gain = Arena.ChangeGain, bend = HeadBend / Body.MaxBend;
        sensors[0] = (float)Math.Min(1, Math.Exp(_logC) < 1e-11 ? 0 : Math.Exp(_logC));
        sensors[1] = (float)Clip01(gain * _dLogC);
        sensors[2] = (float)Clip01(-gain * _dLogC);
        sensors[3] = _touchHead ? 1 : 0;
        sensors[4] = _touchTail ? 1 : 0;
        sensors[5] = (float)Clip01(bend);
        sensors[6] = (float)Clip01(-bend);
    }

    /// <summary>Values in <see cref="WriteState"/>'s flat layout for this world now (see <see cref="WormState"/>).</summary>
    public int StateLength => WormState.Length(_n, _foodCount, _obsCount);

    /// <summary>Writes the world's state as one flat span in <see cref="WormState"/>'s documented order.</summary>
    /// <param name="state">At least <see cref="StateLength"/> values.</param>
    public void WriteState(Span<double> state)
    {
        if (state.Length < StateLength) throw new ArgumentException($"Needs {StateLength} state values.", nameof(state));
        state[WormState.Time] = _time;
        state[WormState.Energy] = _energy;
        state[WormState.HeadTouch] = _touchHead ? 1 : 0;
        state[WormState.TailTouch] = _touchTail ? 1 : 0;
        state[WormState.Reverse] = _reverse ? 1 : 0;
        state[WormState.Width] = Arena.Width;
        state[WormState.Height] = Arena.Height;
        state[WormState.Nodes] = _n;
        state[WormState.Foods] = _foodCount;
        state[WormState.Obstacles] = _obsCount;
        state[WormState.FoodEaten] = _eatenCount;
        state[WormState.BodyRadius] = Body.BodyRadius;
        int o = WormState.HeaderLength;
        _x.CopyTo(state[o..]); o += _n;
        _y.CopyTo(state[o..]); o += _n;
        _aL.CopyTo(state[o..]); o += _n;
        _aR.CopyTo(state[o..]); o += _n;
        for (int k = 0; k < _foodCount; k++)
        {
            state[o++] = _foodX[k]; state[o++] = _foodY[k]; state[o++] = _eaten[k] ? 1 : 0;
        }
        for (int k = 0; k < _obsCount; k++)
        {
            state[o++] = _obsX[k]; state[o++] = _obsY[k]; state[o++] = _obsR[k];
        }
    }

    private static double Clip01(double v) => v <= 0 || double.IsNaN(v) ? 0 : v >= 1 ? 1 : v;

    private static double Sq(double v) => v * v;
}
