namespace Chimera.Postgres.Migrations;

/// <summary>The silo refuses to start: the database schema is behind this build.</summary>
public sealed class SchemaOutdatedException : InvalidOperationException
{
    /// <summary>The command an operator runs to bring the database up to date.</summary>
    public const string MigrateCommand = "dotnet run --project Chimera.Silo -c Release -- migrate";

    public SchemaOutdatedException()
    {
    }

    public SchemaOutdatedException(string message)
        : base(message)
    {
    }

    public SchemaOutdatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal SchemaOutdatedException(SchemaState state)
        : base($"The PostgreSQL database is behind this build ({state}). Run '{MigrateCommand}' " +
               "(or 'dotnet Chimera.Silo.dll migrate' with the same ConnectionStrings:Postgres) and start the silo again.")
    {
        State = state;
    }

    public SchemaState? State { get; }
}
