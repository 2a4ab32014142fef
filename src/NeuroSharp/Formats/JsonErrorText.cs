namespace NeuroSharp.Formats;

/// <summary>
/// The part of a System.Text.Json error message worth showing a user inside our own sentence: its first
/// sentence, without the " Path: ..." tail (our messages name the path themselves) and the final period.
/// </summary>
public static class JsonErrorText
{
    /// <summary>The first sentence of <paramref name="message"/>, without a " Path:" tail and trailing periods.</summary>
    /// <param name="message">A JsonException's message.</param>
    /// <returns>The sentence.</returns>
    public static string FirstSentence(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        string s = dot < 0 ? message : message[..dot];
        int path = s.IndexOf(" Path:", StringComparison.Ordinal);
        return (path < 0 ? s : s[..path]).TrimEnd('.', ' ');
    }
}
