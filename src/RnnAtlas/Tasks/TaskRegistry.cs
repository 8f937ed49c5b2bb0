namespace RnnAtlas.Tasks;

/// <summary>
/// The built-in tasks by name: the one place that lists them, for configuration files (<c>[task] name = …</c>) and
/// flags (<c>--task</c>). A task registers its name, its default parameters and how it reads its own keys.
/// </summary>
public static class TaskRegistry
{
    private static readonly (string Name, Func<IConfigSection, ITask> Read)[] Tasks =
    [
        (FlipFlopTask.TaskName, FlipFlopTask.Read),
        (SineWaveTask.TaskName, SineWaveTask.Read),
        (ContextIntegrationTask.TaskName, ContextIntegrationTask.Read),
    ];

    /// <summary>The names, in registration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Tasks.Select(t => t.Name)];

    /// <summary>Task <paramref name="name"/> with the parameters of <paramref name="section"/> (defaults for absent keys).</summary>
    /// <exception cref="InvalidConfigurationException">No task has that name (<paramref name="field"/> names where it came from), or a parameter is of the wrong type.</exception>
    public static ITask Read(string name, IConfigSection section, string field)
    {
        foreach (var (known, read) in Tasks)
        {
            if (known == name)
            {
                return read(section);
            }
        }
        throw new InvalidConfigurationException(field, name, $"must be one of {string.Join(", ", Names)}");
    }
}
