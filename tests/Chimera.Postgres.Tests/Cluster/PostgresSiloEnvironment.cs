using Chimera.Testing;

namespace Chimera.Postgres.Tests.Cluster;

/// <summary>
/// The environment of a real silo process (<see cref="SiloProcess"/>) on the PostgreSQL profile: production settings,
/// membership, grain state and reminders in one PostgreSQL database, the test adapter key.
/// </summary>
internal static class PostgresSiloEnvironment
{
    public static Dictionary<string, string> For(string connectionString, string clusterId, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Chimera__ClusterId"] = clusterId,
            ["Chimera__ServiceId"] = clusterId,
            ["Chimera__Postgres__SnapshotInterval"] = "00:00:00",
        };
        foreach (var (name, value) in TestKeys.Environment(TestKeys.Any))
        {
            environment[name] = value;
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }
}
