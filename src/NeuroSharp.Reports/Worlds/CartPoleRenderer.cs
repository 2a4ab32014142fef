using SkiaSharp;

namespace NeuroSharp.Reports.Worlds;

/// <summary>
/// Draws the cart-pole world: the track (±2.4 m), the cart, pole 1 (1 m) and pole 2 (0.1 m) at their angles,
/// and two bars with the motor neurons' spike counts (push right, push left).
/// </summary>
public sealed class CartPoleRenderer : IWorldRenderer
{
    private const int Width = 480, Height = 240;
    private const float PixelsPerMetre = 90;
    private static readonly SKColor CartColor = new(0x4e, 0x79, 0xa7), Pole1 = new(0xe1, 0x57, 0x59), Pole2 = new(0x59, 0xa1, 0x4f),
        RightBar = new(0xf2, 0x8e, 0x2b), LeftBar = new(0x76, 0xb7, 0xb2);

    /// <summary>The drawing's colours, then 16 greys for the anti-aliased edges and the text.</summary>
    public IReadOnlyList<SKColor> Palette { get; } =
        [SKColors.White, SKColors.Gray, SKColors.Black, CartColor, Pole1, Pole2, RightBar, LeftBar,
         .. Enumerable.Range(1, 16).Select(i => new SKColor((byte)(i * 15), (byte)(i * 15), (byte)(i * 15)))];

    /// <inheritdoc />
    public bool Draws(string task) => task is "single-pole" or "double-pole" or "double-pole-nv";

    /// <inheritdoc />
    public SKBitmap Draw(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts)
    {
        var bitmap = new SKBitmap(Width, Height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        float ground = Height - 50;
        float cx = Width / 2f + (float)state[0] * PixelsPerMetre;
        using var line = new SKPaint { Color = SKColors.Gray, StrokeWidth = 2, IsAntialias = true };
        float left = Width / 2f - 2.4f * PixelsPerMetre, right = Width / 2f + 2.4f * PixelsPerMetre;
        canvas.DrawLine(left, ground, right, ground, line);
        canvas.DrawLine(left, ground - 8, left, ground + 8, line);
        canvas.DrawLine(right, ground - 8, right, ground + 8, line);
        using var cart = new SKPaint { Color = CartColor, IsAntialias = true };
        canvas.DrawRect(cx - 25, ground - 22, 50, 20, cart);
        DrawPole(canvas, cx, ground - 22, state[2], 1.0, Pole1, 6);
        DrawPole(canvas, cx, ground - 22, state[4], 0.1, Pole2, 6);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var font = new SKFont { Size = 14 };
        canvas.DrawText($"t = {(step + 1) * 0.02:F2} s", 10, 20, SKTextAlign.Left, font, text);
        for (int k = 0; k < outputSpikeCounts.Length && k < 2; k++)
        {
            using var bar = new SKPaint { Color = k == 0 ? RightBar : LeftBar };
            canvas.DrawRect(Width - 120, 10 + 18 * k, 10 * outputSpikeCounts[k], 12, bar);
            canvas.DrawText(k == 0 ? "right" : "left", Width - 160, 21 + 18 * k, SKTextAlign.Left, font, text);
        }
        return bitmap;
    }

    private static void DrawPole(SKCanvas canvas, float x, float y, double angle, double length, SKColor color, float width)
    {
        using var paint = new SKPaint { Color = color, StrokeWidth = width, IsAntialias = true, StrokeCap = SKStrokeCap.Round };
        float l = (float)length * PixelsPerMetre * 1.2f;
        canvas.DrawLine(x, y, x + l * (float)Math.Sin(angle), y - l * (float)Math.Cos(angle), paint);
    }
}
