namespace Chimera.Postgres.Migrations;

/// <summary>
/// The database's schema version against the one this build expects. <see cref="Modified"/> lists applied
/// scripts whose text differs from this build's (someone edited a released script: never do that, add one).
/// </summary>
public sealed record SchemaState(int CurrentVersion, int ExpectedVersion, IReadOnlyList<string> Pending, IReadOnlyList<string> Modified)
{
    /// <summary>True when every script of this build is applied (a newer database also counts: its extra scripts are additive).</summary>
    public bool IsCurrent => Pending.Count == 0;

    public override string ToString() =>
        $"schema version {CurrentVersion}, expected {ExpectedVersion}" +
        (Pending.Count > 0 ? $", pending: {string.Join(", ", Pending)}" : "") +
        (Modified.Count > 0 ? $", modified since applied: {string.Join(", ", Modified)}" : "");
}
