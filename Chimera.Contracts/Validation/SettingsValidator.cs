using Microsoft.Extensions.Options;

namespace Chimera.Contracts.Validation;

/// <summary>
/// The one way a Chimera options class is checked. Each class has one validator deriving from this, whose messages
/// name the setting as it is configured (<c>Chimera:Http:Urls</c>, not <c>Urls</c>) and say what would be accepted.
/// <list type="bullet">
/// <item>A section bound with <c>AddOptions&lt;T&gt;().Bind(...)</c> registers its validator with <c>ValidateOnStart</c>
/// in the extension that consumes it, so a host that composes the silo itself is checked the same way.</item>
/// <item>A value the host needs while it is being composed (ports, URLs, connection strings) is checked at once with
/// <see cref="ThrowIfInvalid"/>, by the same validator.</item>
/// <item>A library type built without a host (the adapter, its transport) checks its options in its constructor.</item>
/// </list>
/// Every failure is one <see cref="OptionsValidationException"/> listing every problem; the silo and the CLI print it
/// and exit 2.
/// </summary>
public abstract class SettingsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Errors(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(options, errors);
        return errors;
    }

    /// <summary>Returns <paramref name="options"/>, or throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public TOptions ThrowIfInvalid(TOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? options : throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), errors);
    }

    /// <summary>Adds one message per problem to <paramref name="errors"/>.</summary>
    protected abstract void Check(TOptions options, List<string> errors);
}
