return await Chimera.Cli.ChimeraCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
