using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Tasks;

namespace RnnAtlas.Studies;

/// <summary>
/// The built-in tasks: the one place that lists them. A task registers its name (for <c>[task] name = …</c> and
/// <c>--task</c>), how it reads its own keys, and its scaffold strategy (what every stage after training does with its
/// networks); nothing else in RnnAtlas asks which task it has.
/// </summary>
public static class TaskRegistry
{
    private static readonly Entry[] Tasks =
    [
        Entry.Of<FlipFlopTask>(FlipFlopTask.TaskName, FlipFlopTask.Read, t => new FlipFlopScaffold(t)),
        Entry.Of<SineWaveTask>(SineWaveTask.TaskName, SineWaveTask.Read, t => new OscillationScaffold(t)),
        Entry.Of<ContextIntegrationTask>(ContextIntegrationTask.TaskName, ContextIntegrationTask.Read, t => new LineAttractorScaffold(t)),
        Entry.Of<DelayedDiscriminationTask>(DelayedDiscriminationTask.TaskName, DelayedDiscriminationTask.Read, t => new DelayedDiscriminationScaffold(t)),
        Entry.Of<CustomTask>(CustomTask.TaskName, null, _ => new FixedPointGraphScaffold()),
    ];

    /// <summary>The names of the tasks a sweep can train, in registration order (a custom task comes only with imported networks).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Tasks.Where(t => t.Read is not null).Select(t => t.Name)];

    /// <summary>Task <paramref name="name"/> with the parameters of <paramref name="section"/> (defaults for absent keys).</summary>
    /// <exception cref="InvalidConfigurationException">No task has that name (<paramref name="field"/> names where it came from), or a parameter is of the wrong type.</exception>
    public static ITask Read(string name, IConfigSection section, string field) =>
        (Tasks.FirstOrDefault(t => t.Name == name)?.Read ?? throw new InvalidConfigurationException(field, name, $"must be one of {string.Join(", ", Names)}{(name == CustomTask.TaskName ? " (a custom task comes with imported networks: rnnatlas import --probe, --conditions)" : "")}"))(section);

    /// <summary>The scaffold strategy of <paramref name="task"/>.</summary>
    /// <exception cref="ArgumentException">The task is of a type no entry registers.</exception>
    public static ITaskScaffold Scaffold(ITask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var entry = Tasks.FirstOrDefault(t => t.Type == task.GetType()) ?? throw new ArgumentException($"task {task.Name} ({task.GetType().Name}) is not registered", nameof(task));
        return entry.Scaffold(task);
    }

    private sealed record Entry(string Name, Type Type, Func<IConfigSection, ITask>? Read, Func<ITask, ITaskScaffold> Scaffold)
    {
        public static Entry Of<T>(string name, Func<IConfigSection, ITask>? read, Func<T, ITaskScaffold> scaffold)
            where T : ITask =>
            new(name, typeof(T), read, task => scaffold((T)task));
    }
}
