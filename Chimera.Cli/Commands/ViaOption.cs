using System.CommandLine;

namespace Chimera.Cli.Commands;

/// <summary>
/// Which transport an adapter publishes through. Only <c>orleans</c> (the cluster's ingest grain) exists so
/// far; <c>redis</c> arrives with the Redis adapter transport.
/// </summary>
internal static class ViaOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--via")
        {
            Description = "Transport: orleans (the cluster's ingest grain, development path).",
            DefaultValueFactory = _ => "orleans",
        };
        option.AcceptOnlyFromAmong("orleans");
        return option;
    }
}
