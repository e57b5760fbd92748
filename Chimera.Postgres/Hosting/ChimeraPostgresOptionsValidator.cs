using Chimera.Contracts.Grains;
using Chimera.Contracts.Validation;

namespace Chimera.Postgres.Hosting;

/// <summary>
/// Validation of <see cref="ChimeraPostgresOptions"/>, run by <see cref="ChimeraPostgresSiloBuilderExtensions.AddChimeraPostgres"/>
/// before anything is registered; every message names the setting. The connection string is never quoted: it may hold a password.
/// </summary>
public sealed class ChimeraPostgresOptionsValidator : SettingsValidator<ChimeraPostgresOptions>
{
    public static readonly ChimeraPostgresOptionsValidator Instance = new();

    private const string Prefix = "Chimera:Postgres:";

    protected override void Check(ChimeraPostgresOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("ConnectionStrings:Postgres (ChimeraPostgresOptions.ConnectionString) is required.");
        }
        else if (!PostgresConnectionStrings.TryParse(options.ConnectionString, out _, out var error))
        {
            errors.Add($"ConnectionStrings:Postgres is not a valid Npgsql connection string: {error}");
        }

        Require(errors, options.AuditBatchMaxRows is >= 1 and <= 100_000, "AuditBatchMaxRows", $"must be 1-100000, was {options.AuditBatchMaxRows}");
        Require(errors, options.AuditFlushInterval >= TimeSpan.Zero && options.AuditFlushInterval <= TimeSpan.FromSeconds(1), "AuditFlushInterval", $"must be 0-1 s, was {options.AuditFlushInterval}");
        Require(errors, options.AuditQueueCapacity >= options.AuditBatchMaxRows, "AuditQueueCapacity", $"must be at least AuditBatchMaxRows ({options.AuditBatchMaxRows}), was {options.AuditQueueCapacity}");
        Require(errors, options.AuditRetryMinBackoff > TimeSpan.Zero, "AuditRetryMinBackoff", "must be positive");
        Require(errors, options.AuditRetryMaxBackoff >= options.AuditRetryMinBackoff, "AuditRetryMaxBackoff", "must be at least AuditRetryMinBackoff");
        Require(errors, options.SnapshotInterval == TimeSpan.Zero || options.SnapshotInterval >= TimeSpan.FromSeconds(1), "SnapshotInterval", $"must be zero (off) or at least 1 s, was {options.SnapshotInterval}");
        Require(errors, options.SnapshotRetention >= TimeSpan.Zero, "SnapshotRetention", "must not be negative");
        Require(errors, options.SnapshotPageSize is >= 1 and <= ListQuery.MaxLimit, "SnapshotPageSize", $"must be 1-{ListQuery.MaxLimit}");
    }

    private static void Require(List<string> errors, bool condition, string setting, string problem)
    {
        if (!condition)
        {
            errors.Add($"{Prefix}{setting} {problem}.");
        }
    }
}
