using Chimera.Core.Audit;
using Chimera.Testing;
using Chimera.Tests.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Chimera.Tests.Core.Audit;

/// <summary>
/// <c>Chimera:Embedded:AuditCapacity</c> through the silo's own configuration path: a bound value sizes the in-memory
/// audit log the silo composes; a value it cannot hold is a start-up error naming the setting, at both edges.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class EmbeddedAuditOptionsTests
{
    private const string Setting = "Chimera:Embedded:AuditCapacity";

    [Theory]
    [InlineData("1", 1)]
    [InlineData("5000000", 5_000_000)]
    public void BoundCapacity_SizesTheEmbeddedAuditLog(string value, int expected)
    {
        using var host = SiloSettings.Compose(Setting, value);

        host.Services.GetRequiredService<InMemoryAuditLog>().Capacity.ShouldBe(expected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("5000001")]
    public void OutOfRangeCapacity_IsAStartupErrorNamingIt(string value) =>
        SiloSettings.Refusal<EmbeddedAuditOptions>(Setting, value).Message.ShouldContain($"{Setting} must be 1 to 5,000,000 rows");

    [Fact]
    public void DefaultCapacity_IsValid_AndIsTheLogsDefault()
    {
        var options = new EmbeddedAuditOptions();

        new EmbeddedAuditOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
        options.AuditCapacity.ShouldBe(InMemoryAuditLog.DefaultCapacity);
    }
}
