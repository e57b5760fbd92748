using Chimera.Postgres.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chimera.Postgres.Hosting;

/// <summary>
/// Stops the silo at start-up when the database is behind this build (throws <see cref="SchemaOutdatedException"/>,
/// whose message names the migrate command), before any provider touches it.
/// </summary>
internal sealed partial class SchemaCheck(IOptions<ChimeraPostgresOptions> settings, ILogger<SchemaCheck> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ChimeraPostgresOptions _options = settings.Value;

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (_options.CheckSchemaOnStartup)
        {
            lifecycle.Subscribe(nameof(SchemaCheck), ServiceLifecycleStage.First, EnsureCurrentAsync);
        }
    }

    internal async Task EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        var state = await ChimeraPostgresSchema.EnsureCurrentAsync(_options.ConnectionString, cancellationToken);
        LogCurrent(state.CurrentVersion);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema is current (version {Version})")]
    private partial void LogCurrent(int version);
}
