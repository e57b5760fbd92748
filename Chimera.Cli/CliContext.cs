using System.CommandLine;
using Chimera.Contracts.Wire;
using Chimera.Client;

namespace Chimera.Cli;

/// <summary>What a command's action needs: the parse result, the writers, the output mode, a connection.</summary>
internal sealed class CliContext(ParseResult parse, CliGlobals globals)
{
    public ParseResult Parse { get; } = parse;

    public TextWriter Out { get; } = parse.InvocationConfiguration.Output;

    public TextWriter Error { get; } = parse.InvocationConfiguration.Error;

    public bool Json { get; } = parse.GetValue(globals.Json);

    public ChimeraClientOptions ClientOptions() => globals.ToClientOptions(Parse);

    public Task<ChimeraClientConnection> ConnectAsync(CancellationToken cancellationToken) =>
        ChimeraClientConnection.ConnectAsync(ClientOptions(), cancellationToken: cancellationToken);

    public void WriteJson<T>(T value) => Out.WriteLine(ChimeraJson.Serialize(value));

    /// <summary>One line on stderr, the CLI's only error format; returns <paramref name="exitCode"/>.</summary>
    public int Fail(int exitCode, string message)
    {
        Error.WriteLine($"chimera: {message}");
        return exitCode;
    }
}
