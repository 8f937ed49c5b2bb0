namespace RnnAtlas.Reporting;

/// <summary>A figure recipe: turns a task's data into figures (none when the data it needs is not in the study yet).</summary>
public interface IFigureRecipe
{
    /// <summary>The report section the figures belong to.</summary>
    ReportSection Section { get; }

    /// <summary>The figures for <paramref name="data"/>.</summary>
    IReadOnlyList<Figure> Render(TaskData data);
}

/// <summary>Sections of a task's part of the report, in page order.</summary>
public enum ReportSection
{
    /// <summary>Task and an example trial.</summary>
    Task,

    /// <summary>Training outcomes.</summary>
    Training,

    /// <summary>Trajectories and fixed points.</summary>
    Dynamics,

    /// <summary>Representational geometry: distance matrices and embeddings.</summary>
    Geometry,

    /// <summary>The computational scaffold.</summary>
    Scaffold,

    /// <summary>Geometry versus function.</summary>
    Function,
}
