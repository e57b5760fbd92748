using Chimera.Contracts.Provenance;

namespace Chimera.EndToEnd.Tests.Http;

/// <summary>An adapter key for silos with real servers (they refuse the development key), and how to hand it to a silo and the CLI.</summary>
internal static class ProductionKey
{
    public const string AdapterId = "adapter-e2e";
    public const string KeyId = "k1";

    /// <summary>The environment variable the CLI reads the secret from (--secret-env), never a command-line value.</summary>
    public const string SecretVariable = "CHIMERA_E2E_SECRET";

    public static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 11 + 3))];

    public static readonly AdapterKey Key = new(AdapterId, KeyId, Secret, ["*"]);

    public static Dictionary<string, string> SiloEnvironment(string? postgres, string? redis)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Chimera__Provenance__Adapters__0__AdapterId"] = AdapterId,
            ["Chimera__Provenance__Adapters__0__KeyId"] = KeyId,
            ["Chimera__Provenance__Adapters__0__Secret"] = Convert.ToBase64String(Secret),
            ["Chimera__Provenance__Adapters__0__Influencers__0"] = "*",
        };
        if (postgres is not null)
        {
            environment["ConnectionStrings__Postgres"] = postgres;
        }

        if (redis is not null)
        {
            environment["ConnectionStrings__Redis"] = redis;
        }

        return environment;
    }

    public static Dictionary<string, string> CliEnvironment() => new() { [SecretVariable] = Convert.ToBase64String(Secret) };

    public static string[] CliFlags => ["--adapter-id", AdapterId, "--key-id", KeyId, "--secret-env", SecretVariable];
}
