using System.CommandLine;
using Chimera.Adapters;
using Chimera.Client;
using Chimera.Contracts.Grains;
using Microsoft.Extensions.Options;

namespace Chimera.Cli;

/// <summary>Runs a command body and maps failures to the documented exit codes and a one-line message.</summary>
internal static class CliRunner
{
    public static void SetConnectedAction(Command command, CliGlobals globals, Func<CliContext, IChimeraClient, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, globals, async (context, ct) =>
        {
            await using var connection = await context.ConnectAsync(ct).ConfigureAwait(false);
            return await body(context, connection.Client, ct).ConfigureAwait(false);
        }, cancellationToken));

    public static async Task<int> RunAsync(ParseResult parse, CliGlobals globals, Func<CliContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var context = new CliContext(parse, globals);
        try
        {
            return await body(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C on a long-running command (watch, adapter serve) is the normal way out.
            return ExitCodes.Ok;
        }
        catch (ChimeraUnavailableException ex)
        {
            return context.Fail(ExitCodes.Unreachable, ex.Message);
        }
        catch (StatusRejectedException ex)
        {
            return context.Fail(ExitCodes.Rejected, ex.Message);
        }
        catch (ProbeNotFoundException ex)
        {
            return context.Fail(ExitCodes.NotFound, ex.Message);
        }
        catch (ChangesDroppedException ex)
        {
            return context.Fail(ExitCodes.NotFound, ex.Message);
        }
        catch (OptionsValidationException ex)
        {
            return context.Fail(ExitCodes.Usage, string.Join("; ", ex.Failures));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return context.Fail(ExitCodes.Usage, ex.Message);
        }
        catch (Exception ex)
        {
            return context.Fail(ExitCodes.Rejected, $"the silo failed the request: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
