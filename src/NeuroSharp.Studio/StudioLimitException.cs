namespace NeuroSharp.Studio;

/// <summary>A request the studio cannot serve now because a limit is reached (HTTP 429); the message says which and what to do.</summary>
public sealed class StudioLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence: the limit and what to do.</param>
    public StudioLimitException(string message)
        : base(message)
    {
    }
}
