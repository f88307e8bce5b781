using ConsoleAppFramework;
using IstioTls.Cli;
using IstioTls.Cli.Commands;
using IstioTls.CommandLine;

var app = ConsoleApp.Create();
app.UseFilter<ErrorFilter>();
app.Add<CheckCommand>();
app.Add<MergeCommand>();
return PluginHost.Run(app, args, ["check", "merge"]);
