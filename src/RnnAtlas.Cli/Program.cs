using RnnAtlas;
using RnnAtlas.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("rnnatlas");
    config.UseStrictParsing();
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Train a population of recurrent networks into a study folder.")
        .WithExample("train", "--out", "studies/flipflop")
        .WithExample("train", "--config", "sweep.toml", "--out", "studies/mine");
    config.AddCommand<FixedPointsCommand>("fixedpoints")
        .WithDescription("Find, classify and linearize the fixed points of every passing network of a study.")
        .WithExample("fixedpoints", "studies/flipflop");
    config.SetExceptionHandler((exception, _) => ErrorReport.Handle(exception));
});
return app.Run(args, cancellation.Token);
