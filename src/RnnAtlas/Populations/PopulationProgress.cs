namespace RnnAtlas.Populations;

/// <summary>A snapshot of a population's training, reported after every finished network and every 25 iterations.</summary>
/// <param name="Total">Networks in the population.</param>
/// <param name="Skipped">Networks found finished on disk and not retrained.</param>
/// <param name="Completed">Networks finished in this run.</param>
/// <param name="Passed">Of all finished networks (skipped included), how many passed.</param>
/// <param name="Failed">Of all finished networks (skipped included), how many failed.</param>
/// <param name="Iterations">Training iterations run so far in this run, over all networks.</param>
/// <param name="LastFinished">Id and status line of the network that just finished, if any.</param>
/// <param name="Work">
/// Progress in iterations toward <paramref name="WorkTotal"/>, the iteration caps of the networks this run trains; a
/// network that stops early counts its whole cap, so <c>Work / WorkTotal</c> reaches 1 exactly at the end and the
/// remaining work is an upper bound.
/// </param>
/// <param name="WorkTotal">Sum of the iteration caps of the networks trained in this run.</param>
public sealed record PopulationProgress(int Total, int Skipped, int Completed, int Passed, int Failed, long Iterations, string? LastFinished, long Work, long WorkTotal);
