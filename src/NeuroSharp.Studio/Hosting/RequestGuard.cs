using Microsoft.AspNetCore.Http;

namespace NeuroSharp.Studio.Hosting;

/// <summary>
/// The studio's safety checks on every request, before any endpoint: the Host must be the loopback
/// address or localhost (a web page cannot reach the studio through a name that resolves to
/// 127.0.0.1 later, "DNS rebinding"); a request that changes something, and every WebSocket, must
/// come from the studio's own origin when the browser says where it comes from; a body must be JSON.
/// Errors in the API become <c>{"error": ...}</c> replies with the matching status, and a request never
/// reaches a running simulation's loop, so none can stop it. Every response forbids framing
/// (<c>X-Frame-Options: DENY</c> and <c>frame-ancestors 'none'</c> merged into its Content-Security-Policy),
/// so a page elsewhere cannot show the studio under its own buttons and turn a click into a command.
/// </summary>
internal sealed class RequestGuard(RequestDelegate next, StudioContext studio)
{
    /// <summary>Handles one request.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The handling.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            ForbidFraming(response.Headers);
            return Task.CompletedTask;
        });
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
            string message = e is BadHttpRequestException ? RequestBody.TooLargeMessage(null, studio.Options.MaxUploadBytes, RequestBody.UploadLimitHint) : e.Message;
            await ApiResults.WriteErrorAsync(context, status, message).ConfigureAwait(false);
        }
    }

    /// <summary>Sets <c>X-Frame-Options: DENY</c> and merges <c>frame-ancestors 'none'</c> into the response's Content-Security-Policy.</summary>
    /// <param name="headers">The response's headers.</param>
    public static void ForbidFraming(IHeaderDictionary headers)
    {
        headers.XFrameOptions = "DENY";
        var policies = headers.ContentSecurityPolicy;
        headers.ContentSecurityPolicy = policies.Count == 0
            ? MergeFrameAncestors(null)
            : new Microsoft.Extensions.Primitives.StringValues(policies.Select(MergeFrameAncestors).ToArray());
    }

    /// <summary>A Content-Security-Policy with <c>frame-ancestors 'none'</c> in place of any frame-ancestors it had, its other directives kept.</summary>
    /// <param name="policy">The policy so far (empty for none).</param>
    /// <returns>The merged policy.</returns>
    public static string MergeFrameAncestors(string? policy)
    {
        var kept = (policy ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(d => !d.Split(' ')[0].Equals("frame-ancestors", StringComparison.OrdinalIgnoreCase));
        return string.Join("; ", kept.Append("frame-ancestors 'none'"));
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
