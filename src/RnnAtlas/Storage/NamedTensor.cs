namespace RnnAtlas.Storage;

/// <summary>A named float32 tensor, row-major.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Values">Elements, row-major.</param>
public sealed record NamedTensor(string Name, int[] Shape, float[] Values);
