namespace Chimera.Testing;

/// <summary>
/// The durability a <see cref="PostgresServer"/> runs with. Tests use <see cref="Test"/> (<c>fsync=off</c>: nothing
/// they check survives a power cut, and it is much faster on a shared disk); the benchmark's production profile uses
/// <see cref="Production"/>, PostgreSQL's defaults as a deployment runs them.
/// </summary>
public enum PostgresDurability
{
    /// <summary><c>fsync=off</c> (commits are not flushed to disk).</summary>
    Test,

    /// <summary>PostgreSQL's defaults: <c>fsync=on</c>, <c>synchronous_commit=on</c>, <c>full_page_writes=on</c>.</summary>
    Production,
}
