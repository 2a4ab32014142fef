using NeuroSharp.Clustering.Patches;
using NeuroSharp.Data;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Clustering.Patches;

public class ImageShiftsTests
{
    [Fact]
    public void Shift_DownAndLeft_MovesPixelsAndShiftsInZeros()
    {
        // 3 x 3 image 1..9, moved one row down and one column left.
        var target = new float[9];
        ImageShifts.Shift([1, 2, 3, 4, 5, 6, 7, 8, 9], new ImageShape(3, 3), 1, down: 1, right: -1, target);
        Assert.Equal([0f, 0f, 0f, 2f, 3f, 0f, 5f, 6f, 0f], target);
    }

    [Fact]
    public void Shift_TwoChannels_MovesWholePixels()
    {
        // 1 x 2 pixels of 2 channels, moved right by one: the first pixel's two values land in the second.
        var target = new float[4];
        ImageShifts.Shift([1, 2, 3, 4], new ImageShape(1, 2), 2, down: 0, right: 1, target);
        Assert.Equal([0f, 0f, 1f, 2f], target);
    }

    [Fact]
    public void Moves_DistanceTwoWithDiagonals_AreTheSixteenDistinctMovesOfTheSquare()
    {
        var shifts = new ImageShifts { Distance = 2, Diagonals = true };
        Assert.Equal(17, shifts.CopiesPerImage);
        var moves = Enumerable.Range(0, shifts.CopiesPerImage).Select(shifts.Move).ToArray();
        Assert.Equal((0, 0), moves[0]);
        Assert.Equal(17, moves.Distinct().Count());
        Assert.All(moves.Skip(1), m => Assert.True(m != (0, 0) && Math.Abs(m.Down) <= 2 && Math.Abs(m.Right) <= 2 && (m.Down == 0 || m.Right == 0 || Math.Abs(m.Down) == Math.Abs(m.Right))));
        Assert.Equal(5, new ImageShifts { Distance = 1 }.CopiesPerImage);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ImageShifts.MaxDistance + 1)]
    public void Validate_DistanceOutOfRange_Refused(int distance)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new ImageShifts { Distance = distance }.Validate());
        Assert.Contains("Distance", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WithShifts_EachCopyEqualsEncodingTheImageShiftedByHand()
    {
        var data = TestData.MnistTrain().Take(20);
        var options = new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:8/6"), Patches = 1000, PatchesPerImage = 4 };
        var stack = FeatureStack.Learn(data, options, seed: 2, maxThreads: 1);
        var shifts = new ImageShifts { Distance = 1, Diagonals = true };
        int n = data.RowCount, f = stack.FeatureCount;
        var features = stack.Encode(data, shifts, maxThreads: 2);
        Assert.Equal(n * shifts.CopiesPerImage * f, features.Length);
        var labels = shifts.RepeatLabels(data.Labels);
        var moved = new float[784];
        var expected = new float[f];
        var scratch = stack.CreateScratch();
        for (int c = 0; c < shifts.CopiesPerImage; c++)
        {
            var (down, right) = shifts.Move(c);
            for (int i = 0; i < n; i++)
            {
                // Shift by hand, pixel by pixel, then encode the moved image alone.
                var image = data.Row(i);
                for (int y = 0; y < 28; y++)
                {
                    for (int x = 0; x < 28; x++)
                    {
                        int sy = y - down, sx = x - right;
                        moved[y * 28 + x] = sy is >= 0 and < 28 && sx is >= 0 and < 28 ? image[sy * 28 + sx] : 0f;
                    }
                }
                stack.EncodeImage(moved, expected, scratch);
                Assert.Equal(expected, features.AsSpan((c * n + i) * f, f).ToArray());
                Assert.Equal(data.Labels[i], labels[c * n + i]);
            }
        }
        // The moves change the features: a copy that encoded the unshifted image would pass the loop above only if shifting did nothing.
        Assert.NotEqual(features.AsSpan(0, n * f).ToArray(), features.AsSpan(n * f, n * f).ToArray());
    }

    [Fact]
    public void Encode_ShiftedCopiesOverTheBudget_RefusedNamingTheCopies()
    {
        var data = TestData.MnistTrain().Take(100);
        var stack = FeatureStack.Learn(data, new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:400/3"), Patches = 2000 }, seed: 1, maxThreads: 1);
        // 100 images x 5 copies x 25 600 features x 4 bytes = 51 MB, over a 16 MiB budget; the images alone (10 MB) fit.
        var budget = new MemoryBudget(16 << 20);
        Assert.Equal(100 * 25_600, stack.Encode(data, 1, budget).Length);
        var e = Assert.Throws<InvalidInputException>(() => stack.Encode(data, new ImageShifts { Distance = 1 }, 1, budget));
        Assert.Contains("4 shifted copies", e.Message, StringComparison.Ordinal);
        Assert.Contains("--memory-limit", e.Message, StringComparison.Ordinal);
    }
}
