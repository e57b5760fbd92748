using Chimera.Silo;

return await SiloCommand.RunAsync(args);
