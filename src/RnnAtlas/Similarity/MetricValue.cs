namespace RnnAtlas.Similarity;

/// <summary>A metric's result for one pair: the similarity (1 = same) and the distance the population analyses use.</summary>
/// <param name="Similarity">Similarity in [0, 1].</param>
/// <param name="Distance">Distance, 0 for the same representation.</param>
public readonly record struct MetricValue(double Similarity, double Distance);
