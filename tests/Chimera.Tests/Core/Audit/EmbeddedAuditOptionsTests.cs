using Chimera.Core.Audit;
using Chimera.Silo.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Core.Audit;

/// <summary>
/// <c>Chimera:Embedded:AuditCapacity</c> through the silo's own configuration path: a bound value sizes the in-memory
/// audit log the silo composes; a value it cannot hold is a start-up error naming the setting, at both edges.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class EmbeddedAuditOptionsTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("5000000", 5_000_000)]
    public void BoundCapacity_SizesTheEmbeddedAuditLog(string value, int expected)
    {
        using var host = Build(value);

        host.Services.GetRequiredService<InMemoryAuditLog>().Capacity.ShouldBe(expected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("5000001")]
    public void OutOfRangeCapacity_IsAStartupErrorNamingIt(string value)
    {
        using var host = Build(value);

        Should.Throw<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EmbeddedAuditOptions>>().Value)
            .Message.ShouldContain("Chimera:Embedded:AuditCapacity must be 1 to 5,000,000 rows");
    }

    [Fact]
    public void DefaultCapacity_IsValid_AndIsTheLogsDefault()
    {
        var options = new EmbeddedAuditOptions();

        new EmbeddedAuditOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
        options.AuditCapacity.ShouldBe(InMemoryAuditLog.DefaultCapacity);
    }

    private static IHost Build(string capacity)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Chimera:Embedded:AuditCapacity"] = capacity });
        builder.AddChimeraSilo();
        return builder.Build();
    }
}
