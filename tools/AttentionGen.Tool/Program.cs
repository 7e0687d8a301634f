using System;
using System.Threading;
using AttentionGen.Tool;

// Ctrl+C asks the running command to stop (train saves a checkpoint between two steps); a second Ctrl+C ends the
// process at once.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    cancel.Cancel();
};
return ToolApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, cancel.Token);
