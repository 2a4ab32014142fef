using Microsoft.AspNetCore.Http;

namespace NeuroSharp.Studio.Hosting;

/// <summary>
/// The studio's safety checks on every request, before any endpoint: the Host must be the loopback
/// address or localhost (a web page cannot reach the studio through a name that resolves to
/// 127.0.0.1 later, "DNS rebinding"); a request that changes something, and every WebSocket, must
/// come from the studio's own origin when the browser says where it comes from; a body must be JSON.
/// Errors in the API become <c>{"error": ...}</c> replies with the matching status, and a request never
/// reaches a running simulation's loop, so none can stop it.
/// </summary>
internal sealed class RequestGuard(RequestDelegate next, StudioContext studio)
{
    /// <summary>Handles one request.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The handling.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        string host = request.Host.Host;
        if (host is not ("127.0.0.1" or "localhost"))
        {
            await ApiResults.WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"The studio answers requests addressed to 127.0.0.1 or localhost only (this one was addressed to '{host}').").ConfigureAwait(false);
            return;
        }
        bool changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if ((changes || context.WebSockets.IsWebSocketRequest) && request.Headers.Origin is { Count: > 0 } origins && !IsOwnOrigin(origins.ToString()))
        {
            await ApiResults.WriteErrorAsync(context, StatusCodes.Status403Forbidden, $"Requests from another origin ('{origins}') are refused; open the studio's own page at http://127.0.0.1:{studio.Port}/.").ConfigureAwait(false);
            return;
        }
        if (changes && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0) && !IsJson(request.ContentType))
        {
            await ApiResults.WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Send the body as application/json (got '{request.ContentType ?? "no content type"}').").ConfigureAwait(false);
            return;
        }
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && Status(e) is { } status)
        {
            string message = e is BadHttpRequestException ? $"The request body is over the studio's limit of {studio.Options.MaxUploadBytes} bytes." : e.Message;
            await ApiResults.WriteErrorAsync(context, status, message).ConfigureAwait(false);
        }
    }

    private static int? Status(Exception e) => e switch
    {
        PayloadTooLargeException => StatusCodes.Status413PayloadTooLarge,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => StatusCodes.Status413PayloadTooLarge,
        InvalidInputException => StatusCodes.Status400BadRequest,
        StudioLimitException => StatusCodes.Status429TooManyRequests,
        _ => null,
    };

    private bool IsOwnOrigin(string origin) =>
        origin == $"http://127.0.0.1:{studio.Port}" || origin == $"http://localhost:{studio.Port}";

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
