namespace RnnAtlas.Studies.Stages;

/// <summary>
/// Forwards a building block's own progress reports to a stage's <see cref="StageProgress"/> sink, synchronously on the
/// reporting thread (unlike <see cref="Progress{T}"/>, which posts them to the thread pool and can reorder them or
/// deliver them after the stage has returned).
/// </summary>
internal sealed class MappedProgress<T>(IProgress<StageProgress> sink, Func<T, StageProgress> map) : IProgress<T>
{
    /// <summary>A forwarding sink, or null when there is nothing to forward to.</summary>
    public static MappedProgress<T>? To(IProgress<StageProgress>? sink, Func<T, StageProgress> map) => sink is null ? null : new MappedProgress<T>(sink, map);

    public void Report(T value) => sink.Report(map(value));
}
