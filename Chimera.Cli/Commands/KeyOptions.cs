using System.CommandLine;
using Chimera.Contracts.Provenance;

namespace Chimera.Cli.Commands;

/// <summary>
/// The adapter signing key on the command line: <c>--adapter-id</c>, <c>--key-id</c> and the base64 secret from the
/// environment variable named by <c>--secret-env</c> or the file named by <c>--secret-file</c> — never the secret
/// itself. With none of these options the public development key is used (only an embedded silo trusts it); any one of
/// them without the others is an error, never a silent fall-back to that key.
/// </summary>
internal sealed class KeyOptions(Func<string, string?> environment)
{
    public Option<string> AdapterId { get; } = new("--adapter-id") { Description = "Adapter id in the silo's keyring (needs --key-id and --secret-env or --secret-file). Without any key option the public development key signs." };

    public Option<string> KeyId { get; } = new("--key-id") { Description = "Key id in the silo's keyring." };

    public Option<string> SecretEnv { get; } = new("--secret-env") { Description = "Name of the environment variable holding the base64 key secret (at least 32 bytes)." };

    public Option<string> SecretFile { get; } = new("--secret-file") { Description = "File holding the base64 key secret (at least 32 bytes)." };

    public void AddTo(Command command)
    {
        command.Options.Add(AdapterId);
        command.Options.Add(KeyId);
        command.Options.Add(SecretEnv);
        command.Options.Add(SecretFile);
    }

    /// <summary>The key to sign with; throws <see cref="ArgumentException"/> (exit 2) naming the option that is wrong or missing.</summary>
    public AdapterKey Load(ParseResult parse, string influencerId)
    {
        var adapterId = parse.GetValue(AdapterId);
        var keyId = parse.GetValue(KeyId);
        var secretEnv = parse.GetValue(SecretEnv);
        var secretFile = parse.GetValue(SecretFile);
        if (adapterId is null && keyId is null && secretEnv is null && secretFile is null)
        {
            return DevelopmentKeys.Key;
        }

        if (string.IsNullOrWhiteSpace(adapterId) || string.IsNullOrWhiteSpace(keyId))
        {
            throw new ArgumentException("--adapter-id and --key-id name the signing key together; give both (and --secret-env or --secret-file), or none of the key options for the development key");
        }

        if ((secretEnv is null) == (secretFile is null))
        {
            throw new ArgumentException(secretEnv is null
                ? $"--adapter-id {adapterId} needs its secret: --secret-env VAR (an environment variable holding the base64 secret) or --secret-file PATH; it never falls back to the development key"
                : "use either --secret-env or --secret-file, not both");
        }

        string text;
        string origin;
        if (secretEnv is not null)
        {
            origin = $"--secret-env {secretEnv}";
            text = environment(secretEnv) is { Length: > 0 } value ? value : throw new ArgumentException($"{origin}: the environment variable is not set");
        }
        else
        {
            origin = $"--secret-file {secretFile}";
            text = CliSecrets.ReadFile(secretFile!, "--secret-file");
        }

        try
        {
            return AdapterKey.FromBase64(adapterId, keyId, text, [influencerId], origin);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }
    }
}
