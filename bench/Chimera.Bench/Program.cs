using Chimera.Bench;

return await BenchCommand.RunAsync(args);
