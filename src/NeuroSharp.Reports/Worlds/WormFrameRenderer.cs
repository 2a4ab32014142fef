using NeuroSharp.Evolution.Worlds.Worm;
using SkiaSharp;

namespace NeuroSharp.Reports.Worlds;

/// <summary>
/// Draws one frame of the worm world from its flat state (<see cref="WormState"/>): the dish, obstacles, food
/// (eaten food hollow), the smell as a faint halo, the body as a chain of discs whose sides light up with their
/// muscles (left red, right blue), and a yellow flash at the head or tail while it is touched. For <c>play</c>:
/// feed it the states an <see cref="NeuroSharp.Evolution.IWorldObserver"/> receives (see <see cref="WormFrameRecorder"/>).
/// </summary>
public sealed class WormFrameRenderer
{
    /// <summary>The colours a frame uses; the GIF encoder's palette is built from them.</summary>
    public static IReadOnlyList<SKColor> Palette { get; } =
    [
        new(250, 250, 247), new(60, 60, 60), new(200, 200, 200), new(89, 161, 79), new(205, 230, 200),
        new(120, 120, 120), new(225, 87, 89), new(78, 121, 167), new(242, 190, 40), new(240, 240, 232), new(30, 30, 30),
    ];

    private static readonly SKColor Background = Palette[0], Wall = Palette[1], Obstacle = Palette[2], FoodColor = Palette[3],
        Halo = Palette[4], BodyColor = Palette[5], LeftMuscle = Palette[6], RightMuscle = Palette[7], Touch = Palette[8], Dish = Palette[9], Text = Palette[10];

    /// <summary>Builds a renderer.</summary>
    /// <param name="pixelsPerMm">Scale of the drawing (the default draws a 6 mm dish 480 pixels wide).</param>
    public WormFrameRenderer(double pixelsPerMm = 80)
    {
        if (!(pixelsPerMm > 0 && pixelsPerMm <= 1000)) throw new ArgumentOutOfRangeException(nameof(pixelsPerMm), pixelsPerMm, "The scale must be in (0, 1000] pixels per mm.");
        PixelsPerMm = pixelsPerMm;
    }

    /// <summary>Pixels per mm.</summary>
    public double PixelsPerMm { get; }

    /// <summary>Draws the frame of <paramref name="state"/>.</summary>
    /// <param name="state">A state in <see cref="WormState"/>'s layout.</param>
    /// <returns>A new bitmap (the caller disposes it).</returns>
    public SKBitmap Render(ReadOnlySpan<double> state)
    {
        var (n, foods, obstacles) = WormState.Shape(state);
        double width = state[WormState.Width], height = state[WormState.Height];
        int border = 8;
        int w = (int)Math.Ceiling(width * PixelsPerMm) + 2 * border, h = (int)Math.Ceiling(height * PixelsPerMm) + 2 * border + 20;
        var bitmap = new SKBitmap(w, h);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(Background);
        float s = (float)PixelsPerMm;
        // World y points up; the picture's y points down.
        SKPoint P(double x, double y) => new(border + (float)(x * s), border + (float)((height - y) * s));
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = false };
        using var stroke = new SKPaint { Style = SKPaintStyle.Stroke, IsAntialias = false, StrokeWidth = 3, Color = Wall };
        fill.Color = Dish;
        canvas.DrawRect(border, border, (float)(width * s), (float)(height * s), fill);
        int o = WormState.HeaderLength + 4 * n;
        for (int k = 0; k < foods; k++, o += 3)
        {
            var c = P(state[o], state[o + 1]);
            if (state[o + 2] == 0)
            {
                fill.Color = Halo;
                canvas.DrawCircle(c, 0.6f * s, fill);
                fill.Color = FoodColor;
                canvas.DrawCircle(c, 0.12f * s, fill);
            }
            else
            {
                using var ring = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = 2, Color = FoodColor };
                canvas.DrawCircle(c, 0.12f * s, ring);
            }
        }
        for (int k = 0; k < obstacles; k++, o += 3)
        {
            fill.Color = Obstacle;
            canvas.DrawCircle(P(state[o], state[o + 1]), (float)(state[o + 2] * s), fill);
        }
        canvas.DrawRect(border, border, (float)(width * s), (float)(height * s), stroke);
        DrawBody(canvas, state, n, P, s);
        using var font = new SKFont { Size = 14 };
        fill.Color = Text;
        string caption = $"t {state[WormState.Time],6:F1} s   food {state[WormState.FoodEaten]:0}/{foods}   energy {state[WormState.Energy]:F1}" + (state[WormState.Reverse] != 0 ? "   reversing" : "");
        canvas.DrawText(caption, border, h - 6, font, fill);
        return bitmap;
    }

    private static void DrawBody(SKCanvas canvas, ReadOnlySpan<double> state, int n, Func<double, double, SKPoint> p, float s)
    {
        int x0 = WormState.HeaderLength, y0 = x0 + n, l0 = y0 + n, r0 = l0 + n;
        float radius = Math.Max(2f, (float)(state[WormState.BodyRadius] * s));
        using var paint = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = false };
        using var line = new SKPaint { Style = SKPaintStyle.Stroke, IsAntialias = false, StrokeWidth = 2 * radius, Color = BodyColor, StrokeCap = SKStrokeCap.Round };
        for (int i = 0; i < n - 1; i++) canvas.DrawLine(p(state[x0 + i], state[y0 + i]), p(state[x0 + i + 1], state[y0 + i + 1]), line);
        for (int i = 0; i < n; i++)
        {
            // Each side of a node shows its muscle: a dot pushed to the left (red) or right (blue) by its activation.
            int a = Math.Max(0, i - 1), b = Math.Min(n - 1, i + 1);
            double tx = state[x0 + a] - state[x0 + b], ty = state[y0 + a] - state[y0 + b], len = Math.Max(1e-12, Math.Sqrt(tx * tx + ty * ty));
            double nx = -ty / len, ny = tx / len, off = state[WormState.BodyRadius];
            double left = state[l0 + i], right = state[r0 + i];
            if (left > 0.05)
            {
                paint.Color = LeftMuscle;
                canvas.DrawCircle(p(state[x0 + i] + nx * off, state[y0 + i] + ny * off), radius * (float)(0.4 + 0.6 * left), paint);
            }
            if (right > 0.05)
            {
                paint.Color = RightMuscle;
                canvas.DrawCircle(p(state[x0 + i] - nx * off, state[y0 + i] - ny * off), radius * (float)(0.4 + 0.6 * right), paint);
            }
        }
        paint.Color = Text;
        canvas.DrawCircle(p(state[x0], state[y0]), radius * 0.6f, paint);
        paint.Color = Touch;
        if (state[WormState.HeadTouch] != 0) canvas.DrawCircle(p(state[x0], state[y0]), radius * 2.5f, paint);
        if (state[WormState.TailTouch] != 0) canvas.DrawCircle(p(state[x0 + n - 1], state[y0 + n - 1]), radius * 2.5f, paint);
    }
}

/// <summary>The worm tasks' frames for <c>play</c>: <see cref="WormFrameRenderer"/> behind <see cref="IWorldRenderer"/>.</summary>
public sealed class WormWorldRenderer : IWorldRenderer
{
    private readonly WormFrameRenderer _frames = new();

    /// <inheritdoc/>
    public bool Draws(string task) => task is Evolution.Worlds.Worm.WormKlinotaxisTask.TaskName or Evolution.Worlds.Worm.WormWithdrawalTask.TaskName;

    /// <inheritdoc/>
    public IReadOnlyList<SKColor> Palette => WormFrameRenderer.Palette;

    /// <inheritdoc/>
    public SKBitmap Draw(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts) => _frames.Render(state);
}
