namespace RnnAtlas.Statistics;

/// <summary>How well a distance matrix separates one labelling of its items (e.g. networks by cell).</summary>
/// <param name="Label">The labelling's name (<c>cell</c>, <c>activation</c>).</param>
/// <param name="Classes">Distinct labels.</param>
/// <param name="NearestNeighbourAccuracy">Leave-one-out k-nearest-neighbour accuracy of the label.</param>
/// <param name="Chance">Accuracy of always guessing the most common label.</param>
/// <param name="Silhouette">Mean silhouette score in [−1, 1].</param>
/// <param name="PValue">Permutation-test p-value of the k-NN accuracy: (1 + #{permuted ≥ observed}) / (1 + permutations).</param>
/// <param name="Neighbours">k used (see <see cref="ClusterStatistics.Neighbours"/>).</param>
/// <param name="Permutations">Label permutations drawn.</param>
public sealed record LabelSeparation(
    string Label,
    int Classes,
    double NearestNeighbourAccuracy,
    double Chance,
    double Silhouette,
    double PValue,
    int Neighbours,
    int Permutations);
