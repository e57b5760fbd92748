using System.Diagnostics;
using Npgsql;

namespace Chimera.Testing;

/// <summary>
/// A real PostgreSQL 15 server for tests: a fresh cluster in a temp directory on a free loopback port,
/// run as the <c>postgres</c> user when the tests run as root (the server refuses root), directly otherwise.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> simulate an outage; disposing stops the server and
/// deletes the directory. Binaries come from <see cref="BinDirectory"/> (overridable with <see cref="BinDirectoryVariable"/>); if they are missing, start fails loudly.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Names the directory of initdb, pg_ctl and postgres, e.g. <c>CHIMERA_PG_BINDIR=$(pg_config --bindir)</c>.</summary>
    public const string BinDirectoryVariable = "CHIMERA_PG_BINDIR";

    /// <summary>Where Debian's postgresql-15 package puts the server binaries: the default.</summary>
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>The server binaries' directory: <see cref="BinDirectoryVariable"/> when set, else <see cref="DefaultBinDirectory"/>.</summary>
    public static string BinDirectory { get; } = BinDirectoryFrom(Environment.GetEnvironmentVariable(BinDirectoryVariable));

    private static readonly bool IsRoot = Environment.UserName == "root";
    private int _databases;

    private PostgresServer(string directory, int port, PostgresDurability durability)
    {
        Directory = directory;
        Port = port;
        Durability = durability;
    }

    /// <summary>The durability the server runs with (<see cref="PostgresDurability.Test"/> unless asked otherwise).</summary>
    public PostgresDurability Durability { get; }

    public string Directory { get; }

    public int Port { get; }

    public bool IsRunning { get; private set; }

    /// <summary>Connection string to the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>The directory named by a value of <see cref="BinDirectoryVariable"/>; blank means the default.</summary>
    public static string BinDirectoryFrom(string? value) => string.IsNullOrWhiteSpace(value) ? DefaultBinDirectory : value.Trim();

    /// <summary>Creates a cluster with initdb and starts it with <c>fsync=off</c> (what the tests run on).</summary>
    public static Task<PostgresServer> StartNewAsync() => StartNewAsync(PostgresDurability.Test);

    /// <summary>Creates a cluster with initdb and starts it with <paramref name="durability"/>.</summary>
    public static async Task<PostgresServer> StartNewAsync(PostgresDurability durability)
    {
        foreach (var tool in new[] { "initdb", "pg_ctl", "postgres" })
        {
            if (!File.Exists(Path.Combine(BinDirectory, tool)))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL binary '{tool}' not found in {BinDirectory}. Install postgresql-15 (apt-get install -y postgresql-15) or set {BinDirectoryVariable} (e.g. to $(pg_config --bindir)); these tests need a real server.");
            }
        }

        var directory = Path.Combine(Path.GetTempPath(), "chimera-pg-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        if (IsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {directory}", asPostgres: false);
        }

        var server = new PostgresServer(directory, LoopbackPorts.GetFree(), durability);
        await RunAsync(Path.Combine(BinDirectory, "initdb"),
            $"-D {server.DataDirectory} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8", asPostgres: true);
        await server.StartAsync();
        return server;
    }

    private string DataDirectory => Path.Combine(Directory, "data");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "chimera")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Starts (or restarts after <see cref="StopAsync"/>) the server and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        // Production keeps PostgreSQL's own defaults (fsync, synchronous_commit and full_page_writes on).
        var fsync = Durability == PostgresDurability.Production ? "" : " -c fsync=off";
        var options = $"-p {Port} -k {Directory} -c listen_addresses=127.0.0.1{fsync} -c max_connections=200";
        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
            $"-D {DataDirectory} -l {Path.Combine(Directory, "pg.log")} -w -t 60 -o \"{options}\" start", asPostgres: true);
        IsRunning = true;
    }

    /// <summary>Stops the server immediately (fast mode: open connections are cut).</summary>
    public async Task StopAsync()
    {
        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), $"-D {DataDirectory} -m fast -w -t 60 stop", asPostgres: true);
        IsRunning = false;
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsRunning)
            {
                await StopAsync();
            }
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless; never mask the test's own outcome.
            }
        }
    }

    private static async Task RunAsync(string fileName, string arguments, bool asPostgres)
    {
        var info = asPostgres && IsRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {fileName} {arguments}")
            : new ProcessStartInfo(fileName, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {arguments}' exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
