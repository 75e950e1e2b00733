using Sluice.Cli;

return await SluiceCommandLine.Create().Parse(args).InvokeAsync();
