using Chimera.Contracts.Model;

namespace Chimera.Contracts.Spec;

/// <summary>
/// Maps internal capabilities to <c>capabilities_public</c> (spec §6.2): names starting with
/// <c>internal-</c>, <c>private-</c> or <c>x-</c> never leave the cluster; when an allow-list is
/// configured only listed names pass. Output is sorted and de-duplicated, so the same set always
/// announces the same way.
/// </summary>
public static class PublicCapabilities
{
    private static readonly string[] PrivatePrefixes = ["internal-", "private-", "x-"];

    public static string[] Map(IEnumerable<Capability> capabilities, IReadOnlySet<string>? allowList = null)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var capability in capabilities)
        {
            if (IsPrivate(capability.Name) || (allowList is { Count: > 0 } && !allowList.Contains(capability.Name)))
            {
                continue;
            }

            result.Add(capability.ToString());
        }

        return [.. result];
    }

    private static bool IsPrivate(string name)
    {
        foreach (var prefix in PrivatePrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
