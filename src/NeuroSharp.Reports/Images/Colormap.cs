using SkiaSharp;

namespace NeuroSharp.Reports.Images;

/// <summary>Maps a value in [0, 1] to a colour.</summary>
public abstract class Colormap
{
    /// <summary>Black (0) to white (1): for centres and digits.</summary>
    public static Colormap Gray { get; } = new GrayColormap();

    /// <summary>Matplotlib's perceptually uniform viridis (dark blue to yellow): for masks and heat maps.</summary>
    public static Colormap Viridis { get; } = new ViridisColormap();

    /// <summary>The colour of a value; values outside [0, 1] are clamped.</summary>
    /// <param name="t">The value.</param>
    /// <returns>The colour.</returns>
    public abstract SKColor Map(float t);

    private sealed class GrayColormap : Colormap
    {
        public override SKColor Map(float t)
        {
            byte v = (byte)MathF.Round(255f * Math.Clamp(t, 0f, 1f));
            return new SKColor(v, v, v);
        }
    }

    private sealed class ViridisColormap : Colormap
    {
        // Nine anchors of viridis; linear interpolation between them is visually indistinguishable.
        private static readonly (float R, float G, float B)[] Anchors =
        [
            (68, 1, 84), (71, 45, 123), (59, 82, 139), (44, 114, 142), (33, 145, 140),
            (40, 174, 128), (94, 201, 98), (173, 220, 48), (253, 231, 37),
        ];

        public override SKColor Map(float t)
        {
            float x = Math.Clamp(float.IsFinite(t) ? t : 0f, 0f, 1f) * (Anchors.Length - 1);
            int i = Math.Min((int)x, Anchors.Length - 2);
            float f = x - i;
            var (r0, g0, b0) = Anchors[i];
            var (r1, g1, b1) = Anchors[i + 1];
            return new SKColor((byte)(r0 + f * (r1 - r0)), (byte)(g0 + f * (g1 - g0)), (byte)(b0 + f * (b1 - b0)));
        }
    }
}
