using Chimera.Contracts.Validation;
using Npgsql;

namespace Chimera.Client.Hosting;

/// <summary>Start-up validation of <see cref="ChimeraClientOptions"/>; every message names the setting.</summary>
public sealed class ChimeraClientOptionsValidator : SettingsValidator<ChimeraClientOptions>
{
    /// <summary>The validator every composition path uses (the options have no dependencies to inject).</summary>
    public static readonly ChimeraClientOptionsValidator Instance = new();

    /// <inheritdoc/>
    protected override void Check(ChimeraClientOptions options, List<string> errors)
    {
        var section = ChimeraClientOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add($"{section}:ClusterId is empty; it must match the silos' cluster id (default '{ChimeraClientOptions.DefaultClusterId}').");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add($"{section}:ServiceId is empty; it must match the silos' service id (default '{ChimeraClientOptions.DefaultServiceId}').");
        }

        if (options.WatchInterval <= TimeSpan.Zero)
        {
            errors.Add($"{section}:WatchInterval is {options.WatchInterval}; it must be positive.");
        }

        if (options.WatchPageSize is < 1 or > 1000)
        {
            errors.Add($"{section}:WatchPageSize is {options.WatchPageSize}; it must be 1-1000.");
        }

        if (options.WatchWait < TimeSpan.Zero || options.WatchWait > TimeSpan.FromSeconds(15))
        {
            errors.Add($"{section}:WatchWait is {options.WatchWait}; it must be 0-15 s (inside Orleans' 30 s response timeout).");
        }

        if (options.WatchRetryInitial <= TimeSpan.Zero || options.WatchRetryMax < options.WatchRetryInitial)
        {
            errors.Add($"{section}:WatchRetryInitial ({options.WatchRetryInitial}) must be positive and at most WatchRetryMax ({options.WatchRetryMax}).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:ConnectTimeout is {options.ConnectTimeout}; it must be positive.");
        }

        switch (options.Clustering)
        {
            case ChimeraClustering.Localhost:
                if (options.GatewayPort is < 1 or > 65535)
                {
                    errors.Add($"{section}:GatewayPort is {options.GatewayPort}; it must be 1-65535.");
                }

                break;
            case ChimeraClustering.Static:
                if (options.Gateways.Count == 0)
                {
                    errors.Add($"{section}:Gateways is empty; static clustering needs at least one gateway as host:port.");
                }

                foreach (var gateway in options.Gateways)
                {
                    if (!GatewayEndpoint.TryParse(gateway, out _, out var error))
                    {
                        errors.Add($"{section}:Gateways entry '{gateway}': {error}.");
                    }
                }

                break;
            case ChimeraClustering.AdoNet:
                if (string.IsNullOrWhiteSpace(options.AdoNetConnectionString))
                {
                    errors.Add($"{section}:AdoNetConnectionString is empty; AdoNet clustering needs the PostgreSQL connection string of the membership table.");
                }
                else if (options.AdoNetInvariant == ChimeraClientOptions.DefaultAdoNetInvariant && NpgsqlRefusal(options.AdoNetConnectionString) is { } refusal)
                {
                    errors.Add($"{section}:AdoNetConnectionString is not a valid Npgsql connection string: {refusal}");
                }

                if (string.IsNullOrWhiteSpace(options.AdoNetInvariant))
                {
                    errors.Add($"{section}:AdoNetInvariant is empty; use '{ChimeraClientOptions.DefaultAdoNetInvariant}' for PostgreSQL.");
                }

                break;
            default:
                errors.Add($"{section}:Clustering is '{options.Clustering}'; use Localhost, Static or AdoNet.");
                break;
        }
    }

    // Why Npgsql cannot read the text, or null. Never the text: it holds the password. Npgsql names the keyword in an
    // ArgumentException, but some text (an empty keyword, e.g. 'Host=x,=') escapes as KeyNotFoundException; the silo's
    // own check is PostgresConnectionStrings in Chimera.Postgres, which the client does not reference.
    private static string? NpgsqlRefusal(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or InvalidCastException or OverflowException or IndexOutOfRangeException)
        {
            return $"it cannot be parsed ({ex.GetType().Name})";
        }
    }
}
