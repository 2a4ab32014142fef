namespace NeuroSharp;

/// <summary>
/// Bad input from a user: a missing or malformed file, a wrong shape, a non-finite value or an option
/// out of range. The message is one sentence that names the file, field or option and the bad value;
/// the command line prints it and exits with code 2.
/// </summary>
public class InvalidInputException : Exception
{
    /// <summary>Creates the exception with its one-sentence message.</summary>
    /// <param name="message">What is wrong and where, with the bad value.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InvalidInputException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
