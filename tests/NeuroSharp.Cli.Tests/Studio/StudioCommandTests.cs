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
    public void Studio_Help_ListsPortAndWorkspace()
    {
        var (code, output, _) = Run("studio", "--help");
        Assert.Equal(NeuroSharpCli.Success, code);
        Assert.Contains("--port", output);
        Assert.Contains("--workspace", output);
    }
}
