using Chimera.Testing;

namespace Chimera.Tests.Testing;

/// <summary>The fixtures' server binaries can be pointed elsewhere by environment variable (README "Testing").</summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class ServerPathTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Unset_PostgresBinDirectory_IsDebians(string? value) =>
        PostgresServer.BinDirectoryFrom(value).ShouldBe("/usr/lib/postgresql/15/bin");

    [Fact]
    public void Set_PostgresBinDirectory_IsTheValue() =>
        PostgresServer.BinDirectoryFrom(" /opt/pg/16/bin ").ShouldBe("/opt/pg/16/bin");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Unset_RedisServerPath_IsDebians(string? value) =>
        RedisServer.ServerPathFrom(value).ShouldBe("/usr/bin/redis-server");

    [Fact]
    public void Set_RedisServerPath_IsTheValue() =>
        RedisServer.ServerPathFrom("/opt/redis/bin/redis-server").ShouldBe("/opt/redis/bin/redis-server");

    [Fact]
    public void TheVariables_AreTheDocumentedNames()
    {
        PostgresServer.BinDirectoryVariable.ShouldBe("CHIMERA_PG_BINDIR");
        RedisServer.ServerPathVariable.ShouldBe("CHIMERA_REDIS_SERVER");
    }
}
