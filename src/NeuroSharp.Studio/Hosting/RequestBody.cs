using System.Text;
using Microsoft.AspNetCore.Http;

namespace NeuroSharp.Studio.Hosting;

/// <summary>Reads request bodies as text with the studio's size limit.</summary>
internal static class RequestBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>What the 413 of a network body says to do: the option that raises the limit.</summary>
    public const string UploadLimitHint = $"a network file is far smaller; to accept larger ones start the studio with `{StudioOptions.CommandName} --max-upload SIZE`";

    /// <summary>The body as UTF-8 text, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">The limit.</param>
    /// <param name="hint">What the 413 says to do (how to raise the limit, or why the body should be small).</param>
    /// <returns>The text.</returns>
    /// <exception cref="PayloadTooLargeException">The body is over the limit.</exception>
    /// <exception cref="InvalidInputException">The body is empty or not UTF-8.</exception>
    public static async Task<string> ReadTextAsync(HttpRequest request, long maxBytes, string hint = UploadLimitHint)
    {
        if (request.ContentLength is { } declared && declared > maxBytes) throw new PayloadTooLargeException(TooLargeMessage(declared, maxBytes, hint));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new PayloadTooLargeException(TooLargeMessage(null, maxBytes, hint));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new InvalidInputException("The request body is empty; send the network JSON.");
        try
        {
            return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException("The request body is not UTF-8 text; a network file is JSON.");
        }
    }

    /// <summary>A short, safe name for messages from the <c>source</c> query parameter (e.g. an uploaded file's name).</summary>
    /// <param name="request">The request.</param>
    /// <param name="fallback">The name without one.</param>
    /// <returns>The name.</returns>
    public static string SourceName(HttpRequest request, string fallback)
    {
        string? s = request.Query["source"];
        if (string.IsNullOrWhiteSpace(s)) return fallback;
        var clean = new string(s.Where(c => !char.IsControl(c)).Take(100).ToArray());
        return clean.Length == 0 ? fallback : clean;
    }

    /// <summary>The 413 sentence.</summary>
    /// <param name="size">The declared size, or null when unknown.</param>
    /// <param name="maxBytes">The limit.</param>
    /// <param name="hint">What to do.</param>
    /// <returns>The sentence.</returns>
    public static string TooLargeMessage(long? size, long maxBytes, string hint) =>
        $"The request body is {(size is { } s ? $"{s} bytes" : "larger than the limit")}, over the studio's limit of {maxBytes} bytes ({hint}).";
}
