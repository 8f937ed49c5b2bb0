namespace RnnAtlas.Embedding;

/// <summary>Points placed so that their Euclidean distances approximate a distance matrix.</summary>
/// <param name="Coordinates">[count, dimensions] row-major.</param>
/// <param name="Dimensions">Embedding dimensions.</param>
/// <param name="Stress">Raw stress Σ_{i&lt;j} (‖x_i − x_j‖ − δ_ij)² of these coordinates.</param>
public sealed record Embedding(double[] Coordinates, int Dimensions, double Stress)
{
    /// <summary>Number of points.</summary>
    public int Count => Coordinates.Length / Dimensions;

    /// <summary>The Euclidean distance between points <paramref name="i"/> and <paramref name="j"/>.</summary>
    public double Distance(int i, int j) => MetricMds.PointDistance(Coordinates, i, j, Dimensions);
}
