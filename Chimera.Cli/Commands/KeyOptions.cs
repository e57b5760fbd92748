using System.CommandLine;
using Chimera.Client.Adapters;
using Chimera.Contracts.Provenance;

namespace Chimera.Cli.Commands;

/// <summary>The adapter signing key on the command line; with none given, the public development key.</summary>
internal sealed class KeyOptions
{
    public Option<string> AdapterId { get; } = new("--adapter-id") { Description = "Adapter id in the silo's keyring (with --secret-env or --secret-file)." };

    public Option<string> KeyId { get; } = new("--key-id") { Description = "Key id in the silo's keyring." };

    public Option<string> SecretEnv { get; } = new("--secret-env") { Description = "Environment variable holding the base64 key secret." };

    public Option<string> SecretFile { get; } = new("--secret-file") { Description = "File holding the base64 key secret." };

    public void AddTo(Command command)
    {
        command.Options.Add(AdapterId);
        command.Options.Add(KeyId);
        command.Options.Add(SecretEnv);
        command.Options.Add(SecretFile);
    }

    public AdapterKey Load(ParseResult parse, string influencerId)
    {
        var options = new AdapterKeyOptions
        {
            AdapterId = parse.GetValue(AdapterId),
            KeyId = parse.GetValue(KeyId),
            SecretEnvironmentVariable = parse.GetValue(SecretEnv),
            SecretFile = parse.GetValue(SecretFile),
            UseDevelopmentKey = true,
        };
        return options.Load(influencerId);
    }
}
