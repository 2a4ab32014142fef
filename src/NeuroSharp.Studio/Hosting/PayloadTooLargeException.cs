namespace NeuroSharp.Studio.Hosting;

/// <summary>A request body over the studio's limit (HTTP 413).</summary>
internal sealed class PayloadTooLargeException(string message) : Exception(message);
