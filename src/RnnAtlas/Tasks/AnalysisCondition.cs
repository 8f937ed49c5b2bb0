namespace RnnAtlas.Tasks;

/// <summary>A constant input x* at which fixed points of F(·, x*) are searched, with a readable name.</summary>
/// <param name="Name">Label used in tables, e.g. <c>zero-input</c>, <c>x=0.30</c>, <c>context-1</c>.</param>
/// <param name="Input">The constant input vector, length = the task's input size.</param>
public sealed record AnalysisCondition(string Name, float[] Input);
