using Chimera.Fuzzing;

return FuzzProgram.Run(args);
