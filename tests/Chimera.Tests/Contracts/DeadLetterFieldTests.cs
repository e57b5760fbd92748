using System.Text;
using Chimera.Contracts.Wire;
using Chimera.Core.Ingress;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

/// <summary>
/// Spec §8.3: a letter copies the rejected entry's fields, except those spelling one of the letter's own fields, which
/// would make it ambiguous. Exactly the five names are left out, byte for byte; near misses are copied.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class DeadLetterFieldTests
{
    [Theory]
    [InlineData("reason")]
    [InlineData("violations")]
    [InlineData("origin")]
    [InlineData("rejected_at")]
    [InlineData("truncated")]
    public void A_field_named_like_the_letters_own_is_left_out(string name)
    {
        DeadLetterJson.IsLetterField(Encoding.UTF8.GetBytes(name)).ShouldBeTrue();
        DeadLetters.IsReserved(Encoding.UTF8.GetBytes(name)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("event")]
    [InlineData("Reason")]
    [InlineData("reason ")]
    [InlineData("reasons")]
    [InlineData("origin\0")]
    [InlineData("rejected-at")]
    [InlineData("truncat")]
    public void Any_other_name_is_copied(string name)
    {
        DeadLetterJson.IsLetterField(Encoding.UTF8.GetBytes(name)).ShouldBeFalse();
        DeadLetters.IsReserved(Encoding.UTF8.GetBytes(name)).ShouldBeFalse();
    }

    [Fact]
    public void A_name_that_is_not_ASCII_is_copied() =>
        DeadLetterJson.IsLetterField([0x72, 0x65, 0x61, 0x73, 0x6F, 0xC3, 0xB1]).ShouldBeFalse(); // "reasoñ"
}
