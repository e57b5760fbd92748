using System.Diagnostics;
using System.Text;
using Chimera.Testing;

namespace Chimera.Postgres.Tests.Cluster;

/// <summary>A real <c>dotnet Chimera.Silo.dll</c> process on the PostgreSQL profile, configured by environment variables.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int gatewayPort, int siloPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
        SiloPort = siloPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// How long two silo processes may take to join PostgreSQL membership: a dotnet process start plus Orleans start-up,
    /// which took over a minute at a load average of 40 on the shared two-core box.
    /// </summary>
    public static readonly TimeSpan JoinDeadline = TimeSpan.FromMinutes(3);

    public int GatewayPort { get; }

    /// <summary>The silo-to-silo port: the port of this silo's <c>SiloAddress</c>.</summary>
    public int SiloPort { get; }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SiloProcess Start(string connectionString, string clusterId, IReadOnlyDictionary<string, string>? environment = null)
    {
        var siloDll = Path.Combine(AppContext.BaseDirectory, "Chimera.Silo.dll");
        var gatewayPort = Chimera.Testing.LoopbackPorts.GetFree();
        var info = new ProcessStartInfo("dotnet", $"\"{siloDll}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Postgres"] = connectionString;
        info.Environment["Chimera__ClusterId"] = clusterId;
        info.Environment["Chimera__ServiceId"] = clusterId;
        var siloPort = Chimera.Testing.LoopbackPorts.GetFree();
        info.Environment["Chimera__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Chimera__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Chimera__Http__Urls"] = $"http://127.0.0.1:{Chimera.Testing.LoopbackPorts.GetFree()}";
        info.Environment["Chimera__Postgres__SnapshotInterval"] = "00:00:00";
        foreach (var (name, value) in TestKeys.Environment(TestKeys.Any))
        {
            info.Environment[name] = value;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new SiloProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the silo"), gatewayPort, siloPort);
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

}
