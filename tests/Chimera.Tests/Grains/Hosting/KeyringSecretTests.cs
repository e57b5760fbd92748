using System.Text;
using Chimera.Contracts.Provenance;
using Chimera.Silo.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Grains.Hosting;

/// <summary>
/// Spec §7.2–§7.4 as the silo binds its keyring from environment variables (the documented path, through
/// <c>AddChimeraSilo</c>): secrets of at least 32 bytes (exactly 32 accepted, 31 refused at start-up, naming the
/// setting), <c>SecretFile</c> read, missing, empty or short, and the development key refused by its ids or by its
/// secret once Redis or PostgreSQL is configured. (File permissions are not checked by the code; tests run as root.)
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class KeyringSecretTests : IDisposable
{
    private const string Setting = "Chimera:Provenance:Adapters:0";

    private readonly string _prefix = $"CHIMERA_T13_{Guid.NewGuid():N}_";
    private readonly List<string> _variables = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("chimera-secret-").FullName;

    public void Dispose()
    {
        foreach (var name in _variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static byte[] SecretOf(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3))];

    [Fact]
    public void A_secret_of_exactly_32_bytes_is_accepted()
    {
        AdapterKey.MinSecretBytes.ShouldBe(32, "spec §7.2");
        SetKey(secret: Convert.ToBase64String(SecretOf(32)));

        Keyring().Keys.ShouldHaveSingleItem().Secret.ShouldBe(SecretOf(32));
    }

    [Fact]
    public void A_secret_of_31_bytes_is_refused_at_startup_naming_the_setting()
    {
        SetKey(secret: Convert.ToBase64String(SecretOf(31)));

        Should.Throw<OptionsValidationException>(Keyring).Message.ShouldBe($"{Setting}:Secret: the secret is 31 bytes; at least 32 are required.");
    }

    [Fact]
    public void SecretFile_is_read_trimmed_as_base64()
    {
        var path = Path.Combine(_directory, "secret");
        File.WriteAllText(path, Convert.ToBase64String(SecretOf(32)) + "\n", Encoding.ASCII);
        SetKey(secretFile: path);

        Keyring().Keys.ShouldHaveSingleItem().Secret.ShouldBe(SecretOf(32));
    }

    [Fact]
    public void SecretFile_that_does_not_exist_is_a_startup_error_naming_the_setting()
    {
        var path = Path.Combine(_directory, "missing");
        SetKey(secretFile: path);

        Should.Throw<OptionsValidationException>(Keyring).Message.ShouldBe($"{Setting}:SecretFile: the file '{path}' does not exist.");
    }

    [Fact]
    public void SecretFile_that_cannot_be_read_is_a_startup_error_naming_the_setting()
    {
        // A path that exists but fails on read whoever the user is (the tests run as root, so permissions cannot
        // make a file unreadable here): reading /proc/self/mem at offset 0 is an I/O error.
        const string path = "/proc/self/mem";
        SetKey(secretFile: path);

        var error = Should.Throw<OptionsValidationException>(Keyring);
        error.Message.ShouldBe($"{Setting}:SecretFile: the file '{path}' cannot be read (IOException).");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void SecretFile_that_is_empty_is_a_startup_error_naming_the_setting(string content)
    {
        var path = Path.Combine(_directory, "empty");
        File.WriteAllText(path, content, Encoding.ASCII);
        SetKey(secretFile: path);

        Should.Throw<OptionsValidationException>(Keyring).Message.ShouldBe($"{Setting}: Secret or SecretFile is required.");
    }

    [Fact]
    public void SecretFile_holding_31_bytes_is_refused_naming_the_file_setting()
    {
        var path = Path.Combine(_directory, "short");
        File.WriteAllText(path, Convert.ToBase64String(SecretOf(31)), Encoding.ASCII);
        SetKey(secretFile: path);

        Should.Throw<OptionsValidationException>(Keyring).Message.ShouldBe($"{Setting}:SecretFile: the secret is 31 bytes; at least 32 are required.");
    }

    [Fact]
    public void SecretFile_that_is_not_base64_is_refused_without_echoing_it()
    {
        var path = Path.Combine(_directory, "garbage");
        File.WriteAllText(path, "not*base64*hunter2", Encoding.ASCII);
        SetKey(secretFile: path);

        var message = Should.Throw<OptionsValidationException>(Keyring).Message;
        message.ShouldBe($"{Setting}:SecretFile: the secret is not valid base64.");
        message.ShouldNotContain("hunter2");
    }

    [Fact]
    public void Secret_and_SecretFile_together_are_refused()
    {
        var path = Path.Combine(_directory, "both");
        File.WriteAllText(path, Convert.ToBase64String(SecretOf(32)), Encoding.ASCII);
        SetKey(secret: Convert.ToBase64String(SecretOf(32)), secretFile: path);

        Should.Throw<OptionsValidationException>(Keyring).Message.ShouldBe($"{Setting}: set Secret or SecretFile, not both.");
    }

    [Theory]
    [InlineData("Redis", "127.0.0.1:1", "Redis")]
    [InlineData("Postgres", "Host=127.0.0.1;Port=1;Username=x;Database=x", "PostgreSQL")]
    public void A_configured_key_with_the_development_ids_and_a_secret_of_its_own_is_refused_with_a_real_server(string connection, string value, string server)
    {
        SetEnvironment(new() { [$"ConnectionStrings__{connection}"] = value });
        SetKey(secret: Convert.ToBase64String(SecretOf(32)), adapterId: DevelopmentKeys.AdapterId, keyId: DevelopmentKeys.KeyId);

        Should.Throw<OptionsValidationException>(Keyring).Message.ShouldStartWith($"{Setting} is the public development key (its ids or its published secret), but this silo runs with {server};");
    }

    [Fact]
    public void A_configured_key_reusing_the_development_secret_is_refused_with_PostgreSQL()
    {
        SetEnvironment(new() { ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Username=x;Database=x" });
        SetKey(secret: Convert.ToBase64String(DevelopmentKeys.Key.Secret), adapterId: "renamed", keyId: "k9");

        Should.Throw<OptionsValidationException>(Keyring).Message.ShouldStartWith($"{Setting} is the public development key");
    }

    [Fact]
    public void Without_a_real_server_the_same_key_is_accepted()
    {
        // The embedded profile may use the development key; the refusal above is the servers', not the key's.
        SetKey(secret: Convert.ToBase64String(DevelopmentKeys.Key.Secret), adapterId: DevelopmentKeys.AdapterId, keyId: DevelopmentKeys.KeyId);

        Keyring().Keys.ShouldContain(k => k.AdapterId == DevelopmentKeys.AdapterId && k.KeyId == DevelopmentKeys.KeyId);
    }

    private void SetKey(string? secret = null, string? secretFile = null, string adapterId = "adapter-alpha", string keyId = "k1")
    {
        var variables = new Dictionary<string, string>
        {
            ["Chimera__Provenance__Adapters__0__AdapterId"] = adapterId,
            ["Chimera__Provenance__Adapters__0__KeyId"] = keyId,
            ["Chimera__Provenance__Adapters__0__Influencers__0"] = "alpha",
        };
        if (secret is not null)
        {
            variables["Chimera__Provenance__Adapters__0__Secret"] = secret;
        }

        if (secretFile is not null)
        {
            variables["Chimera__Provenance__Adapters__0__SecretFile"] = secretFile;
        }

        SetEnvironment(variables);
    }

    /// <summary>The keyring of the silo's composition over environment variables under this test's own prefix.</summary>
    private AdapterKeyring Keyring()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables(_prefix);
        builder.AddChimeraSilo();
        using var host = builder.Build();
        return host.Services.GetRequiredService<AdapterKeyring>();
    }

    private void SetEnvironment(Dictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            _variables.Add(_prefix + name);
            Environment.SetEnvironmentVariable(_prefix + name, value);
        }
    }
}
