using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Fuzz.Tests;

/// <summary>
/// Seeded mutations of a valid file: the byte-level moves of AFL (flip bits, set interesting integers,
/// cut, splice, duplicate, truncate) and, for text formats, token-level moves (a number replaced by an
/// extreme one, a string by another, a bracket or quote dropped). Each case is one draw of a
/// <see cref="RandomStream"/> forked by case index, so a failing case is replayed from its seed and index.
/// </summary>
internal static class Mutator
{
    private static readonly long[] InterestingIntegers =
        [0, 1, -1, 127, 128, 255, 256, 32767, 65535, 65536, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 31, 1L << 40];

    private static readonly string[] InterestingNumbers =
        ["0", "-1", "1e300", "-1e300", "1e12", "2147483648", "2147483647", "9223372036854775808", "1e-320", "NaN", "Infinity", "-0", "0.5", "1e9", "3.4e39", "18446744073709551616"];

    private static readonly string[] InterestingStrings =
        ["", "x", "\u0000", "\u00ff\u00fe", "../../etc/passwd", "red", "lif", "izhikevich", "-1", "null", "true", "{}", "[]", new string('a', 5000)];

    /// <summary>A binary mutation of <paramref name="seed"/>.</summary>
    public static byte[] MutateBytes(byte[] seed, RandomStream rng)
    {
        var data = new List<byte>(seed);
        int moves = 1 + rng.NextInt(4);
        for (int m = 0; m < moves; m++)
        {
            if (data.Count == 0) data.Add(0);
            int at = rng.NextInt(data.Count);
            switch (rng.NextInt(8))
            {
                case 0: data[at] ^= (byte)(1 << rng.NextInt(8)); break;
                case 1: data[at] = (byte)rng.NextInt(256); break;
                case 2: // an interesting 32-bit integer, little or big endian
                {
                    var buf = new byte[4];
                    long v = InterestingIntegers[rng.NextInt(InterestingIntegers.Length)];
                    if (rng.NextInt(2) == 0) BinaryPrimitives.WriteInt32LittleEndian(buf, unchecked((int)v));
                    else BinaryPrimitives.WriteInt32BigEndian(buf, unchecked((int)v));
                    for (int i = 0; i < 4 && at + i < data.Count; i++) data[at + i] = buf[i];
                    break;
                }
                case 3: // an interesting 64-bit integer
                {
                    var buf = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(buf, InterestingIntegers[rng.NextInt(InterestingIntegers.Length)]);
                    for (int i = 0; i < 8 && at + i < data.Count; i++) data[at + i] = buf[i];
                    break;
                }
                case 4: data.RemoveRange(at, Math.Min(data.Count - at, 1 + rng.NextInt(16))); break;
                case 5: data.InsertRange(at, Enumerable.Range(0, 1 + rng.NextInt(16)).Select(_ => (byte)rng.NextInt(256))); break;
                case 6: // duplicate a block
                {
                    int len = Math.Min(data.Count - at, 1 + rng.NextInt(64));
                    data.InsertRange(rng.NextInt(data.Count), data.GetRange(at, len));
                    break;
                }
                default: data.RemoveRange(at, data.Count - at); break; // truncate
            }
        }
        return data.ToArray();
    }

    /// <summary>A text mutation: tokens of <paramref name="seed"/> replaced by extreme values, or a byte-level move.</summary>
    public static byte[] MutateText(byte[] seed, RandomStream rng)
    {
        if (rng.NextInt(4) == 0) return MutateBytes(seed, rng);
        var text = new StringBuilder(Encoding.UTF8.GetString(seed));
        int moves = 1 + rng.NextInt(3);
        for (int m = 0; m < moves; m++)
        {
            var tokens = Tokens(text.ToString());
            if (tokens.Count == 0) break;
            var (start, length, isNumber) = tokens[rng.NextInt(tokens.Count)];
            string replacement = rng.NextInt(3) switch
            {
                0 => InterestingNumbers[rng.NextInt(InterestingNumbers.Length)],
                1 => isNumber ? "\"" + InterestingStrings[rng.NextInt(InterestingStrings.Length)] + "\"" : InterestingStrings[rng.NextInt(InterestingStrings.Length)],
                _ => rng.NextInt(2) == 0 ? "" : text.ToString(start, length) + text.ToString(start, length),
            };
            text.Remove(start, length).Insert(start, replacement);
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// A mutation of the JSON metadata a safetensors file carries in its header (where NeuroSharp keeps a
    /// model's settings and state): the metadata text gets <see cref="MutateText"/>, and the header is
    /// rebuilt with its true length, so the mutation reaches the metadata reader instead of the header check.
    /// </summary>
    public static byte[] MutateSafetensorsMetadata(byte[] file, RandomStream rng)
    {
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        var header = JsonNode.Parse(file.AsSpan(8, n))!.AsObject();
        var meta = header["__metadata__"]!.AsObject();
        var keys = meta.Select(kv => kv.Key).ToList();
        string key = keys[rng.NextInt(keys.Count)];
        string text = meta[key]!.GetValue<string>();
        meta[key] = Encoding.UTF8.GetString(MutateText(Encoding.UTF8.GetBytes(text), rng));
        var json = new List<byte>(Encoding.UTF8.GetBytes(header.ToJsonString()));
        while (json.Count % 8 != 0) json.Add((byte)' ');
        var result = new byte[8 + json.Count + (file.Length - 8 - n)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)json.Count);
        json.CopyTo(result, 8);
        file.AsSpan(8 + n).CopyTo(result.AsSpan(8 + json.Count));
        return result;
    }

    /// <summary>Numbers, quoted strings, words and single punctuation marks, with their positions.</summary>
    private static List<(int Start, int Length, bool IsNumber)> Tokens(string s)
    {
        var list = new List<(int, int, bool)>();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            int start = i;
            if (char.IsDigit(c) || c == '-' || c == '.')
            {
                while (i < s.Length && (char.IsDigit(s[i]) || s[i] is '-' or '+' or '.' or 'e' or 'E')) i++;
                list.Add((start, i - start, true));
            }
            else if (c == '"')
            {
                i++;
                while (i < s.Length && s[i] != '"') i++;
                i = Math.Min(s.Length, i + 1);
                list.Add((start, i - start, false));
            }
            else if (char.IsLetter(c))
            {
                while (i < s.Length && char.IsLetterOrDigit(s[i])) i++;
                list.Add((start, i - start, false));
            }
            else if (!char.IsWhiteSpace(c))
            {
                i++;
                list.Add((start, 1, false));
            }
            else i++;
        }
        return list;
    }
}
