using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Studio;

public sealed class StudioCommandTests
{
    [Fact]
    public void Studio_PortOutOfRange_IsBadInputNamingTheFlag()
    {
        var (code, _, err) = Run("studio", "--port", "70000");
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains("--port must be in [0, 65535] (got 70000)", err);
    }

    [Fact]
    public void Studio_PortInUse_IsBadInputSayingWhatToDo()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var (code, _, err) = Run("studio", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--workspace", Path.GetTempPath());
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains($"Port {port} on 127.0.0.1 is in use", err);
    }

    [Fact]
    public void Studio_StartupLines_NameEveryPage()
    {
        // The evolution page was reachable only from the editor's link; the start-up lines named the editor and meta-clustering.
        var lines = NeuroSharp.Cli.Commands.StudioCommand.StartupLines(new Uri("http://127.0.0.1:5170/"), "/work");
        Assert.Equal("NeuroSharp studio: http://127.0.0.1:5170/ (workspace /work); Ctrl+C stops it.", lines[0]);
        Assert.Contains("Meta-clustering page: http://127.0.0.1:5170/metacluster", lines);
        Assert.Contains("Evolution page: http://127.0.0.1:5170/evolution", lines);
    }

    [Fact]
    public void Studio_Help_ListsPortAndWorkspace()
    {
        var (code, output, _) = Run("studio", "--help");
        Assert.Equal(NeuroSharpCli.Success, code);
        Assert.Contains("--port", output);
        Assert.Contains("--workspace", output);
    }

    [Fact]
    public void Studio_Help_ListsEveryLimitItsMessagesName()
    {
        var (code, output, _) = Run("studio", "--help");
        Assert.Equal(NeuroSharpCli.Success, code);
        Assert.Contains("--memory-limit", output);
        Assert.Contains("--max-upload", output);
        Assert.Contains("--max-simulations", output);
        Assert.Contains("--idle-timeout", output);
    }

    [Fact]
    public void Studio_MemoryLimitNotASize_IsBadInputNamingTheFlag()
    {
        var (code, _, err) = Run("studio", "--memory-limit", "lots", "--port", "0", "--workspace", Path.GetTempPath());
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains("--memory-limit must be a size such as 16G", err);
    }

    [Theory]
    [InlineData("--max-upload", "100", "--max-upload must be at least 1024 (got 100)")]
    [InlineData("--max-upload", "big", "--max-upload must be a size such as 16G")]
    [InlineData("--max-simulations", "0", "--max-simulations must be at least 1 (got 0)")]
    [InlineData("--idle-timeout", "0", "--idle-timeout must be a number of seconds of at least 0.01 (got 0)")]
    public void Studio_LimitOutOfRange_IsBadInputNamingTheFlag(string flag, string value, string expected)
    {
        var (code, _, err) = Run("studio", flag, value, "--port", "0", "--workspace", Path.GetTempPath());
        Assert.Equal(NeuroSharpCli.BadInput, code);
        Assert.Contains(expected, err);
    }
}
