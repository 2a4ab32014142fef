using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace NeuroSharp.Studio.Hosting;

/// <summary>JSON replies of the API: a body, or <c>{"error": "one sentence"}</c> with a status code.</summary>
internal static class ApiResults
{
    // Text as it is (the article's labels are Cyrillic, messages quote with '): the replies are
    // application/json, never inlined into HTML, so the relaxed escaping is safe here.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON body.</summary>
    /// <param name="body">The body.</param>
    /// <param name="status">The status code (200).</param>
    /// <returns>The result.</returns>
    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Content(body.ToJsonString(Options), "application/json; charset=utf-8", null, status);

    /// <summary>An error body.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="message">The sentence.</param>
    /// <returns>The result.</returns>
    public static IResult Error(int status, string message) => Json(new JsonObject { ["error"] = message }, status);

    /// <summary>Writes an error body directly (from middleware).</summary>
    /// <param name="context">The request.</param>
    /// <param name="status">The status code.</param>
    /// <param name="message">The sentence.</param>
    /// <returns>The write.</returns>
    public static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(new JsonObject { ["error"] = message }.ToJsonString(Options));
    }
}
