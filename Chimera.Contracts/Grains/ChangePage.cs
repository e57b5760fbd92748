namespace Chimera.Contracts.Grains;

/// <summary>
/// One read of the change stream: the matching changes in revision order, and <see cref="Through"/>, the highest
/// revision the silo examined. Every revision up to <see cref="Through"/> was looked at (and filtered) and none
/// below it can appear later, so the next read continues after <see cref="Through"/>, even when
/// <see cref="Changes"/> is empty because the filter matched nothing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChangePage(
    [property: Id(0)] IReadOnlyList<AuditRecord> Changes,
    [property: Id(1)] long Through);
