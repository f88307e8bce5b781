using ConsoleAppFramework;
using IstioTls.Cli;
using IstioTls.Cli.Commands;
using IstioTls.CommandLine;

var app = ConsoleApp.Create();
app.UseFilter<ErrorFilter>();
app.Add<CheckCommand>();
app.Add<Apply421Command>();
return PluginHost.Run(app, args, ["check", "apply-421"]);
