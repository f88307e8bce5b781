using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(IstioTls.Benchmarks.GeneratedInput).Assembly).Run(args);
