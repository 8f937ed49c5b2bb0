using RnnAtlas.Cli;
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
    config.AddCommand<StudyCommand>("study")
        .WithDescription("Run a whole study: train, fixed points, topology, compare, report (each stage skips finished work).")
        .WithExample("study")
        .WithExample("study", "--preset", "paper-small")
        .WithExample("study", "sweep.toml", "--out", "studies/mine");
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Train a population of recurrent networks into a study folder.")
        .WithExample("train", "--out", "studies/flipflop")
        .WithExample("train", "--config", "sweep.toml", "--out", "studies/mine");
    config.AddCommand<ImportCommand>("import")
        .WithDescription("Add networks trained elsewhere (PyTorch state dicts as .safetensors or .npz) to a study, for every later stage.")
        .WithExample("import", "--weights", "gru.safetensors", "--cell", "gru", "--task", "flipflop", "--out", "studies/mine")
        .WithExample("import", "networks.toml", "--out", "studies/mine");
    config.AddCommand<FixedPointsCommand>("fixedpoints")
        .WithDescription("Find, classify and linearize the fixed points of every passing network of a study.")
        .WithExample("fixedpoints", "studies/flipflop");
    config.AddCommand<TopologyCommand>("topology")
        .WithDescription("Build every passing network's computational scaffold (fixed-point graph, limit cycles or line attractors) and compare scaffolds across networks.")
        .WithExample("topology", "studies/flipflop")
        .WithExample("topology", "studies/flipflop", "--show", "flipflop-gru-tanh-h64-b1bd16ebd72e");
    config.AddCommand<CompareCommand>("compare")
        .WithDescription("Compare every pair of a study's networks (SVCCA, PWCCA, CKA, Procrustes, CCA), embed them and test whether the distances separate cells and activations.")
        .WithExample("compare", "studies/flipflop")
        .WithExample("compare", "studies/flipflop", "--metrics", "svcca,cka", "--activity", "recording.npy");
    config.AddCommand<MergeCommand>("merge")
        .WithDescription("After sharded workers (--shard i/n) finished, build the study-wide tables, distances, comparison and report.")
        .WithExample("merge", "studies/paper");
    config.AddCommand<ReportCommand>("report")
        .WithDescription("Rebuild a study's HTML report and figures from its files.")
        .WithExample("report", "studies/default");
    config.AddCommand<SimilarityCommand>("similarity")
        .WithDescription("Print every similarity metric between two activity matrices (.npy or .csv, samples × units).")
        .WithExample("similarity", "a.npy", "b.csv", "--json");
    config.SetExceptionHandler((exception, _) => ErrorReport.Handle(exception));
});
return app.Run(args, cancellation.Token);
