namespace Chimera.Testing;

/// <summary>
/// The xunit trait every test class carries, so one tier can run alone (<c>dotnet test --filter Category=unit</c>;
/// <c>bash scripts/test.sh --fast</c> runs the unit tier). A class that needs more than one kind of server carries
/// the heaviest it needs.
/// </summary>
public static class TestCategories
{
    /// <summary>The trait name.</summary>
    public const string Name = "Category";

    /// <summary>Pure logic in process: no server, no silo, no child process. Seconds.</summary>
    public const string Unit = "unit";

    /// <summary>An in-process Orleans TestCluster on in-memory providers.</summary>
    public const string Cluster = "cluster";

    /// <summary>A real redis-server started by <see cref="RedisServer"/>.</summary>
    public const string Redis = "redis";

    /// <summary>A real PostgreSQL started by <see cref="PostgresServer"/>.</summary>
    public const string Postgres = "postgres";

    /// <summary>The silo or the CLI as a real process, end to end.</summary>
    public const string EndToEnd = "e2e";
}
