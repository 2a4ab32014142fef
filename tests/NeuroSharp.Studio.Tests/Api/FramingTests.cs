using NeuroSharp.Studio.Hosting;

namespace NeuroSharp.Studio.Tests.Api;

/// <summary>A page on another port must not frame the studio (a click in the frame would start a simulation).</summary>
public sealed class FramingTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    [Theory]
    [InlineData("GET", "/", null)]
    [InlineData("GET", "/metacluster", null)]
    [InlineData("GET", "/api/info", null)]
    [InlineData("GET", "/api/nothing", null)]
    [InlineData("POST", "/api/simulations", "{")]
    [InlineData("GET", "/assets/none.js", null)]
    public async Task Responses_EveryKind_ForbidFraming(string method, string url, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = StudioFixture.Json(body);
        using var response = await studio.Http.SendAsync(request);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Responses_ForeignHost_ForbidFramingToo()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "evil.example";
        using var response = await studio.Http.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Theory]
    [InlineData(null, "frame-ancestors 'none'")]
    [InlineData("default-src 'self'", "default-src 'self'; frame-ancestors 'none'")]
    [InlineData("default-src 'self'; frame-ancestors *; img-src data:", "default-src 'self'; img-src data:; frame-ancestors 'none'")]
    public void FrameAncestors_ExistingPolicy_IsMergedKeepingItsDirectives(string? policy, string expected) =>
        Assert.Equal(expected, RequestGuard.MergeFrameAncestors(policy));
}
